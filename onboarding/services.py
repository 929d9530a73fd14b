"""Bringing an existing project in: everything the checked template holds is saved at once, or nothing.

Each member, contact, past meeting and paper letter goes through its own app's service (which checks it again and
writes its audit event); one audit event records the import as a whole.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import services as commitment_services
from meetings import services as meeting_services
from networkhub import audit, files
from networkhub.errors import ServiceError
from partners import services as partner_services
from partners.models import ContactPerson, Organisation
from projects.models import Project

PENDING_FOLDER = "onboarding/pending"
# A preview's kept scans outlive its signed rows (valid for an hour) by this much, then any new preview removes them.
PENDING_LIFETIME = timedelta(hours=2)


class ImportRefused(ServiceError):
    """The data changed between the preview and the saving, or a scan kept for the preview is gone."""

    def __init__(self):
        super().__init__(_("The data changed meanwhile. Upload the file again to check it."))


def keep_scans(data, scans):
    """Store the scans the letters name until the import is confirmed; {file name: what the saving needs}.
    Scans kept for earlier previews that were never confirmed are removed first."""
    discard_stale_scans()
    kept = {}
    for letter in data["letters"]:
        scan = scans[letter["scan"].lower()]
        if scan["name"].lower() in kept:
            continue
        upload = scan["upload"]
        upload.seek(0)
        suffix = "." + scan["name"].rsplit(".", 1)[-1].lower() if "." in scan["name"] else ""
        stored = files.save_new(PENDING_FOLDER, upload.read(), suffix=suffix)
        kept[scan["name"].lower()] = {
            "name": scan["name"],
            "stored": stored,
            "sha256": scan["sha256"],
            "content_type": scan["content_type"],
        }
    return kept


def discard_stale_scans(now=None):
    """Remove the scans kept for previews older than PENDING_LIFETIME (a storage error leaves them, logged)."""
    limit = (now or timezone.now()) - PENDING_LIFETIME
    try:
        _folders, names = default_storage.listdir(PENDING_FOLDER)
    except files.STORAGE_ERRORS:
        return
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        try:
            stale = default_storage.get_modified_time(path) < limit
        except files.STORAGE_ERRORS:
            continue
        if stale:
            files.delete_quietly(path)


def discard_scans(kept):
    for scan in kept.values():
        files.delete_quietly(scan["stored"])


def _scan(kept, name):
    scan = kept.get(name.lower())
    try:
        with default_storage.open(scan["stored"], "rb") as handle:
            content = handle.read()
    except (TypeError, *files.STORAGE_ERRORS):
        raise ImportRefused() from None
    if files.sha256(content) != scan["sha256"]:
        raise ImportRefused()
    return ContentFile(content, name=scan["name"]), scan["content_type"]


@transaction.atomic
def import_project(project, data, kept, *, actor, file_name):
    """Save the members, contacts, past meetings with attendance and paper letters of `data` (as
    `onboarding.importer.parse` gave them), with the scans kept for the preview (`keep_scans`). One refusal rolls
    the whole import back (ServiceError or ValidationError); the kept scans are removed once it is saved."""
    Project.objects.select_for_update().get(pk=project.pk)
    organisations = _members(project, data["members"], actor)
    contacts = _contacts(project, data["contacts"], organisations, actor)
    for row in data["meetings"]:
        details = {
            "title": row["title"],
            "meeting_type": row["meeting_type"],
            "start": datetime.fromisoformat(row["start"]),
            "end": datetime.fromisoformat(row["end"]),
            "location": row["location"],
        }
        meeting_services.record_past_meeting(
            project,
            details,
            [(contacts[entry["contact"]], entry["status"], entry["proxy_name"]) for entry in row["attendance"]],
            actor=actor,
        )
    for row in data["letters"]:
        organisation, contact = organisations[row["organisation"]], contacts[row["contact"]]
        upload, content_type = _scan(kept, row["scan"])
        signed_on = date.fromisoformat(row["signed_on"])
        commitment_services.record_paper_letter(
            organisation.memberships.get(project=project),
            language=contact.language,
            contact=contact,
            contact_signer=commitment_services.PaperSigner(contact.name, contact.title or "-", signed_on),
            management=commitment_services.PaperSigner(row["management_name"], row["management_title"], signed_on),
            management_email=row["management_email"],
            contribution_eur=Decimal(row["contribution_eur"]),
            period_start=date.fromisoformat(row["period_start"]),
            period_end=date.fromisoformat(row["period_end"]),
            task_titles=row["tasks"],
            upload=upload,
            content_type=content_type,
            actor=actor,
        )
    counts = {
        "members": len(data["members"]),
        "contacts": len(data["contacts"]),
        "meetings": len(data["meetings"]),
        "attendance": sum(len(row["attendance"]) for row in data["meetings"]),
        "letters": len(data["letters"]),
    }
    audit.record("project.imported", actor=actor, project=project, target=project, file=file_name, **counts)
    transaction.on_commit(lambda: discard_scans(kept))
    return counts


def _members(project, rows, actor):
    """{organisation reference: Organisation} of the project's current members and the file's new ones."""
    referenced = {int(row["organisation"]) for row in rows if row["organisation"]}
    registry = Organisation.objects.in_bulk(referenced)
    organisations = {
        f"org:{organisation.pk}": organisation
        for organisation in Organisation.objects.filter(memberships__project=project)
    }
    for row in rows:
        organisation = registry.get(row["organisation"]) or Organisation(
            name=row["name"],
            org_type=row["org_type"],
            country=row["country"],
            business_id=row["business_id"],
            foreign_registration_number=row["registration_number"],
        )
        if row["organisation"] and row["organisation"] not in registry:
            raise ImportRefused()
        partner_services.import_member(
            project, organisation, role=row["role"], joined_on=date.fromisoformat(row["joined_on"]), actor=actor
        )
        organisations[row["ref"]] = organisation
    return organisations


def _contacts(project, rows, organisations, actor):
    """{contact reference: ContactPerson} of the project's member contacts and the file's."""
    contacts = {f"contact:{contact.pk}": contact for contact in meeting_services.member_contacts(project)}
    known = ContactPerson.objects.in_bulk({row["contact"] for row in rows if row["contact"]})
    for row in rows:
        contact = known.get(row["contact"]) if row["contact"] else None
        if row["contact"] and contact is None:
            raise ImportRefused()
        if contact is None:
            contact = ContactPerson(
                organisation=organisations[row["organisation"]],
                name=row["name"],
                title=row["title"],
                email=row["email"],
                phone=row["phone"],
                language=row["language"],
                time_zone=row["time_zone"],
                consent_to_share=row["consent_to_share"],
            )
        partner_services.import_contact(contact, project=project, actor=actor)
        contacts[row["ref"]] = contact
    # Contacts of members the file brings in become visible only now.
    contacts.update({f"contact:{contact.pk}": contact for contact in meeting_services.member_contacts(project)})
    return contacts
