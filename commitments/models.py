"""Network rules, commitment letters, signature requests, signatures and their evidence trail.

A letter version is a draft until it is sent. Sending freezes it: its canonical content is
hashed (SHA-256) and nothing in it can change afterwards; a change makes a new version.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from networkhub.models import Language


class FrozenError(ValidationError):
    """A sent letter version, its tasks or a published rules version cannot be edited."""


class TokenPurpose(models.TextChoices):
    """What this app's e-mailed links are for (registered with networkhub.tokens)."""

    SIGNATURE = "signature", _("Signature request")
    RULES = "rules", _("Rules acceptance")
    AMENDMENT = "amendment", _("Letter amendment acknowledgement")


class SigningOrder(models.TextChoices):
    CONTACT_FIRST = "sequential", _("Contact person first, then management")
    PARALLEL = "parallel", _("Both at once")


class CommitmentSettings(models.Model):
    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="commitment_settings")
    signing_order = models.CharField(
        _("signing order"), max_length=10, choices=SigningOrder.choices, default=SigningOrder.CONTACT_FIRST
    )
    strong_identification = models.BooleanField(
        _("management signatories sign with strong identification"),
        default=False,
        help_text=_(
            "The management signatory identifies with bank ID or a mobile certificate through the identity "
            "provider before signing."
        ),
    )

    class Meta:
        verbose_name = _("commitment settings")
        verbose_name_plural = _("commitment settings")
        constraints = [
            models.CheckConstraint(condition=Q(signing_order__in=SigningOrder.values), name="settings_order_valid")
        ]

    def __str__(self):
        return str(self.project)


class RulesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RulesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RulesStatus.PUBLISHED)

    def current_for(self, project):
        """The project's rules in force: its latest published version, or None."""
        return self.published().filter(project=project).order_by("-number").first()


