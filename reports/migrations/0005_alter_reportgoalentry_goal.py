import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0001_initial'),
        ('reports', '0004_report_queue_order'),
    ]

    # Goal moved to the goals app (same table): the foreign key's target changes in Django's state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reportgoalentry',
                    name='goal',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_entries', to='goals.goal'),
                ),
            ],
            database_operations=[],
        ),
    ]
