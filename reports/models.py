"""Status reports for the funder: deadlines with per-project extensions, drafts, frozen versions, review.

The tables keep the names they had when these models lived in the projects app (`projects_*`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networkhub import files
from networkhub.dates import short_date
from networkhub.models import Language
from projects.models import ProgrammeDeadline, Project, ReportType, not_negative

__all__ = [
    "BudgetCategory",
    "CaseNote",
    "CaseOfficer",
    "FollowUp",
    "OutputKind",
    "ProjectDeadline",
    "RenderStatus",
    "Report",
    "ReportBudgetLine",
    "ReportDue",
    "ReportGoalEntry",
    "ReportOutput",
    "ReportReviewStep",
    "ReportStatus",
    "ReportVersion",
    "pdf_folder",
]


def pdf_folder(project_id, report_id):
    """Where a report's PDFs are stored (under random names) in the default storage."""
    return f"reports/{project_id}/{report_id}"


class ProjectDeadline(models.Model):
    """An extension the funder granted: this project's due date for one of the programme's deadlines."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deadline_extensions")
    programme_deadline = models.ForeignKey(ProgrammeDeadline, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(_("extended due date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "projects_projectdeadline"
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(fields=["project", "programme_deadline"], name="project_deadline_unique"),
        ]

    def __str__(self):
        return f"{self.project.acronym}: {short_date(self.due_date)}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CONTENT_CHECK = "content_check", _("In content check")
    FINANCIAL_CHECK = "financial_check", _("In financial check")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ACCEPTED = "accepted", _("Accepted")


# States in which the coordinator may edit and (re)submit.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.INFO_REQUESTED)
# States a reviewer works in.
IN_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.CONTENT_CHECK, ReportStatus.FINANCIAL_CHECK)


class RenderStatus(models.TextChoices):
    NONE = "none", _("Not generated")
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Generating")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """One report per (project, type, period). The draft is live data; submissions freeze versions."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    report_type = models.CharField(_("report type"), max_length=10, choices=ReportType.choices)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    programme_deadline = models.ForeignKey(
        ProgrammeDeadline, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    language = models.CharField(
        _("language of the report"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    self_financing_actual_eur = models.DecimalField(
        _("self-financing used (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=not_negative(),
    )
    version_count = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The latest generated PDF of the draft (in the default storage, with its SHA-256), and the data it
    # was made from (what submit freezes).
    render_status = models.CharField(max_length=10, choices=RenderStatus.choices, default=RenderStatus.NONE)
    render_seq = models.PositiveIntegerField(default=0)
    render_error = models.TextField(blank=True)
    # When the render was queued, or when a task took it: a claim older than its lease is taken up again.
    render_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    rendered_at = models.DateTimeField(null=True, blank=True)
    rendered_pdf = models.FileField(max_length=255, blank=True, editable=False)
    rendered_pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    rendered_data = models.JSONField(null=True, blank=True, editable=False)
    rendered_data_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "projects_report"
        ordering = ["-period_end", "report_type"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        # The review queue's order: its first page is read off the index, however many reports there are.
        # OPH's overview counts the reports in review on every view: a partial index holds just those (issue 24).
        indexes = [
            models.Index(fields=["due_date", "id"], name="report_queue_order"),
            models.Index(
                fields=["status"], name="report_in_review", condition=Q(status__in=IN_REVIEW, version_count__gt=0)
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "report_type", "period_start"], name="report_unique_period"),
            models.CheckConstraint(condition=Q(report_type__in=ReportType.values), name="report_type_valid"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="report_language_valid"),
            models.CheckConstraint(condition=Q(render_status__in=RenderStatus.values), name="report_render_valid"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_valid"),
            models.CheckConstraint(
                condition=Q(self_financing_actual_eur=None) | Q(self_financing_actual_eur__gte=0),
                name="report_self_financing_not_negative",
            ),
            # A report in review has at least one frozen version; a draft never had one.
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT, version_count=0)
                | (~Q(status=ReportStatus.DRAFT) & Q(version_count__gt=0, submitted_at__isnull=False)),
                name="report_versions_match_status",
            ),
        ]

    def __str__(self):
        period = f"{short_date(self.period_start)}–{short_date(self.period_end)}"
        return f"{self.project.acronym}: {self.get_report_type_display()} {period}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})
        if self.status != ReportStatus.DRAFT and not self.version_count:
            raise ValidationError(_("Only a submitted report can be in review."))

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def is_overdue(self):
        """Past its due date and never submitted (the rule of `reports.deadlines`)."""
        return self.due_date is not None and self.status == ReportStatus.DRAFT and self.due_date < timezone.localdate()

    def read_rendered_pdf(self):
        """The draft's PDF from storage, checked against its SHA-256 (files.FileProblem if it cannot be)."""
        return files.read_stored(self.rendered_pdf, self.rendered_pdf_sha256)


class ReportGoalEntry(models.Model):
    """For one goal: the activities and results in the period, and the indicator's actual value."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="goal_entries")
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="report_entries")
    activities = models.TextField(_("activities"), blank=True)
    results = models.TextField(_("results"), blank=True)
    actual = models.DecimalField(
        _("actual value"), max_digits=12, decimal_places=2, null=True, blank=True, validators=not_negative()
    )

    class Meta:
        db_table = "projects_reportgoalentry"
        ordering = ["goal__order", "goal__pk"]
        verbose_name = _("goal in a report")
        verbose_name_plural = _("goals in a report")
        constraints = [
            models.UniqueConstraint(fields=["report", "goal"], name="report_goal_unique"),
            models.CheckConstraint(condition=Q(actual=None) | Q(actual__gte=0), name="report_goal_actual_valid"),
        ]

    def __str__(self):
        return str(self.goal)


class OutputKind(models.TextChoices):
    OPERATING_MODEL = "operating_model", _("Operating model")
    METHOD = "method", _("Method")
    PRACTICE = "practice", _("Practice")
    PUBLICATION = "publication", _("Publication")
    WEB_PAGE = "web_page", _("Web page")


class ReportOutput(models.Model):
    """An output typed into a report before outputs were recorded in the project (`results.Output`).

    No longer edited: reports that have such rows keep showing them (`data.build`, "outputs").
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=20, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    disseminated = models.CharField(
        _("where disseminated"), max_length=500, blank=True, help_text=_("e.g. seminars, networks, channels")
    )

    class Meta:
        db_table = "projects_reportoutput"
        ordering = ["kind", "pk"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [models.CheckConstraint(condition=Q(kind__in=OutputKind.values), name="report_output_kind")]

    def __str__(self):
        return self.title


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    TRAVEL = "travel", _("Travel")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Other costs")


class ReportBudgetLine(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=10, choices=BudgetCategory.choices)
    planned_eur = models.DecimalField(
        _("planned (EUR)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=not_negative()
    )
    actual_eur = models.DecimalField(
        _("actual (EUR)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=not_negative()
    )

    class Meta:
        db_table = "projects_reportbudgetline"
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="report_budget_category_unique"),
            models.CheckConstraint(condition=Q(category__in=BudgetCategory.values), name="report_budget_category"),
            models.CheckConstraint(
                condition=Q(planned_eur__gte=0, actual_eur__gte=0), name="report_budget_not_negative"
            ),
        ]

    def __str__(self):
        return self.get_category_display()


class ReportVersion(models.Model):
    """A submitted version: the data as JSON and the PDF made from it, with the PDF's SHA-256. Immutable.

    The PDF is a file of its own in the default storage (never shared with the draft); the hash stays here.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(max_length=2, choices=Language.choices)
    data = models.JSONField()
    pdf = models.FileField(max_length=255, editable=False)
    pdf_sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "projects_reportversion"
        ordering = ["report", "-number"]
        verbose_name = _("submitted report version")
        verbose_name_plural = _("submitted report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_version_number_positive"),
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("A submitted report version is immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A submitted report version is immutable.")

    def read_pdf(self):
        """The PDF from storage, checked against the hash frozen at submission (files.FileProblem if not)."""
        return files.read_stored(self.pdf, self.pdf_sha256)

    def check_pdf(self):
        """ "ok", or "missing", "changed" or "unavailable": the stored PDF against the frozen hash."""
        return files.check_stored(self.pdf, self.pdf_sha256)

    def verify(self):
        return self.check_pdf() == "ok"


class ReportReviewStep(models.Model):
    """Who moved the report to which state, when, and why (a comment is required to request information)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="review_steps")
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="review_steps")
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "projects_reportreviewstep"
        ordering = ["created_at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_step_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.INFO_REQUESTED) | ~Q(comment=""),
                name="report_step_info_request_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.report} → {self.get_status_display()}"

    def clean(self):
        if self.status == ReportStatus.INFO_REQUESTED and not self.comment.strip():
            raise ValidationError({"comment": _("Say what information is needed.")})


class ReportDue(models.Model):
    """A project's first open report due date, stored (issue 24): the effective due date (the extension's, else
    the programme's) of its earliest programme deadline without a submitted report, None if none is open or the
    project is still an application. The project has an overdue report on a day ⇔ this date is before it.

    Kept by `reports.due` (signals and the report services); `deadlines.with_overdue_report` reads it and falls
    back to the live rule for a project without a row.
    """

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="report_due")
    first_open_due_on = models.DateField(_("first open report due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("first open report due date")
        verbose_name_plural = _("first open report due dates")

    def __str__(self):
        return f"{self.project_id}: {self.first_open_due_on}"


# --- Case work (issue 22): the funder's officer of a project, their private notes and follow-ups. -------------
# Reviewers only: no coordinator's or partner's page reads these, and no export of a coordinator includes them.


class CaseOfficer(models.Model):
    """The funder reviewer who is a project's programme officer ("my projects")."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="case_officer")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_of",
        limit_choices_to={"role": "funder"},
        verbose_name=_("officer"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("case officer")
        verbose_name_plural = _("case officers")

    def __str__(self):
        return f"{self.project_id}: {self.officer_id}"


class CaseNote(models.Model):
    """An officer's private note on a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("note"), max_length=4000)
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="case_note_has_text")]

    def __str__(self):
        return f"{self.project_id} {self.written_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """Something an officer means to check on a date; the project's officer is reminded when it falls due."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    due_date = models.DateField(_("date"))
    what = models.CharField(_("what"), max_length=300)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.CheckConstraint(condition=~Q(what=""), name="follow_up_has_what")]

    def __str__(self):
        return f"{self.project_id} {self.due_date}: {self.what}"

    @property
    def done(self):
        return self.done_at is not None
