"""Network health (design §4): the characteristics of a functioning network as indicators computed
from the data the app already holds.

Why an app of its own, and why here. The project home (`home`, the top layer) shows the panel, but
the status report (`reports`) puts the same panel in its PDF, and `reports` may not import `home`.
The computation reads commitments, meetings and the trust pulse, so it cannot live below them either. It
therefore sits in its own layer above `commitments | meetings | pulse` and below `reports`: `reports` and
`home` both import it, and it imports neither. It has no views, no URLs and no models; `home` adds the
page, the weekly snapshots (`home.models.HealthSnapshot`) and their trend lines, and `pulse` (beside
commitments and meetings) holds the trust pulse's survey, its tables and its pages.

- `health.panel`: the item registry, `HealthItem`, the shared per-panel data (`Network`) and
  `panel(project, as_of)`, `report_section(project, as_of)`.
- `health.items`: characteristics 1–6 and 10, and the funder's share of members new to international
  activity.
- `health.learning`: 7, goals reviewed and ideas used (goal reviews, the ideas log), and item 5's
  second measure, the median time a member's idea waits for the coordinators' answer (`@extend`).
- `health.trust`: 8, the trust pulse's average and response rate, and contacts' consent decisions.
- `health.sharing`: 9, expertise and contacts shared (the directory), and 11, results disseminated.
  Items register with `@item`, further measures with `@extend`, from any app at or above this layer;
  the panel lists only what is registered: no fake statuses.
- `health.activity`: who is quiet in the network (the weekly digest in `home` uses it too).
"""
