from django.db import migrations

from networkhub.content_types import relabel_operation

MODELS = [
    "idea",
]


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_minutes_corrections'),
        ('goals', '0001_initial'),
    ]

    # The ideas log now belongs to the goals app (same table): drop the model from this app's state only,
    # and move its content type so that audit events still resolve.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Idea',
                ),
            ],
            database_operations=[],
        ),
        relabel_operation(MODELS, "meetings", "goals"),
    ]
