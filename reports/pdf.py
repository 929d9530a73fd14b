"""The report as a tagged PDF (WeasyPrint, pdf/ua-1), rendered from the data `data.build` gathered."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_html(data):
    with translation.override(data["meta"]["language"]):
        return render_to_string("reports/pdf/report.html", {"data": data, "language": data["meta"]["language"]})


def html_to_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(data):
    return html_to_pdf(render_html(data))
