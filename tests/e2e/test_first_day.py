"""Issue 2's "Done when", in a real browser: a coordinator registers a project, adds three partners
(one foreign, one company, one new to international activity) and invites a contact, who joins and
sees that project and nothing else."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from partners.models import Organisation
from projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-for-e2e"


def _sign_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(re.compile(r"/projects/$"))


def _add_organisation(page, project, *, name, org_type, country, number, new_to_international=False):
    page.goto(f"/projects/{project.pk}/members/add/")
    page.locator("#id_name").fill(name)
    page.locator("#id_org_type").select_option(org_type)
    page.locator("#id_country").select_option(country)
    if country == "FI":
        page.locator("#id_business_id").fill(number)
    else:
        page.locator("#id_foreign_registration_number").fill(number)
    if new_to_international:
        page.locator("#id_new_to_international").check()
    page.get_by_role("button", name="Rekisteröi ja lisää hankkeeseen").click()
    page.wait_for_url(re.compile(r"/members/\d+/$"))


def test_coordinator_builds_a_network_and_invites_a_partner(page, live_server):
    call_command("seed_demo", password=PASSWORD)
    _sign_in(page, "koordinaattori@demo.networkhub.fi")
    assert page.locator("h1").inner_text() == "Hankkeet"

    # Register a project; a wrong date is explained at the field and nothing typed is lost.
    page.get_by_role("link", name="Rekisteröi hanke").click()
    page.locator("#id_name").fill("Osaajat maailmalle")
    page.locator("#id_acronym").fill("OSMA")
    page.locator("#id_programme").select_option(label="Ammatillisen koulutuksen kansainvälistyminen 2026")
    page.locator("#id_case_number").fill("OPH-4321-2026")
    page.locator("#id_application_date").fill("2026-11-20")
    page.locator("#id_start_date").fill("2027-01-01")
    page.locator("#id_end_date").fill("2026-12-31")
    page.locator("#id_grant_eur").fill("150000")
    page.locator("#id_self_financing_eur").fill("37500")
    page.locator("#id_lead_organisation").select_option(label="Helmijoen ammattiopisto")
    page.get_by_role("button", name="Rekisteröi", exact=True).click()
    assert (
        "Hanke ei voi päättyä ennen kuin se alkaa."
        in page.locator("#id_end_date ~ .invalid-feedback, #error_1_id_end_date").first.inner_text()
    )
    assert page.locator("#id_name").input_value() == "Osaajat maailmalle"
    page.locator("#id_end_date").fill("2028-12-31")
    page.get_by_role("button", name="Rekisteröi", exact=True).click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    project = Project.objects.get(acronym="OSMA")

    # Three partners: one foreign, one company, one new to international activity.
    _add_organisation(page, project, name="Riga Technical School", org_type="vet", country="LV", number="40003245752")
    _add_organisation(page, project, name="Kuljetus Koskinen Oy", org_type="company", country="FI", number="2212244-7")
    _add_organisation(
        page,
        project,
        name="Pohjois-Savon opisto",
        org_type="vet",
        country="FI",
        number="0323355-5",
        new_to_international=True,
    )
    # Organisations only invited are not members yet: the network counts the lead alone, and the
    # member list marks the three as invited.
    page.goto(f"/projects/{project.pk}/")
    stats = page.locator("#network-heading + div").inner_text()
    for count, label in [(1, "jäsenorganisaatiot"), (0, "ulkomailla"), (0, "yrityskumppanit")]:
        assert re.search(rf"{count}\s+{label}", stats), stats
    assert Organisation.objects.filter(name="Kuljetus Koskinen Oy", business_id="2212244-7").exists()
    page.goto(f"/projects/{project.pk}/members/")
    assert page.get_by_text("kutsuttu, ei vielä liittynyt").count() == 3

    # Add a contact to the new-to-international member and invite them.
    page.goto(f"/projects/{project.pk}/members/")
    page.get_by_role("link", name="Pohjois-Savon opisto").click()
    page.get_by_role("link", name="Lisää yhteyshenkilö").click()
    page.locator("#id_name").fill("Outi Partanen")
    page.locator("#id_email").fill("outi.partanen@pohjois-savo.example")
    page.locator("#id_language").select_option("fi")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("button", name="Lähetä kutsu").click()
    assert "Kutsu lähetetty" in page.locator("[role=status]").inner_text()

    invitation = mail.outbox[-1]
    assert invitation.to == ["outi.partanen@pohjois-savo.example"]
    link = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", invitation.body).group(1)

    # The contact opens the link in their own browser, sets a password and sees only this project.
    partner_context = page.context.browser.new_context(base_url=live_server.url, locale="fi-FI")
    partner = partner_context.new_page()
    partner.goto(link)
    assert partner.locator("h1").inner_text() == "Liity verkostoon"
    partner.locator("#id_password1").fill("Outin-oma-salasana-2026")
    partner.locator("#id_password2").fill("Outin-oma-salasana-2026")
    partner.get_by_role("button", name="Luo käyttäjätili").click()
    partner.wait_for_url(re.compile(r"/projects/$"))
    rows = partner.locator("tbody tr")
    assert rows.count() == 1
    assert "OSMA" in rows.first.inner_text()
    other = Project.objects.exclude(pk=project.pk).first()
    assert partner.goto(f"/projects/{other.pk}/").status == 404
    partner_context.close()

    # Its contact has joined, so the organisation new to international activity is now a member.
    page.goto(f"/projects/{project.pk}/")
    stats = page.locator("#network-heading + div").inner_text()
    for count, label in [(2, "jäsenorganisaatiot"), (1, "aloittelee kansainvälistä toimintaa")]:
        assert re.search(rf"{count}\s+{label}", stats), stats


def test_language_switch_and_skip_link(page, live_server):
    call_command("seed_demo", password=PASSWORD)
    _sign_in(page, "koordinaattori@demo.networkhub.fi")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement"), page.evaluate(
        "document.activeElement.outerHTML"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.get_by_role("button", name="Svenska").click()
    assert page.locator("h1").inner_text() == "Projekt"
    assert page.locator("html").get_attribute("lang") == "sv"
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Projects"
