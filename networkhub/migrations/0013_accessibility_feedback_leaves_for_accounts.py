from django.db import migrations

from networkhub.content_types import relabel_operation

MODELS = ["accessibilityfeedback"]


class Migration(migrations.Migration):

    dependencies = [
        ('networkhub', '0012_recovery_codes_leave_for_accounts'),
        ('accounts', '0003_accessibility_feedback'),
    ]

    # The accessibility feedback now belongs to the accounts app (same table): drop it from this app's state
    # only, and move its content type (same id) so that anything pointing at it still resolves.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AccessibilityFeedback')],
            database_operations=[],
        ),
        relabel_operation(MODELS, "networkhub", "accounts"),
    ]
