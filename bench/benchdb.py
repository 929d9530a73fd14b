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


# The load run's web server may use the Redis the caller named (production's cache and broker);
# the benchmarks themselves run without it.
REDIS_URL = os.environ.get("REDIS_URL", "")


def url(name):
    """DATABASE_URL's server, database `name`."""
    return BASE.rsplit("/", 1)[0] + "/" + name


def create_database(name):
    connection = psycopg2.connect(url("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def use(name):
    """Point Django's default connection at database `name` (created if needed); the next query reconnects."""
    from django.db import connections

    create_database(name)
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name


create_database(NAME)
os.environ["DATABASE_URL"] = url(NAME)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()
