"""The organisation's electronic seal on the signed-letter PDF: a PAdES signature made with pyHanko.

Optional and configured by settings: a PKCS#12 file (EVIDENCE_PDF_SEAL_P12, with the passphrase in
EVIDENCE_PDF_SEAL_PASSPHRASE) or a PKCS#11 token (EVIDENCE_PDF_SEAL_PKCS11_MODULE, _TOKEN, _KEY, _PIN;
needs the python-pkcs11 package, which is not installed by default). With neither, the PDF is not
sealed and its evidence page says so. The seal proves that the organisation's system produced exactly
these bytes: a changed byte fails validation in any PAdES validator (pyHanko, Adobe, DSS).
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FIELD_NAME = "NetworkhubSeal"


@dataclass
class Sealer:
    """A loaded pyHanko signer and the subject common name of its certificate."""

    signer: object
    subject: str
    session: object = None


def configured():
    return bool(settings.EVIDENCE_PDF_SEAL_P12 or settings.EVIDENCE_PDF_SEAL_PKCS11_MODULE)


def _common_name(certificate):
    """The subject's common name (asn1crypto certificate), else the whole subject."""
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


@contextmanager
def sealer():
    """Yields a Sealer, or None when no sealing certificate is configured; closes a PKCS#11 session."""
    if settings.EVIDENCE_PDF_SEAL_P12:
        from pyhanko.sign import signers

        passphrase = settings.EVIDENCE_PDF_SEAL_PASSPHRASE
        signer = signers.SimpleSigner.load_pkcs12(
            settings.EVIDENCE_PDF_SEAL_P12, passphrase=passphrase.encode() if passphrase else None
        )
        if signer is None:
            raise ImproperlyConfigured("EVIDENCE_PDF_SEAL_P12 could not be read (file or passphrase).")
        yield Sealer(signer, _common_name(signer.signing_cert))
    elif settings.EVIDENCE_PDF_SEAL_PKCS11_MODULE:
        # Configured-but-untested: no PKCS#11 token is available to the test suite.
        from pyhanko.sign import pkcs11

        session = pkcs11.open_pkcs11_session(
            settings.EVIDENCE_PDF_SEAL_PKCS11_MODULE,
            token_label=settings.EVIDENCE_PDF_SEAL_PKCS11_TOKEN or None,
            user_pin=settings.EVIDENCE_PDF_SEAL_PKCS11_PIN or None,
        )
        try:
            label = settings.EVIDENCE_PDF_SEAL_PKCS11_KEY
            signer = pkcs11.PKCS11Signer(session, cert_label=label, key_label=label)
            yield Sealer(signer, _common_name(signer.signing_cert), session)
        finally:
            session.close()
    else:
        yield None


def seal(pdf, sealer_):
    """The PDF's bytes with a PAdES signature (an incremental update) made by `sealer_`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    output = signers.sign_pdf(writer, metadata, signer=sealer_.signer)
    return output.getvalue()
