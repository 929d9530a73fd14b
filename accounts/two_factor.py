"""Two-factor sign-in: TOTP (django-otp), one-time recovery codes, "remember this browser", and the rule
of who must use it.

Who must: funder reviewers, administrators and staff (the admin site), and the coordinators of any
project that asks it of them (`Project.require_two_factor`; they are held to it on every page, not only
that project's, since a session is not per project). Everyone else may enrol; once enrolled, they too
are asked for a code at each sign-in. Until a person who must has enrolled, or while their session is
not verified, every page except these steps, signing out and the language switch answers with a
redirect (`TwoFactorMiddleware`).

Recovery codes are stored as keyed hashes (HMAC with SECRET_KEY), never in plain text. A remembered
browser is a signed cookie carrying the user and a fingerprint of their `remember_secret`: a reset by an
administrator or "forget my browsers" draws a new secret and every old cookie stops working; the
cookie's signature expires after TWO_FACTOR_REMEMBER_DAYS (at most 30).
"""

import base64
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from networkhub import audit, outbox
from networkhub.models import Role, SecurityEventKind
from networkhub.security import record_security_event

from .models import RecoveryCode

REMEMBER_COOKIE = "nh_2fa_browser"
REMEMBER_SALT = "networkhub.two_factor.remember"
RECOVERY_HASH_SALT = "networkhub.two_factor.recovery"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
RECOVERY_LENGTH = 10  # ~49 bits; each code works once and attempts are rate-limited


# Who must, who has --------------------------------------------------------------------------------


def requires_two_factor_by_role(user):
    return user.role in (Role.FUNDER, Role.ADMINISTRATOR) or user.is_staff or user.is_superuser


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_state(user):
    """(required, enrolled) for a signed-in user, in one query."""
    through = User.coordinated_projects.through
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            project_requires=Exists(through.objects.filter(user=OuterRef("pk"), project__require_two_factor=True)),
        )
        .values("enrolled", "project_requires")
        .first()
    )
    if row is None:
        return False, False
    return requires_two_factor_by_role(user) or row["project_requires"], row["enrolled"]


def is_verified(request):
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


# Enrolment ---------------------------------------------------------------------------------------


def pending_device(user):
    """The unconfirmed device being set up (one per user), created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_for_typing(device):
    """The key as base32 in groups of four, for apps that cannot read the QR code."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device):
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP allows data: images)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _normalise(code):
    return "".join((code or "").split()).replace("-", "").lower()


def _hash_recovery_code(user, code):
    return salted_hmac(RECOVERY_HASH_SALT, f"{user.pk}:{_normalise(code)}", algorithm="sha256").hexdigest()


def new_recovery_codes(user, *, request=None):
    """Replace the user's recovery codes with fresh ones and return them (shown once, never stored)."""
    codes = []
    for _ in range(settings.TWO_FACTOR_RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(user=user, code_hash=_hash_recovery_code(user, code)) for code in codes]
        )
        audit.record("two_factor.recovery_codes", actor=user, target=user)
    return codes


def confirm_enrolment(request, device, token):
    """Check the first code from the app; on success the device counts and the session is verified.

    Returns the new recovery codes, or None when the code is wrong."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(_normalise(token)):
            record_security_event(SecurityEventKind.TWO_FACTOR_FAILED, user=user, request=request, step="enrolment")
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record("two_factor.enrolled", actor=user, target=user)
        record_security_event(SecurityEventKind.TWO_FACTOR_ENROLLED, user=user, request=request)
    codes = new_recovery_codes(user, request=request)
    otp_login(request, device)
    return codes


# Verification ------------------------------------------------------------------------------------


def verify(request, code):
    """Verify the session with a code from the app or an unused recovery code.

    Returns "totp", "recovery" or None (refused; a security event records the failure)."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return None
    normalised = _normalise(code)
    if normalised.isdigit():
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            ok = locked.verify_token(normalised)
        if ok:
            otp_login(request, locked)
            return "totp"
    elif normalised:
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_hash_recovery_code(user, normalised), used_at=None
        ).update(used_at=timezone.now())
        if used:
            left = RecoveryCode.objects.filter(user=user, used_at=None).count()
            record_security_event(SecurityEventKind.RECOVERY_CODE_USED, user=user, request=request, left=left)
            otp_login(request, device)
            return "recovery"
    record_security_event(SecurityEventKind.TWO_FACTOR_FAILED, user=user, request=request, step="sign_in")
    return None


