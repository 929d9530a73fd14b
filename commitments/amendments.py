"""A letter version's tasks as they stand after its acknowledged amendments.

An amendment changes only a task's responsible person and deadline; everything else (and the
version's hash and signatures) stays as signed. Pages, the PDF and the health panel read the tasks
through `tasks_in_force`, so they agree on what was amended and from when.
"""

import copy
from datetime import date

from partners.models import ContactPerson

from .models import AmendmentStatus


def acknowledged_by(amendments, moment=None):
    """The acknowledged amendments among `amendments`, those acknowledged before `moment` if given, oldest first."""
    done = [
        a
        for a in amendments
        if a.status == AmendmentStatus.ACKNOWLEDGED
        and a.acknowledged_at is not None
        and (moment is None or a.acknowledged_at < moment)
    ]
    return sorted(done, key=lambda a: (a.acknowledged_at, a.number))


def tasks_in_force(tasks, amendments, moment=None):
    """Copies of `tasks` with the acknowledged amendments applied; an amended task has `amended_on` (a date).

    `amendments` are the version's (any status); only those acknowledged before `moment` count."""
    applied = acknowledged_by(amendments, moment)
    result = []
    for task in tasks:
        task = copy.copy(task)
        task.amended_on = None
        for amendment in applied:
            for change in amendment.changes:
                if change.get("task") != task.pk:
                    continue
                if change.get("responsible"):
                    task.responsible = ContactPerson(pk=change["responsible"], name=change.get("responsible_name", ""))
                if change.get("deadline"):
                    task.deadline = date.fromisoformat(change["deadline"])
                task.amended_on = amendment.acknowledged_at
        result.append(task)
    return result


def readable_changes(amendment):
    """The amendment's changes with their deadlines as dates, for pages and e-mails."""
    return [
        {
            **change,
            "deadline": date.fromisoformat(change["deadline"]) if change.get("deadline") else None,
            "was_deadline": date.fromisoformat(change["was_deadline"]) if change.get("was_deadline") else None,
        }
        for change in amendment.changes
    ]
