"""Issue 13 #1: the funder reviewer's landing page never says that no report has been submitted while the
review queue holds reports, and it states how many it holds, in every language.

Before the programme overview, a reviewer landed on the project list, whose empty state said "No report
has been submitted yet." whatever the queue held (the wording is kept below so that this test fails on it).
"""

import pytest
from django.urls import reverse

from tests.factories import sign_in
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

# Sentences that say the queue is empty, in each language: the old project list's empty state and the
# overview's own count at zero.
REPORTLESS = {
    "fi": [
        "Yhtään raporttia ei ole vielä lähetetty.",
        "Arviointijonossa on 0 lähetettyä raporttia.",
    ],
    "sv": [
        "Ingen rapport har skickats ännu.",
        "0 inlämnade rapporter finns i granskningskön.",
    ],
    "en": [
        "No report has been submitted yet.",
        "0 submitted reports are in the review queue.",
    ],
}
TWO_QUEUED = {
    "fi": "Arviointijonossa on 2 lähetettyä raporttia.",
    "sv": "2 inlämnade rapporter finns i granskningskön.",
    "en": "2 submitted reports are in the review queue.",
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_landing_never_says_no_report_while_two_are_queued(world, client, settings, language):
    reports = [
        submitted(world.project, world.coordinator),
        submitted(world.other_project, world.other_coordinator),
    ]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in(client, world.funder)

    # Where signing in lands (the site root) and the old landing address both end on the same page.
    for start in (reverse("home"), reverse("home:projects")):
        response = client.get(start, follow=True)
        assert response.status_code == 200
        body = " ".join(response.content.decode().split())  # one space between words, as a reader sees it
        for sentence in REPORTLESS[language]:
            assert sentence not in body, f"{sentence!r} on the landing while two reports are queued"
        assert TWO_QUEUED[language] in body
        for report in reports:  # each queued report is reachable from the landing page
            assert reverse("reports:report", args=[report.pk]) in body
