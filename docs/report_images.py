"""Render the demo's reports (VERKKO's interim report in Finnish, BRO's status report in Swedish) as PNG pages.

Run after `seed_demo` against the database that holds the demo (needs pdftoppm from poppler-utils):
    .venv/bin/python manage.py shell -c "exec(open('docs/report_images.py').read())"
Regenerate after the translation catalogues change.
"""

import subprocess
import tempfile
from pathlib import Path

from projects.models import ReportType
from reports import data
from reports.models import Report
from reports.pdf import render_pdf

DOCS = Path("docs")
for case_number, report_type, name in (
    ("OPH-1234-2026", ReportType.INTERIM, "report-fi"),
    ("OPH-877-2025", ReportType.STATUS, "report-sv"),
):
    report = Report.objects.select_related("project__programme").get(
        project__case_number=case_number, report_type=report_type
    )
    version = report.versions.order_by("-number").first()
    pdf = render_pdf(version.data if version else data.build(report))  # the frozen data, in the current layout
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", handle.name, str(DOCS / name)], check=True
        )
    print(name, "done")
