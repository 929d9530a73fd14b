"""Security events from Django's sign-in signals, django-axes' lockout and changes to a user's role."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from networkhub.models import SecurityEventKind
from networkhub.security import record_security_event

from .two_factor import note_free_session

PRIVILEGE_FIELDS = ("role", "is_staff", "is_superuser")


@receiver(user_logged_in, dispatch_uid="networkhub.security.signed_in")
def _signed_in(sender, request, user, **kwargs):
    record_security_event(SecurityEventKind.SIGNED_IN, user=user, request=request)
    if request is not None and hasattr(request, "session"):
        note_free_session(request, user)


@receiver(user_login_failed, dispatch_uid="networkhub.security.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    identifier = (credentials or {}).get("username") or (credentials or {}).get("email") or ""
    user = User.objects.filter(email__iexact=identifier.strip()).first() if identifier else None
    record_security_event(SecurityEventKind.SIGN_IN_FAILED, user=user, request=request, identifier=identifier.strip())


@receiver(user_logged_out, dispatch_uid="networkhub.security.signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_security_event(SecurityEventKind.SIGNED_OUT, user=user, request=request)


@receiver(user_locked_out, dispatch_uid="networkhub.security.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(email__iexact=(username or "").strip()).first() if username else None
    record_security_event(SecurityEventKind.LOCKED_OUT, user=user, request=request, identifier=username or "")


@receiver(pre_save, sender=User, dispatch_uid="networkhub.security.role_before")
def _remember_privileges(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._privileges_before = None
        return
    instance._privileges_before = User.objects.filter(pk=instance.pk).values(*PRIVILEGE_FIELDS).first()


@receiver(post_save, sender=User, dispatch_uid="networkhub.security.role_changed")
def _role_changed(sender, instance, created, raw=False, **kwargs):
    """A role (or staff/superuser flag) that differs from the saved one is a security event, wherever
    the save happens; the admin names who did it (UserAdmin.save_model)."""
    before = getattr(instance, "_privileges_before", None)
    instance._privileges_before = None
    if raw or created or before is None:
        return
    changes = {
        field: [before[field], getattr(instance, field)]
        for field in PRIVILEGE_FIELDS
        if before[field] != getattr(instance, field)
    }
    if changes:
        record_security_event(
            SecurityEventKind.ROLE_CHANGED,
            user=instance,
            actor=getattr(instance, "_changed_by", None),
            request=getattr(instance, "_change_request", None),
            changes=changes,
        )
