"""Item 12 ("new to international") is now scored only in a programme that switches it on (docs/health.md, "Which
items a programme scores"). Every programme that existed scored it unless it switched it off: this writes that
choice into its settings, so that no programme's colours change silently."""

from django.db import migrations, models

import projects.models

ITEM = "new_to_international"


def keep_scoring(apps, schema_editor):
    Programme = apps.get_model("projects", "Programme")
    for programme in Programme.objects.all():
        health_settings = dict(programme.health_settings or {})
        if ITEM in health_settings.get("off", []) or ITEM in health_settings.get("on", []):
            continue
        health_settings["on"] = [*health_settings.get("on", []), ITEM]
        programme.health_settings = health_settings
        programme.save(update_fields=["health_settings"])


def forget(apps, schema_editor):
    Programme = apps.get_model("projects", "Programme")
    for programme in Programme.objects.all():
        health_settings = dict(programme.health_settings or {})
        if "on" in health_settings:
            health_settings.pop("on")
            programme.health_settings = health_settings
            programme.save(update_fields=["health_settings"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_programme_health_settings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="programme",
            name="health_settings",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Overrides of the network-health panel for this programme, e.g. {"on": '
                '["new_to_international"], "off": ["trust"], "thresholds": {"meeting_days": {"green": 60, "amber": '
                '90}}}. An item not scored shows "not in use".',
                validators=[projects.models.validate_health_settings],
                verbose_name="health settings",
            ),
        ),
        migrations.RunPython(keep_scoring, forget),
    ]