class NetworkRules(models.Model):
    """One version of a project's network rules (pelisäännöt), in Markdown."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="rules_versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("rules"), help_text=_("Markdown: headings with #, lists with -, emphasis with *."))
    status = models.CharField(max_length=10, choices=RulesStatus.choices, default=RulesStatus.DRAFT)
    body_hash = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = RulesQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("network rules")
        verbose_name_plural = _("network rules")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="rules_version_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="draft"), name="rules_one_draft_per_project"
            ),
            models.CheckConstraint(condition=Q(status__in=RulesStatus.values), name="rules_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(published_at__isnull=False) & ~Q(body_hash="")),
                name="rules_published_has_hash",
            ),
        ]

    def __str__(self):
        return _("Rules v%(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if self.pk and NetworkRules.objects.filter(pk=self.pk, status=RulesStatus.PUBLISHED).exists():
            raise FrozenError(_("Published rules cannot be changed; write a new version."))
        super().save(*args, **kwargs)


class Letter(models.Model):
    """The commitment letter of one member organisation in one project; its content lives in versions."""

    membership = models.OneToOneField("partners.Membership", on_delete=models.CASCADE, related_name="letter")
    created_at = models.DateTimeField(default=timezone.now)
    # The head of the event chain: deleting the last events (or adding some) no longer matches it.
    head_hash = models.CharField(max_length=64, blank=True)
    event_count = models.PositiveIntegerField(default=0)
    # The head's HMAC with the evidence key (commitments.keys), kept outside the database, and the key's id.
    head_key_id = models.CharField(max_length=40, blank=True)
    head_mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("commitment letter")
        verbose_name_plural = _("commitment letters")

    def __str__(self):
        return str(self.membership.organisation)

    def get_absolute_url(self):
        return reverse("commitments:letter", args=[self.membership.project_id, self.membership_id])


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    PARTIALLY_SIGNED = "partially_signed", _("Partially signed")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


OPEN_STATUSES = (VersionStatus.SENT, VersionStatus.PARTIALLY_SIGNED)

# Fields of a letter version that may still change once it is sent: its state, never its content.
STATE_FIELDS = frozenset({"status", "signed_at", "closed_at"})


class LetterVersion(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("state"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    language = models.CharField(_("language of the letter"), max_length=2, choices=Language.choices)
    contribution_eur = models.DecimalField(
        _("contribution (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("The organisation's own contribution, e.g. self-financing."),
    )
    contribution_note = models.CharField(_("contribution in other forms"), max_length=300, blank=True)
    period_start = models.DateField(_("commitment starts"))
    period_end = models.DateField(_("commitment ends"))
    additional_terms = models.TextField(_("additional terms"), blank=True)
    rules = models.ForeignKey(
        NetworkRules, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("rules version")
    )
    signing_order = models.CharField(max_length=10, choices=SigningOrder.choices, default=SigningOrder.CONTACT_FIRST)
    contact = models.ForeignKey(
        "partners.ContactPerson",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contact person who signs"),
    )
    management_name = models.CharField(_("management signatory"), max_length=200)
    management_title = models.CharField(_("title of the management signatory"), max_length=200)
    management_email = models.EmailField(_("e-mail of the management signatory"))
    # Filled when the version is sent, from then on never changed.
    body = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # The content hash's HMAC with the evidence key (commitments.keys) and the key's id.
    evidence_key_id = models.CharField(max_length=40, blank=True)
    evidence_mac = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("letter version")
        verbose_name_plural = _("letter versions")
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="letter_version_unique"),
            models.UniqueConstraint(fields=["letter"], condition=Q(status="draft"), name="letter_one_draft"),
            models.CheckConstraint(condition=Q(status__in=VersionStatus.values), name="letter_version_status_valid"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="letter_period_valid"),
            models.CheckConstraint(condition=Q(contribution_eur__gte=0), name="letter_contribution_not_negative"),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(content_hash="") & Q(sent_at__isnull=False)),
                name="letter_sent_version_is_frozen",
            ),
        ]

    def __str__(self):
        return f"{self.letter} v{self.number}"

    def save(self, *args, update_fields=None, **kwargs):
        if self.pk:
            stored = LetterVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored and stored != VersionStatus.DRAFT and not (update_fields and set(update_fields) <= STATE_FIELDS):
                raise FrozenError(_("A sent letter cannot be edited; make a new version."))
        super().save(*args, update_fields=update_fields, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise FrozenError(_("A sent letter cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self):
        return self.status != VersionStatus.DRAFT

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The commitment cannot end before it starts.")})


class Task(models.Model):
    version = models.ForeignKey(LetterVersion, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        "partners.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    effort = models.CharField(_("effort or resources"), max_length=200, blank=True, help_text=_("e.g. 20 working days"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    goal = models.ForeignKey(
        "goals.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("goal")
    )
    # The task of the previous version this one continues: how signers see what changed.
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The task's identity across the letter's versions: a new version's copy keeps it, so the follow-through
    # (TaskProgress) carries over. Not part of the signed content (commitments.evidence.canonical_content).
    thread = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self):
        status = LetterVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        if status and status != VersionStatus.DRAFT:
            raise FrozenError(_("The tasks of a sent letter cannot be changed; make a new version."))


class SignerRole(models.TextChoices):
    CONTACT = "contact", _("Contact person")
    MANAGEMENT = "management", _("Management signatory")


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the previous signer")
    SENT = "sent", _("Sent")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class SignatureRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[RequestStatus.WAITING, RequestStatus.SENT])


class SignatureRequest(models.Model):
    version = models.ForeignKey(LetterVersion, on_delete=models.CASCADE, related_name="requests")
    role = models.CharField(max_length=10, choices=SignerRole.choices)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(max_length=2, choices=Language.choices)
    on_behalf_of_name = models.CharField(_("deputy for"), max_length=200, blank=True)
    on_behalf_of_title = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # The seal (commitments.evidence): per-field digests, salts of the personal fields, their hash.
    evidence_salts = models.JSONField(default=dict, blank=True)
    evidence_digests = models.JSONField(default=dict, blank=True)
    evidence_hash = models.CharField(max_length=64, blank=True)
    # The seal's HMAC with the evidence key (commitments.keys), kept outside the database, and the key's id.
    evidence_key_id = models.CharField(max_length=40, blank=True)
    evidence_mac = models.CharField(max_length=64, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["version", "role", "pk"]
        verbose_name = _("signature request")
        verbose_name_plural = _("signature requests")
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            # A signatory's landing page finds the requests sent to their address in any case (email__iexact).
            models.Index(Upper("email"), condition=Q(status="sent"), name="request_open_by_email"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=SignerRole.values), name="request_role_valid"),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="request_decline_has_reason"
            ),
            models.UniqueConstraint(
                fields=["version", "role"],
                condition=Q(status__in=["waiting", "sent", "signed"]),
                name="request_one_live_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class Signature(models.Model):
    """The evidence of one signature. Written once; voided (never deleted) by a newer version."""

    request = models.OneToOneField(SignatureRequest, on_delete=models.PROTECT, related_name="signature")
    signer_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200)
    sent_to = models.EmailField()
    on_behalf_of = models.CharField(max_length=400, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    consent_version = models.CharField(max_length=20)
    consent_text = models.TextField()
    content_hash = models.CharField(max_length=64)
    # Strong identification (commitments.identification); empty when the signer held only the link.
    # The personal identity code itself is never stored: only its keyed hash (HMAC-SHA256).
    identity_provider = models.CharField(max_length=100, blank=True)
    identity_level = models.CharField(max_length=200, blank=True)
    identity_name = models.CharField(max_length=200, blank=True)
    identity_code_hash = models.CharField(max_length=64, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    # The seal (commitments.evidence): per-field digests, salts of the personal fields, their hash.
    evidence_salts = models.JSONField(default=dict, blank=True)
    evidence_digests = models.JSONField(default=dict, blank=True)
    evidence_hash = models.CharField(max_length=64, blank=True)
    # The seal's HMAC with the evidence key (commitments.keys), kept outside the database, and the key's id.
    evidence_key_id = models.CharField(max_length=40, blank=True)
    evidence_mac = models.CharField(max_length=64, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.signer_name} {self.signed_at:%Y-%m-%d}"


class RulesAcceptance(models.Model):
    """A member organisation's acceptance of one rules version, by its contact person."""

    membership = models.ForeignKey("partners.Membership", on_delete=models.CASCADE, related_name="rules_acceptances")
    rules = models.ForeignKey(NetworkRules, on_delete=models.PROTECT, related_name="acceptances")
    accepted_by = models.CharField(max_length=200)
    accepted_by_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    accepted_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    consent_version = models.CharField(max_length=20)
    signature = models.ForeignKey(Signature, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rules acceptance")
        verbose_name_plural = _("rules acceptances")
        constraints = [models.UniqueConstraint(fields=["membership", "rules"], name="rules_accepted_once")]

    def __str__(self):
        return f"{self.membership} v{self.rules.number}"


class RulesRequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class RulesRequest(models.Model):
    """A request to accept a new rules version on its own, sent to a member's contact person."""

    membership = models.ForeignKey("partners.Membership", on_delete=models.CASCADE, related_name="rules_requests")
    rules = models.ForeignKey(NetworkRules, on_delete=models.CASCADE, related_name="requests")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=RulesRequestStatus.choices, default=RulesRequestStatus.SENT)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rules acceptance request")
        verbose_name_plural = _("rules acceptance requests")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RulesRequestStatus.values), name="rules_request_status_valid"
            ),
            models.UniqueConstraint(
                fields=["membership", "rules"], condition=Q(status="sent"), name="rules_request_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.membership} v{self.rules.number}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    RESENT = "resent", _("Sent again")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")
    DELEGATED = "delegated", _("Delegated to a deputy")
    RULES_ACCEPTED = "rules_accepted", _("Rules accepted")
    AMENDMENT_PROPOSED = "amendment_proposed", _("Amendment proposed")
    AMENDMENT_ACKNOWLEDGED = "amendment_ack", _("Amendment acknowledged")
    AMENDMENT_CLOSED = "amendment_closed", _("Amendment withdrawn or expired")
    PAPER_SIGNED = "paper_signed", _("Signed on paper")


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Withdrawn")


