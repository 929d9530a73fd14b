"""Irreversible actions ask first, without JavaScript (issue 13, defect 12): sending a letter for
signing, submitting a report to the funder and the reviewer's acceptance. GET shows what will happen
and to whom and changes nothing; the page's button POSTs.

Issue 23: every action that mails more than one person or cannot be undone is listed in CONFIRMED_ACTIONS below
(choosing a poll slot, publishing minutes, publishing rules, cancelling a meeting, revoking a letter, sending an
announcement). Each is checked: GET names how many people get what, a POST without the page's confirmation does
nothing, the confirmed POST does it, and no page offers it as a one-click button."""

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from commitments import services as commitment_services
from commitments.models import RulesAcceptance, RulesStatus, SignatureRequest, VersionStatus
from meetings.models import Meeting, MeetingStatus, Minutes
from networkhub.confirm import CONFIRMED_VIEWS
from outreach.models import Announcement
from reports import services as report_services
from reports.models import ReportStatus
from tests.commitments.helpers import draft_letter, links_to, publish_rules
from tests.confirm import CONFIRMED
from tests.factories import sign_in
from tests.meetings.factories import (
    HeldMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PollInviteeFactory,
    PollSlotFactory,
    TimePollFactory,
    in_days,
)
from tests.meetings.helpers import add_network
from tests.reports.helpers import draft, fake_render, submitted

pytestmark = pytest.mark.django_db


def _post_form_actions(page):
    return [part.split('"')[0] for part in page.split('<form method="post" action="')[1:]]


def test_sending_a_letter_asks_first_and_names_the_signers(world, client, mailoutbox):
    publish_rules(world.project, world.coordinator)
    draft_letter(world.membership, world.coordinator, management_email="boss@example.org")
    client.force_login(world.coordinator)
    url = reverse("commitments:letter_send", args=[world.project.pk, world.membership.pk])
    letter_page = client.get(reverse("commitments:letter", args=[world.project.pk, world.membership.pk]))
    assert url not in _post_form_actions(letter_page.content.decode())  # no one-click send
    assert f'href="{url}"' in letter_page.content.decode()
    confirm = client.get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "boss@example.org" in page and world.contact.email in page
    assert url in _post_form_actions(page)
    assert not SignatureRequest.objects.exists() and not mailoutbox
    assert client.post(url).status_code == 302
    assert SignatureRequest.objects.count() == 2


def test_submitting_a_report_asks_first_and_warns_when_the_period_has_not_ended(world, client):
    report = draft(world.project, world.coordinator)
    report.period_end = timezone.localdate() + timedelta(days=10)
    report.save(update_fields=["period_end"])
    fake_render(report)
    client.force_login(world.coordinator)
    url = reverse("reports:submit", args=[world.project.pk, report.pk])
    detail = client.get(reverse("reports:detail", args=[world.project.pk, report.pk])).content.decode()
    assert url not in _post_form_actions(detail)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Opetushallitus" in page or world.project.programme.funder in page
    assert "ole vielä päättynyt" in page, page[page.find("<main") :]
    report.refresh_from_db()
    assert report.version_count == 0
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.version_count == 1


