from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import times

from .meetings import Meeting, MeetingType, check_end_after_start, end_after_start


class PollStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class TimePoll(models.Model):
    """Find a time that most member organisations can attend; the best slot becomes the meeting."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="time_polls")
    title = models.CharField(_("title"), max_length=200)
    meeting_type = models.CharField(
        _("type of meeting"), max_length=20, choices=MeetingType.choices, default=MeetingType.STEERING_GROUP
    )
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=times.DEFAULT_TIME_ZONE, validators=[times.validate_time_zone]
    )
    deadline = models.DateTimeField(_("reply by"))
    members_see_answers = models.BooleanField(
        _("members see each other's answers"),
        default=False,
        help_text=_("If not, only coordinators see who answered what; members see only their own answers."),
    )
    status = models.CharField(_("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.OPEN)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="time_poll")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("time poll")
        verbose_name_plural = _("time polls")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PollStatus.values), name="poll_status_valid"),
            models.CheckConstraint(condition=Q(meeting_type__in=MeetingType.values), name="poll_meeting_type_valid"),
            models.CheckConstraint(
                condition=Q(meeting__isnull=True) | Q(status=PollStatus.CLOSED), name="poll_with_meeting_is_closed"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:poll_detail", args=[self.project_id, self.pk])

    @property
    def is_open(self):
        return self.status == PollStatus.OPEN and self.deadline > timezone.now()

    def clean(self):
        if self.meeting_id and self.status != PollStatus.CLOSED:
            raise ValidationError(_("A poll that became a meeting is closed."))


class PollSlot(models.Model):
    poll = models.ForeignKey(TimePoll, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        constraints = [end_after_start("poll_slot")]

    def __str__(self):
        return times.format_range(self.start, self.end, self.poll.time_zone)

    def clean(self):
        check_end_after_start(self.start, self.end, _("The time must end after it starts."))


class PollInvitee(models.Model):
    poll = models.ForeignKey(TimePoll, on_delete=models.CASCADE, related_name="invitees")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.CASCADE, related_name="poll_invitations")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contact__organisation__name", "contact__name"]
        verbose_name = _("poll invitee")
        verbose_name_plural = _("poll invitees")
        constraints = [models.UniqueConstraint(fields=["poll", "contact"], name="poll_invitee_unique")]

    def __str__(self):
        return f"{self.contact} ({self.poll})"


class PollAnswerChoice(models.TextChoices):
    YES = "yes", _("Yes")
    IF_NEED_BE = "if_need_be", _("If need be")
    NO = "no", _("No")


class PollAnswer(models.Model):
    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    invitee = models.ForeignKey(PollInvitee, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("answer"), max_length=12, choices=PollAnswerChoice.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")
        constraints = [
            models.UniqueConstraint(fields=["slot", "invitee"], name="poll_answer_unique"),
            models.CheckConstraint(condition=Q(answer__in=PollAnswerChoice.values), name="poll_answer_valid"),
        ]

    def __str__(self):
        return f"{self.invitee.contact}: {self.get_answer_display()}"

    def clean(self):
        if self.slot_id and self.invitee_id and self.slot.poll_id != self.invitee.poll_id:
            raise ValidationError(_("The answer must be to a time in the same poll."))
