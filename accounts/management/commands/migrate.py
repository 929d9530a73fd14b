"""Django's `migrate`, after adopting the user table of a database made before the user model moved here.

Until then the kernel's first migration (networkhub 0001) created the user's table, networkhub_user; now
accounts 0001 does, and every migration that points at the user depends on it. A database made before the
move has the table and networkhub 0001 applied, but not (or not under that meaning) accounts 0001, which
Django would refuse as an inconsistent history. Recording accounts 0001 as applied there is the truth: the
table it describes exists, in the same shape (networkhub 0002 and 0011 made the rest of it). This is the
step Django's documentation leaves to a `migrate --fake`, done here so that every deployment, `make run` and
the test database take it without anyone remembering it.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

USER_TABLE_MIGRATION = ("accounts", "0001_initial")
MADE_BY_THE_KERNEL_BEFORE = ("networkhub", "0001_initial")


def adopt_user_table(connection):
    """Record accounts 0001 as applied where networkhub 0001 made the user table; returns whether it did."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if USER_TABLE_MIGRATION in applied or MADE_BY_THE_KERNEL_BEFORE not in applied:
        return False
    recorder.record_applied(*USER_TABLE_MIGRATION)
    return True


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " First records the user table of a database made before it moved to accounts."

    def handle(self, *args, **options):
        adopted = adopt_user_table(connections[options.get("database") or DEFAULT_DB_ALIAS])
        if adopted and options.get("verbosity", 1) >= 1:
            self.stdout.write("Recorded accounts.0001_initial as applied: networkhub 0001 made the user table.")
        super().handle(*args, **options)
