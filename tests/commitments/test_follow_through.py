"""Issue 21, part 1: letter tasks are followed through (status, progress notes, date done) outside the signed
letter; the member's contacts and the coordinator update them; the coordinator sees goals × members."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from commitments import evidence, follow_through, services
from commitments.models import LetterVersion, NetworkRules, TaskNote, TaskProgress, TaskStatus, VersionStatus
from commitments.reminders import ReminderKind
from networkhub import reminders
from networkhub.models import AuditEvent, Reminder, ReminderStatus
from networkhub.tasks import scan_reminders
from tests.commitments.helpers import publish_rules
from tests.factories import GoalFactory, sign_in
from tests.health.helpers import NOW, at, founding_members, letter, member, sign

DEADLINE = date(2027, 5, 31)  # the helpers' task deadline
SIGNED_ON = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _signed(world, membership=None, tasks=((True, True), (True, True))):
    if membership is None:
        membership = founding_members(world, 1)[0]
    if not NetworkRules.objects.filter(project=membership.project).exists():
        publish_rules(membership.project, world.coordinator)
    version = letter(
        membership, world.coordinator, sent=SIGNED_ON, contact=SIGNED_ON, management=SIGNED_ON, tasks=tasks
    )
    return membership, version


def _url(project, membership):
    return reverse("commitments:letter_tasks", args=[project.pk, membership.pk])


def test_partner_marks_a_task_done_from_the_tasks_page(world, client):
    membership, version = _signed(world)
    task = version.tasks.order_by("order").first()
    client.force_login(world.partner)
    page = client.get(_url(world.project, membership))
    assert page.status_code == 200
    assert task.title in page.content.decode()
    response = client.post(
        _url(world.project, membership),
        {"thread": str(task.thread), "status": "done", "done_on": "2026-10-30", "note": "Valmis ja raportoitu."},
    )
    assert response.status_code == 302
    progress = TaskProgress.objects.get(thread=task.thread)
    assert (progress.status, progress.done_on, progress.updated_by) == ("done", date(2026, 10, 30), world.partner)
    assert [n.text for n in progress.notes.all()] == ["Valmis ja raportoitu."]
    event = AuditEvent.objects.get(action="letter.task_updated")
    assert event.data["status"] == "done" and event.project == world.project
    # The signed content is untouched: the letter still verifies.
    version.refresh_from_db()
    assert version.content_hash == evidence.content_hash(version)
    assert evidence.verify(type(version.letter).objects.filter(pk=version.letter_id)).ok


def test_coordinator_updates_a_task_and_notes_accumulate(world, client):
    membership, version = _signed(world)
    task = version.tasks.order_by("order").first()
    sign_in(client, world.coordinator)
    url = _url(world.project, membership)
    client.post(url, {"thread": str(task.thread), "status": "in_progress", "note": "Aloitettu."})
    client.post(url, {"thread": str(task.thread), "status": "in_progress", "note": "Puolivälissä."})
    progress = TaskProgress.objects.get(thread=task.thread)
    assert [n.text for n in progress.notes.all()] == ["Aloitettu.", "Puolivälissä."]
    assert "Puolivälissä." in client.get(url).content.decode()


def test_dropping_without_a_reason_is_refused_next_to_the_field_and_input_kept(world, client):
    membership, version = _signed(world)
    task = version.tasks.order_by("order").first()
    client.force_login(world.partner)
    response = client.post(
        _url(world.project, membership), {"thread": str(task.thread), "status": "dropped", "note": "Pidän tämän"}
    )
    assert response.status_code == 200
    form = next(form for t, form in response.context["rows"] if t.thread == task.thread)
    assert "drop_reason" in form.errors
    assert "Pidän tämän" in response.content.decode()
    assert not TaskProgress.objects.exists()


def test_done_in_the_future_is_refused(world, client):
    membership, version = _signed(world)
    task = version.tasks.first()
    client.force_login(world.partner)
    response = client.post(
        _url(world.project, membership), {"thread": str(task.thread), "status": "done", "done_on": "2026-12-24"}
    )
    assert response.status_code == 200
    assert "done_on" in response.context["rows"][0][1].errors or any(
        "done_on" in form.errors for _t, form in response.context["rows"]
    )
    assert not TaskProgress.objects.exists()


def test_constraints_mirror_clean(world):
    membership, version = _signed(world)
    letter_obj = version.letter
    for fields in (
        {"status": "dropped", "drop_reason": ""},
        {"status": "done", "done_on": None},
        {"status": "open", "done_on": date(2026, 10, 1)},
        {"status": "finished"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            TaskProgress.objects.create(letter=letter_obj, thread=version.tasks.first().thread, **fields)


def test_progress_survives_a_new_signed_version(world):
    membership, version = _signed(world)
    task = version.tasks.order_by("order").first()
    services.update_task(membership, task.thread, status="done", done_on=date(2026, 10, 1), actor=world.partner)
    with time_machine.travel(at(date(2026, 11, 3)), tick=False):
        draft = services.start_new_version(version.letter, actor=world.coordinator)
        services.send_version(draft, actor=world.coordinator)
        sign(draft, "contact")
        sign(draft, "management")
    assert LetterVersion.objects.get(pk=draft.pk).status == VersionStatus.SIGNED
    with time_machine.travel(at(date(2026, 11, 4)), tick=False):
        tasks = follow_through.member_tasks(membership)
    assert {t.version_id for t in tasks} == {draft.pk}
    carried = next(t for t in tasks if t.thread == task.thread)
    assert carried.progress.status == TaskStatus.DONE and carried.progress.pk


def test_a_task_of_an_older_version_only_is_refused(world):
    membership, version = _signed(world)
    with pytest.raises(services.CommitmentError):
        services.update_task(membership, "00000000-0000-0000-0000-000000000000", status="done", actor=world.partner)


def test_another_organisation_or_project_is_404(world, client):
    membership, version = _signed(world)
    other = member(world.project, "Toinen jäsen")
    _signed(world, other)
    client.force_login(world.partner)
    assert client.get(_url(world.project, other)).status_code == 404
    task = other.letter.versions.first().tasks.first()
    response = client.post(_url(world.project, other), {"thread": str(task.thread), "status": "done"})
    assert response.status_code == 404
    assert client.get(_url(world.other_project, world.other_membership)).status_code == 404
    # A thread of another organisation's letter posted to one's own page is 404 too.
    response = client.post(_url(world.project, membership), {"thread": str(task.thread), "status": "done"})
    assert response.status_code == 404
    assert not TaskProgress.objects.exists()
    assert client.get(reverse("commitments:task_matrix", args=[world.project.pk])).status_code == 404


def test_late_task_is_a_todo_that_leads_to_its_form(world, client):
    membership, version = _signed(world)
    task = version.tasks.order_by("order").first()
    with time_machine.travel(at(DEADLINE + timedelta(days=3)), tick=False):
        client.force_login(world.partner)
        landing = client.get(reverse("home:projects")).content.decode()
        url = _url(world.project, membership) + f"#task-{task.thread}"
        assert url in landing
        response = client.post(
            _url(world.project, membership),
            {"thread": str(task.thread), "status": "done", "done_on": str(DEADLINE + timedelta(days=1))},
        )
        assert response.status_code == 302
        assert url not in client.get(reverse("home:projects")).content.decode()


def _matrix_world(world, count):
    goals = [GoalFactory(project=world.project, title=f"Tavoite {n}") for n in range(2)]
    members = founding_members(world, count)
    for membership in members:
        version = _signed(world, membership)[1]
        tasks = list(version.tasks.order_by("order"))
        type(tasks[0]).objects.filter(pk=tasks[0].pk).update(goal=goals[0])
        type(tasks[1]).objects.filter(pk=tasks[1].pk).update(goal=goals[1])
        services.update_task(membership, tasks[0].thread, status="done", done_on=NOW.date(), actor=world.coordinator)
    return goals, members


def test_matrix_counts_tasks_done_and_late(world, client):
    goals, members = _matrix_world(world, 2)
    with time_machine.travel(at(DEADLINE + timedelta(days=1)), tick=False):
        matrix = follow_through.goals_by_members(world.project)
        sign_in(client, world.coordinator)
        page = client.get(reverse("commitments:task_matrix", args=[world.project.pk]))
    assert page.status_code == 200
    assert [goal for goal, _cells, _total in matrix.rows] == goals
    first_goal_total, second_goal_total = matrix.rows[0][2], matrix.rows[1][2]
    assert (first_goal_total.total, first_goal_total.done, first_goal_total.late) == (2, 2, 0)
    assert (second_goal_total.total, second_goal_total.done, second_goal_total.late) == (2, 0, 2)
    assert (matrix.total.total, matrix.total.done, matrix.total.late) == (4, 2, 2)
    assert "Tavoite 1" in page.content.decode()


def test_matrix_and_tasks_page_query_counts_do_not_grow(world, client, django_assert_max_num_queries):
    _matrix_world(world, 2)
    sign_in(client, world.coordinator)
    matrix_url = reverse("commitments:task_matrix", args=[world.project.pk])
    tasks_url = _url(world.project, world.membership)
    with django_assert_max_num_queries(40) as small_matrix:
        assert client.get(matrix_url).status_code == 200
    with django_assert_max_num_queries(40) as small_tasks:
        assert client.get(tasks_url).status_code == 200
    for n in range(6):
        _signed(world, member(world.project, f"Lisäjäsen {n}"))
    with django_assert_max_num_queries(len(small_matrix.captured_queries)):
        assert len(client.get(matrix_url).context["matrix"].members) == 8
    # More notes on the same page cost nothing more.
    task = world.membership.letter.versions.first().tasks.order_by("order").last()
    for n in range(5):
        services.update_task(world.membership, task.thread, status="in_progress", note=f"n{n}", actor=world.partner)
    with django_assert_max_num_queries(len(small_tasks.captured_queries)):
        assert client.get(tasks_url).status_code == 200
    assert TaskNote.objects.count() >= 5


def _plan_and_scan(day, capture, hour=10):
    with time_machine.travel(at(day, hour), tick=False), capture(execute=True):
        reminders.plan()
        scan_reminders()


def test_a_late_task_reminds_its_contact_then_the_coordinator_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    membership, version = _signed(world, tasks=((True, True),))
    task = version.tasks.get()
    contact = task.responsible
    contact.language = "sv"
    contact.save()
    _plan_and_scan(DEADLINE, django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(kind=ReminderKind.TASK_LATE).exists()
    day_after = DEADLINE + timedelta(days=1)
    _plan_and_scan(day_after, django_capture_on_commit_callbacks)
    _plan_and_scan(day_after, django_capture_on_commit_callbacks, hour=14)  # planning again changes nothing
    to_contact = [m for m in mailoutbox if m.to == [contact.email] and task.title in m.subject]
    assert len(to_contact) == 1
    assert "försenad" in to_contact[0].subject.lower() or "uppgift" in to_contact[0].body.lower()
    assert _url(world.project, membership) in to_contact[0].body
    assert not [m for m in mailoutbox if m.to == [world.coordinator.email] and task.title in m.subject]
    _plan_and_scan(day_after + timedelta(days=5), django_capture_on_commit_callbacks)
    to_coordinator = [m for m in mailoutbox if m.to == [world.coordinator.email] and task.title in m.subject]
    assert len(to_coordinator) == 1
    assert len([m for m in mailoutbox if m.to == [contact.email] and task.title in m.subject]) == 1


def test_a_task_done_before_the_escalation_stops_it(world, mailoutbox, django_capture_on_commit_callbacks):
    membership, version = _signed(world, tasks=((True, True),))
    task = version.tasks.get()
    day_after = DEADLINE + timedelta(days=1)
    _plan_and_scan(day_after, django_capture_on_commit_callbacks)
    with time_machine.travel(at(day_after + timedelta(days=1)), tick=False):
        services.update_task(membership, task.thread, status="done", done_on=day_after, actor=world.partner)
    _plan_and_scan(day_after + timedelta(days=6), django_capture_on_commit_callbacks)
    assert not [m for m in mailoutbox if m.to == [world.coordinator.email] and task.title in m.subject]
    assert Reminder.objects.get(kind=ReminderKind.TASK_LATE_ESCALATION).status == ReminderStatus.SKIPPED


def _item3(project, day):
    from health import items
    from tests.health.helpers import by_key

    with time_machine.travel(at(day), tick=False):
        return by_key([items.tasks_defined(project, day)])["tasks"]


def test_health_item_3_counts_tasks_carried_out_and_tracking_never_looks_worse(world):
    from health.panel import Status

    membership, version = _signed(world)
    first, second = version.tasks.order_by("order")
    before_due = _item3(world.project, NOW.date())
    assert before_due.status == Status.GREEN and not any("due by now" in str(f) for f in before_due.facts)
    late_day = DEADLINE + timedelta(days=20)
    untracked = _item3(world.project, late_day)
    assert untracked.status == Status.AMBER  # nobody says the tasks were done: both late
    assert "follow_tasks" in [code for _status, code in untracked.causes]
    with time_machine.travel(at(DEADLINE), tick=False):
        services.update_task(membership, first.thread, status="done", done_on=DEADLINE, actor=world.partner)
        services.update_task(membership, second.thread, status="in_progress", note="Kesken", actor=world.partner)
    partly = _item3(world.project, late_day)
    assert partly.status == Status.AMBER  # one still late: no better, and no worse than not tracking
    with time_machine.travel(at(DEADLINE + timedelta(days=2)), tick=False):
        services.update_task(
            membership, second.thread, status="dropped", drop_reason="Rahoitus loppui", actor=world.partner
        )
    tracked = _item3(world.project, late_day)
    assert tracked.status == Status.GREEN
    assert tracked.value == untracked.value  # the value stays the share of letters with defined tasks
    assert any("1 of 2" in str(fact) or "1/2" in str(fact) for fact in tracked.facts)
    # As of a day before they were marked, the item reads as it was then.
    assert _item3(world.project, DEADLINE + timedelta(days=1)).status == Status.GREEN  # within the grace days