class AmendmentQuerySet(models.QuerySet):
    def acknowledged(self):
        return self.filter(status=AmendmentStatus.ACKNOWLEDGED)


class LetterAmendment(models.Model):
    """A change to the responsible persons and deadlines of a letter version's tasks, nothing else.

    The coordinator proposes it, the contact person acknowledges it from an e-mailed link; the
    version's content, its hash and its signatures stay as they are. `changes` lists the amended
    tasks: {"task", "order", "title", "responsible" (contact pk or None), "responsible_name",
    "deadline" ("YYYY-MM-DD" or ""), "was_responsible_name", "was_deadline"}. Once acknowledged it is
    sealed (commitments.evidence) like a signature and its event carries the seal.
    """

    version = models.ForeignKey(LetterVersion, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING)
    changes = models.JSONField(default=list)
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.PROTECT, related_name="+")
    sent_to = models.EmailField()
    language = models.CharField(max_length=2, choices=Language.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    proposed_at = models.DateTimeField(default=timezone.now)
    # The lease of a pending amendment: after it, the amendment expires (nothing waits forever).
    expires_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    evidence_salts = models.JSONField(default=dict, blank=True)
    evidence_digests = models.JSONField(default=dict, blank=True)
    evidence_hash = models.CharField(max_length=64, blank=True)
    # The seal's HMAC with the evidence key (commitments.keys), kept outside the database, and the key's id.
    evidence_key_id = models.CharField(max_length=40, blank=True)
    evidence_mac = models.CharField(max_length=64, blank=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("letter amendment")
        verbose_name_plural = _("letter amendments")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AmendmentStatus.values), name="amendment_status_valid"),
            models.UniqueConstraint(fields=["version", "number"], name="amendment_number_unique"),
            models.UniqueConstraint(
                fields=["version"], condition=Q(status="pending"), name="amendment_one_pending_per_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(expires_at__isnull=False), name="amendment_pending_has_lease"
            ),
            models.CheckConstraint(
                condition=~Q(status="acknowledged") | (Q(acknowledged_at__isnull=False) & ~Q(evidence_hash="")),
                name="amendment_acknowledged_is_sealed",
            ),
        ]

    def __str__(self):
        return f"{self.version} A{self.number}"


