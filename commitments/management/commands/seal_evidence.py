from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from commitments import evidence, keys
from commitments.models import Letter, LetterAmendment, LetterVersion, Signature, SignatureRequest, VersionStatus


class Command(BaseCommand):
    help = (
        "Key the evidence sealed before the evidence key existed: MAC (with the current EVIDENCE_KEY) every seal, "
        "sent version and chain head that has no MAC yet, for letters whose unkeyed evidence verifies. Run once "
        "after upgrading; rows that already have a MAC are never touched."
    )

    def handle(self, *args, **options):
        with translation.override("en"):
            self._seal()

    def _seal(self):
        if not keys.current_key_id():
            self.stderr.write(self.style.ERROR("No evidence key is configured (EVIDENCE_KEY): nothing was keyed."))
            return
        report = evidence.verify(Letter.objects.all())
        unkeyed_only = {"key_missing", "head_key_missing"}
        refused = {finding.letter.pk for finding in report.findings if finding.code not in unkeyed_only}
        for finding in report.findings:
            if finding.letter.pk in refused and finding.code not in unkeyed_only:
                self.stdout.write(
                    self.style.ERROR(f"NOT KEYED: letter {finding.letter.pk} does not verify: {finding.problem}")
                )
        keyed = 0
        with transaction.atomic():
            for letter in Letter.objects.exclude(pk__in=refused).select_for_update().filter(head_mac=""):
                if letter.event_count:
                    key_id, mac = keys.sign_head(letter.pk, letter.event_count, letter.head_hash)
                    Letter.objects.filter(pk=letter.pk).update(head_key_id=key_id, head_mac=mac)
                    keyed += 1
            rows = (
                (LetterVersion.objects.exclude(status=VersionStatus.DRAFT), "version", "content_hash", "letter"),
                (SignatureRequest.objects.all(), "request", "evidence_hash", "version__letter"),
                (Signature.objects.all(), "signature", "evidence_hash", "request__version__letter"),
                (LetterAmendment.objects.exclude(evidence_hash=""), "amendment", "evidence_hash", "version__letter"),
            )
            for queryset, kind, seal_field, letter_path in rows:
                unkeyed = queryset.filter(evidence_mac="").exclude(**{f"{seal_field}": ""})
                for row in unkeyed.exclude(**{f"{letter_path}__in": refused}).select_for_update():
                    key_id, mac = keys.sign(kind, getattr(row, seal_field))
                    type(row).objects.filter(pk=row.pk).update(evidence_key_id=key_id, evidence_mac=mac)
                    keyed += 1
        self.stdout.write(self.style.SUCCESS(f"Keyed {keyed} seals and chain heads with key {keys.current_key_id()}."))
        if refused:
            self.stdout.write(self.style.ERROR(f"{len(refused)} letter(s) left unkeyed: they do not verify."))
