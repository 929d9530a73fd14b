"""projects.0011 (docs/health.md, "Which items a programme scores"): item 12 is now scored only where switched on,
so every programme that existed and did not switch it off is given "on": no programme's colours change silently."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Programme
from tests.reports.test_migration import latest, migrate, targets_before

CHANGE = [("projects", "0011_programme_criteria_on")]


@pytest.mark.django_db(transaction=True)
def test_existing_programmes_keep_scoring_item_12_unless_they_switched_it_off():
    try:
        before = targets_before(MigrationExecutor(connection).loader.graph, CHANGE)
        executor = migrate(before)
        old = executor.loader.project_state([node for node in before if node[1]]).apps.get_model(
            "projects", "Programme"
        )
        old.objects.create(code="scored", name_fi="A", name_sv="A", health_settings={})
        old.objects.create(code="weighted", name_fi="B", name_sv="B", health_settings={"risk_weights": {"partners": 3}})
        old.objects.create(code="off", name_fi="C", name_sv="C", health_settings={"off": ["new_to_international"]})
        migrate(latest())
        settings = dict(Programme.objects.values_list("code", "health_settings"))
        assert settings == {
            "scored": {"on": ["new_to_international"]},
            "weighted": {"risk_weights": {"partners": 3}, "on": ["new_to_international"]},
            "off": {"off": ["new_to_international"]},
        }
        assert {code: Programme.objects.get(code=code).unscored_items for code in settings} == {
            "scored": set(),
            "weighted": set(),
            "off": {"new_to_international"},
        }
    finally:
        migrate(latest())
