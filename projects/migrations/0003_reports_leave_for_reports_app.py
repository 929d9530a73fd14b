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
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


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
