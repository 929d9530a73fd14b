"""Network health (design §4): the characteristics of a functioning network as indicators computed
from the data the app already holds.

Why an app of its own, and why here. The project home (`home`, the top layer) shows the panel, but
the status report (`reports`) puts the same panel in its PDF, and `reports` may not import `home`.
The computation reads commitments, meetings and the trust pulse, so it cannot live below them either. It
therefore sits in its own layer above `commitments | meetings | pulse` and below `reports`: `reports` and
`home` both import it (through `health.queries`), and it imports neither. It has no views and no URLs: `home`
shows the panel on the project home and the overview's columns on OPH's programme overview, and `pulse`
(beside commitments and meetings) holds the trust pulse's survey, its tables and its pages.

- `health.panel`: the item registry, `HealthItem`, the statuses, the next actions by code (`ACTIONS`), the
  shared per-panel data (`Network`, with the project's phase and its programme's overrides) and
  `panel(project, as_of)`, `report_section(project, as_of)`. The rules it follows are `docs/health.md`.
- `health.phase`: the project's phase on a date (preparing, running, closing, closed).
- `health.items`: characteristics 1–6 and 10, and the funder's share of members new to international
  activity.
- `health.learning`: 7, goals reviewed and ideas used (goal reviews, the ideas log), and item 5's
  second measure, the median time a member's idea waits for the coordinators' answer (`@extend`).
- `health.trust`: 8, the trust pulse's average and response rate (the pulse alone; off: not in use).
- `health.sharing`: 9, expertise and contacts shared (the directory), and 11, results disseminated.
  Items register with `@item`, further measures with `@extend`, in modules an app at or above this layer
  declares in its `contributions` (`health_items`; the kernel imports them); the panel lists only what is
  registered: no fake statuses.
- `health.activity`: who is quiet in the network (the weekly digest in `home` uses it too).
- `health.models`: the stored panel: `HealthSnapshot` (weekly, and the latest day) and `HealthDay` (the date
  of a project's latest daily statuses and their red and amber counts). Their tables keep the names the
  `home` app gave them (`home_healthsnapshot`, `home_healthday`).
- `health.snapshots`: the weekly snapshots and the project home's panel with its trend lines.
- `health.daily`: today's statuses of every open project, for OPH's overview and the landing page.
- `health.jobs`: the periodic jobs that beat runs (weekly snapshots, daily statuses).
- `health.overview`: the programme overview's columns: items, stored statuses, filter, sort and trend cells.
- `health.queries`: the public reads other apps use.
- `health.templatetags.health_tags`: the panel's status badge (the kernel's `status.badge`) and the sparklines;
  templates under `templates/health/` (the panel and the network map).
"""
