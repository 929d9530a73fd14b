"""Templated e-mail in the recipient's language. Called from Celery tasks only."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(template_prefix, *, to, language, context, attachments=(), reply_to=None):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` in `language` and send them.

    `attachments` are (filename, content, mimetype) triples, e.g. an .ics or a PDF.
    """
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
    message.send()
    return message
