"""`manage.py relay_outbox`: publish the queued tasks still in the outbox now, as the periodic relay does."""

from django.core.management.base import BaseCommand

from networkhub import outbox
from networkhub.models import OutboxStatus, OutboxTask


class Command(BaseCommand):
    help = "Publish the tasks still in the outbox (networkhub.outbox) to the broker, as the periodic relay does."

    def handle(self, *args, **options):
        published = outbox.relay()
        left = OutboxTask.objects.exclude(status=OutboxStatus.PUBLISHED).count()
        self.stdout.write(f"Published {published}; {left} not published yet.")
        if left and not published:
            self.stderr.write("Nothing could be published: is the broker (Redis) reachable?")
