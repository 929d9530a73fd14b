"""What a confirmation page's button sends besides the CSRF token (networkhub.confirm)."""

from networkhub.confirm import CONFIRM_FIELD, CONFIRM_VALUE

CONFIRMED = {CONFIRM_FIELD: CONFIRM_VALUE}
