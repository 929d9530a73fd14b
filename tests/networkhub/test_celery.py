"""A worker knows every task the application sends: the tasks as a fresh worker process loads them."""

import importlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TASK_MODULES = [
    "partners.tasks",
    "networkhub.tasks",
    "commitments.tasks",
    "meetings.tasks",
    "reports.tasks",
    "health.jobs",
]


def test_worker_registers_every_task():
    script = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print('\\n'.join(sorted(app.tasks)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    registered = set(result.stdout.split())
    expected = set()
    for name in TASK_MODULES:
        module = importlib.import_module(name)
        expected |= {
            f"{name}.{attribute}"
            for attribute, value in vars(module).items()
            if getattr(value, "name", None) == f"{name}.{attribute}"  # a Celery task defined here
        }
    assert expected, "no tasks found"
    assert expected <= registered, f"not registered in a worker: {sorted(expected - registered)}"
