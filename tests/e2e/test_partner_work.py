"""Issue 21's "Done when", in a real browser: a partner contact, starting from their landing page, marks a late
letter task done, records an output (made with another member) and its dissemination, records their
organisation's first mobility and marks an overdue action item done, all through the pages' own links. Each
change then shows on the coordinator's project home (the health panel's items 3, 11 and 12 and the meetings
panel), on the network map (the output's tie) and in a status report's draft.

Dates are built from the live server's today, as the other browser tests do.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import services as commitments
from commitments.models import Task
from meetings.models import ActionItem
from mobility.models import Mobility
from projects.models import ReportType
from reports import services as reports
from results.models import Output
from tests.commitments.helpers import draft_letter, publish_rules
from tests.factories import PASSWORD, ContactFactory, MembershipFactory, OrganisationFactory
from tests.health.helpers import sign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TASK = "Opettajien kv-työpaja"
LATER_TASK = "Kokemusten levittäminen"
ACTION = "Lähetä työpajan muistio ohjausryhmälle"
OUTPUT = "Työssäoppimisen vastaanotto-opas"
CO_AUTHOR = "Järvenpään yhteislyseo"


def _fi(day):
    return f"{day.day}.{day.month}.{day.year}"


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/projects/$"))


def _network(world, today):
    """The world's project, running for 200 days; the partner's organisation new to international activity,
    with a signed letter whose first task was due 20 days ago; another member to make the output with; an
    action item of the partner's, overdue; and the coordinator's status report draft."""
    project = world.project
    project.application_date = today - timedelta(days=260)
    project.start_date = today - timedelta(days=200)
    project.end_date = today + timedelta(days=500)
    project.save()
    world.membership.joined_on = today - timedelta(days=300)
    world.membership.save()
    organisation = world.membership.organisation
    organisation.new_to_international = True
    organisation.save()
    co_author = OrganisationFactory(name=CO_AUTHOR)
    ContactFactory(organisation=co_author)
    MembershipFactory(project=project, organisation=co_author, joined_on=today - timedelta(days=300))

    publish_rules(project, world.coordinator)
    version = draft_letter(world.membership, world.coordinator, tasks=(), contact=world.contact)
    for order, (title, days) in enumerate([(TASK, -20), (LATER_TASK, 120)]):
        Task.objects.create(
            version=version,
            order=order,
            title=title,
            responsible=world.contact,
            deadline=today + timedelta(days=days),
        )
    commitments.send_version(version, actor=world.coordinator)
    sign(version, "contact")
    sign(version, "management")

    ActionItem.objects.create(
        project=project,
        title=ACTION,
        owner_organisation=organisation,
        owner_contact=world.contact,
        due_date=today - timedelta(days=5),
    )
    return reports.create_report(project, report_type=ReportType.STATUS, actor=world.coordinator, language="fi")


def _health_item(page, key):
    return page.locator(f'#health-panel li[data-health-item="{key}"]').inner_text()


def _coordinator_sees(page, project, report):
    """What the coordinator's project home, network map and report draft say, as text."""
    page.goto(reverse("home:project", args=[project.pk]))
    home = {key: _health_item(page, key) for key in ("tasks", "dissemination", "new_to_international")}
    home["meetings"] = page.locator("section[aria-labelledby=meetings-heading]").inner_text()
    page.goto(reverse("health:network_map", args=[project.pk]) + "?kinds=outputs")
    network_map = page.locator("main").inner_text()
    page.goto(reverse("reports:detail", args=[project.pk, report.pk]))
    draft = {
        section: page.locator(f"section#{section}").inner_text() for section in ("commitment", "meetings", "outputs")
    }
    draft["mobility"] = (
        page.locator("section#mobility").inner_text() if page.locator("section#mobility").count() else ""
    )
    return home, network_map, draft


