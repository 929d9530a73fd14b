from django.db import migrations

MODELS = ["recoverycode"]


def _relabel(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is not None:
            # A partial `migrate` (e.g. `migrate reports`, or rolling back to projects 0002) ran post_migrate
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
    _relabel(apps, "networkhub", "accounts")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "accounts", "networkhub")


class Migration(migrations.Migration):

    dependencies = [
        ('networkhub', '0011_two_factor'),
        ('accounts', '0001_initial'),
    ]

    # The recovery codes now belong to the accounts app (same table): drop them from this app's state only,
    # and move their content type (same id) so that anything pointing at it still resolves.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='RecoveryCode')],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