def test_accepting_a_report_asks_first(world, client):
    report = submitted(world.project, world.coordinator)
    for action in ("content_check", "financial_check"):
        report_services.review(report, action, actor=world.funder)
    sign_in(client, world.funder)
    url = reverse("reports:transition", args=[report.pk, "accept"])
    review_page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert url not in _post_form_actions(review_page)
    page = client.get(url).content.decode()
    assert world.project.acronym in page and url in _post_form_actions(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.FINANCIAL_CHECK
    client.post(url)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # Only acceptance has a confirmation page; other steps are POST only.
    assert client.get(reverse("reports:transition", args=[report.pk, "content_check"])).status_code == 404


# Issue 23: the list of actions that ask first, and a check of each.

CONFIRMED_ACTIONS = {
    # URL name: how to set one up (returns an Action)
    "meetings:poll_convert": "_poll_convert",
    "meetings:minutes_publish": "_minutes_publish",
    "meetings:cancel": "_meeting_cancel",
    "commitments:rules_publish": "_rules_publish",
    "commitments:request_revoke": "_request_revoke",
    "outreach:announcement_confirm": "_announcement_send",
    "commitments:letter_send": None,  # checked above
    "reports:submit": None,
    "reports:transition": None,
}


@dataclass
class Action:
    url: str
    offered_on: str  # the page that links to it
    count: int
    what: str  # a word from the page that says what they get
    done: Callable[[], bool]
    data: dict = field(default_factory=dict)  # the page's own fields besides the confirmation


def _poll_convert(world):
    contacts = add_network(world.project)
    poll = TimePollFactory(project=world.project, title="Syystyöpaja")
    slot = PollSlotFactory(poll=poll, start=in_days(20))
    for contact in contacts:
        PollInviteeFactory(poll=poll, contact=contact)
    url = reverse("meetings:poll_convert", args=[world.project.pk, poll.pk, slot.pk])
    return Action(url, poll.get_absolute_url(), len(contacts), "Syystyöpaja", Meeting.objects.exists)


def _minutes_publish(world):
    contacts = add_network(world.project)
    meeting = HeldMeetingFactory(project=world.project, title="Kevätkokous")
    minutes = Minutes.objects.create(meeting=meeting, summary="Hyvä kokous.")

    def done():
        minutes.refresh_from_db()
        return minutes.is_published

    return Action(
        reverse("meetings:minutes_publish", args=[world.project.pk, meeting.pk]),
        meeting.get_absolute_url(),
        len(contacts) + 1,  # and the world's own contact person
        "Kevätkokous",
        done,
    )


def _meeting_cancel(world):
    contacts = add_network(world.project)
    meeting = MeetingFactory(project=world.project, title="Syyskokous")
    for contact in contacts[:3]:
        InvitationFactory(meeting=meeting, contact=contact)

    def done():
        meeting.refresh_from_db()
        return meeting.status == MeetingStatus.CANCELLED

    url = reverse("meetings:cancel", args=[world.project.pk, meeting.pk])
    return Action(url, meeting.get_absolute_url(), 3, "Syyskokous", done, data={"reason": "Lakko"})


def _rules_publish(world, django_capture_on_commit_callbacks, mailoutbox, client):
    publish_rules(world.project, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        commitment_services.send_version(draft_letter(world.membership, world.coordinator), actor=world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            links_to(mailoutbox, world.contact.email)[-1], {"full_name": "Pia", "title": "Ope", "consent": "on"}
        )
    assert RulesAcceptance.objects.filter(membership=world.membership).exists()
    draft = commitment_services.save_rules_draft(world.project, "# Uudet\n\n- Kuukausittain.", actor=world.coordinator)

    def done():
        draft.refresh_from_db()
        return draft.status == RulesStatus.PUBLISHED

    url = reverse("commitments:rules_publish", args=[world.project.pk])
    return Action(url, reverse("commitments:rules", args=[world.project.pk]), 1, str(draft.number), done)


def _request_revoke(world, django_capture_on_commit_callbacks):
    publish_rules(world.project, world.coordinator)
    draft = draft_letter(world.membership, world.coordinator, management_email="boss@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        version = commitment_services.send_version(draft, actor=world.coordinator)
    signature_request = SignatureRequest.objects.filter(version=draft).first()

    def done():
        version.refresh_from_db()
        return version.status == VersionStatus.REVOKED

    args = [world.project.pk, world.membership.pk]
    url = reverse("commitments:request_revoke", args=[*args, signature_request.pk])
    return Action(url, reverse("commitments:letter", args=args), 2, "boss@example.org", done)


def _announcement_send(world):
    contacts = add_network(world.project)
    announcement = Announcement.objects.create(
        project=world.project, subject_fi="Syksyn uutiset", body_fi="Tervetuloa.", created_by=world.coordinator
    )

    def done():
        announcement.refresh_from_db()
        return not announcement.is_draft

    url = reverse("outreach:announcement_confirm", args=[world.project.pk, announcement.pk])
    everyone = len(contacts) + 1  # and the world's own contact person
    return Action(url, reverse("outreach:announcements", args=[world.project.pk]), everyone, "Syksyn uutiset", done)


def _set_up(name, request):
    builder = globals()[CONFIRMED_ACTIONS[name]]
    wanted = inspect.signature(builder).parameters
    return builder(*(request.getfixturevalue(each) for each in wanted))


def _recipients(page):
    return int(re.search(r'data-recipients="(\d+)"', page).group(1))


@pytest.mark.parametrize("name", sorted(name for name, setup in CONFIRMED_ACTIONS.items() if setup))
def test_each_listed_action_names_the_count_and_does_nothing_until_confirmed(
    name, request, world, client, mailoutbox, django_capture_on_commit_callbacks
):
    action = _set_up(name, request)
    mailoutbox.clear()
    client.force_login(world.coordinator)
    offered = client.get(action.offered_on).content.decode()
    assert action.url not in _post_form_actions(offered), "offered as a one-click button"
    response = client.get(action.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert _recipients(page) == action.count and str(action.count) in page
    assert action.what in page
    assert 'name="confirmed" value="yes"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action.url, action.data)  # a POST that did not come from the page
    assert not action.done() and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(action.url, {**action.data, **CONFIRMED}).status_code == 302
    assert action.done()
    if action.count and name != "commitments:request_revoke":  # revoking mails no one
        assert len({message.to[0] for message in mailoutbox}) == action.count


def unconfirmed(names, templates):
    """The listed actions whose view does not ask first, or that a template offers as a one-click POST form."""
    found = set()
    for name in names:
        view = _views()[name]
        if getattr(view, "confirmation", None) is None and name not in OWN_TESTS:
            found.add(name)
    one_click = re.compile(r"""<form[^>]*method="post"[^>]*action="\{% url '([a-z_]+:[a-z_]+)'""")
    for text in templates:
        # reports:transition serves the other review steps too, which POST in one click; its acceptance is tested above
        found.update(name for name in one_click.findall(text) if name in names and name != "reports:transition")
    return found


OWN_TESTS = {"commitments:letter_send", "reports:submit", "reports:transition"}  # the tests above


def _views(patterns=None, namespace=""):
    """URL name -> view, through the namespaces."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(_views(pattern.url_patterns, inner))
        elif pattern.name:
            found[f"{namespace}{pattern.name}"] = pattern.callback
    return found


def _templates():
    return [path.read_text() for path in Path(settings.BASE_DIR, "templates").rglob("*.html")]


def test_every_listed_action_asks_first_and_no_page_offers_it_in_one_click():
    assert unconfirmed(CONFIRMED_ACTIONS, _templates()) == set()


def test_every_view_that_asks_first_is_listed():
    views = _views()
    listed = {views[name] for name in CONFIRMED_ACTIONS}
    registered = {f"{view.__module__}.{view.__qualname__}" for view in listed}
    assert set(CONFIRMED_VIEWS) <= registered


def test_the_check_fails_on_a_planted_unconfirmed_action():
    # A view that mails everyone straight away, and a page that offers a listed action in one click.
    assert unconfirmed(["meetings:poll_close"], []) == {"meetings:poll_close"}
    planted = """<form method="post" action="{% url 'meetings:minutes_publish' project.pk meeting.pk %}">"""
    assert unconfirmed(["meetings:minutes_publish"], [planted]) == {"meetings:minutes_publish"}
