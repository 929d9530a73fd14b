"""Existing data under the new rules.

- Used pulse links keep no address and no time of use: `sent_to` and `last_opened_at` are cleared, and `used_at`
  becomes the link's creation time (already known), so the link stays used. The same for the other links of
  recipients who answered.
- Rounds whose last day has passed are closed with the counts of their recipients as they are now; their answers
  stay as they are.
- The answers of a round still open move to the buffer (PendingAnswer), to be written in a random order at the
  close like new ones.
"""

from django.db import migrations
from django.db.models import Count, F, Q


def forwards(apps, schema_editor):
    from django.utils import timezone

    LinkToken = apps.get_model("networkhub", "LinkToken")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PulseRound = apps.get_model("pulse", "PulseRound")
    PulseRecipient = apps.get_model("pulse", "PulseRecipient")
    PulseAnswer = apps.get_model("pulse", "PulseAnswer")
    PendingAnswer = apps.get_model("pulse", "PendingAnswer")
    db = schema_editor.connection.alias

    recipient_type = ContentType.objects.using(db).filter(app_label="pulse", model="pulserecipient").first()
    links = LinkToken.objects.using(db).filter(purpose="pulse")
    links.filter(used_at__isnull=False).update(sent_to="", last_opened_at=None, used_at=F("created_at"))
    if recipient_type is not None:
        answered = PulseRecipient.objects.using(db).filter(answered=True).values_list("pk", flat=True)
        links.filter(target_type=recipient_type, target_id__in=list(answered)).update(
            sent_to="", last_opened_at=None, used_at=F("created_at"), revoked_at=None
        )

    today = timezone.localdate()
    for pulse_round in PulseRound.objects.using(db).filter(closed=False):
        if pulse_round.closes_on < today:
            counts = PulseRecipient.objects.using(db).filter(round=pulse_round).aggregate(
                total=Count("pk"),
                replied=Count("pk", filter=Q(answered=True)),
                organisations=Count("contact__organisation", filter=Q(answered=True), distinct=True),
            )
            pulse_round.closed = True
            pulse_round.asked_count = counts["total"]
            pulse_round.answered_count = counts["replied"]
            pulse_round.organisations_count = counts["organisations"]
            pulse_round.save()
        else:
            fields = ["openness", "reliability", "mission", "resources", "involvement", "comment"]
            rows = PulseAnswer.objects.using(db).filter(round=pulse_round)
            PendingAnswer.objects.using(db).bulk_create(
                PendingAnswer(round=pulse_round, **{name: getattr(row, name) for name in fields}) for row in rows
            )
            rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pulse", "0002_closed_rounds_and_pending_answers"),
        ("networkhub", "0012_recovery_codes_leave_for_accounts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
