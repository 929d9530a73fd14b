from django.core.management.base import BaseCommand, CommandError

from commitments.evidence import verify
from commitments.models import Letter


class Command(BaseCommand):
    help = (
        "Recompute every commitment letter's content hashes, the sealed evidence of its signature requests and "
        "signatures, its audit chain and the chain's head; fail if anything was tampered with."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", type=int, help="Only this project's letters (primary key).")

    def handle(self, *args, project=None, **options):
        letters = Letter.objects.all()
        if project is not None:
            letters = letters.filter(membership__project_id=project)
        report = verify(letters)
        self.stdout.write(
            f"Checked {report.letters_checked} letters, {report.versions_checked} sent versions, "
            f"{report.signatures_checked} signatures, {report.events_checked} audit events."
        )
        for finding in report.findings:
            membership = finding.letter.membership
            self.stdout.write(
                self.style.ERROR(
                    f"TAMPERED: letter {finding.letter.pk} ({membership.organisation} in "
                    f"{membership.project.acronym}): {finding.problem}"
                )
            )
        if not report.ok:
            raise CommandError(f"{len(report.findings)} problem(s) found.")
        self.stdout.write(self.style.SUCCESS("All letters verify."))
