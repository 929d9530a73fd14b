import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from networkhub.content_types import relabel_operation


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('networkhub', '0011_two_factor'),
    ]

    # The recovery codes move from networkhub to accounts keeping their table (networkhub_recoverycode):
    # state only here; networkhub 0012 drops them from its own state and relabels the content type.
    # (Until the user model moved here, this was accounts 0001; a database that applied it records it as
    # 0001_initial, which now names the user's migration: both were already true of such a database.)
    # The user model's content type is relabelled here (same id), so permissions and admin log entries
    # that point at it still resolve.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RecoveryCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code_hash', models.CharField(max_length=64)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('used_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recovery_codes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'recovery code',
                        'verbose_name_plural': 'recovery codes',
                        'db_table': 'networkhub_recoverycode',
                        'constraints': [models.UniqueConstraint(fields=('user', 'code_hash'), name='recoverycode_unique_per_user')],
                    },
                ),
            ],
            database_operations=[],
        ),
        relabel_operation(["user"], "networkhub", "accounts"),
    ]
