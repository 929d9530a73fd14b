"""OPH's overview sorts and filters a narrow copy of each project's keys (`home.OverviewKey`), kept by database
triggers on the three tables it copies: every write path (a save, a queryset update, a bulk upsert, a delete)
leaves the copy equal to its sources, and the page's order and count read the copy alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health.models import HealthDay
from health.panel import Status
from home.models import OverviewKey
from projects.models import Project, ProjectStatus, Region
from reports import due
from reports.models import ReportDue
from tests.factories import ProgrammeFactory, ProjectFactory, sign_in
from tests.health.helpers import TODAY
from tests.home.landing_helpers import many_projects, store_statuses

pytestmark = pytest.mark.django_db

COPIED = ["programme_id", "status", "region", "acronym", "application_date", "start_date", "end_date"]
DAY_COPIED = ["taken_on", "red_count", "amber_count", "no_data_count", "not_in_use_count", "statuses", "item_values"]


def expected(project_pk):
    """The key a project should have, read from the sources themselves."""
    project = Project.objects.get(pk=project_pk)
    day = HealthDay.objects.filter(project=project).first()
    report_due = ReportDue.objects.filter(project=project).first()
    key = {name: getattr(project, name) for name in COPIED}
    key.update(
        {name: getattr(day, name) for name in DAY_COPIED}
        if day
        else {"taken_on": None, "red_count": 0, "amber_count": 0, "no_data_count": 0, "not_in_use_count": 0}
        | {"statuses": {}, "item_values": {}}
    )
    key["has_report_due"] = report_due is not None
    key["first_open_due_on"] = report_due.first_open_due_on if report_due else None
    return key


def stored(project_pk):
    key = OverviewKey.objects.get(project_id=project_pk)
    return {name: getattr(key, name) for name in [*COPIED, *DAY_COPIED, "has_report_due", "first_open_due_on"]}


def test_a_new_project_has_its_key_and_a_save_changes_it():
    project = ProjectFactory(acronym="FIRST", region=Region.UUSIMAA)
    assert stored(project.pk) == expected(project.pk)
    assert stored(project.pk)["acronym"] == "FIRST"

    project.acronym, project.status, project.end_date = "RENAMED", ProjectStatus.CLOSED, TODAY
    project.programme = ProgrammeFactory()
    project.save()
    assert stored(project.pk) == expected(project.pk)
    assert stored(project.pk)["acronym"] == "RENAMED"


def test_bulk_writes_and_queryset_updates_keep_the_key():
    programme = ProgrammeFactory()
    projects = many_projects(3, programme=programme)
    pks = [project.pk for project in projects]
    Project.objects.filter(pk__in=pks).update(region=Region.LAPLAND, acronym="BULK")
    store_statuses(projects, TODAY, {"rules": Status.RED, "meetings": Status.AMBER, "trust": Status.NO_DATA})
    HealthDay.objects.filter(project_id=pks[0]).update(red_count=5, statuses={"rules": "red"})
    ReportDue.objects.bulk_create(
        [ReportDue(project_id=pk, first_open_due_on=TODAY) for pk in pks],
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=["first_open_due_on"],
    )
    due.refresh(pks[1:])  # the stored due dates recomputed (an upsert)
    for pk in pks:
        assert stored(pk) == expected(pk)
    assert stored(pks[0])["red_count"] == 5
    assert stored(pks[1])["statuses"]["meetings"] == Status.AMBER
    assert stored(pks[2])["region"] == Region.LAPLAND


def test_deleting_a_source_row_resets_its_part_and_deleting_the_project_removes_the_key():
    project = ProjectFactory()
    store_statuses([project], TODAY, {"rules": Status.RED})
    ReportDue.objects.update_or_create(project=project, defaults={"first_open_due_on": TODAY})
    assert stored(project.pk)["red_count"] == 1
    assert stored(project.pk)["has_report_due"] is True

    HealthDay.objects.filter(project=project).delete()
    ReportDue.objects.filter(project=project).delete()
    assert stored(project.pk) == expected(project.pk)
    assert stored(project.pk)["taken_on"] is None and stored(project.pk)["has_report_due"] is False

    project.delete()
    assert not OverviewKey.objects.filter(project_id=project.pk).exists()


def test_the_pages_order_and_count_read_the_keys_alone(world, client):
    store_statuses([world.project], TODAY, {"rules": Status.RED, "meetings": Status.RED})
    sign_in(client, world.funder)
    for query in [
        "",
        "?sort=risk&item=meetings&item_status=red",
        "?status=red&sort=-value_meetings",
        "?sort=-spend_against_plan",
    ]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("home:overview") + query)
        assert response.status_code == 200
        keys = [sql for sql in (each["sql"] for each in captured) if '"home_overviewkey"' in sql]
        assert len(keys) == 2, query  # the page's pks in order, and their count
        assert world.project.acronym in [row.project.acronym for row in response.context["page"].object_list]
        for sql in keys:
            assert '"home_healthday"' not in sql and '"reports_reportdue"' not in sql
            assert 'JOIN "projects_project"' not in sql
