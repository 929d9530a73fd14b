"""State changes of projects. Each function checks, writes and records an audit event."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from networkhub import audit
from networkhub.errors import ServiceError
from networkhub.models import ProjectReminderSetting

from .models import Project


class ProjectError(ServiceError):
    """A project change was refused."""


@transaction.atomic
def update_project(project, *, actor, changed_fields):
    project.full_clean()
    project.save()
    # A change of status carries the new one: the funder's project card lists it on the project's timeline.
    extra = {"status": project.status} if "status" in changed_fields else {}
    audit.record(
        "project.updated", actor=actor, project=project, target=project, fields=sorted(changed_fields), **extra
    )
    return project


@transaction.atomic
def add_coordinator(project, *, email, actor):
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.is_coordinator:
        raise ProjectError(
            _("No coordinator account has this e-mail address. Ask an administrator to create one first."),
            field="email",
        )
    if project.coordinators.filter(pk=user.pk).exists():
        raise ProjectError(_("%(name)s already coordinates this project.") % {"name": user}, field="email")
    project.coordinators.add(user)
    audit.record("project.coordinator_added", actor=actor, project=project, target=user)
    return user


@transaction.atomic
def remove_coordinator(project, *, user, actor):
    if project.coordinators.count() <= 1:
        raise ProjectError(_("A project needs at least one coordinator."))
    project.coordinators.remove(user)
    audit.record("project.coordinator_removed", actor=actor, project=project, target=user)


@transaction.atomic
def save_reminder_settings(project, changes, *, actor):
    """`changes`: kind -> (enabled, days) for each reminder kind the project switched off or gave its own
    days; a kind left out follows the defaults, so it needs no row."""
    Project.objects.select_for_update().get(pk=project.pk)
    ProjectReminderSetting.objects.filter(project=project).delete()
    ProjectReminderSetting.objects.bulk_create(
        ProjectReminderSetting(project=project, kind=kind, enabled=enabled, days=days)
        for kind, (enabled, days) in changes.items()
    )
    audit.record(
        "project.reminder_settings_saved",
        actor=actor,
        project=project,
        target=project,
        changes={kind: {"enabled": enabled, "days": days} for kind, (enabled, days) in changes.items()},
    )
