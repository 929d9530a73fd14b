"""The diff between letter versions writes values as the letter page does (issue 13, defect 8)."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from commitments import services
from commitments.diff import diff
from tests.commitments.helpers import draft_letter, publish_rules


def test_money_and_dates_in_the_diff_read_as_on_the_page(world):
    publish_rules(world.project, world.coordinator)
    first = draft_letter(
        world.membership, world.coordinator, contribution_eur=Decimal("8000.00"), period_end=date(2027, 5, 31)
    )
    services.send_version(first, actor=world.coordinator)
    second = services.start_new_version(first.letter, actor=world.coordinator)
    second.contribution_eur = Decimal("9500.00")
    second.period_end = date(2027, 6, 30)
    second.save()
    with translation.override("fi"):
        changes = {change.label: (change.before, change.after) for change in diff(second).letter_changes}
    assert changes["panos (EUR)"] == ("8\xa0000,00 €", "9\xa0500,00 €")
    assert changes["sitoumus päättyy"] == ("31.5.2027", "30.6.2027")
    with translation.override("en"):
        changes = {change.label: (change.before, change.after) for change in diff(second).letter_changes}
    assert changes["commitment ends"] == ("31/05/2027", "30/06/2027")
    assert changes["contribution (EUR)"] == ("8,000.00 €", "9,500.00 €")
