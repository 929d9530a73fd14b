"""Checking uploaded files on the server: size, extension and content (magic bytes).

Each app names its own limit and allowed extensions (settings); the checks are the same everywhere.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = (b"PK\x03\x04",)

# extension -> (MIME type, accepted leading bytes; None means plain text)
KNOWN_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
}


def known_extensions(extensions):
    """The configured extensions this module can check, lower case and without dots."""
    return [ext.lower().lstrip(".") for ext in extensions if ext.lower().lstrip(".") in KNOWN_TYPES]


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a multi-byte character cut off at the end of the sample
    return True


def check_upload(upload, *, max_bytes, extensions):
    """Return the MIME type of an acceptable upload, or raise ValidationError with a clear message."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    allowed = known_extensions(extensions)
    if extension not in allowed:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed types: %(types)s.")
            % {"types": ", ".join(sorted(allowed))},
            code="type_not_allowed",
        )
    mimetype, signatures = KNOWN_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    matches = _looks_like_text(head) if signatures is None else head.startswith(signatures)
    if not matches:
        raise ValidationError(
            _("The file's content does not match its name (.%(extension)s). Check that it is the right file.")
            % {"extension": extension},
            code="content_mismatch",
        )
    return mimetype
