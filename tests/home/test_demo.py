"""The demo network shows the panel at work: VERKKO has red, amber and green items, BRO is healthier,
letters signed before the application date verify, and eight weeks of snapshots draw the trends."""

from collections import Counter

import pytest
from django.core.management import call_command

from commitments.demo import TASKS
from commitments.models import LetterAmendment, LetterVersion, PaperSignature, Signature
from commitments.overview import commitments_for
from health.activity import quiet_members
from health.models import HealthSnapshot
from health.network_map import map_data
from health.panel import Status, panel
from health.snapshots import TREND_WEEKS
from partners.models import ContactPerson
from partners.queries import current_members
from projects.models import Project
from pulse.models import PendingAnswer, PulseAnswer, PulseRound
from pulse.queries import round_result

pytestmark = pytest.mark.django_db


def _statuses(project):
    return Counter(health_item.status for health_item in panel(project))


def test_demo_health(capsys):
    call_command("seed_demo", password="demo-pass-1234")
    verkko = Project.objects.get(case_number="OPH-1234-2026")
    bro = Project.objects.get(case_number="OPH-877-2025")
    verkko_statuses, bro_statuses = _statuses(verkko), _statuses(bro)
    assert all(verkko_statuses[status] for status in (Status.RED, Status.AMBER, Status.GREEN)), verkko_statuses
    assert bro_statuses[Status.RED] < verkko_statuses[Status.RED]
    assert bro_statuses[Status.GREEN] > verkko_statuses[Status.GREEN]

    for project in (verkko, bro):  # letters signed by both before the application date, and they verify
        at_application = commitments_for(current_members(project), project.application_date)
        assert sum(commitment.is_signed for commitment in at_application.values()) >= 2, project

    # VERKKO's quiet partner stands out on the network map as weakly tied; the rest of VERKKO is tied
    quiet = {membership.organisation.name for membership in quiet_members(verkko)}
    verkko_map = map_data(verkko)
    assert quiet and quiet == {node["name"] for node in verkko_map["nodes"] if node["weak"]}
    assert verkko_map["ties"] > verkko_map["members"] and map_data(bro)["weak"] == 0

    # A BRO letter signed on paper before networkhub, a VERKKO letter with an acknowledged amendment: both verify.
    assert PaperSignature.objects.filter(version__letter__membership__project=bro, version__status="signed").exists()
    assert LetterAmendment.objects.acknowledged().filter(version__letter__membership__project=verkko).exists()
    # A BRO rector signed after strong identification; its sealed evidence verifies with the rest.
    assert Signature.objects.filter(
        request__version__letter__membership__project=bro, identity_provider="Suomi.fi-tunnistus"
    ).exists()
    call_command("verify_commitments")
    assert "All letters verify." in capsys.readouterr().out

    items = {project: {health_item.key: health_item for health_item in panel(project)} for project in (verkko, bro)}
    for project in (verkko, bro):
        assert items[project]["application"].value > 0, project  # some letters were signed before applying
        for key in ("learning", "trust", "expertise", "dissemination"):  # ideas, reviews, pulse, profiles, outputs
            assert items[project][key].status != Status.NO_DATA, (project, key)
        rounds = PulseRound.objects.filter(project=project).order_by("-quarter")
        assert not rounds[0].closed and round_result(rounds[0]).averages == [], project  # open: nothing shows yet
        assert rounds[1].closed, project
        # VERKKO's closed round has enough answers for the averages; BRO's four answers are too few to show.
        assert round_result(rounds[1]).shown == (project == verkko), project
    assert items[verkko]["trust"].value is not None
    # Issue 20: VERKKO's closed round shows trust and value apart, and someone answered "can't say".
    closed = round_result(PulseRound.objects.filter(project=verkko, closed=True).order_by("-quarter").first())
    assert closed.trust.shown and closed.value.shown
    assert PulseAnswer.objects.filter(round__project=verkko, influence=None).exists()
    answers = PulseAnswer.objects.count() + PendingAnswer.objects.count()

    days = set(HealthSnapshot.objects.filter(project=verkko).values_list("taken_on", flat=True))
    weeks = {day for day in days if day.weekday() == 0}  # the weekly snapshots; the daily statuses add today
    assert len(weeks) == TREND_WEEKS + 1
    count = HealthSnapshot.objects.count()
    call_command("seed_demo", password="demo-pass-1234")
    assert HealthSnapshot.objects.count() == count
    assert PulseAnswer.objects.count() + PendingAnswer.objects.count() == answers


def test_demo_contacts_and_letters_read_as_real_ones(capsys):
    call_command("seed_demo", password="demo-pass-1234")
    output = capsys.readouterr().out
    assert "Administrator " not in output and "Ylläpitäjä" in output  # the summary speaks Finnish
    account_lines = [line for line in output.splitlines() if "@demo.networkhub.fi" in line]
    email_columns = {line.index(next(word for word in line.split() if "@" in word)) for line in account_lines}
    assert len(account_lines) >= 6 and len(email_columns) == 1  # the e-mail addresses line up
    phones = [phone for phone in ContactPerson.objects.values_list("phone", flat=True) if phone]
    assert len(phones) == len(set(phones)) > 5  # no shared dummy number
    assert ContactPerson.objects.filter(organisation__country="DE", phone__startswith="+49").exists()
    for version in LetterVersion.objects.prefetch_related("tasks"):
        titles = {task.title for task in version.tasks.all()}
        expected = {title for title, _description, _effort in TASKS[version.language]}
        assert titles <= expected, (version, version.language)
    assert LetterVersion.objects.filter(language="sv").exists()
