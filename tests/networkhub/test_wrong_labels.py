"""Issue 23, "Wrong labels": each label says what its page does, in Finnish and Swedish."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from meetings.models import Minutes, MinutesStatus
from projects.models import ReportType
from reports.models import RenderStatus, Report
from tests.factories import sign_in
from tests.meetings.factories import HeldMeetingFactory
from tests.reports.helpers import draft

pytestmark = pytest.mark.django_db


def _page(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


@pytest.mark.parametrize(("language", "button", "noun"), [("fi", "Myönnä", "Avustus"), ("sv", "Bevilja", "Understöd")])
def test_the_extension_button_grants_rather_than_naming_a_grant(world, client, language, button, noun):
    sign_in(client, world.funder)
    page = _page(client, reverse("reports:deadlines", args=[world.project.pk]), language)
    assert f'type="submit">{button}</button>' in page
    assert f'type="submit">{noun}</button>' not in page
    # The project's page keeps the noun where it is the grant.
    with translation.override(language):
        assert translation.gettext("Grant") == noun


def test_the_submit_confirmation_of_a_status_report_does_not_call_it_interim(world, client):
    report = draft(world.project, world.coordinator)
    Report.objects.filter(pk=report.pk).update(
        report_type=ReportType.STATUS, render_status=RenderStatus.DONE, rendered_at=timezone.now()
    )
    # The period has not ended yet, so the page warns about it.
    Report.objects.filter(pk=report.pk).update(period_end=timezone.localdate())
    sign_in(client, world.coordinator)
    url = reverse("reports:submit", args=[world.project.pk, report.pk])
    finnish = _page(client, url, "fi")
    assert "Raportti jätetään yleensä kauden jälkeen" in finnish
    assert "Väliraportti" not in finnish
    swedish = _page(client, url, "sv")
    assert "En rapport lämnas vanligen in efter perioden" in swedish
    assert "mellanrapport" not in swedish


def test_published_minutes_say_that_corrections_are_emailed(world, client):
    meeting = HeldMeetingFactory(project=world.project)
    Minutes.objects.create(
        meeting=meeting, status=MinutesStatus.PUBLISHED, published_at=timezone.now(), published_by=world.coordinator
    )
    sign_in(client, world.coordinator)
    page = _page(client, reverse("meetings:minutes", args=[world.project.pk, meeting.pk]), "fi")
    assert "niin jäsenet saavat sen sähköpostilla" in page
    assert "ei lähetetä" not in page
    # The correction field's help says the same: the members get the note by e-mail.
    assert "jäsenet saavat tämän huomautuksen sähköpostilla" in page


def test_the_header_names_each_link_differently(client):
    """The demo's administrator was called "Ylläpito", so their name beside the admin link read the same."""
    call_command("seed_demo", password="demo-pass-1234", verbosity=0)
    sign_in(client, User.objects.get(email="admin@demo.networkhub.fi"))
    page = _page(client, reverse("home:projects"), "fi")
    header = page.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    labels = [
        re.sub(r"<[^>]+>", "", part.split("</a>", 1)[0].split(">", 1)[1]).strip() for part in header.split("<a ")[1:]
    ]
    assert "Ylläpito" in labels
    assert len(labels) == len(set(labels)), labels
