# The meetings app's own "sent once" log (MailLog) merges into networkhub's Message, which now
# carries an idempotency key. Each MailLog row becomes the Message with the key the meeting tasks
# use for the same e-mail, so a task that runs again after this migration sends nothing twice.

import hashlib
from datetime import timedelta

from django.db import migrations

# MailLog's kind: the e-mail's kind (its template's name), which the key and the message log use.
KINDS = {
    "meeting_invitation": "meeting_invitation",
    "meeting_cancellation": "meeting_cancelled",
    "meeting_minutes": "meeting_minutes",
    "poll_invitation": "meeting_poll",
}
# MailLog's target prefix: (the object's model label in the key, the model's name).
TARGETS = {"meeting": ("meetings.meeting", "Meeting"), "poll": ("meetings.timepoll", "TimePoll")}
# The meeting tasks wrote a Message right after claiming the MailLog row: a Message without a key
# this soon after the MailLog row, for the same project, kind and recipient, is the same e-mail.
SAME_MAIL_WITHIN = timedelta(hours=1)


def mail_key(kind, label, pk, recipient, step):
    """networkhub.mail.mail_key as it stood when this migration was written."""
    key = f"{kind}:{label}:{pk}:{recipient.strip().lower()}:{step}"
    return key if len(key) <= 200 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _language(apps, prefix, pk, recipient):
    """The recipient's language: from the invitation or poll that was mailed, else any contact with the address."""
    ContactPerson = apps.get_model("partners", "ContactPerson")
    if prefix == "meeting":
        contacts = ContactPerson.objects.filter(meeting_invitations__meeting_id=pk)
    elif prefix == "poll":
        contacts = ContactPerson.objects.filter(poll_invitations__poll_id=pk)
    else:
        contacts = ContactPerson.objects.none()
    language = contacts.filter(email__iexact=recipient).values_list("language", flat=True).first()
    if language is None:
        language = ContactPerson.objects.filter(email__iexact=recipient).values_list("language", flat=True).first()
    return language or "fi"


def copy_mail_log(apps, schema_editor):
    MailLog = apps.get_model("meetings", "MailLog")
    Message = apps.get_model("networkhub", "Message")
    projects = {}
    for entry in MailLog.objects.order_by("sent_at", "pk"):
        prefix, _colon, pk = entry.target.partition(":")
        label, model_name = TARGETS.get(prefix, (f"meetings.{prefix}", None))
        kind = KINDS.get(entry.kind, entry.kind)
        key = mail_key(kind, label, pk, entry.recipient, entry.step)
        if Message.objects.filter(key=key).exists():
            continue  # merged before (this migration ran, was reversed and runs again)
        if entry.target not in projects:
            model = apps.get_model("meetings", model_name) if model_name and pk.isdigit() else None
            projects[entry.target] = (
                model.objects.filter(pk=pk).values_list("project_id", flat=True).first() if model else None
            )
        project_id = projects[entry.target]
        recorded = (
            Message.objects.filter(
                key=None,
                project_id=project_id,
                kind=kind,
                recipient__iexact=entry.recipient,
                status="sent",
                created_at__gte=entry.sent_at,
                created_at__lt=entry.sent_at + SAME_MAIL_WITHIN,
            )
            .order_by("created_at", "pk")
            .first()
        )
        if recorded is not None:
            recorded.key = key
            recorded.save(update_fields=["key"])
            continue
        Message.objects.create(
            key=key,
            project_id=project_id,
            kind=kind,
            recipient=entry.recipient.lower(),
            language=_language(apps, prefix, pk, entry.recipient),
            subject="",
            status="sent",
            attempts=1,
            created_at=entry.sent_at,
        )


def _parse(key):
    """(kind, label, pk, recipient, step) of a key that is not a hash, else None."""
    if key.startswith("sha256:"):
        return None
    kind, label, pk, rest = key.split(":", 3)
    recipient, step = rest.rsplit(":", 1)
    return kind, label, pk, recipient, step


def _find_hashed(apps, message):
    """(label, pk, step) of a hashed key: try the project's meetings (each sequence) or polls."""
    Meeting = apps.get_model("meetings", "Meeting")
    TimePoll = apps.get_model("meetings", "TimePoll")
    if message.kind == "meeting_poll":
        candidates = [
            ("meetings.timepoll", pk, 0)
            for pk in TimePoll.objects.filter(project_id=message.project_id).values_list("pk", flat=True)
        ]
    else:
        candidates = [
            ("meetings.meeting", pk, step)
            for pk, sequence in Meeting.objects.filter(project_id=message.project_id).values_list("pk", "sequence")
            for step in range(sequence + 1)
        ]
    for label, pk, step in candidates:
        if mail_key(message.kind, label, pk, message.recipient, step) == message.key:
            return label, pk, step
    return None


def restore_mail_log(apps, schema_editor):
    """Back to MailLog rows, so that the old meeting tasks know what has been sent. Messages stay."""
    MailLog = apps.get_model("meetings", "MailLog")
    Message = apps.get_model("networkhub", "Message")
    old_kinds = {kind: old for old, kind in KINDS.items()}
    prefixes = {label: prefix for prefix, (label, _name) in TARGETS.items()}
    sent = Message.objects.filter(kind__in=old_kinds, status__in=["sent", "sending"]).exclude(key=None)
    for message in sent.order_by("created_at", "pk"):
        parsed = _parse(message.key)
        if parsed is not None:
            _kind, label, pk, _recipient, step = parsed
        else:
            found = _find_hashed(apps, message)
            if found is None:
                continue
            label, pk, step = found
        if label not in prefixes or not str(step).isdigit():
            continue
        MailLog.objects.get_or_create(
            kind=old_kinds[message.kind],
            target=f"{prefixes[label]}:{pk}",
            recipient=message.recipient.lower(),
            step=int(step),
            defaults={"sent_at": message.created_at},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("networkhub", "0007_message_keys_and_attempts"),
    ]

    operations = [
        migrations.RunPython(copy_mail_log, restore_mail_log),
        migrations.DeleteModel(
            name="MailLog",
        ),
    ]
