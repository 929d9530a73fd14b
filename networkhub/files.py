"""Stored files: saved to, read from and served out of the default storage (a local folder or S3).

Every file is downloaded through a view that has checked access first; no storage URL is ever handed
to a user. A file missing from the storage, one whose content no longer matches the SHA-256 recorded
when it was stored, or a storage that cannot be reached is a page that says so (and a line in the log
for the operator), never a 500.
"""

import hashlib
import logging
import uuid

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

log = logging.getLogger(__name__)

# Besides FileNotFoundError (an OSError, told apart first): a disk or an S3 API that fails.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class FileProblem(Exception):
    MISSING = "missing"
    CHANGED = "changed"
    UNAVAILABLE = "unavailable"

    def __init__(self, kind, name):
        super().__init__(f"{kind}: {name}")
        self.kind = kind
        self.name = name


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def save_new(folder, content, suffix=".pdf"):
    """Store bytes under a new random name in `folder`; the name the storage used."""
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}{suffix}", ContentFile(content))


def delete_quietly(name):
    """Remove a file that is no longer referenced; a storage error leaves it behind, logged."""
    if not name:
        return
    try:
        default_storage.delete(name)
    except STORAGE_ERRORS:
        log.warning("Could not delete the stored file %s; it is left behind.", name, exc_info=True)


def open_stored(fieldfile):
    """The stored file opened for reading, or FileProblem."""
    name = fieldfile.name if fieldfile else ""
    if not name:
        raise FileProblem(FileProblem.MISSING, "")
    try:
        return fieldfile.storage.open(name, "rb")
    except FileNotFoundError:
        raise FileProblem(FileProblem.MISSING, name) from None
    except STORAGE_ERRORS as error:
        raise FileProblem(FileProblem.UNAVAILABLE, name) from error


def read_stored(fieldfile, expected_sha256=""):
    """The stored file's bytes; FileProblem if it is missing, unreadable, or not what was hashed."""
    handle = open_stored(fieldfile)
    try:
        with handle:
            content = handle.read()
    except FileNotFoundError:
        raise FileProblem(FileProblem.MISSING, fieldfile.name) from None
    except STORAGE_ERRORS as error:
        raise FileProblem(FileProblem.UNAVAILABLE, fieldfile.name) from error
    if expected_sha256 and sha256(content) != expected_sha256:
        raise FileProblem(FileProblem.CHANGED, fieldfile.name)
    return content


def check_stored(fieldfile, expected_sha256):
    """Return "ok", or what is wrong with the stored file: "missing", "changed" or "unavailable"."""
    try:
        read_stored(fieldfile, expected_sha256)
    except FileProblem as problem:
        return problem.kind
    return "ok"


def problem_page(request, problem):
    """The page a download shows instead of a file it cannot serve."""
    log.error("Stored file %s cannot be served: %s", problem.name or "(none)", problem.kind)
    status = 503 if problem.kind == FileProblem.UNAVAILABLE else 404
    return render(request, "networkhub/file_unavailable.html", {"problem": problem.kind}, status=status)


def file_response(request, fieldfile, *, filename, content_type, as_attachment=True, expected_sha256=""):
    """Stream a stored file through the (access-checking) view that calls this; a page if it cannot.

    With `expected_sha256` the whole file is read and checked first, so a changed file is never served
    (report PDFs: a few megabytes at most); without, it is streamed.
    """
    try:
        if expected_sha256:
            response = HttpResponse(read_stored(fieldfile, expected_sha256), content_type=content_type)
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
            return response
        handle = open_stored(fieldfile)
        try:
            return FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
        except STORAGE_ERRORS as error:  # S3 fetches the object when the response measures it
            handle.close()
            raise FileProblem(
                FileProblem.MISSING if isinstance(error, FileNotFoundError) else FileProblem.UNAVAILABLE,
                fieldfile.name,
            ) from error
    except FileProblem as problem:
        return problem_page(request, problem)
