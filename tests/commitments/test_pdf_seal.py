"""Issue 20 part 5: the signed letter's PDF carries the organisation's PAdES seal (pyHanko).

A throw-away CA is made in the test (a root and a sealing certificate); the PDF is validated with
pyHanko's own validator trusting that root: intact it is valid, one flipped byte in the signed range
is not. With nothing configured the PDF is unsealed and says so."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.test import override_settings
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from commitments.pdf import letter_pdf
from tests.commitments.helpers import publish_rules
from tests.commitments.test_forgery import sign_letter

SEAL_CN = "Kumppaniopisto electronic seal"
PASSPHRASE = "seal-passphrase"


def _name(common_name):
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "FI"), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    )


def _usage(**flags):
    names = [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ]
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


def make_ca(directory):
    """A root CA and a sealing certificate it issued; returns (root PEM path, sealing PKCS#12 path)."""
    now = datetime.now(UTC)
    root_key, seal_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name("networkhub test root CA"))
        .issuer_name(_name("networkhub test root CA"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    sealing = (
        x509.CertificateBuilder()
        .subject_name(_name(SEAL_CN))
        .issuer_name(root.subject)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_path, p12_path = directory / "root.pem", directory / "seal.p12"
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    p12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal",
            seal_key,
            sealing,
            [root],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    return root_path, p12_path


@pytest.fixture
def signed(world):
    publish_rules(world.project, world.coordinator)
    return sign_letter(world.membership, world.coordinator)


@pytest.fixture
def ca(tmp_path):
    return make_ca(tmp_path)


def _validate(pdf, root_path):
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root_path))])
    return validate_pdf_signature(signature, context)


def _text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_sealed_letter_pdf_validates_against_the_test_ca_and_a_flipped_byte_does_not(signed, ca, world, client):
    root_path, p12_path = ca
    with override_settings(EVIDENCE_PDF_SEAL_P12=str(p12_path), EVIDENCE_PDF_SEAL_PASSPHRASE=PASSPHRASE):
        client.force_login(world.coordinator)
        response = client.get(
            reverse("commitments:letter_pdf", args=[world.project.pk, world.membership.pk, signed.number])
        )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    status = _validate(pdf, root_path)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == SEAL_CN
    text = _text(pdf)
    assert f"Sealed by {SEAL_CN}" in text and "not electronically sealed" not in text

    byte_range = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].byte_range
    start, length = byte_range[0], byte_range[1]
    assert start == 0 and length > 1000
    offset = pdf.index(b"stream\n", 100) + 20  # inside the first stream's data: the letter's own content
    assert offset < length
    forged = bytearray(pdf)
    forged[offset] ^= 0x01
    broken = _validate(bytes(forged), root_path)
    assert not broken.intact and not broken.bottom_line


def test_a_pdf_sealed_by_an_untrusted_ca_is_not_trusted(signed, ca, tmp_path_factory):
    _root_path, p12_path = ca
    other_root, _other_p12 = make_ca(tmp_path_factory.mktemp("other"))
    with override_settings(EVIDENCE_PDF_SEAL_P12=str(p12_path), EVIDENCE_PDF_SEAL_PASSPHRASE=PASSPHRASE):
        pdf = letter_pdf(signed)
    status = _validate(pdf, other_root)
    assert status.intact and not status.trusted and not status.bottom_line


@override_settings(EVIDENCE_PDF_SEAL_P12="", EVIDENCE_PDF_SEAL_PKCS11_MODULE="")
def test_without_a_sealing_certificate_the_pdf_is_unsealed_and_says_so(signed):
    pdf = letter_pdf(signed)
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures == []
    text = _text(pdf)
    assert "This PDF is not electronically sealed" in text and "Sealed by" not in text
