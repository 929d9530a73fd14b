"""Moving a model to another app in a migration keeps its content type row (and its id).

Audit events, reminders and link tokens point at content types by id, so a model that changes apps
(`SeparateDatabaseAndState`, the table kept) must have its old row relabelled, never a new one made.
`relabel_operation(models, source, target)` is the reversible RunPython step for the leaving app's migration.
Migrations import this module: keep its behaviour stable.
"""

from django.db import migrations


def relabel(apps, models, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is not None:
            # A partial `migrate` (only the new app, or a rollback to before the move) ran post_migrate while both
            # apps had the model, which made `new`. Whatever points at `old` stays: move what points at `new` onto it.
            merge(apps, new, into=old)
        old.app_label = target
        old.save(update_fields=["app_label"])


def merge(apps, duplicate, into):
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


def relabel_operation(models, source, target):
    """RunPython that moves the content types of `models` (lower-case model names) from `source` to `target`."""

    def forwards(apps, schema_editor):
        relabel(apps, models, source, target)

    def backwards(apps, schema_editor):
        relabel(apps, models, target, source)

    return migrations.RunPython(forwards, backwards)
