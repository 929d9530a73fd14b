"""The README's first command on its embedded defaults: `make run` migrates a fresh SQLite database and seeds the
demo (no DATABASE_URL, no REDIS_URL). The suite itself runs on PostgreSQL, so this runs the two commands as
`make run` does, in a process of their own, against a SQLite file in a temporary folder."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(data_dir, *arguments):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "NETWORKHUB_TEST_CLOCK"}
    }
    environment["DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_make_run_migrates_and_seeds_the_demo_on_sqlite(tmp_path):
    migrated = _manage(tmp_path, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    seeded = _manage(tmp_path, "seed_demo", "--password", "demo-verkosto-2026")
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    assert (tmp_path / "networkhub.sqlite3").stat().st_size > 0
    # The demo is really there: its projects, as the landing page reads them.
    counted = _manage(
        tmp_path,
        "shell",
        "-c",
        "from projects.models import Project; from reports.models import Report; "
        "print(Project.objects.count(), Report.objects.exclude(submitted_at=None).count())",
    )
    assert counted.returncode == 0, counted.stderr
    projects, submitted = (int(value) for value in counted.stdout.split()[-2:])
    assert projects >= 3 and submitted >= 1
