from django.core.management import call_command

from networkhub.models import Message, MessageStatus
from outreach.models import Announcement, AnnouncementStatus, MotivationEntry


def test_demo_has_a_sent_announcement_and_motivation_log_entries(db, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", password="demo-pass-1234")
    sent = Announcement.objects.get(project__acronym="VERKKO")
    assert sent.status == AnnouncementStatus.SENT and sent.languages == ["fi", "sv", "en"]
    recipients = list(sent.recipients.select_related("contact", "message"))
    assert recipients and {r.message.status for r in recipients} == {MessageStatus.SENT}
    kadri = next(r for r in recipients if r.contact.email == "partner@demo.networkhub.fi")
    assert kadri.language == "en"
    assert Announcement.objects.get(project__acronym="BRO").status == AnnouncementStatus.DRAFT
    entries = MotivationEntry.objects.filter(membership__project__acronym="VERKKO")
    assert {e.channel for e in entries} >= {"phone", "visit", "meeting", "email"}
    counts = (Announcement.objects.count(), MotivationEntry.objects.count(), Message.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", password="demo-pass-1234")  # again: nothing twice
    assert (Announcement.objects.count(), MotivationEntry.objects.count(), Message.objects.count()) == counts