def recovery_codes_left(user):
    return RecoveryCode.objects.filter(user=user, used_at=None).count()


# Remembered browsers -----------------------------------------------------------------------------


def _fingerprint(user):
    return salted_hmac(REMEMBER_SALT, f"{user.pk}:{user.remember_secret}", algorithm="sha256").hexdigest()[:32]


def remember_max_age():
    return settings.TWO_FACTOR_REMEMBER_DAYS * 24 * 60 * 60


def remember_browser(request, response):
    """Set the cookie that lets this browser skip the code for TWO_FACTOR_REMEMBER_DAYS."""
    user = request.user
    if not user.remember_secret:
        user.remember_secret = secrets.token_hex(32)
        User.objects.filter(pk=user.pk).update(remember_secret=user.remember_secret)
    value = signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=REMEMBER_SALT)
    response.set_cookie(
        REMEMBER_COOKIE,
        value,
        max_age=remember_max_age(),
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
        path="/",
    )
    return response


def is_remembered(request, user):
    value = request.COOKIES.get(REMEMBER_COOKIE)
    if not value or not user.remember_secret:
        return False
    try:
        data = signing.loads(value, salt=REMEMBER_SALT, max_age=remember_max_age())
    except signing.BadSignature:
        return False
    return data.get("u") == user.pk and constant_time_compare(data.get("f", ""), _fingerprint(user))


def forget_browsers(user, *, actor=None, request=None):
    """Every remembered browser asks for a code again."""
    User.objects.filter(pk=user.pk).update(remember_secret=secrets.token_hex(32))
    audit.record("two_factor.browsers_forgotten", actor=actor or user, target=user)


# Administrator's reset ---------------------------------------------------------------------------


def reset(user, *, actor, request=None):
    """A lost device: remove the user's authenticator, recovery codes and remembered browsers.

    Audited, logged as a security event, and the user is told by e-mail in their language. If they must
    use two-factor sign-in, their next page is enrolment."""
    from networkhub.tasks import send_two_factor_reset_notice

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).update(remember_secret=secrets.token_hex(32))
        devices = TOTPDevice.objects.filter(user=user).delete()[0]
        RecoveryCode.objects.filter(user=user).delete()
        audit.record("two_factor.reset", actor=actor, target=user, devices=devices)
        event = record_security_event(SecurityEventKind.TWO_FACTOR_RESET, user=user, actor=actor, request=request)
        outbox.enqueue(send_two_factor_reset_notice, user.pk, event.pk, kind="two_factor_reset")
    return event


# The gate ----------------------------------------------------------------------------------------

EXEMPT_URL_NAMES = {
    "accounts:enrol",
    "accounts:verify",
    "logout",
    "set_language",
    "healthz",
    "favicon",
}


def _exempt(request):
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


FREE_SESSION_KEY = "nh_2fa_free_until"
FREE_CHECK_SECONDS = 300


def note_free_session(request, user):
    """Remember in the session, for FREE_CHECK_SECONDS, that this person neither must use two-factor sign-in
    nor has enrolled, so that their pages spend no query on it; a project that starts requiring it of its
    coordinators holds them at the latest when this runs out. Called at sign-in and by the gate."""
    required, enrolled = two_factor_state(user)
    if not (required or enrolled):
        request.session[FREE_SESSION_KEY] = int(time.time()) + FREE_CHECK_SECONDS
    else:
        request.session.pop(FREE_SESSION_KEY, None)
    return required, enrolled


class TwoFactorMiddleware:
    """A person who must use two-factor sign-in, or who has enrolled, reaches nothing but the
    enrolment and verification pages until the session is verified; a remembered browser verifies it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return self.get_response(request)
        if not requires_two_factor_by_role(user) and request.session.get(FREE_SESSION_KEY, 0) > time.time():
            return self.get_response(request)
        required, enrolled = note_free_session(request, user)
        if enrolled and is_remembered(request, user):
            otp_login(request, confirmed_device(user))
            return self.get_response(request)
        if not (required or enrolled) or _exempt(request):
            return self.get_response(request)
        target = reverse("accounts:verify" if enrolled else "accounts:enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


def mark_verified_session(session, device):
    """For the test helpers and the seed: a session verified by `device`."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
