"""Announcements to a project's member contacts, and the motivation log of its business and foreign partners."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub.models import Language

# The order in which an announcement's languages are tried for a recipient: their own language first, then for
# the national languages the other one, then English; for any other language English, then Finnish, then Swedish.
LANGUAGE_FALLBACK = {
    Language.FINNISH: (Language.FINNISH, Language.SWEDISH, Language.ENGLISH),
    Language.SWEDISH: (Language.SWEDISH, Language.FINNISH, Language.ENGLISH),
    Language.ENGLISH: (Language.ENGLISH, Language.FINNISH, Language.SWEDISH),
}
LANGUAGES = (Language.FINNISH, Language.SWEDISH, Language.ENGLISH)


def fallback(language):
    return LANGUAGE_FALLBACK.get(language, LANGUAGE_FALLBACK[Language.ENGLISH])


class Audience(models.TextChoices):
    ALL = "all", _("All member contacts")
    GROUP = "group", _("A chosen group")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: not sent")
    SENT = "sent", _("Sent")


class Announcement(models.Model):
    """A message from the coordinators to the contacts of the project's current members, or of a chosen group.

    Written in one or more of Finnish, Swedish and English; each recipient gets their own language, else the
    first written one in `LANGUAGE_FALLBACK`. Saved as a draft, confirmed on a page that says who will get it in
    which language, then sent: the recipients are fixed (`Recipient`) and each gets one e-mail under the key of
    this announcement and that contact."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="announcements")
    subject_fi = models.CharField(_("subject in Finnish"), max_length=200, blank=True)
    body_fi = models.TextField(_("message in Finnish"), max_length=10000, blank=True)
    subject_sv = models.CharField(_("subject in Swedish"), max_length=200, blank=True)
    body_sv = models.TextField(_("message in Swedish"), max_length=10000, blank=True)
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body_en = models.TextField(_("message in English"), max_length=10000, blank=True)
    audience = models.CharField(_("recipients"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    organisations = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name=_("member organisations")
    )
    to_business = models.BooleanField(_("business partners"), default=False)
    to_foreign = models.BooleanField(_("foreign partners"), default=False)
    to_education = models.BooleanField(_("education providers"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AnnouncementStatus.values), name="announcement_status_valid"),
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="announcement_audience_valid"),
            models.CheckConstraint(
                condition=Q(status=AnnouncementStatus.DRAFT) | Q(sent_at__isnull=False), name="announcement_sent_dated"
            ),
        ]

    def __str__(self):
        return self.subject

    def text(self, language):
        return getattr(self, f"subject_{language}"), getattr(self, f"body_{language}")

    @property
    def languages(self):
        """The languages it is written in (subject and message both given)."""
        return [language for language in LANGUAGES if all(self.text(language))]

    def language_for(self, language):
        """The language a recipient who reads `language` gets: their own if written, else the fallback's first."""
        written = self.languages
        return next((choice for choice in fallback(language) if choice in written), None)

    @property
    def subject(self):
        return next((self.text(language)[0] for language in self.languages), "") or self.subject_fi

    @property
    def author_name(self):
        """Who sent it (a draft: who wrote it), or "" when the account is gone."""
        author = self.sent_by or self.created_by
        return author.full_name if author else ""

    @property
    def is_draft(self):
        return self.status == AnnouncementStatus.DRAFT


class Recipient(models.Model):
    """One contact an announcement went to, fixed when it was sent, in the language chosen for them; `message` is
    the e-mail once its task has claimed it (its status is the delivery state)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    message = models.ForeignKey(
        "networkhub.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "contact"], name="announcement_recipient_once"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="recipient_language_valid"),
        ]

    def __str__(self):
        return f"{self.announcement_id} → {self.contact_id} ({self.language})"


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")
    OTHER = "other", _("Other")


class MotivationEntry(models.Model):
    """One time the network reached a business or foreign member (characteristic 10): when, how, who from the
    network and whom at the partner, and a short note. Coordinators record them; sending an announcement to the
    partner's contacts adds one (channel e-mail, `announcement` set). Health item 10 reads the latest date."""

    membership = models.ForeignKey(
        "partners.Membership", on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    reached_by = models.CharField(_("who from the network"), max_length=200, blank=True)
    contact = models.ForeignKey(
        "partners.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("whom at the partner"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.CASCADE, related_name="motivation_entries"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("motivation log entry")
        verbose_name_plural = _("motivation log entries")
        indexes = [models.Index(fields=["membership", "-date"], name="motivation_membership_date")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="motivation_channel_valid"),
            models.CheckConstraint(
                condition=Q(announcement__isnull=True) | Q(channel="email"), name="motivation_announcement_by_email"
            ),
            models.UniqueConstraint(
                fields=["announcement", "membership"],
                condition=Q(announcement__isnull=False),
                name="motivation_announcement_once",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_channel_display()}"
