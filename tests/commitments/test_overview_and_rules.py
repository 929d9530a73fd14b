import pytest
from django.urls import reverse

from commitments import services
from commitments.forms import LetterForm, TaskFormSet
from commitments.models import (
    CommitmentSettings,
    FrozenError,
    Letter,
    LetterVersion,
    NetworkRules,
    RulesAcceptance,
    RulesRequest,
    SigningOrder,
    Task,
)
from commitments.overview import dashboard_summary
from networkhub.models import AuditEvent
from partners.queries import current_members
from tests.audit_coverage import no_writes
from tests.commitments.helpers import draft_letter, links_to, publish_rules
from tests.confirm import CONFIRMED
from tests.factories import ContactFactory, MembershipFactory, add_members


def _letters_for_all(project, coordinator):
    for membership in project.memberships.all():
        if not hasattr(membership, "letter"):
            services.send_version(draft_letter(membership, coordinator), actor=coordinator)


def test_overview_and_dashboard_query_counts_do_not_grow(world, client, django_assert_max_num_queries):
    publish_rules(world.project, world.coordinator)
    client.force_login(world.coordinator)
    add_members(world.project, 4)
    _letters_for_all(world.project, world.coordinator)
    urls = [
        reverse("commitments:overview", args=[world.project.pk]),
        reverse("home:project", args=[world.project.pk]),
    ]
    small = {}
    for url in urls:
        with django_assert_max_num_queries(55) as queries:  # the home: the health panel and the map add 28
            assert client.get(url).status_code == 200
        small[url] = len(queries.captured_queries)
    add_members(world.project, 45)
    _letters_for_all(world.project, world.coordinator)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert response.context["commitments"]["counts"]["members"] == 50


def test_new_rules_version_asks_members_to_accept_again(world, client, mailoutbox, django_capture_on_commit_callbacks):
    publish_rules(world.project, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_version(draft_letter(world.membership, world.coordinator), actor=world.coordinator)
    contact_link = links_to(mailoutbox, world.contact.email)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_link, {"full_name": "Pia", "title": "Opettaja", "consent": "on"})
    assert RulesAcceptance.objects.filter(membership=world.membership, rules__number=1).exists()

    client.force_login(world.coordinator)
    client.post(
        reverse("commitments:rules", args=[world.project.pk]),
        {"body": "# Uudet säännöt\n\n- Kokoonnutaan kuukausittain."},
    )
    draft = NetworkRules.objects.get(project=world.project, status="draft")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("commitments:rules_publish", args=[world.project.pk]), CONFIRMED).status_code == 302
    assert RulesRequest.objects.filter(membership=world.membership, rules=draft).count() == 1
    overview = client.get(reverse("commitments:overview", args=[world.project.pk])).context["counts"]
    assert overview["rules_accepted"] == 0  # v2 not yet accepted

    rules_link = links_to(mailoutbox, world.contact.email)[-1]
    assert "/sign/rules/" in rules_link
    client.logout()
    page = client.get(rules_link)
    assert page.status_code == 200 and "Kokoonnutaan kuukausittain." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(rules_link, {"full_name": "Pia", "title": "Opettaja", "consent": "on"}).status_code == 200
    assert RulesAcceptance.objects.filter(membership=world.membership, rules=draft).exists()
    client.force_login(world.coordinator)
    assert client.get(reverse("commitments:overview", args=[world.project.pk])).context["counts"]["rules_accepted"] == 1
    assert client.get(rules_link).status_code in (302, 410)


def test_published_rules_are_frozen(world):
    rules = publish_rules(world.project, world.coordinator)
    rules.body = "muutettu"
    with pytest.raises(FrozenError):
        rules.save()
    rules.refresh_from_db()
    assert rules.body != "muutettu"


def test_letter_cannot_be_sent_without_tasks_or_rules(world, client):
    client.force_login(world.coordinator)
    draft_letter(world.membership, world.coordinator, tasks=())
    response = client.post(
        reverse("commitments:letter_send", args=[world.project.pk, world.membership.pk]), follow=True
    )
    assert "tehtävä" in response.content.decode() or "task" in response.content.decode()
    assert not world.membership.letter.versions.exclude(status="draft").exists()


