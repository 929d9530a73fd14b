import django.db.models.deletion
from django.db import migrations, models


def merge_switches_and_steps(apps, schema_editor):
    """One row per (project, kind): switched off and/or its own days."""
    Setting = apps.get_model("networkhub", "ProjectReminderSetting")
    Switch = apps.get_model("networkhub", "ProjectReminderSwitch")
    Steps = apps.get_model("networkhub", "ProjectReminderSteps")
    rows = {}
    for project_id, kind in Switch.objects.values_list("project_id", "kind"):
        rows[(project_id, kind)] = Setting(project_id=project_id, kind=kind, enabled=False)
    for project_id, kind, days in Steps.objects.values_list("project_id", "kind", "days"):
        row = rows.setdefault((project_id, kind), Setting(project_id=project_id, kind=kind))
        row.days = days
    Setting.objects.bulk_create(rows.values())


def split_settings(apps, schema_editor):
    Setting = apps.get_model("networkhub", "ProjectReminderSetting")
    Switch = apps.get_model("networkhub", "ProjectReminderSwitch")
    Steps = apps.get_model("networkhub", "ProjectReminderSteps")
    for row in Setting.objects.all():
        if not row.enabled:
            Switch.objects.create(project_id=row.project_id, kind=row.kind)
        if row.days:
            Steps.objects.create(project_id=row.project_id, kind=row.kind, days=row.days)


class Migration(migrations.Migration):

    dependencies = [
        ('networkhub', '0005_project_reminder_steps'),
        ('projects', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProjectReminderSetting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=30)),
                ('enabled', models.BooleanField(default=True)),
                ('days', models.JSONField(blank=True, default=list, help_text="Empty: the kind's default days.")),
            ],
        ),
        migrations.AddField(
            model_name='projectremindersetting',
            name='project',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_settings', to='projects.project'),
        ),
        migrations.AddConstraint(
            model_name='projectremindersetting',
            constraint=models.UniqueConstraint(fields=('project', 'kind'), name='project_reminder_setting_unique'),
        ),
        migrations.RunPython(merge_switches_and_steps, split_settings),
        migrations.RemoveConstraint(
            model_name='linktoken',
            name='linktoken_purpose_valid',
        ),
        migrations.RemoveConstraint(
            model_name='reminder',
            name='reminder_kind_valid',
        ),
        migrations.AlterField(
            model_name='linktoken',
            name='purpose',
            field=models.CharField(help_text='Registered by the app that sends the link (tokens.register_purposes).', max_length=20),
        ),
        migrations.AlterField(
            model_name='mutedreminder',
            name='kind',
            field=models.CharField(max_length=30),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='kind',
            field=models.CharField(help_text='Registered by the app that plans it (reminders.register).', max_length=30),
        ),
        # DeleteModel alone (no RemoveField of `project` first): unapplying it recreates the table with
        # its (project, kind) unique constraint, which needs the field to be there.
        migrations.DeleteModel(
            name='ProjectReminderSteps',
        ),
        migrations.DeleteModel(
            name='ProjectReminderSwitch',
        ),
    ]
