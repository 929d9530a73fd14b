"""Run every benchmark in BENCHES and print one table: benchmark, case, small, large, ratio, goal, ok.

Each entry of BENCHES names a module in bench/ that defines `measure()` (see bench/README.md);
adding a benchmark is adding its name here. A benchmark that raises becomes one row saying so and
the others still run. Goals missed are marked MISS; the exit status is 0 either way. The table is
also written as Markdown to var/bench-latest.md.

Run:  make bench   (or .venv/bin/python bench/run_all.py [--markdown] [name ...] to run some)
"""

import importlib
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

import benchdb  # Django on the benchmark database, before the app's imports
from django.db import connection

BENCHES = [
    "reminder_scan",
    "report_render",
    "load",
    "scale",
    "programme_overview",
    "daily_job",
    "project_home",
]
COLUMNS = ("benchmark", "case", "small", "large", "ratio", "goal", "ok")


def verdict(row):
    if row.get("goal") is None:
        return "-"
    if row.get("ratio") is None:
        return "MISS (not measured)"
    met = row["ratio"] >= row["goal"] if row.get("at_least") else row["ratio"] <= row["goal"]
    return "ok" if met else "MISS"


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    benchdb.use(benchdb.NAME)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {cores} cores ({model}), {memory_kib / 2**20:.0f} GiB RAM, "
        f"PostgreSQL {postgres}, Python {platform.python_version()}"
    )


def run(names):
    rows = []
    for name in names:
        started = time.monotonic()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            rows += importlib.import_module(name).measure()
        except Exception as error:
            traceback.print_exc()
            rows.append({"benchmark": name, "case": "run", "small": "", "large": f"error: {error!r}",
                         "ratio": None, "goal": 0})  # fmt: skip
        print(f"  {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def cells(row):
    ratio, goal = row.get("ratio"), row.get("goal")
    return [
        str(row["benchmark"]),
        str(row["case"]),
        str(row.get("small", "")),
        str(row.get("large", "")),
        "" if ratio is None else f"{ratio:g}",
        "" if goal is None else f"{'≥' if row.get('at_least') else '≤'} {goal:g}",
        verdict(row),
    ]


def text_table(rows):
    table = [list(COLUMNS)] + [cells(row) for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(COLUMNS))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True)) for line in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows):
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        values = [value.replace("|", "\\|") for value in cells(row)]
        values[-1] = f"**{values[-1]}**" if values[-1].startswith("MISS") else values[-1]
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines)


def main(arguments):
    markdown = "--markdown" in arguments
    names = [argument for argument in arguments if not argument.startswith("--")] or BENCHES
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        sys.exit(f"Unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}")
    about = machine()
    rows = run(names)
    print(f"Benchmarks, {about}")
    print(markdown_table(rows) if markdown else text_table(rows))
    misses = sum(verdict(row).startswith("MISS") for row in rows)
    summary = f"{misses} goal(s) missed." if misses else "All goals met."
    print(summary)
    latest = benchdb.ROOT / "var" / "bench-latest.md"
    latest.parent.mkdir(exist_ok=True)
    latest.write_text(f"Benchmarks, {about}\n\n{markdown_table(rows)}\n\n{summary}\n", encoding="utf-8")
    print(f"(also written as Markdown to {latest.relative_to(benchdb.ROOT)})")


if __name__ == "__main__":
    main(sys.argv[1:])
