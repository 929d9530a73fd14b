"""Issue 23, "Formats": numbers and dates as each language writes them. A sample of pages of the demo world,
in Finnish and Swedish, has no four-digit count without its thousands space ("1089" for "1 089") and no
zero-padded day ("01.02.2027" for "1.2.2027"); counts in messages go through the plural forms."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from networkhub import numbers
from networkhub.models import Role
from projects.models import Project
from reports.models import Report
from results.models import DisseminationEvent
from tests.factories import GoalFactory, sign_in
from tests.reports.helpers import draft, fake_render

# A number of four or more digits standing alone (not part of a date, a time, a case number, an id or a
# decimal); years (1900-2100) are years, not counts.
BARE_COUNT = re.compile(r"(?<![\w.,:/–\-+#])(\d{4,})(?![\w.,:/–\-%])")
# A day or a month with a leading zero in a dotted date: 01.02.2027, 1.02.2027.
PADDED_DAY = re.compile(r"(?<![\d.])(0\d\.\d{1,2}\.\d{4}|\d{1,2}\.0\d\.\d{4})(?![\d.])")


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def format_slips(text):
    """The bare counts and the zero-padded dates in `text`."""
    counts = [match for match in BARE_COUNT.findall(text) if not 1900 <= int(match) <= 2100]
    return counts + PADDED_DAY.findall(text)


def test_the_check_catches_a_planted_bare_count_and_a_padded_day():
    assert format_slips("Tavoitettu 1089 henkeä 01.02.2027; 3.02.2027 myös.") == ["1089", "01.02.2027", "3.02.2027"]
    # Grouped counts, years, case numbers, times and unpadded dates are fine.
    assert format_slips("Tavoitettu 1\xa0089 henkeä 1.2.2027 klo 14.30, OPH-1234-2026, kausi 2026–2027.") == []


def test_count_groups_thousands_in_each_language():
    with translation.override("fi"):
        assert numbers.count(1089) == "1\xa0089"
    with translation.override("sv"):
        assert numbers.count(1089) == "1\xa0089"
    with translation.override("en"):
        assert numbers.count(1089) == "1,089"
    assert numbers.count(None) == ""


@pytest.fixture
def demo(db):
    call_command("seed_demo", password="demo-pass-1234", verbosity=0)
    # A large audience, so that the pages have a four-digit count to write.
    event = DisseminationEvent.objects.order_by("pk").first()
    DisseminationEvent.objects.filter(pk=event.pk).update(reach=1089)
    return event


def _pages(project):
    report = Report.objects.filter(project=project).order_by("pk").first()
    pages = [
        reverse("home:projects"),
        reverse("home:project", args=[project.pk]),
        reverse("results:list", args=[project.pk]),
        reverse("meetings:list", args=[project.pk]),
        reverse("goals:review_list", args=[project.pk]),
        reverse("commitments:overview", args=[project.pk]),
        reverse("mobility:list", args=[project.pk]),
        reverse("reports:list", args=[project.pk]),
    ]
    if report is not None:
        pages.append(reverse("reports:detail", args=[project.pk, report.pk]))
    return pages


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_demo_pages_write_numbers_and_dates_as_the_language_does(demo, client, language):
    project = demo.output.project
    coordinator = project.coordinators.order_by("pk").first()
    User.objects.filter(pk=coordinator.pk).update(language=language)
    sign_in(client, coordinator)
    client.cookies["django_language"] = language
    slips = _slips(client, _pages(project))
    # The funder reviewer's pages: the programme overview, the review queue and the project's deadlines.
    client.logout()
    sign_in(client, User.objects.get(role=Role.FUNDER, email="arvioija@demo.networkhub.fi"))
    client.cookies["django_language"] = language
    funder_pages = [reverse("home:overview"), reverse("reports:queue"), reverse("reports:projects")]
    funder_pages += [reverse("reports:deadlines", args=[pk]) for pk in Project.objects.values_list("pk", flat=True)]
    slips |= _slips(client, funder_pages)
    assert slips == {}


def _slips(client, urls):
    slips = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = " ".join(visible_text(response.content.decode()).split())
        found = format_slips(text)
        if found:  # each with the words around it, to find it on the page
            slips[url] = [text[max(0, text.index(slip) - 80) : text.index(slip) + 20] for slip in found]
    return slips


def test_a_goals_actual_value_is_read_against_its_target(world, client):
    """ "1 järjestäjää" (a partitive after one): the unit is typed for the target, so the actual value is
    written as a share of it, "1 / 3 järjestäjää"."""
    goal = GoalFactory(project=world.project, target=3, unit="järjestäjää")
    report = draft(world.project, world.coordinator)
    report.goal_entries.filter(goal=goal).update(actual=1)
    fake_render(report)
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:detail", args=[world.project.pk, report.pk])).content.decode()
    assert "1 / 3 järjestäjää" in page
    assert "<td>1 järjestäjää" not in page
