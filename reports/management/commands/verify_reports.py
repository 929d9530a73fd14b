from django.core.management.base import BaseCommand, CommandError

from reports.models import ReportVersion

PROBLEMS = {
    "missing": "its PDF is missing from the file storage",
    "changed": "its PDF no longer matches the SHA-256 frozen at submission",
    "unavailable": "the file storage could not be read",
}


class Command(BaseCommand):
    help = "Read every submitted report version's PDF from the file storage and check it against its SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("--project", type=int, help="Only this project's reports (primary key).")

    def handle(self, *args, project=None, **options):
        versions = ReportVersion.objects.select_related("report__project").order_by("report_id", "number")
        if project is not None:
            versions = versions.filter(report__project_id=project)
        problems = 0
        checked = 0
        for version in versions.iterator(chunk_size=100):
            checked += 1
            result = version.check_pdf()
            if result != "ok":
                problems += 1
                self.stdout.write(
                    self.style.ERROR(
                        f"{result.upper()}: report {version.report_id} ({version.report}) version {version.number}, "
                        f"file {version.pdf.name or '-'}: {PROBLEMS[result]}"
                    )
                )
        self.stdout.write(f"Checked {checked} submitted report versions.")
        if problems:
            raise CommandError(f"{problems} problem(s) found.")
        self.stdout.write(self.style.SUCCESS("Every report PDF matches its SHA-256."))
