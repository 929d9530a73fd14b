"""One way to queue a task after a change (issue 24): `networkhub.outbox.enqueue`, in the change's transaction.

A service, view or any module but a task module that calls `task.delay(...)`, `task.delay_on_commit(...)` or
`task.apply_async(...)` loses the task when the broker is away at that moment; this test fails on each such call.
Task modules (`tasks.py`, and the periodic jobs' `jobs.py`: a task starting another, a sweep republishing what it
claimed under a lease, a beat job fanning out its batches, which beat runs again if the broker was away) and the
outbox itself publish; the listed exception keeps its own lease.
"""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"tests", "node_modules", "staticfiles", "static", "locale", "docs", "migrations", "__pycache__", "tools"}
PUBLISHING_CALLS = {"delay", "delay_on_commit", "apply_async"}
OUTBOX = "networkhub/outbox.py"
# Modules besides the task modules and the outbox that may publish a task themselves. This list may only shrink.
KNOWN_PUBLISHERS = {
    # The project's day is stored again a few seconds after a change: a task lost with the broker costs a day
    # that stays marked stale, which the five-minute sweep (health.tasks.refresh_lapsed_health_days) takes up.
    "health/live.py",
}


def publishing_calls(text):
    """(line, name) of each `.delay(`, `.delay_on_commit(` and `.apply_async(` call in a module's text."""
    return sorted(
        (node.lineno, node.func.attr)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PUBLISHING_CALLS
    )


def _modules():
    for folder, dirs, names in os.walk(ROOT):
        here = Path(folder)
        dirs[:] = sorted(name for name in dirs if not name.startswith(".") and name not in SKIPPED)
        for name in sorted(names):
            if name.endswith(".py"):
                path = here / name
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def _publishers():
    return {relative: found for relative, text in _modules() if (found := publishing_calls(text))}


def test_the_scanner_finds_each_way_of_publishing_and_not_the_outbox():
    text = """
from django.db import transaction
from networkhub import outbox

def old(pk):
    tasks.send_it.delay_on_commit(pk)
    transaction.on_commit(lambda: tasks.send_it.delay(pk))
    send_it.apply_async((pk,), countdown=5)

def new(pk):
    outbox.enqueue(tasks.send_it, pk)
"""
    assert publishing_calls(text) == [(6, "delay_on_commit"), (7, "delay"), (8, "apply_async")]


def test_the_scan_sees_the_outbox_and_the_task_modules():
    found = _publishers()
    assert OUTBOX in found and "networkhub/tasks.py" in found and "reports/tasks.py" in found


def test_no_module_but_a_task_or_job_module_and_the_outbox_publishes_a_task():
    found = {
        relative: calls
        for relative, calls in _publishers().items()
        if not relative.endswith(("tasks.py", "jobs.py")) and relative != OUTBOX and relative not in KNOWN_PUBLISHERS
    }
    assert not found, (
        "Queue a task with networkhub.outbox.enqueue(task, *args, project=..., kind=...) inside the change's "
        f"transaction, not delay/delay_on_commit/apply_async: {found}"
    )


def test_each_known_publisher_still_publishes():
    gone = KNOWN_PUBLISHERS - set(_publishers())
    assert not gone, f"Remove from KNOWN_PUBLISHERS: {sorted(gone)}"
