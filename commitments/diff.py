"""What changed in a letter since the version its signers saw before: task by task.

Commercial e-signature tools show a new document; signers of a network letter want to know
which of their tasks moved.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from networkhub.dates import short_date

from .models import LetterVersion, VersionStatus

TASK_FIELDS = {
    "title": _("task"),
    "description": _("description"),
    "responsible": _("responsible person"),
    "effort": _("effort or resources"),
    "deadline": _("deadline"),
    "goal": _("goal"),
}
LETTER_FIELDS = {
    "contribution_eur": _("contribution (EUR)"),
    "contribution_note": _("contribution in other forms"),
    "period_start": _("commitment starts"),
    "period_end": _("commitment ends"),
    "additional_terms": _("additional terms"),
    "rules": _("rules version"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class TaskChange:
    kind: str  # added, removed, changed, unchanged
    title: str
    changes: list = field(default_factory=list)


@dataclass
class LetterDiff:
    previous: LetterVersion
    letter_changes: list
    tasks: list

    @property
    def has_changes(self):
        return bool(self.letter_changes) or any(task.kind != "unchanged" for task in self.tasks)


def _show(value):
    """The value as the letter page writes it: 31.5.2027, 9 500,00 € (in the active language)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, Decimal):
        return f"{floatformat(value, '2g')} €"
    return str(value)


def _task_value(task, name):
    value = getattr(task, name)
    if name == "responsible":
        return value.name if value else ""
    if name == "goal":
        return value.title if value else ""
    return value


def previous_version(version):
    """The newest earlier version that was sent (signed, declined or otherwise)."""
    return (
        LetterVersion.objects.filter(letter=version.letter, number__lt=version.number)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("-number")
        .first()
    )


def diff(version):
    previous = previous_version(version)
    if previous is None:
        return None
    letter_changes = [
        Change(str(label), _show(getattr(previous, name)), _show(getattr(version, name)))
        for name, label in LETTER_FIELDS.items()
        if getattr(previous, name) != getattr(version, name)
    ]
    old_tasks = {task.pk: task for task in previous.tasks.select_related("responsible", "goal")}
    tasks, continued = [], set()
    for task in version.tasks.select_related("responsible", "goal", "copied_from"):
        old = old_tasks.get(task.copied_from_id)
        if old is None:
            tasks.append(TaskChange("added", task.title))
            continue
        continued.add(old.pk)
        changes = [
            Change(str(label), _show(_task_value(old, name)), _show(_task_value(task, name)))
            for name, label in TASK_FIELDS.items()
            if _task_value(old, name) != _task_value(task, name)
        ]
        tasks.append(TaskChange("changed" if changes else "unchanged", task.title, changes))
    tasks += [TaskChange("removed", old.title) for pk, old in old_tasks.items() if pk not in continued]
    return LetterDiff(previous, letter_changes, tasks)
