import uuid
from datetime import datetime, timedelta
from pathlib import PurePath

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import times


class TokenPurpose(models.TextChoices):
    """What this app's e-mailed links are for (registered with networkhub.tokens)."""

    RSVP = "rsvp", _("Meeting reply")
    POLL = "poll", _("Time poll")
    CALENDAR_FEED = "calendar_feed", _("Calendar feed")


class MeetingType(models.TextChoices):
    KICK_OFF = "kick_off", _("Kick-off")
    STEERING_GROUP = "steering_group", _("Steering group")
    WORKSHOP = "workshop", _("Workshop")
    EXPERIENCE_EXCHANGE = "experience_exchange", _("Experience exchange")
    STUDY_VISIT = "study_visit", _("Study visit")
    OTHER = "other", _("Other")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def new_uid():
    """A stable iCalendar UID: it never changes, whatever is edited, so calendars update the same event."""
    return f"{uuid.uuid4()}@networkhub"


def end_after_start(prefix):
    return models.CheckConstraint(condition=Q(end__gt=F("start")), name=f"{prefix}_end_after_start")


def check_end_after_start(start, end, message):
    if start and end and end <= start:
        raise ValidationError({"end": message})


# Meetings repeat at most daily: an hourly rule would flood the network's calendars.
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def validate_rrule(value):
    """An RFC 5545 RRULE such as FREQ=MONTHLY;INTERVAL=3 or FREQ=MONTHLY;BYDAY=+1TU."""
    text = value.strip().removeprefix("RRULE:")
    parts = dict(part.split("=", 1) for part in text.upper().split(";") if "=" in part)
    error = ValidationError(
        _("“%(value)s” is not a repeat rule we can use, e.g. FREQ=MONTHLY;INTERVAL=3 (every 3 months)."),
        code="invalid_rrule",
        params={"value": value},
    )
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise error
    try:
        rrulestr(text, dtstart=datetime(2026, 1, 1, 10))
    except (ValueError, TypeError, KeyError):
        raise error from None


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(status=MeetingStatus.PLANNED, end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(end__lt=now) | ~Q(status=MeetingStatus.PLANNED)).order_by("-start")


class MeetingSeries(models.Model):
    """Meetings that repeat by a standard rule, e.g. every 3 months or the first Tuesday of the month."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="meeting_series")
    title = models.CharField(_("title"), max_length=200)
    meeting_type = models.CharField(_("type"), max_length=20, choices=MeetingType.choices)
    rrule = models.CharField(
        _("repeat rule"), max_length=300, validators=[validate_rrule], help_text=_("RFC 5545, e.g. FREQ=MONTHLY")
    )
    first_start = models.DateTimeField(_("first meeting starts"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(60 * 24 * 7)]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=times.DEFAULT_TIME_ZONE, validators=[times.validate_time_zone]
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(condition=Q(meeting_type__in=MeetingType.values), name="series_type_valid"),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="series_duration_positive"),
        ]

    def __str__(self):
        return self.title

    def occurrences(self, *, limit, until=None):
        """(start, end) instants of the first `limit` meetings, computed in wall-clock time of the zone.

        A monthly 10:00 meeting stays at 10:00 local time across daylight saving changes.
        Wall-clock times skipped by a change are left out.
        """
        first = times.wall_clock(self.first_start, self.time_zone)
        rule = rrulestr(self.rrule.strip().removeprefix("RRULE:"), dtstart=first)
        found = []
        for naive in rule:
            if len(found) >= limit or (until is not None and naive.date() > until):
                break
            try:
                start = times.make_aware(naive, self.time_zone)
            except times.NonexistentTime:
                continue
            found.append((start, start + timedelta(minutes=self.duration_minutes)))
        return found


class Meeting(models.Model):
    # Changes to these re-send the invitation with a higher SEQUENCE.
    TIME_AND_PLACE = ("start", "end", "time_zone", "location", "video_link")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    meeting_type = models.CharField(_("type"), max_length=20, choices=MeetingType.choices)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=times.DEFAULT_TIME_ZONE, validators=[times.validate_time_zone]
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: grows with each update sent
    uid = models.CharField(max_length=255, unique=True, default=new_uid, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["project", "status", "start"])]
        constraints = [
            end_after_start("meeting"),
            models.CheckConstraint(condition=Q(meeting_type__in=MeetingType.values), name="meeting_type_valid"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.project_id, self.pk])

    def clean(self):
        check_end_after_start(self.start, self.end, _("The meeting must end after it starts."))

    @property
    def local_start(self):
        return self.start.astimezone(times.zone(self.time_zone))

    @property
    def local_end(self):
        return self.end.astimezone(times.zone(self.time_zone))

    @property
    def is_planned(self):
        return self.status == MeetingStatus.PLANNED

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def has_ended(self):
        return self.end <= timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MaxValueValidator(60 * 12)]
    )
    presenter = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presenting organisation"),
    )
    notes = models.TextField(_("notes"), blank=True)
    minutes_notes = models.TextField(_("notes in the minutes"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


def attachment_path(instance, filename):
    """Stored under a random name; the original name is kept in the database and used for downloads."""
    suffix = PurePath(filename).suffix.lower()
    return f"meetings/{instance.meeting.project_id}/{instance.meeting_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class Response(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    YES = "yes", _("Attends")
    NO = "no", _("Cannot attend")
    MAYBE = "maybe", _("Maybe")
    PROXY = "proxy", _("Sends a proxy")


def proxy_named_iff(field, value, prefix):
    return models.CheckConstraint(
        condition=(Q(**{field: value}) & ~Q(proxy_name="")) | (~Q(**{field: value}) & Q(proxy_name="")),
        name=f"{prefix}_proxy_named_iff_proxy",
    )


def check_proxy_name(is_proxy, proxy_name):
    if is_proxy and not proxy_name.strip():
        raise ValidationError({"proxy_name": _("Give the name of the person who attends in your place.")})


class Invitation(models.Model):
    """One contact person invited to one meeting, with their reply (RSVP)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.CASCADE, related_name="meeting_invitations")
    response = models.CharField(_("reply"), max_length=10, choices=Response.choices, default=Response.PENDING)
    proxy_name = models.CharField(_("proxy's name"), max_length=200, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contact__organisation__name", "contact__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="invitation_unique_per_contact"),
            models.CheckConstraint(condition=Q(response__in=Response.values), name="invitation_response_valid"),
            proxy_named_iff("response", Response.PROXY, "invitation"),
            models.CheckConstraint(
                condition=Q(response=Response.PENDING, answered_at=None)
                | (~Q(response=Response.PENDING) & Q(answered_at__isnull=False)),
                name="invitation_answered_iff_not_pending",
            ),
        ]

    def __str__(self):
        return f"{self.contact} → {self.meeting}"

    def clean(self):
        check_proxy_name(self.response == Response.PROXY, self.proxy_name)
        if self.response != Response.PROXY:
            self.proxy_name = ""


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    PROXY = "proxy", _("Represented by a proxy")


# Present in person or by proxy: the organisation took part.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.PROXY)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.CASCADE, related_name="meeting_attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    proxy_name = models.CharField(_("proxy's name"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contact__organisation__name", "contact__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="attendance_unique_per_contact"),
            models.CheckConstraint(condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"),
            proxy_named_iff("status", AttendanceStatus.PROXY, "attendance"),
        ]

    def __str__(self):
        return f"{self.contact}: {self.get_status_display()}"

    def clean(self):
        check_proxy_name(self.status == AttendanceStatus.PROXY, self.proxy_name)
