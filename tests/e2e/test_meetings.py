"""Meetings in a real browser, without JavaScript doing any of the work: a coordinator schedules a
meeting just after the spring daylight saving change and invites the network; a partner replies
from the e-mailed link, by proxy."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Invitation, Meeting, Response
from projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-for-e2e"


def _english(context, live_server):
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _monday_after_the_spring_change(year):
    last_of_march = date(year, 3, 31)
    last_sunday = last_of_march - timedelta(days=(last_of_march.weekday() + 1) % 7)
    return last_sunday + timedelta(days=1)


def test_coordinator_schedules_and_a_partner_replies_by_proxy(page, live_server):
    call_command("seed_demo", password=PASSWORD)
    verkko = Project.objects.get(case_number="OPH-1234-2026")
    _english(page.context, live_server)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("koordinaattori@demo.networkhub.fi")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/projects/$"))

    page.goto(f"/projects/{verkko.pk}/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.locator("#id_title").fill("Kevään ohjausryhmä")
    page.locator("#id_meeting_type").select_option("steering_group")
    # The Monday after next spring's change (the last Sunday of March): 10:00 in Helsinki is then 07:00 UTC.
    monday = _monday_after_the_spring_change(timezone.localdate().year + 1).isoformat()
    page.locator("#id_start").fill(f"{monday}T10:00")
    page.locator("#id_end").fill(f"{monday}T09:00")
    page.get_by_role("button", name="Schedule").click()
    assert "The meeting must end after it starts." in page.locator("#div_id_end").inner_text()
    assert page.locator("#id_title").input_value() == "Kevään ohjausryhmä"
    page.locator("#id_end").fill(f"{monday}T12:00")
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting = Meeting.objects.get(title="Kevään ohjausryhmä")
    assert meeting.start == datetime.fromisoformat(f"{monday}T07:00").replace(tzinfo=UTC)
    assert "(Europe/Helsinki, UTC+03:00)" in page.locator("main").inner_text()

    page.get_by_role("link", name="Invite").click()
    page.get_by_role("button", name="Send invitations").click()
    assert "Invitations sent" in page.locator("[role=status]").inner_text()
    message = next(m for m in mail.outbox if m.to == ["kumppani@demo.networkhub.fi"] and "/m/rsvp/" in m.body)
    assert any(name.endswith(".ics") for name, _content, _type in message.attachments)
    link = re.search(r"https?://[^/\s]+(/m/rsvp/[^/\s]+/)", message.body).group(1)

    partner_context = page.context.browser.new_context(base_url=live_server.url)
    _english(partner_context, live_server)
    partner = partner_context.new_page()
    partner.goto(link)
    assert partner.locator("h1").inner_text() == "Kevään ohjausryhmä"
    partner.get_by_label("I send a proxy").check()
    partner.get_by_role("button", name="Save my reply").click()
    assert "Give the name of the person who attends in your place." in partner.locator("main").inner_text()
    partner.get_by_label("Proxy's name").fill("Riikka Varanen")
    partner.get_by_role("button", name="Save my reply").click()
    assert "your reply has been saved" in partner.locator("[role=status]").inner_text()
    invitation = Invitation.objects.get(meeting=meeting, contact__email="kumppani@demo.networkhub.fi")
    assert (invitation.response, invitation.proxy_name) == (Response.PROXY, "Riikka Varanen")
    partner_context.close()
