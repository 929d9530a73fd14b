from django.db import migrations

MODELS = ["healthsnapshot", "healthday"]


def _relabel(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is not None:
            # A partial `migrate` (e.g. `migrate health`, or rolling back to home 0002) ran post_migrate
            # while both apps had the model, which made `new`. Audit events, reminders and links point at `old`:
            # keep that row and move whatever points at `new` onto it.
            _merge(apps, new, into=old)
        old.app_label = target
        old.save(update_fields=["app_label"])


def _merge(apps, duplicate, into):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=duplicate):
        twin = Permission.objects.filter(content_type=into, codename=permission.codename).first()
        if twin is None:
            Permission.objects.filter(pk=permission.pk).update(content_type=into)
        else:
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
            permission.delete()
    for model in apps.get_models():
        if model._meta.label_lower == "auth.permission":
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model._meta.label_lower == "contenttypes.contenttype":
                model._base_manager.filter(**{field.name: duplicate}).update(**{field.name: into})
    duplicate.delete()


def move_content_types(apps, schema_editor):
    _relabel(apps, "home", "health")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "health", "home")


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0002_health_day'),
        ('health', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    # The health models now belong to the health app (same tables): drop them from this app's
    # state only, and move their content types so that audit events and reminders still resolve.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='HealthSnapshot',
                ),
                migrations.DeleteModel(
                    name='HealthDay',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
