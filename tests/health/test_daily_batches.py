"""The daily statuses in batches (issue 24): a batch's panels equal the per-project panels, the job's queries grow
with the batches, not with the projects, and concurrent workers claim disjoint batches and store each day once."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from health import jobs
from health.daily import open_days, take_daily_statuses
from health.models import HealthDay, HealthSnapshot
from health.panel import ITEMS, panel, panels_for
from networkhub.models import AuditEvent
from projects.models import Project, ProjectStatus
from tests.factories import (
    CoordinatorFactory,
    DisseminationEventFactory,
    MembershipFactory,
    OutputFactory,
    ProgrammeFactory,
    ProjectFactory,
    add_members,
)
from tests.goals.factories import IdeaFactory
from tests.meetings.factories import HeldMeetingFactory, InvitationFactory

from .helpers import NOW, TODAY, at, member
from .test_scenarios import adopted_after_applying, dead_project, healthy_network, pulse_off, rules_v2_today


def _facts(items):
    """Everything a panel says, item by item, as plain data."""
    return [
        (
            item.key,
            str(item.status),
            item.value,
            item.action,
            item.action_url,
            [str(fact) for fact in item.facts],
            [(str(fact.named), str(fact.counted)) for fact in item.coordinator_facts],
        )
        for item in items
    ]


def _fresh(projects):
    return list(Project.objects.select_related("programme").filter(pk__in=[p.pk for p in projects]).order_by("?"))


def _varied():
    """Projects unlike each other: the scenario table's stories, a programme with its own thresholds and an item
    off, no members, preparing the application, past its end date while still open, closed, and an organisation
    that is a member of two of them."""
    healthy, dead = healthy_network(), dead_project()
    strict = healthy_network()
    strict.programme = ProgrammeFactory(
        health_settings={
            "off": ["trust"],
            "thresholds": {"meeting_days": {"green": 10, "amber": 30}, "rules_accepted": {"green": 101, "amber": 0}},
            "no_data_red_days": {"learning": 1},
        }
    )
    strict.save()
    empty = ProjectFactory(coordinators=[CoordinatorFactory()])
    preparing = ProjectFactory(
        application_date=TODAY + timedelta(days=40),
        start_date=TODAY + timedelta(days=90),
        end_date=TODAY + timedelta(days=800),
    )
    member(preparing, "Valmisteleva opisto", joined=TODAY - timedelta(days=10))
    ended = healthy_network()  # its end date passed, nobody closed it: computed as of its end date
    ended.end_date = TODAY - timedelta(days=20)
    ended.save()
    closed = healthy_network()
    closed.end_date, closed.status = TODAY - timedelta(days=10), ProjectStatus.CLOSED
    closed.save()
    # The healthy network's foreign partner, invited to its meetings, is also a member of two others: one without
    # meetings and one that has not invited it to its own.
    shared = healthy.memberships.get(organisation__name="Tallinn Kolledž").organisation
    quiet = pulse_off()
    for project in (dead, quiet):
        MembershipFactory(project=project, organisation=shared, joined_on=TODAY - timedelta(days=300))
    return [healthy, dead, strict, empty, preparing, ended, closed, quiet, rules_v2_today(), adopted_after_applying()]


def test_the_batch_says_what_each_project_panel_says(world):
    projects = _varied()
    with translation.override("en"):
        batch = panels_for(_fresh(projects), TODAY)
        alone = {project.pk: panel(_fresh([project])[0], TODAY) for project in projects}
    assert set(batch) == {project.pk for project in projects}
    for project in projects:
        assert _facts(batch[project.pk]) == _facts(alone[project.pk]), project
    statuses = Counter(item.status for items in batch.values() for item in items)
    assert len(statuses) >= 5  # the set is varied: green, amber, red, grey, not in use, history


def test_the_job_stores_the_batch_as_the_panel_says(world):
    projects = _varied()
    assert take_daily_statuses(TODAY, batch_size=4) == Project.objects.exclude(status=ProjectStatus.CLOSED).count()
    for project in projects:
        if project.status == ProjectStatus.CLOSED:
            assert not HealthSnapshot.objects.filter(project=project).exists()
            continue
        expected = {item.key: (item.status, item.value, item.action) for item in panel(project, TODAY)}
        rows = HealthSnapshot.objects.filter(project=project)
        stored = {row.key: (row.status, row.value, row.action) for row in rows}
        assert stored == expected
        day = HealthDay.objects.get(project=project)
        assert (day.taken_on, day.red_count) == (TODAY, [status for status, *_ in expected.values()].count("red"))


def _projects(count):
    """`count` projects, each with members, a held meeting with its register, an idea, an output disseminated and
    a coordinator's action: every kind of data the items read. Their days start unclaimed (in a test whose
    transactions commit, the live refresh has stored them as they were built)."""
    for _ in range(count):
        coordinator = CoordinatorFactory()
        project = ProjectFactory(coordinators=[coordinator])
        members = add_members(project, 3)
        meeting = HeldMeetingFactory(project=project, start=at(TODAY - timedelta(days=20)))
        InvitationFactory(meeting=meeting, contact=members[0].organisation.contacts.first())
        IdeaFactory(project=project, proposed_by_organisation=members[1].organisation, created_at=NOW - timedelta(9))
        DisseminationEventFactory(output=OutputFactory(project=project, created_at=NOW - timedelta(days=30)))
        AuditEvent.objects.create(action="meeting.created", actor=coordinator, project=project)
    HealthSnapshot.objects.all().delete()
    HealthDay.objects.all().delete()


def _run(batch_size):
    """Run the job afresh; (queries in all, queries of each batch)."""
    HealthSnapshot.objects.all().delete()
    HealthDay.objects.all().delete()
    starts = []
    with CaptureQueriesContext(connection) as queries:
        take_daily_statuses(TODAY, batch_size=batch_size, on_claim=lambda pks: starts.append(len(queries)))
    # The run ends with two claims that find nothing left (on from the last batch, then once from the start), the
    # second in a savepoint of its own: the last batch ends before them.
    bounds = [*starts, len(queries) - 4]
    return len(queries), [end - start for start, end in zip(bounds, bounds[1:], strict=False)]


def test_the_jobs_queries_grow_with_the_batches_not_with_the_projects(world):
    _projects(18)  # and the world's two: 20
    small, small_batches = _run(batch_size=20)
    _projects(40)
    large, large_batches = _run(batch_size=20)
    assert Project.objects.count() == 60
    assert HealthSnapshot.objects.count() == 60 * len(ITEMS)
    # One batch of 20 projects, then three: each batch costs the same, whatever its projects.
    assert len(small_batches) == 1 and len(large_batches) == 3
    assert len(set(small_batches + large_batches)) == 1
    assert large - small == 2 * small_batches[0]
    # At most two queries per project, amortised (a constant for the run: the days opened, the last empty claim).
    assert small <= 2 * 20 + 10
    assert large <= 2 * 60 + 10
    assert small_batches[0] < 2 * 20


@pytest.mark.django_db(transaction=True)
def test_two_workers_claim_disjoint_batches_and_store_each_day_once():
    _projects(12)
    open_days()  # as the beat task does before it sends the workers (else one may wait on the other's insert)
    claims = {"first": [], "second": []}
    both_hold_a_batch = threading.Barrier(2, timeout=20)
    failures = []

    def worker(name):
        def claimed(pks):
            claims[name].append(pks)
            if len(claims[name]) == 1:
                both_hold_a_batch.wait()  # each waits, its batch claimed and locked, until the other has claimed one

        try:
            take_daily_statuses(TODAY, batch_size=3, on_claim=claimed)
        except Exception as error:  # reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    first = {pk for batch in claims["first"] for pk in batch}
    second = {pk for batch in claims["second"] for pk in batch}
    assert first and second
    assert not first & second
    assert first | second == set(Project.objects.values_list("pk", flat=True))
    rows = Counter(HealthSnapshot.objects.filter(taken_on=TODAY).values_list("project_id", flat=True))
    assert rows == dict.fromkeys(first | second, len(ITEMS))
    assert set(HealthDay.objects.values_list("taken_on", flat=True)) == {TODAY}


@pytest.mark.django_db(transaction=True)
def test_a_batch_whose_worker_died_is_taken_again():
    _projects(4)

    def die(pks):
        raise RuntimeError("the worker was killed")

    with pytest.raises(RuntimeError):
        take_daily_statuses(TODAY, batch_size=2, on_claim=die)
    assert not HealthDay.objects.filter(taken_on=TODAY).exists()  # the claim rolled back with the batch
    assert take_daily_statuses(TODAY, batch_size=2) == 4
    assert HealthSnapshot.objects.filter(taken_on=TODAY).count() == 4 * len(ITEMS)


def test_a_worker_goes_on_from_its_last_batch_and_looks_back_once_before_it_stops(world):
    """Each claim starts after the worker's last batch (no rereading of the days it claimed, whose cost grew with
    the square of the projects); a batch handed back behind it (its worker died) is still taken before it stops."""
    _projects(4)  # and the world's two: 6
    pks = sorted(Project.objects.values_list("pk", flat=True))
    claims = []

    def claimed(batch):
        claims.append(batch)
        if batch == pks[4:]:  # the last batch: meanwhile the first is handed back, as a dead worker's would be
            HealthDay.objects.filter(project_id__in=pks[:2]).update(taken_on=None)

    with CaptureQueriesContext(connection) as queries:
        assert take_daily_statuses(TODAY, batch_size=2, on_claim=claimed) == 8
    assert claims == [pks[:2], pks[2:4], pks[4:], pks[:2]]
    claims_sql = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
    assert f"d.project_id > {pks[1]}" in claims_sql[1]  # the second claim reads on from the first batch
    assert set(HealthDay.objects.values_list("taken_on", flat=True)) == {TODAY}


def test_the_beat_task_sends_a_worker_task_per_worker(world, settings, monkeypatch):
    settings.HEALTH_DAILY_WORKERS = 3
    sent = []
    monkeypatch.setattr(jobs.take_daily_health_batches, "delay", lambda day: sent.append(day))
    assert jobs.take_daily_health_statuses() == 3
    assert sent == [TODAY.isoformat()] * 3
    assert HealthDay.objects.filter(taken_on__isnull=True).count() == 2  # the days are open to claim
