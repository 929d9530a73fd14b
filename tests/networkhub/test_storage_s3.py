"""Stored files on a real S3 API: moto's server in this process, on a port of its own.

The settings are the production ones (FILE_STORAGE=s3: private objects, no signed URLs); uploads land
in the bucket, read back byte for byte, an anonymous GET of an object's URL is refused, and users get
files only through the views that check access (another project's user: 404).
"""

import hashlib
import socket
import urllib.error
import urllib.request
import uuid
from io import StringIO

import boto3
import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from meetings.models import Attachment
from reports.models import ReportVersion
from tests.factories import sign_in
from tests.meetings.factories import MeetingFactory
from tests.reports.helpers import submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
KEYS = {"aws_access_key_id": "networkhub-test", "aws_secret_access_key": "networkhub-test-secret"}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new bucket, and the default storage configured as config/settings.py does for FILE_STORAGE=s3."""
    name = f"networkhub-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "addressing_style": "path",
                "default_acl": "private",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    client.bucket = name
    return client


def _anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_attachment_is_a_private_object_downloaded_only_through_the_view(world, client, bucket):
    assert isinstance(storages["default"], S3Storage)
    meeting = MeetingFactory(project=world.project)
    client.force_login(world.coordinator)
    upload = reverse("meetings:attachments", args=[world.project.pk, meeting.pk])
    assert client.post(upload, {"file": SimpleUploadedFile("Esityslista.pdf", PDF)}).status_code == 302
    attachment = Attachment.objects.get()

    # In the bucket, under the random name, byte for byte.
    stored = bucket.get_object(Bucket=bucket.bucket, Key=attachment.file.name)
    assert stored["Body"].read() == PDF
    # Private: no grant to everyone, and an unsigned GET of the object's own URL is refused ...
    grants = bucket.get_object_acl(Bucket=bucket.bucket, Key=attachment.file.name)["Grants"]
    assert not [grant for grant in grants if grant["Grantee"].get("URI", "").endswith("/global/AllUsers")]
    url = default_storage.url(attachment.file.name)
    assert url.startswith(f"{bucket.meta.endpoint_url}/{bucket.bucket}/") and "Signature" not in url
    assert _anonymous_get(url) == 403
    # ... as it would not be for a public object in the same bucket (the check can tell them apart).
    bucket.put_object(Bucket=bucket.bucket, Key="public-control.txt", Body=b"public", ACL="public-read")
    assert _anonymous_get(default_storage.url("public-control.txt")) == 200

    download = reverse("meetings:attachment_download", args=[world.project.pk, meeting.pk, attachment.pk])
    client.force_login(world.partner)
    response = client.get(download)
    assert response.status_code == 200 and not response.has_header("Location")
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="Esityslista.pdf"' in response["Content-Disposition"]
    assert bucket.meta.endpoint_url not in response.headers.get("Content-Disposition", "")

    client.force_login(world.other_partner)  # another project's member
    assert client.get(download).status_code == 404


def test_a_report_pdf_on_s3_verifies_and_a_missing_one_is_a_page_and_a_finding(world, client, bucket):
    report = submitted(world.project, world.coordinator)
    version = ReportVersion.objects.get(report=report)
    stored = bucket.get_object(Bucket=bucket.bucket, Key=version.pdf.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == version.pdf_sha256
    assert report.rendered_pdf.name != version.pdf.name  # the version has its own object
    assert version.verify()
    call_command("verify_reports", stdout=StringIO())

    url = reverse("reports:review_version_pdf", args=[report.pk, 1])
    sign_in(client, world.funder)
    response = client.get(url)
    assert response.status_code == 200 and response.content == stored
    own = reverse("reports:version_pdf", args=[world.project.pk, report.pk, 1])
    client.force_login(world.other_coordinator)
    assert client.get(own).status_code == 404

    # Behind the application's back: changed, then gone. Never served, never a 500, and the check says so.
    bucket.put_object(Bucket=bucket.bucket, Key=version.pdf.name, Body=stored + b"% appended")
    client.force_login(world.coordinator)
    response = client.get(own)
    assert response.status_code == 404
    assert "SHA-256" in response.content.decode()
    assert version.check_pdf() == "changed"
    bucket.delete_object(Bucket=bucket.bucket, Key=version.pdf.name)
    response = client.get(own)
    assert response.status_code == 404
    assert "tallennuspalvelusta" in response.content.decode()  # Finnish: missing from the file storage
    assert version.check_pdf() == "missing" and not version.verify()
    out = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_reports", stdout=out)
    assert f"MISSING: report {report.pk}" in out.getvalue()
