from django.db import migrations

from networkhub.content_types import relabel_operation

MODELS = ["output", "disseminationevent"]


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0008_goals_leave_for_goals_app'),
        ('results', '0001_initial'),
    ]

    # The output models now belong to the results app (same tables): drop them from this app's state
    # only, and move their content types so that audit events and reminders still resolve.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='output',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='output',
                    name='project',
                ),
                migrations.DeleteModel(
                    name='DisseminationEvent',
                ),
                migrations.DeleteModel(
                    name='Output',
                ),
            ],
            database_operations=[],
        ),
        relabel_operation(MODELS, "projects", "results"),
    ]
