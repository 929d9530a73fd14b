"""Demo network health for `seed_demo`: the weekly snapshots of the last weeks, as of each week's Monday, so that
trends show, and today's statuses, which the funder's programme overview lists. Both are idempotent: running the
seed again adds nothing twice."""

from datetime import timedelta

from django.utils import timezone

from .daily import take_daily_statuses
from .snapshots import TREND_WEEKS, take_snapshots


def seed_health(today=None):
    today = today or timezone.localdate()
    for weeks in range(TREND_WEEKS, -1, -1):
        take_snapshots(today - timedelta(weeks=weeks))
    take_daily_statuses(today)
