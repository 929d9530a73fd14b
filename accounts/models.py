from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The vocabulary of roles and languages stays in the kernel: the kernel's own jobs (mail in the recipient's
# language, the accessibility feedback to administrators) read it, and the kernel cannot import this app.
from networkhub.models import Language, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in by e-mail. Project access comes from coordinatorships and contacts."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Bound into every "remember this browser" cookie; a new value (two-factor reset, "forget my
    # browsers") makes all the old cookies worthless.
    remember_secret = models.CharField(max_length=64, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The table keeps the name it had when the model lived in the kernel (accounts 0001).
        db_table = "networkhub_user"
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="user_language_valid"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_coordinator(self):
        return self.role in (Role.COORDINATOR, Role.ADMINISTRATOR)

    @property
    def is_funder(self):
        return self.role == Role.FUNDER


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        db_table = "networkhub_recoverycode"
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recoverycode_unique_per_user")]

    def __str__(self):
        return f"{self.user_id} {'used' if self.used_at else 'unused'}"


class AccessibilityFeedback(models.Model):
    """Feedback sent from the accessibility statement (Act on the Provision of Digital Services): e-mailed to
    the administrators, who answer within two weeks when the sender left an address."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    message = models.TextField(_("feedback"), max_length=5000)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FINNISH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        db_table = "networkhub_accessibilityfeedback"  # its table of old, from when it lived in the kernel

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.name or self.email or '-'}"


class ApiToken(models.Model):
    """A token with which one of OPH's own systems reads the programme overview's JSON feed (docs/api.md) as the
    funder reviewer it belongs to. Made by an administrator (the admin, or `manage.py create_api_token`): the
    token is shown once and stored only as its SHA-256 hash; it expires, and can be revoked. It reads only
    while its user is an active funder reviewer (accounts.api_tokens)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses the token, e.g. “OPH reporting”.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("beginning of the token"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
