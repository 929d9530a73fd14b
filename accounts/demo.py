"""The demo's two-factor sign-in: the funder reviewer and the administrator must use it, so seed_demo
enrols them with an authenticator key derived from the demo password (the same key on every run) and
prints it, to be added to an authenticator app or given to `oathtool --totp -b KEY`."""

import hashlib
import hmac

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

from .two_factor import requires_two_factor_by_role, secret_for_typing


def demo_key(password, email):
    return hmac.new(password.encode(), f"networkhub demo totp:{email}".encode(), hashlib.sha1).digest()


def enrol_demo_accounts(password, emails):
    """Enrol those of `emails` whose role requires two-factor sign-in; return [(email, key for typing)]."""
    enrolled = []
    for user in User.objects.filter(email__in=emails).order_by("email"):
        if not requires_two_factor_by_role(user):
            continue
        key = demo_key(password, user.email)
        TOTPDevice.objects.filter(user=user).exclude(key=key.hex()).delete()
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, key=key.hex(), defaults={"name": "demo", "confirmed": True}
        )
        enrolled.append((user.email, secret_for_typing(device)))
    return enrolled