def test_a_partners_work_shows_on_the_coordinators_panel_map_and_report(page, browser, live_server, world):
    today = timezone.localdate()
    report = _network(world, today)
    project, partner_organisation = world.project, world.membership.organisation.name

    coordinator = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    coordinator.set_default_timeout(15000)
    _sign_in(coordinator, world.coordinator.email)
    home, network_map, draft = _coordinator_sees(coordinator, project, report)
    # Before: the task is late and not done, nothing recorded, no first mobility, the action item overdue.
    assert "0/1 tähän mennessä erääntyneestä tehtävästä on tehty" in home["tasks"], home["tasks"]
    assert "Ensimmäisen liikkuvuutensa tehneet aloittelijat: 0/1." in home["new_to_international"]
    assert re.search(r"Avoimet toimenpiteet\s+1\s+myöhässä 1", home["meetings"]), home["meetings"]
    assert "Yhdessä tehtyjä tuotoksia: 0 % (0 paria)" in network_map, network_map
    assert f"{TASK} ({_fi(today - timedelta(days=20))}): avoin – myöhässä" in draft["commitment"], draft["commitment"]
    assert "suljettuja 0" in draft["meetings"] and OUTPUT not in draft["outputs"]

    # The partner starts from their landing page: the late task is one of their to-dos.
    _sign_in(page, world.partner.email)
    todos = page.locator("main").inner_text()
    assert TASK in todos and ACTION in todos, todos
    page.get_by_role("link", name=re.compile("Päivitä tehtävä")).click()
    page.wait_for_url(re.compile(r"/tasks/#task-"))
    task = page.locator("section", has=page.get_by_role("heading", name=TASK))
    task.locator("input[name=status][value=done]").check()
    task.locator("textarea[name=note]").fill("Työpaja pidettiin, 14 opettajaa osallistui.")
    task.get_by_role("button", name="Tallenna edistyminen").click()
    assert "Tehtävän edistyminen tallennettiin." in page.locator("[role=status]").inner_text()

    # Back to the landing page: the action item is marked done from its to-do.
    page.get_by_role("link", name="Hankkeet", exact=True).first.click()
    page.wait_for_url(re.compile(r"/projects/$"))
    assert TASK not in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Merkitse tehdyksi")).click()
    page.wait_for_url(re.compile(r"/meetings/actions/"))
    page.get_by_role("button", name=f"Merkitse tehdyksi {ACTION}").click()
    assert "Toimenpide päivitetty." in page.locator("[role=status]").inner_text()

    # The project, its results: an output made with another member, then where it was presented.
    page.get_by_role("link", name="Hankkeet", exact=True).first.click()
    page.get_by_role("link", name=project.acronym, exact=True).click()
    page.get_by_role("link", name="Tulokset", exact=True).first.click()
    page.get_by_role("link", name="Lisää tuotos").click()
    page.locator("#id_output_type").select_option("method")
    page.locator("#id_title").fill(OUTPUT)
    page.locator("#id_description").fill("Miten työpaikka ottaa vastaan ulkomaisen opiskelijan.")
    # One's own organisation is ticked as a maker; the partner adds the other member they made it with.
    assert page.get_by_role("checkbox", name=partner_organisation, exact=True).is_checked()
    page.get_by_role("checkbox", name=CO_AUTHOR, exact=True).check()
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(re.compile(r"/results/#output-\d+$"))
    page.get_by_role("link", name=re.compile(f"^Kirjaa levittäminen\\W+{OUTPUT}$")).click()
    page.locator("#id_date").fill((today - timedelta(days=2)).isoformat())
    page.locator("#id_channel").select_option("seminar")
    page.locator("#id_audience_type").select_option("sector")
    page.locator("#id_audience").fill("Alueen työpaikkaohjaajat")
    page.locator("#id_reach").fill("85")
    page.get_by_role("button", name="Tallenna").click()
    output = Output.objects.get(title=OUTPUT)
    assert output.recorded_for == world.membership.organisation and output.created_by == world.partner
    assert output.events.get().reach == 85

    # Mobility: the organisation's first outgoing students, started a week ago.
    page.get_by_role("link", name="Liikkuvuus", exact=True).first.click()
    page.get_by_role("link", name="Kirjaa liikkuvuus").click()
    page.get_by_label("Lähtevä").check()
    page.get_by_label("Opiskelijat").check()
    page.locator("#id_participants").fill("3")
    page.locator("#id_sending_organisation").select_option(label=partner_organisation)
    page.locator("#id_receiving_name").fill("Tallinna Teeninduskool")
    page.locator("#id_country").select_option("EE")
    page.locator("#id_start_date").fill((today - timedelta(days=7)).isoformat())
    page.locator("#id_end_date").fill((today + timedelta(days=14)).isoformat())
    page.locator("#id_newcomer_first").check()
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(re.compile(r"/mobility/(#.*)?$"))
    mobility = Mobility.objects.get(project=project)
    assert (mobility.participants, mobility.created_by) == (3, world.partner)

    # The coordinator sees each change.
    home, network_map, draft = _coordinator_sees(coordinator, project, report)
    assert "1/1 tähän mennessä erääntyneestä tehtävästä on tehty" in home["tasks"], home["tasks"]
    assert "tavoittaneet 85 henkilöä" in home["dissemination"], home["dissemination"]
    assert (
        f"Ensimmäisen liikkuvuutensa tehneet aloittelijat: 1/1 ({partner_organisation})."
        in (home["new_to_international"])
    ), home["new_to_international"]
    assert re.search(r"Avoimet toimenpiteet\s+0\b", home["meetings"]), home["meetings"]
    assert "myöhässä" not in home["meetings"]
    assert re.search(r"Yhdessä tehtyjä tuotoksia: 100 % \(1 paria\)", network_map), network_map
    assert re.search(rf"{re.escape(partner_organisation)}.*{CO_AUTHOR} \(1\)", network_map), network_map

    assert f"{TASK} ({_fi(today - timedelta(days=20))}): tehty {_fi(today)}" in draft["commitment"], draft["commitment"]
    assert f"{LATER_TASK} ({_fi(today + timedelta(days=120))}): avoin" in draft["commitment"]
    assert "tehtäviä kauden lopussa: 2; tehty 1, kesken 0" in draft["commitment"], draft["commitment"]
    assert "määräpäivä ohitettu eikä tehty: 0." in draft["commitment"]
    assert "suljettuja 1" in draft["meetings"], draft["meetings"]
    assert OUTPUT in draft["outputs"] and f"{CO_AUTHOR}, {partner_organisation}" in draft["outputs"], draft["outputs"]
    assert "Alueen työpaikkaohjaajat" in draft["outputs"] and "85" in draft["outputs"]
    assert "Viro" in draft["mobility"] and partner_organisation in draft["mobility"], draft["mobility"]
    coordinator.context.close()
