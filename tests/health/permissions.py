"""health's rows of the permission matrix (see tests/test_permissions.py).

The network map's page ("met and worked together") and its exports are for the project's coordinators and for
the funder's reviewers, who see every project's read-only card; partners see the map on the project home only.
"""

ACCESS_KINDS = {
    "coordinator_or_funder": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 404,
        "coordinator": 200,
        "funder": 200,
    },
}


def _project(world):
    return {"project_pk": world.project.pk}


URLS = {
    "health:network_map": (_project, "get", "coordinator_or_funder"),
    "health:network_map_graphml": (_project, "get", "coordinator_or_funder"),
    "health:network_map_csv": (_project, "get", "coordinator_or_funder"),
}

SPECIAL = set()

CROSS_PROJECT = {}
