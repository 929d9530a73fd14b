# The review queue's order as an index: its first page is read off the index however many reports there are.
# Depends on reports 0001 only, so that `migrate reports` still applies the move of the report models alone
# (tests/reports/test_migration.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_render_lease"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["due_date", "id"], name="report_queue_order"),
        ),
    ]
