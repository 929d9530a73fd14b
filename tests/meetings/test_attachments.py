import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment
from tests.factories import sign_in

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload(client, world, meeting, name, content):
    url = reverse("meetings:attachments", args=[world.project.pk, meeting.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_pdf_is_attached_and_members_can_download_it(world, client):
    meeting = MeetingFactory(project=world.project)
    client.force_login(world.coordinator)
    assert _upload(client, world, meeting, "Esityslista.pdf", PDF).status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "Esityslista.pdf",
        len(PDF),
        "application/pdf",
    )
    assert "Esityslista" not in attachment.file.name  # stored under a random name

    client.force_login(world.partner)
    url = reverse("meetings:attachment_download", args=[world.project.pk, meeting.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="Esityslista.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("role", ["other_partner", "other_coordinator", "funder"])
def test_outsiders_cannot_download(world, client, role):
    meeting = MeetingFactory(project=world.project)
    client.force_login(world.coordinator)
    _upload(client, world, meeting, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    sign_in(client, getattr(world, role))
    url = reverse("meetings:attachment_download", args=[world.project.pk, meeting.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_download_needs_sign_in_and_the_right_project(world, client):
    meeting = MeetingFactory(project=world.project)
    other = MeetingFactory(project=world.other_project)
    client.force_login(world.other_coordinator)
    _upload(client, world, other, "b.pdf", PDF)  # wrong project in the URL: 404, nothing stored
    assert not Attachment.objects.exists()
    url = reverse("meetings:attachments", args=[world.other_project.pk, other.pk])
    client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF)})
    attachment = Attachment.objects.get()
    client.force_login(world.coordinator)
    cross = reverse("meetings:attachment_download", args=[world.project.pk, meeting.pk, attachment.pk])
    assert client.get(cross).status_code == 404
    client.logout()
    own = reverse("meetings:attachment_download", args=[world.other_project.pk, other.pk, attachment.pk])
    assert client.get(own).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ohjelma.exe", b"MZ\x90\x00", "Files of this type cannot be attached."),
        ("esitys.pdf", b"This is not a PDF", "does not match its name (.pdf)"),
        ("kuva.png", PDF, "does not match its name (.png)"),
        ("tyhja.txt", b"", "The submitted file is empty."),
    ],
)
def test_disallowed_or_disguised_files_are_refused(world, english, name, content, message):
    meeting = MeetingFactory(project=world.project)
    english.force_login(world.coordinator)
    response = _upload(english, world, meeting, name, content)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(world, english, settings):
    settings.MEETING_ATTACHMENT_MAX_BYTES = 1024
    meeting = MeetingFactory(project=world.project)
    english.force_login(world.coordinator)
    response = _upload(english, world, meeting, "iso.pdf", PDF + b"0" * 2000)
    assert response.status_code == 200
    assert "the largest allowed is 1.0\xa0KB" in response.context["form"].errors["file"][0]
    assert not Attachment.objects.exists()


def test_coordinator_removes_an_attachment(world, client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(project=world.project)
    client.force_login(world.coordinator)
    _upload(client, world, meeting, "a.txt", "Muistiinpanot – ääkköset".encode())
    attachment = Attachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    url = reverse("meetings:attachment_delete", args=[world.project.pk, meeting.pk, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
