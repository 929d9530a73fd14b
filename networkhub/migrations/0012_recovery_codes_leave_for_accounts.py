from django.db import migrations

from networkhub.content_types import relabel_operation

MODELS = ["recoverycode"]


class Migration(migrations.Migration):

    dependencies = [
        ('networkhub', '0011_two_factor'),
        ('accounts', '0001_initial'),
    ]

    # The recovery codes now belong to the accounts app (same table): drop them from this app's state only,
    # and move their content type (same id) so that anything pointing at it still resolves.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='RecoveryCode')],
            database_operations=[],
        ),
        relabel_operation(MODELS, "networkhub", "accounts"),
    ]
