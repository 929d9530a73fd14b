"""Templated e-mail in the recipient's language. Called from Celery tasks only.

Every message is kept as a `Message` row (sent or failed) for the project's message log.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .models import Message, MessageStatus

logger = logging.getLogger(__name__)


def render_mail(template_prefix, *, to, language, context, attachments=(), reply_to=None):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` in `language`."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], reply_to=[reply_to] if reply_to else None
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.extra_headers["Content-Language"] = language
    return message


def send_templated_mail(template_prefix, *, to, language, context, attachments=(), reply_to=None, kind=None):
    """Render and send one e-mail, and record it. SMTP errors are recorded, then raised for the task to retry.

    `attachments` are (filename, content, mimetype) triples, e.g. an .ics or a PDF.
    """
    email = render_mail(
        template_prefix, to=to, language=language, context=context, attachments=attachments, reply_to=reply_to
    )
    project = context.get("project")
    record = Message(
        project=project if isinstance(project, Message.project.field.related_model) else None,
        kind=kind or template_prefix.rsplit("/", 1)[-1],
        recipient=to,
        language=language,
        subject=email.subject[:300],
    )
    try:
        email.send()
    except OSError as error:  # smtplib.SMTPException is an OSError
        record.status, record.error = MessageStatus.FAILED, f"{error.__class__.__name__}: {error}"[:2000]
        record.save()
        logger.warning("Sending %s to %s failed: %s", record.kind, to, error)
        raise
    record.status = MessageStatus.SENT
    record.save()
    email.record = record
    return email
