"""Network health (design §4): the characteristics of a functioning network as indicators computed
from the data the app already holds.

Why an app of its own, and why here. The project home (`home`, the top layer) shows the panel, but
the status report (`reports`) puts the same panel in its PDF, and `reports` may not import `home`.
The computation reads commitments and meetings, so it cannot live below them either. It therefore
sits in its own layer between `commitments | meetings` and `reports`: `reports` and `home` both
import it, and it imports neither. It has no views, no URLs and no models; `home` adds the page,
the weekly snapshots (`home.models.HealthSnapshot`) and their trend lines.

- `health.panel`: the item registry, `HealthItem`, the shared per-panel data (`Network`) and
  `panel(project, as_of)`, `report_section(project, as_of)`.
- `health.items`: the items built so far (characteristics 1–6 and 10, and the funder's share of
  members new to international activity). Later items register the same way, from any app at or
  above this layer, and the panel lists only what is registered: no fake statuses.
- `health.activity`: who is quiet in the network (the weekly digest in `home` uses it too).
"""
