"""outreach's rows of the permission matrix (see tests/test_permissions.py): coordinators' pages only; a partner
contact of the project and everyone outside it get 404, as every coordinator page does."""

from partners.models import OrganisationType
from tests.factories import AnnouncementFactory, MotivationEntryFactory


def extend_world(world):
    """A draft announcement and a motivation-log entry in each project (the members become companies)."""
    for membership in (world.membership, world.other_membership):
        membership.organisation.org_type = OrganisationType.COMPANY
        membership.organisation.save(update_fields=["org_type"])
    world.announcement = AnnouncementFactory(project=world.project)
    world.other_announcement = AnnouncementFactory(project=world.other_project)
    world.motivation_entry = MotivationEntryFactory(membership=world.membership)
    world.other_motivation_entry = MotivationEntryFactory(membership=world.other_membership)


def _project(w):
    return {"project_pk": w.project.pk}


def _announcement(w):
    return {"project_pk": w.project.pk, "announcement_pk": w.announcement.pk}


def _other_announcement(w):
    return {"project_pk": w.project.pk, "announcement_pk": w.other_announcement.pk}


def _entry(w):
    return {"project_pk": w.project.pk, "entry_pk": w.motivation_entry.pk}


def _other_entry(w):
    return {"project_pk": w.project.pk, "entry_pk": w.other_motivation_entry.pk}


URLS = {
    "outreach:announcements": (_project, "get", "project_coordinator"),
    "outreach:announcement_create": (_project, "get", "project_coordinator"),
    "outreach:announcement": (_announcement, "get", "project_coordinator"),
    "outreach:announcement_edit": (_announcement, "get", "project_coordinator"),
    "outreach:announcement_confirm": (_announcement, "get", "project_coordinator"),  # POST sends
    "outreach:motivation": (_project, "get", "project_coordinator"),
    "outreach:motivation_create": (_project, "get", "project_coordinator"),
    "outreach:motivation_edit": (_entry, "get", "project_coordinator"),
    "outreach:motivation_delete": (_entry, "get", "project_coordinator"),  # the confirmation page; POST deletes
}

SPECIAL = set()

CROSS_PROJECT = {
    "outreach:announcement": _other_announcement,
    "outreach:announcement_edit": _other_announcement,
    "outreach:announcement_confirm": _other_announcement,
    "outreach:motivation_edit": _other_entry,
    "outreach:motivation_delete": _other_entry,
}
