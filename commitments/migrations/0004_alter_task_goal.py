import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0003_seal_existing_evidence'),
        ('goals', '0001_initial'),
    ]

    # Goal moved to the goals app (same table): the foreign key's target changes in Django's state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='task',
                    name='goal',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='goals.goal', verbose_name='goal'),
                ),
            ],
            database_operations=[],
        ),
    ]
