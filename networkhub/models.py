import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner contact")
    FUNDER = "funder", _("Funder reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")


# The kernel's project-scoped rows. The kernel names no feature table: each of these models gets its
# `project` foreign key from the core app that owns projects (`projects.models`, which declares it with
# `add_to_class`), so the relation, its cascade and its reverse name are the core's, while the kernel
# only reads and writes `project`. The tables and the migrations are unchanged.
PROJECT_SCOPED = ("AuditEvent", "Message", "Reminder", "ProjectReminderSetting", "OutboxTask")


class AuditEvent(models.Model):
    """Append-only record of who changed what, and when. Its `project` is attached by the core (see PROJECT_SCOPED)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)


class LinkTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=now)

    def for_object(self, obj, purpose):
        return self.filter(purpose=purpose, target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk)


class LinkToken(models.Model):
    """A secret in an e-mailed link: one purpose, one object, an expiry; only its hash is stored."""

    purpose = models.CharField(
        max_length=20, help_text="Registered by the app that sends the link (tokens.register_purposes)."
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField(blank=True)
    single_use = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    objects = LinkTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("link token")
        verbose_name_plural = _("link tokens")
        indexes = [models.Index(fields=["target_type", "target_id", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="linktoken_expires_after_creation"
            ),
            models.CheckConstraint(
                condition=Q(single_use=True) | Q(used_at=None), name="linktoken_only_single_use_consumed"
            ),
        ]

    def __str__(self):
        return f"{registry.purpose_label(self.purpose)} #{self.pk}"


class MessageStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """Every e-mail the application sends, kept for the project's message log (`project`: see PROJECT_SCOPED).

    `key` names one e-mail (kind, object, recipient, step): its unique constraint lets `mail.send_once`
    claim the e-mail before it goes out, so whatever runs twice sends it once. Rows written before
    keys existed have none. `attempts` counts the claims; more than one means a retry after a
    failure or a resend after a stale claim.
    """

    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    key = models.CharField(_("idempotency key"), max_length=200, null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    claimed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the latest attempt began: a claim older than the lease may be taken over.",
    )
    # The task that sends it (name, id, arguments), so a send whose task was lost can be started again.
    task = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["project", "-created_at"], name="networkhub__project_c8416a_idx"),
            # The sweep looks for sends left unfinished; few rows are ever in that state.
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="message_sending_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="message_status_valid"),
            models.UniqueConstraint(fields=["key"], name="message_key_unique"),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENDING) | Q(claimed_at__isnull=False), name="message_sending_claimed"
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} → {self.recipient}"

    @property
    def kind_label(self):
        return registry.message_kind_label(self.kind)

    @property
    def since(self):
        """When the present attempt began (for a send in progress or failed: how long it has been so)."""
        return self.claimed_at or self.created_at

    @property
    def resent(self):
        return self.attempts > 1


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    PUBLISHING = "publishing", _("Being handed to the mail service")
    PUBLISHED = "published", _("Handed to the mail service")


class OutboxTask(models.Model):
    """A task a service queued with its change (`networkhub.outbox`), written in the change's transaction.

    The row commits or rolls back with the change, so a task is never lost when the broker is away at
    that moment: a publish right after the commit, or else the relay, hands it to Celery. `claimed_at` is
    the lease of a publish in progress; `task_id` is the Celery task id of every publish of this row, so
    a task that reads its own id (a password reset's key) sends one e-mail however often it is published.
    `kind` is the e-mail's kind for the Messages page ("" for a task that sends none); `project` (see
    PROJECT_SCOPED) is the project whose page shows it queued.
    """

    task_name = models.CharField(max_length=200)
    task_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    eta = models.DateTimeField(null=True, blank=True)
    queue = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The relay's claim and the Messages page look at the few rows not yet published.
            models.Index(fields=["created_at"], condition=~Q(status="published"), name="outbox_unpublished_idx"),
            # The retention job deletes published rows by age.
            models.Index(fields=["published_at"], condition=Q(status="published"), name="outbox_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=OutboxStatus.PUBLISHING) | Q(claimed_at__isnull=False),
                name="outbox_publishing_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status=OutboxStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="outbox_published_at",
            ),
        ]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)} {self.status}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Scheduled")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
    CANCELLED = "cancelled", _("Cancelled")


# A reminder in these states is on its way; the others are final except "pending" (not yet due).
IN_FLIGHT = (ReminderStatus.QUEUED, ReminderStatus.SENDING)
# How late a reminder may be before /healthz counts it: the scan runs every five minutes.
OVERDUE_AFTER = timedelta(hours=1)


class ReminderQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=ReminderStatus.PENDING, due_at__lte=now)

    def unsettled(self):
        """What an operator should see: queued or sending, failed, or sent only after more than one attempt."""
        return self.filter(
            Q(status__in=[*IN_FLIGHT, ReminderStatus.FAILED]) | Q(status=ReminderStatus.SENT, message__attempts__gt=1)
        )

    def overdue(self, now, by=OVERDUE_AFTER):
        """Not sent although due more than `by` ago: the scan or the workers are not keeping up."""
        return self.filter(status__in=[ReminderStatus.PENDING, *IN_FLIGHT], due_at__lt=now - by)

    def upcoming(self):
        return self.filter(status=ReminderStatus.PENDING).order_by("due_at")


class Reminder(models.Model):
    """One reminder: scheduled, then sent at most once per (kind, object, recipient, step)."""

    kind = models.CharField(max_length=30, help_text="Registered by the app that plans it (reminders.register).")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    recipient = models.CharField(max_length=254, blank=True, help_text="E-mail address; empty when none is known.")
    recipient_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.FINNISH)
    step = models.CharField(max_length=40)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING)
    reason = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_due_idx"),
            models.Index(fields=["target_type", "target_id"], name="reminder_target_idx"),
            models.Index(fields=["project", "status", "due_at"], name="reminder_project_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "recipient", "step"], name="reminder_once_per_step"
            ),
            models.CheckConstraint(condition=Q(status__in=ReminderStatus.values), name="reminder_status_valid"),
        ]

    def __str__(self):
        return f"{self.kind} {self.step} → {self.recipient or '?'}"

    @property
    def kind_label(self):
        return registry.reminder_kind_label(self.kind)

    @property
    def since(self):
        """When its present state began: queued or sending since its claim, finished when it finished."""
        if self.status in IN_FLIGHT:
            return self.claimed_at or self.due_at
        return self.finished_at or self.due_at

    @property
    def resent(self):
        """Sent, but only after more than one attempt of its e-mail (a retry or a resend after a crash)."""
        return self.status == ReminderStatus.SENT and self.message is not None and self.message.attempts > 1


class MutedReminder(models.Model):
    """A user's choice not to receive one kind of non-essential reminder."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_reminders")
    kind = models.CharField(max_length=30)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="muted_reminder_unique")]

    def __str__(self):
        return f"{self.user} mutes {self.kind}"


