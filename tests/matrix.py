"""The permission matrix's tables: roles, what each kind of page answers, and every app's URL rows.

Each app's rows live in tests/<app>/permissions.py: URLS (name -> (kwargs from the world, method,
kind)), SPECIAL (names checked by their own tests), CROSS_PROJECT (this project's URL with
another project's object inside it) and ENTRIES (a URL with the partner's own organisation's entry, or another
member's). An app may add kinds in ACCESS_KINDS, and objects to the
world in extend_world(world), e.g. a meeting in each project.
"""

import importlib
from pathlib import Path

from django.conf import settings

ROLES = ["anonymous", "other_coordinator", "other_partner", "partner", "coordinator", "funder"]

# What each kind of page answers, by role. "login" means a redirect to the sign-in page.
ACCESS = {
    "public": dict.fromkeys(ROLES, 200),
    "sign_in": {**dict.fromkeys(ROLES, 302), "anonymous": 200},
    "signed_in": {**dict.fromkeys(ROLES, 200), "anonymous": "login"},
    "project_creator": {
        "anonymous": "login",
        "other_coordinator": 200,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 200,
        "funder": 404,
    },
    "project_member": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 200,
        "coordinator": 200,
        "funder": 404,
    },
    "project_coordinator": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 200,
        "funder": 404,
    },
    "project_coordinator_post": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 302,
        "funder": 404,
    },
}


# The project's own apps, in INSTALLED_APPS order (the third-party ones have no folder here).
APPS = [app for app in settings.INSTALLED_APPS if (Path(__file__).resolve().parents[1] / app / "apps.py").exists()]
URLS, SPECIAL, CROSS_PROJECT, WORLD_EXTENSIONS = {}, set(), {}, []
# Entries that members' contacts record (issue 21): the same URL for an entry of the partner's own organisation and
# for another member's. ENTRIES: row label -> (URL name, kwargs from the world, kind).
ENTRIES = {}
for _app in APPS:
    try:
        _table = importlib.import_module(f"tests.{_app}.permissions")
    except ModuleNotFoundError:
        continue
    URLS.update(_table.URLS)
    SPECIAL.update(_table.SPECIAL)
    CROSS_PROJECT.update(_table.CROSS_PROJECT)
    ENTRIES.update(getattr(_table, "ENTRIES", {}))
    ACCESS.update(getattr(_table, "ACCESS_KINDS", {}))
    if hasattr(_table, "extend_world"):
        WORLD_EXTENSIONS.append(_table.extend_world)
