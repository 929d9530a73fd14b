"""OPH's programme overview out of the app: the rows the page shows, with its filters and order, as an Excel
workbook, a semicolon CSV with a byte order mark (networkhub.spreadsheets) and the JSON feed of OPH's own systems
(home.api_views, docs/api.md).

Every row is read in chunks of `CHUNK` projects, each completed with a fixed number of queries (the next report),
so an export of 10,000 projects costs a few hundred queries and never holds them all in memory.
"""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from health import queries as health
from networkhub.spreadsheets import CSV_BOM, csv_cell, csv_writer, xlsx_response
from projects.models import Region, ReportType

from .overview import HEADLINES, OUTPUTS, REACH, SPEND, OverviewFilterForm, _next_reports, filtered, projects_for

CHUNK = 500


def projects(request_get, user, today=None):
    """The form and the page's filtered, ordered keys (home.overview.filtered: `OverviewKey`s, whose pk is the
    project's); filters the form refuses are left out, as on the page."""
    today = today or timezone.localdate()
    form = OverviewFilterForm(request_get or None, today=today)
    return form, filtered(form, today, user)


def chunks(keys, today, size=CHUNK):
    """The projects of `keys` (the ordered keys, or their pks in order) with what a row shows (`projects_for`),
    `size` at a time: a slice of the keys each, the order ending with the primary key."""
    pks = keys.values_list("pk", flat=True) if isinstance(keys, QuerySet) else keys
    start = 0
    while True:
        part = list(pks[start : start + size])
        if not part:
            return
        yield projects_for(part, today)
        start += size


def data_rows(keys, today):
    """One dict per project of `keys` (as `chunks` takes them), in the page's order: what the exports and the feed
    share."""
    columns = health.columns()
    for part in chunks(keys, today):
        reports = _next_reports(part, today)
        for project in part:
            next_report = reports.get(project.pk)
            yield {
                "project": project,
                "phase": health.phase(project, today),
                "items": [
                    (
                        column,
                        getattr(project, health.status_field(column.key)) if project.statuses_on else None,
                        getattr(project, health.value_field(column.key)) if project.statuses_on else None,
                    )
                    for column in columns
                ],
                # The headline values no item stores (home.overview.HEADLINES): None for the spend without a report.
                "headlines": {
                    OUTPUTS: project.outputs_count,
                    REACH: project.outputs_reach,
                    SPEND: round(project.spend_against_plan, 1) if project.spend_against_plan is not None else None,
                },
                "next_report": next_report,
            }


def header():
    columns = health.columns()
    head = [
        gettext("Acronym"),
        gettext("Project"),
        gettext("Case number"),
        gettext("Programme"),
        gettext("Region"),
        gettext("Cohort (application year)"),
        gettext("Phase"),
        gettext("Statuses as of"),
        gettext("Risk score"),
        gettext("Overdue report"),
    ]
    for column in columns:
        head += [f"{column.number}. {column.title}", f"{column.number}. {gettext('value')}"]
    head += [str(title) for _field, title in HEADLINES]
    head += [gettext("Next report"), gettext("Due date"), gettext("Days overdue")]
    return head


WIDTHS = [12, 40, 18, 30, 20, 12, 14, 12, 10, 10]


def widths():
    return WIDTHS + [14, 8] * len(health.columns()) + [10] * len(HEADLINES) + [20, 12, 10]


def table_rows(keys, today):
    """The rows as lists of values (dates as dates, numbers as numbers), in `header()`'s order."""
    regions = {value: str(label) for value, label in Region.choices}
    statuses = {value: str(label) for value, label in health.Status.choices}
    phases = {value: str(label) for value, label in health.Phase.choices}
    report_types = {value: str(label) for value, label in ReportType.choices}
    yes, no = gettext("yes"), gettext("no")
    for row in data_rows(keys, today):
        project, next_report = row["project"], row["next_report"]
        values = [
            project.acronym,
            project.name,
            project.case_number,
            project.programme.name,
            regions.get(project.region, project.region),
            project.application_date.year,
            phases[row["phase"]],
            project.statuses_on,
            project.risk_score,
            yes if project.has_overdue_report else no,
        ]
        for _column, status, value in row["items"]:
            values += [statuses.get(status, "") if status else "", value]
        values += [row["headlines"][field] for field, _title in HEADLINES]
        if next_report:
            values += [
                report_types.get(next_report["report_type"], next_report["label"]),
                next_report["due_date"],
                next_report["days_overdue"] or 0,
            ]
        else:
            values += ["", None, None]
        yield values


def _filename(extension, today):
    return f"programme-overview-{today:%Y-%m-%d}.{extension}"


def xlsx(request_get, user, today=None):
    today = today or timezone.localdate()
    _form, keys = projects(request_get, user, today)
    return xlsx_response(
        _filename("xlsx", today),
        title=gettext("Programme overview"),
        header=header(),
        rows=table_rows(keys, today),
        widths=widths(),
    )


class _Echo:
    def write(self, value):
        return value


def csv(request_get, user, today=None):
    """The same rows as semicolon CSV with a byte order mark, streamed; no cell starts a formula."""
    today = today or timezone.localdate()
    _form, keys = projects(request_get, user, today)
    writer = csv_writer(_Echo())

    def lines():
        yield CSV_BOM + writer.writerow([csv_cell(label) for label in header()])
        for values in table_rows(keys, today):
            yield writer.writerow([_csv_value(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv", today)}"'
    return response


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.isoformat()
    if isinstance(value, int | float):
        return value  # a number, never text that could start a formula
    return csv_cell(value)
