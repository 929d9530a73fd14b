"""The letter as a PDF (WeasyPrint), in the letter's language, ending with the evidence page."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import LetterEvent, SignatureRequest


def letter_pdf(version):
    from weasyprint import HTML

    letter = version.letter
    requests = (
        SignatureRequest.objects.filter(version=version)
        .exclude(sent_at=None, status__in=["waiting", "revoked"])
        .select_related("signature")
        .order_by("pk")
    )
    context = {
        "version": version,
        "tasks": version.tasks.select_related("responsible", "goal"),
        "requests": requests,
        "events": LetterEvent.objects.filter(letter=letter).order_by("sequence"),
        "snapshot": version.snapshot,
        "project": letter.membership.project,
        "organisation": letter.membership.organisation,
        "language": version.language,
    }
    with translation.override(version.language):
        html = render_to_string("commitments/pdf/letter.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