class ProjectReminderSetting(models.Model):
    """A project's own choice for one non-essential reminder kind: switched off, or its own days."""

    kind = models.CharField(max_length=30)
    enabled = models.BooleanField(default=True)
    days = models.JSONField(default=list, blank=True, help_text="Empty: the kind's default days.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="project_reminder_setting_unique")]

    def __str__(self):
        return f"{self.project} {self.kind} {'on' if self.enabled else 'off'} {self.days}"


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
    SIGNED_OUT = "signed_out", _("Signed out")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-factor sign-in set up")
    TWO_FACTOR_FAILED = "2fa_failed", _("Two-factor code refused")
    TWO_FACTOR_RESET = "2fa_reset", _("Two-factor sign-in reset by an administrator")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    ROLE_CHANGED = "role_changed", _("Role changed")
    RATE_LIMITED = "rate_limited", _("Too many requests refused")
    DATA_EXPORTED = "data_exported", _("Personal data exported")
    PERSON_ERASED = "person_erased", _("Personal data erased")
    CONTACT_DETAILS_CHANGED = "contact_changed", _("Contact details changed")


class SecurityEvent(models.Model):
    """Append-only log of sign-ins, failures, two-factor changes, role changes, exports and erasures.

    `identifier` keeps what was typed at a failed sign-in (there may be no user); `user` is the account
    concerned, `actor` whoever caused the event when that is someone else (an administrator's reset).
    """

    kind = models.CharField(_("event"), max_length=30, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
        verbose_name=_("user"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    identifier = models.CharField(_("identifier"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SecurityEventKind.values), name="securityevent_kind_valid"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Security events are append-only.")
        super().save(*args, **kwargs)


class WorkerHeartbeat(models.Model):
    """A running Celery worker says it is alive every `networkhub.heartbeat.INTERVAL` seconds (one row per worker
    name); /healthz and the pages that wait for a worker (the report's PDF) read it (`networkhub.heartbeat`)."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} {self.seen_at:%Y-%m-%d %H:%M:%S}"
