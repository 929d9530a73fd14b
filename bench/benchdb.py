"""Shared start of every benchmark: Django on a PostgreSQL database of its own, networkhub_bench.

Import this module first; it creates the database if needed, points DATABASE_URL at it, turns
Redis off and sets Django up. NETWORKHUB_BENCH_DB names another database, so that two benchmark
runs on one server do not empty each other's data.
"""

import os
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASE = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/networkhub")
NAME = os.environ.get("NETWORKHUB_BENCH_DB", "networkhub_bench")
if not BASE.startswith("postgres"):
    sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL.")


def _create_database():
    connection = psycopg2.connect(BASE.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{NAME}"')
    connection.close()


_create_database()
os.environ["DATABASE_URL"] = BASE.rsplit("/", 1)[0] + "/" + NAME
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "networkhub.settings")
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()
