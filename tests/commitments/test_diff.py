"""The diff between letter versions writes values as the letter page does (issue 13, defect 8)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import translation

from commitments import services
from commitments.diff import diff
from tests.commitments.helpers import draft_letter, publish_rules


def finnish(day):
    """A date as Finnish writes it: 31.1.2027, without zero padding."""
    return f"{day.day}.{day.month}.{day.year}"


def test_money_and_dates_in_the_diff_read_as_on_the_page(world):
    publish_rules(world.project, world.coordinator)
    # Both ends lie inside the project's period, whatever the day the suite runs (no calendar-bound dates).
    first_end = world.project.start_date + timedelta(days=60)
    second_end = first_end + timedelta(days=30)
    first = draft_letter(world.membership, world.coordinator, contribution_eur=Decimal("8000.00"), period_end=first_end)
    services.send_version(first, actor=world.coordinator)
    second = services.start_new_version(first.letter, actor=world.coordinator)
    second.contribution_eur = Decimal("9500.00")
    second.period_end = second_end
    second.save()
    with translation.override("fi"):
        changes = {change.label: (change.before, change.after) for change in diff(second).letter_changes}
    assert changes["panos (EUR)"] == ("8\xa0000,00 €", "9\xa0500,00 €")
    assert changes["sitoumus päättyy"] == (finnish(first_end), finnish(second_end))
    with translation.override("en"):
        changes = {change.label: (change.before, change.after) for change in diff(second).letter_changes}
    assert changes["commitment ends"] == (f"{first_end:%d/%m/%Y}", f"{second_end:%d/%m/%Y}")
    assert changes["contribution (EUR)"] == ("8,000.00 €", "9,500.00 €")
