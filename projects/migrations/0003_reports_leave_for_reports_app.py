from django.db import migrations

MODELS = [
    "projectdeadline",
    "report",
    "reportgoalentry",
    "reportoutput",
    "reportbudgetline",
    "reportversion",
    "reportreviewstep",
]


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
    _relabel(apps, "projects", "reports")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "reports", "projects")


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0002_reports'),
        ('reports', '0001_initial'),
    ]

    # The report models now belong to the reports app (same tables): drop them from this app's
    # state only, and move their content types so that audit events and reminders still resolve.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='report',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='programme_deadline',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='reportversion',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportoutput',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportbudgetline',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportgoalentry',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportreviewstep',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportgoalentry',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='reportreviewstep',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='reportreviewstep',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='reportversion',
                    name='submitted_by',
                ),
                migrations.DeleteModel(
                    name='ProjectDeadline',
                ),
                migrations.DeleteModel(
                    name='ReportOutput',
                ),
                migrations.DeleteModel(
                    name='ReportBudgetLine',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
                migrations.DeleteModel(
                    name='ReportGoalEntry',
                ),
                migrations.DeleteModel(
                    name='ReportReviewStep',
                ),
                migrations.DeleteModel(
                    name='ReportVersion',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