def test_coordinator_drafts_a_letter_through_the_form(world, client):
    publish_rules(world.project, world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("commitments:letter_edit", args=[world.project.pk, world.membership.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    data = {
        "language": "fi",
        "contact": world.contact.pk,
        "management_name": "Riitta Rehtori",
        "management_title": "Rehtori",
        "management_email": "rehtori@example.org",
        "contribution_eur": "2500",
        "contribution_note": "",
        "period_start": "2026-08-01",
        "period_end": "2026-07-01",
        "additional_terms": "",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-title": "Vastaanottaa opiskelijoita",
        "tasks-0-order": "0",
        "tasks-0-effort": "5 htp",
    }
    bad = client.post(url, data)
    assert "period_end" in bad.context["form"].errors
    assert 'value="Vastaanottaa opiskelijoita"' in bad.content.decode()
    data["period_end"] = "2028-07-31"
    assert client.post(url, data).status_code == 302
    version = world.membership.letter.versions.get()
    assert version.status == "draft" and version.tasks.get().title == "Vastaanottaa opiskelijoita"


def test_letter_and_settings_pages_write_nothing_on_get(world, client):
    publish_rules(world.project, world.coordinator)
    client.force_login(world.coordinator)
    compose = reverse("commitments:letter_edit", args=[world.project.pk, world.membership.pk])
    settings_page = reverse("commitments:settings", args=[world.project.pk])
    with no_writes():
        assert client.get(compose).status_code == 200  # no letter yet
        assert client.get(settings_page).status_code == 200  # no settings saved yet
    assert not Letter.objects.exists() and not CommitmentSettings.objects.exists()
    draft_letter(world.membership, world.coordinator)
    with no_writes():
        assert client.get(compose).status_code == 200  # the draft
    response = client.post(settings_page, {"signing_order": SigningOrder.PARALLEL})
    assert response.status_code == 302
    assert CommitmentSettings.objects.get(project=world.project).signing_order == SigningOrder.PARALLEL
    assert AuditEvent.objects.filter(action="commitments.settings_saved", project=world.project).exists()


def test_a_draft_sent_meanwhile_is_not_written_over(world):
    """The compose form was opened on the draft; the letter was sent before the form was saved."""
    publish_rules(world.project, world.coordinator)
    draft = draft_letter(world.membership, world.coordinator)
    stale = LetterVersion.objects.get(pk=draft.pk)
    form = LetterForm(
        {
            "language": "fi",
            "contact": world.contact.pk,
            "management_name": "Riitta Rehtori",
            "management_title": "Rehtori",
            "management_email": "rehtori@example.org",
            "contribution_eur": "1",
            "period_start": "2026-08-01",
            "period_end": "2028-07-31",
        },
        instance=stale,
        organisation=world.membership.organisation,
        project=world.project,
    )
    tasks = TaskFormSet(
        {"tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0", "tasks-0-title": "Uusi", "tasks-0-order": "5"},
        instance=stale,
        organisation=world.membership.organisation,
        project=world.project,
        prefix="tasks",
    )
    assert form.is_valid() and tasks.is_valid(), (form.errors, tasks.errors)
    services.send_version(draft, actor=world.coordinator)
    with pytest.raises(services.CommitmentError):
        services.save_draft(world.membership, form.save(commit=False), tasks=tasks, actor=world.coordinator)
    draft.refresh_from_db()
    assert draft.contribution_eur == 5000 and not Task.objects.filter(title="Uusi").exists()


def test_overview_counts_only_current_members_as_the_panel_does(world, client):
    invited = MembershipFactory(project=world.project, status="invited")
    ContactFactory(organisation=invited.organisation)  # no account: only invited, not a member yet
    client.force_login(world.coordinator)
    response = client.get(reverse("commitments:overview", args=[world.project.pk]))
    rows = {row.membership.pk: row for row in response.context["rows"]}
    assert rows[invited.pk].is_member is False and rows[world.membership.pk].is_member is True
    members = current_members(world.project).count()
    assert response.context["counts"]["members"] == members
    assert dashboard_summary(world.project)["counts"]["members"] == members
    page = response.content.decode()
    assert "kutsuttu, ei vielä jäsen" in page
    assert f'<div class="stat">0 / {members}</div>' in page