def paper_scan_path(instance, filename):
    """Stored under a random name; the original name is kept in the database."""
    return f"commitments/paper/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class PaperSignature(models.Model):
    """A letter version signed on paper before networkhub was used: the scanned copy and its SHA-256.

    The version is frozen like a sent one and carries a signature of each signer dated on the paper's
    signing day, so every measure counts it as signed from that day."""

    version = models.OneToOneField(LetterVersion, on_delete=models.PROTECT, related_name="paper")
    file = models.FileField(upload_to=paper_scan_path, max_length=255)
    file_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=100)
    file_size = models.PositiveIntegerField()
    file_sha256 = models.CharField(max_length=64)
    contact_signed_on = models.DateField()
    management_signed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paper signature")
        verbose_name_plural = _("paper signatures")

    def __str__(self):
        return f"{self.version} ({self.file_name})"

    @property
    def signed_on(self):
        """The day the letter became binding: the later of the two signatures."""
        return max(self.contact_signed_on, self.management_signed_on)


class LetterEvent(models.Model):
    """Append-only audit trail of a letter; each event carries the hash of the one before it."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    version_number = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.CharField(max_length=300, help_text="Who: a user's e-mail or the signer's name and address.")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Digests of the actor and of each data item (the hash covers these), salts of the personal ones.
    digests = models.JSONField(default=dict, blank=True)
    salts = models.JSONField(default=dict, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["letter", "sequence"]
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")
        constraints = [
            models.UniqueConstraint(fields=["letter", "sequence"], name="letter_event_sequence_unique"),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="letter_event_kind_valid"),
        ]

    def __str__(self):
        return f"{self.letter_id}#{self.sequence} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise FrozenError("Letter events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("Letter events are append-only.")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


CLOSED_TASK_STATUSES = (TaskStatus.DONE, TaskStatus.DROPPED)


class TaskProgress(models.Model):
    """How a letter task is carried out: its status, the day it was done, why it was dropped.

    Kept outside the signed letter: a task's follow-through is not what the signers committed to, and
    changing it must not touch the version's hash. Keyed by the task's `thread`, its identity across the
    letter's versions, so a new signed version keeps the progress of the tasks it carries over."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="task_progress")
    thread = models.UUIDField()
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        constraints = [
            models.UniqueConstraint(fields=["letter", "thread"], name="task_progress_unique"),
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_progress_status_valid"),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="task_progress_done_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""), name="task_progress_dropped_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.thread}: {self.get_status_display()}"

    def clean(self):
        if self.status == TaskStatus.DONE and self.done_on is None:
            raise ValidationError({"done_on": _("Give the date the task was done.")})
        if self.status != TaskStatus.DONE and self.done_on is not None:
            raise ValidationError({"done_on": _("Only a done task has a date it was done.")})
        if self.status == TaskStatus.DROPPED and not self.drop_reason.strip():
            raise ValidationError({"drop_reason": _("Say why the task is dropped.")})

    @property
    def is_closed(self):
        return self.status in CLOSED_TASK_STATUSES


class TaskNote(models.Model):
    """One progress note on a task, written once (append-only): the task's history."""

    progress = models.ForeignKey(TaskProgress, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress note"))
    status = models.CharField(max_length=12, choices=TaskStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_note_status_valid"),
        ]

    def __str__(self):
        return self.text[:50]

    def save(self, *args, **kwargs):
        if self.pk and TaskNote.objects.filter(pk=self.pk).exists():
            raise FrozenError(_("A progress note cannot be changed; add a new one."))
        super().save(*args, **kwargs)
