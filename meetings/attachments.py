"""Uploaded meeting files: checked on the server for size, extension and content (`networkhub.uploads`)."""

from django.conf import settings

from networkhub import uploads


def allowed_extensions():
    return uploads.known_extensions(settings.MEETING_ATTACHMENT_EXTENSIONS)


def check_upload(upload):
    """Return the MIME type of an acceptable upload, or raise ValidationError with a clear message."""
    return uploads.check_upload(
        upload, max_bytes=settings.MEETING_ATTACHMENT_MAX_BYTES, extensions=settings.MEETING_ATTACHMENT_EXTENSIONS
    )
