"""The letter as a PDF (WeasyPrint), in the letter's language, ending with the evidence page.

Made from verified data only: when the letter's evidence does not verify, the PDF says so and
prints neither the letter nor any name from it. A verified letter's PDF carries the organisation's
PAdES seal when a sealing certificate is configured (commitments.pdfseal), and its evidence page says
whether it is sealed and by whom."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import evidence, pdfseal
from .amendments import acknowledged_by, tasks_in_force
from .models import Letter, LetterEvent, PaperSignature, SignatureRequest


def letter_pdf(version):
    letter = version.letter
    report = evidence.verify(Letter.objects.filter(pk=letter.pk))
    if not report.ok:
        return _render(
            "commitments/pdf/unverified.html",
            {"version": version, "report": report, "language": version.language, "letter": letter},
            version.language,
        )
    requests = (
        SignatureRequest.objects.filter(version=version)
        .exclude(sent_at=None, status__in=["waiting", "revoked"])
        .select_related("signature")
        .order_by("pk")
    )
    amendments = acknowledged_by(version.amendments.all())
    context = {
        "version": version,
        "tasks": tasks_in_force(version.tasks.select_related("responsible", "goal"), amendments),
        "amendments": amendments,
        "paper": PaperSignature.objects.filter(version=version).first(),
        "requests": requests,
        "events": LetterEvent.objects.filter(letter=letter).order_by("sequence"),
        "snapshot": version.snapshot,
        "project": letter.membership.project,
        "organisation": letter.membership.organisation,
        "language": version.language,
    }
    with pdfseal.sealer() as sealer:
        context["sealed_by"] = sealer.subject if sealer else ""
        pdf = _render("commitments/pdf/letter.html", context, version.language)
        return pdfseal.seal(pdf, sealer) if sealer else pdf


def _render(template, context, language):
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
