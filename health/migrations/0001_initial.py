import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0002_health_day'),
        ('projects', '0006_project_region'),
    ]

    # The models moved here from the home app; their tables keep their names (db_table), so
    # this migration changes Django's state only and the rows stay where they are.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HealthSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('taken_on', models.DateField(verbose_name='snapshot date')),
                        ('key', models.CharField(max_length=40, verbose_name='item')),
                        ('status', models.CharField(choices=[('green', 'Green'), ('amber', 'Amber'), ('red', 'Red'), ('no_data', 'Not enough data')], max_length=10, verbose_name='status')),
                        ('value', models.FloatField(blank=True, null=True, verbose_name='indicator value')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='health_snapshots', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'health snapshot',
                        'verbose_name_plural': 'health snapshots',
                        'db_table': 'home_healthsnapshot',
                        'ordering': ['project', 'taken_on', 'key'],
                        'constraints': [models.UniqueConstraint(fields=('project', 'taken_on', 'key'), name='health_snapshot_unique'), models.CheckConstraint(condition=models.Q(('status__in', ['green', 'amber', 'red', 'no_data'])), name='health_snapshot_status_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='HealthDay',
                    fields=[
                        ('project', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='health_day', serialize=False, to='projects.project')),
                        ('taken_on', models.DateField(blank=True, null=True, verbose_name='statuses as of')),
                        ('red_count', models.PositiveSmallIntegerField(default=0, verbose_name='red items')),
                        ('amber_count', models.PositiveSmallIntegerField(default=0, verbose_name='amber items')),
                    ],
                    options={
                        'verbose_name': 'daily health statuses',
                        'verbose_name_plural': 'daily health statuses',
                        'db_table': 'home_healthday',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
