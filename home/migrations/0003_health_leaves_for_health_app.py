from django.db import migrations

from networkhub.content_types import relabel_operation

MODELS = ["healthsnapshot", "healthday"]


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
        relabel_operation(MODELS, "home", "health"),
    ]
