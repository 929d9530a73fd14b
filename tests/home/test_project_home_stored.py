"""The project home on the demo (issue 24): the panel and the network map read from the stored day show exactly what
the live ones show, in every language, to a coordinator (names) and a partner (counts); the page then costs fewer
queries, and the members' letters are read once whichever way the panel comes (docs/health.md, "Live statuses")."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from health.daily import take_daily_statuses
from health.models import HealthDay
from projects.models import Project
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

VERKKO = "OPH-1234-2026"
COORDINATOR = "koordinaattori@demo.networkhub.fi"
PARTNER = "partner@demo.networkhub.fi"
# The page's queries on the demo, VERKKO's coordinator: the panel computed live, and read from the stored day.
LIVE_QUERIES = 51
STORED_QUERIES = 21


def _section(page, heading):
    start = page.index(f'<section class="col-12" aria-labelledby="{heading}">')
    return page[start : page.index("</section>", start)]


def _panel_and_map(page):
    return _section(page, "health-heading"), _section(page, "network-map-heading")


def _letter_reads(queries):
    """The queries that read the letters' own tables (not a join through them)."""
    tables = ('"commitments_letter"', '"commitments_letterversion"', '"commitments_signaturerequest"')
    return [query["sql"] for query in queries if query["sql"].split(" FROM ", 1)[1].startswith(tables)]


def _stale(project, stale):
    HealthDay.objects.filter(project=project).update(stale_since=timezone.now() if stale else None)


def _get(client, path, *, stored):
    if stored:  # neither the panel nor the map may be computed: both are read from the day
        with (
            mock.patch("health.snapshots.panel", side_effect=AssertionError("the panel was computed live")),
            mock.patch("health.queries.build", side_effect=AssertionError("the map was computed live")),
        ):
            return client.get(path)
    return client.get(path)


def test_the_stored_panel_and_map_are_the_live_ones_for_every_language_and_reader(client):
    call_command("seed_demo", password="demo-pass-1234")
    verkko = Project.objects.get(case_number=VERKKO)
    take_daily_statuses()
    path = reverse("home:project", args=[verkko.pk])
    panels = {}
    for email in (COORDINATOR, PARTNER):
        sign_in(client, User.objects.get(email=email))
        for code, _name in settings.LANGUAGES:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
            from_store = _panel_and_map(_get(client, path, stored=True).content.decode())
            _stale(verkko, True)
            live = _panel_and_map(_get(client, path, stored=False).content.decode())
            _stale(verkko, False)
            assert from_store == live, (email, code)
            panels[email, code] = from_store
    for code, _name in settings.LANGUAGES:  # the demo has facts naming members: the two readers see them apart
        assert panels[COORDINATOR, code][0] != panels[PARTNER, code][0]
        weak_legend = 'stroke-dasharray="4 2"'  # the legend of the weak mark, which only names show
        assert (weak_legend in panels[COORDINATOR, code][1], weak_legend in panels[PARTNER, code][1]) == (True, False)
    assert len({panels[COORDINATOR, code] for code, _name in settings.LANGUAGES}) == len(settings.LANGUAGES)

    # The page's cost: fewer queries with the stored panel, and the letters read once either way.
    sign_in(client, User.objects.get(email=COORDINATOR))
    client.get(path)
    with CaptureQueriesContext(connection) as from_store:
        _get(client, path, stored=True)
    _stale(verkko, True)
    with CaptureQueriesContext(connection) as live:
        _get(client, path, stored=False)
    assert (len(live), len(from_store)) == (LIVE_QUERIES, STORED_QUERIES)
    for captured in (from_store, live):
        reads = _letter_reads(captured.captured_queries)
        assert len(reads) == 3, reads  # the letters, their versions, their signature requests: once each
        assert sum(' FROM "commitments_letterversion"' in sql for sql in reads) == 1
