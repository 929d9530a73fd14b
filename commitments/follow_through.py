"""How the letters' tasks are carried out: each task in force with its progress, and the goals × members matrix.

A task's follow-through (`TaskProgress`) is kept by the task's `thread`, outside the signed letter, so a new
version that carries a task over keeps its progress. A task is late when its deadline (as amended) has passed
and it is neither done nor dropped. A task nobody has updated is open.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from goals.queries import project_goals
from partners.models import Membership
from partners.queries import current_members, current_memberships

from .models import CLOSED_TASK_STATUSES, TaskNote, TaskProgress, TaskStatus
from .overview import commitments_for


def is_late(task, today):
    """Past its deadline (as amended) and neither done nor dropped."""
    return bool(task.deadline and task.deadline < today and task.progress.status not in CLOSED_TASK_STATUSES)


def _attach(tasks, letter_id, progress, today):
    for task in tasks:
        task.progress = progress.get((letter_id, task.thread)) or TaskProgress(
            letter_id=letter_id, thread=task.thread, status=TaskStatus.OPEN
        )
        task.late = is_late(task, today)
    return tasks


def progress_by_thread(letter_ids, *, notes=False):
    """{(letter pk, thread): TaskProgress} for the letters, one query (two with their notes)."""
    queryset = TaskProgress.objects.filter(letter__in=list(letter_ids))
    if notes:
        queryset = queryset.prefetch_related(Prefetch("notes", queryset=TaskNote.objects.order_by("created_at", "pk")))
    return {(p.letter_id, p.thread): p for p in queryset}


def member_tasks(membership, today=None):
    """The tasks in force in the member's letter (as amended), each with `progress` and `late`; [] without a
    sent letter. Seven queries."""
    today = today or timezone.localdate()
    fresh = Membership.objects.filter(pk=membership.pk)  # never a letter prefetched before a change
    commitment = commitments_for(fresh, tasks=True)[membership.pk]
    if commitment.version is None:
        return []
    tasks = commitment.tasks
    letter_id = commitment.version.letter_id
    return _attach(tasks, letter_id, progress_by_thread([letter_id], notes=True), today)


@dataclass
class Cell:
    total: int = 0
    done: int = 0
    late: int = 0
    dropped: int = 0
    in_progress: int = 0

    def add(self, task):
        self.total += 1
        self.done += task.progress.status == TaskStatus.DONE
        self.dropped += task.progress.status == TaskStatus.DROPPED
        self.in_progress += task.progress.status == TaskStatus.IN_PROGRESS
        self.late += task.late


@dataclass
class Matrix:
    members: list
    rows: list  # [(goal or None, [Cell per member], Cell total)]
    totals: list = field(default_factory=list)  # [Cell per member]
    total: Cell = field(default_factory=Cell)


def goals_by_members(project, today=None):
    """The coordinator's matrix: one row per goal of the project (and one for tasks without a goal, if any), one
    column per current member; each cell counts the member's tasks in force for the goal, done, late, dropped.
    Eight queries whatever the number of members, goals and tasks."""
    today = today or timezone.localdate()
    members = list(current_members(project, today).select_related("organisation").order_by("organisation__name"))
    goals = list(project_goals(project).order_by("order", "pk"))
    commitments = commitments_for(members, tasks=True)
    letter_ids = [c.version.letter_id for c in commitments.values() if c.version is not None]
    progress = progress_by_thread(letter_ids)
    index = {goal.pk: i for i, goal in enumerate(goals)}
    grid = [[Cell() for _ in members] for _ in range(len(goals) + 1)]
    matrix = Matrix(members=members, rows=[], totals=[Cell() for _ in members])
    for column, membership in enumerate(members):
        commitment = commitments[membership.pk]
        if commitment.version is None:
            continue
        for task in _attach(commitment.tasks, commitment.version.letter_id, progress, today):
            grid[index.get(task.goal_id, len(goals))][column].add(task)
            matrix.totals[column].add(task)
            matrix.total.add(task)
    for i, goal in enumerate(goals + [None]):
        cells = grid[i]
        if goal is None and not any(cell.total for cell in cells):
            continue
        row_total = Cell()
        for cell in cells:
            for name in ("total", "done", "late", "dropped", "in_progress"):
                setattr(row_total, name, getattr(row_total, name) + getattr(cell, name))
        matrix.rows.append((goal, cells, row_total))
    return matrix


def tasks_of(memberships, today):
    """[(membership, task)] of the memberships' tasks in force, each with `progress` and `late`. Six queries."""
    members = list(memberships)
    commitments = commitments_for(members, tasks=True)
    letter_ids = [c.version.letter_id for c in commitments.values() if c.version is not None]
    progress = progress_by_thread(letter_ids)
    result = []
    for membership in members:
        commitment = commitments[membership.pk]
        if commitment.version is None:
            continue
        result += [
            (membership, task) for task in _attach(commitment.tasks, commitment.version.letter_id, progress, today)
        ]
    return result


def late_tasks(project_ids, today):
    """[(membership, task)] of the current members' late tasks in `project_ids`, for the reminders."""
    members = (
        current_memberships(today)
        .filter(project__in=list(project_ids))
        .select_related("organisation", "project")
        .order_by("pk")
    )
    return [(membership, task) for membership, task in tasks_of(members, today) if task.late]
