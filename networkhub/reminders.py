"""Reminders that run themselves.

Apps schedule reminders (kind, object, recipient, step, due time) when something happens, or
from a planner that looks a short way ahead. The unique constraint on (kind, object, recipient,
step) makes scheduling idempotent and sending at most once. A periodic scan finds what is due
with one indexed query, claims each reminder with a conditional update and queues one send task
per reminder. The send task claims it again, checks that its reason still holds, respects mutes
and project switches, and sends in the recipient's language.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from . import registry
from .mail import mail_key, send_once, sending_lease
from .models import Message, MessageStatus, MutedReminder, ProjectReminderSetting, Reminder, ReminderStatus
from .privacy import is_erased

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    """How one kind of reminder behaves. `still_due(target, reminder)` says whether its reason holds;
    `context(target, reminder)` gives the e-mail template its variables. An essential kind (signing,
    report deadlines) cannot be muted or switched off. `describe(reminders)` says in words what each
    of a list of this kind's reminders is about ({reminder pk: text}, in the active language), with a
    constant number of queries however long the list (see `describe`). A `project_private` kind is the
    funder's own (a case officer's follow-up on the project): the project's pages never list it, its e-mails
    or its settings (`project_private_kinds`)."""

    kind: str
    label: str
    template: str
    still_due: object
    context: object
    attachments: object = None
    essential: bool = False
    default_steps: object = ()  # days, or a function giving them (for a setting read at run time)
    describe: object = None
    project_private: bool = False


REGISTRY = {}  # kind -> Kind, installed from each app's declared reminders module
PLANNERS = []  # function(now) that schedules date-based reminders a short way ahead, likewise


def kind(
    choice,
    *,
    template,
    still_due,
    context,
    attachments=None,
    essential=False,
    default_steps=(),
    describe=None,
    project_private=False,
):
    """The spec of a kind (`choice` is a TextChoices member: value and label), for an app's reminders module to list
    in its `KINDS`; the kernel installs what each app declares (`networkhub.contributions`)."""
    return Kind(
        choice.value,
        choice.label,
        template,
        still_due,
        context,
        attachments,
        essential,
        default_steps,
        describe,
        project_private,
    )


def install(spec):
    """Make a kind (a `Kind`) known to the engine; done by the contributions' loader, or a test."""
    REGISTRY[spec.kind] = spec
    registry.REMINDER_KINDS[spec.kind] = spec.label


def register(choice, **options):
    """Install a kind at once (tests wire a kind of their own with it); apps declare theirs instead."""
    install(kind(choice, **options))


def kind_choices(*, essential=None, for_project=False):
    """(value, label) of the registered kinds, all or only the essential / non-essential ones; `for_project`
    leaves out the project-private kinds (the project's own reminder settings)."""
    return [
        (spec.kind, spec.label)
        for spec in REGISTRY.values()
        if (essential is None or spec.essential == essential) and not (for_project and spec.project_private)
    ]


def project_private_kinds():
    """The kinds that the project's pages never list (the funder's case work), reminders and e-mails alike."""
    return [spec.kind for spec in REGISTRY.values() if spec.project_private]


def is_essential(kind):
    spec = REGISTRY.get(kind)
    return spec is not None and spec.essential


def type_id(model):
    """The content type id of a model (cached by Django after the first look-up)."""
    return ContentType.objects.get_for_model(model).pk


def targets(rows, queryset):
    """{target id: object} for those of `rows` (reminders) whose target is a row of `queryset`'s model,
    from one query on `queryset` (which may select_related what the description needs)."""
    wanted = type_id(queryset.model)
    ids = {row.target_id for row in rows if row.target_type_id == wanted}
    return queryset.in_bulk(ids) if ids else {}


def describe(rows):
    """Set `description` on each reminder of `rows`: what it is about, in words (which letter and
    organisation, which meeting, poll or action item, which deadline). Each kind's `describe` gets all
    of that kind's reminders at once, so a page costs at most one or two queries per kind however many
    reminders it lists. A kind that registered no `describe` gets an empty description."""
    rows = list(rows)
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    for kind, group in by_kind.items():
        spec = REGISTRY.get(kind)
        texts = spec.describe(group) if spec is not None and spec.describe else {}
        for row in group:
            row.description = texts.get(row.pk, "")
    return rows


def default_steps(kind):
    """The REMINDER_STEPS setting for a kind if it names one, else the days the kind registered."""
    if kind in settings.REMINDER_STEPS:
        return list(settings.REMINDER_STEPS[kind])
    spec = REGISTRY.get(kind)
    if spec is None:
        return []
    return list(spec.default_steps() if callable(spec.default_steps) else spec.default_steps)


def steps(kind, project=None):
    """The days (before or after, as the kind defines) at which a kind reminds.

    The kind's default days, unless the project has tuned a non-essential kind for itself.
    """
    if project is not None and not is_essential(kind):
        own = ProjectReminderSetting.objects.filter(project=project, kind=kind).values_list("days", flat=True).first()
        if own:
            return own
    return default_steps(kind)


def steps_lookup(kind):
    """`steps(kind, project)` for many projects with one query: for planners that loop over objects."""
    defaults = default_steps(kind)
    if is_essential(kind):
        return lambda project: defaults
    tuned = dict(ProjectReminderSetting.objects.filter(kind=kind).exclude(days=[]).values_list("project_id", "days"))
    return lambda project: tuned.get(project.pk) or defaults


def longest_step(kind):
    """The largest step any project uses for a kind: how far ahead a planner must look."""
    tuned = ProjectReminderSetting.objects.filter(kind=kind).values_list("days", flat=True)
    return max([*default_steps(kind), *(day for days in tuned for day in days or [])], default=0)


def schedule(kind, target, *, project, step, due_at, recipient="", recipient_name="", language="fi"):
    """Schedule one reminder; scheduling the same (kind, object, recipient, step) again changes nothing."""
    if kind not in REGISTRY:
        raise ValueError(f"Unregistered reminder kind {kind!r}")
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=kind,
                project=project,
                target_type=ContentType.objects.get_for_model(target),
                target_id=target.pk,
                recipient=(recipient or "").lower(),
                recipient_name=recipient_name,
                language=language,
                step=str(step),
                due_at=due_at,
            )
        ],
        ignore_conflicts=True,
    )


def cancel(target, *, kinds=None, reason="no longer needed"):
    """Stop the pending reminders of an object, e.g. when the letter is signed."""
    pending = Reminder.objects.filter(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        status=ReminderStatus.PENDING,
    )
    if kinds:
        pending = pending.filter(kind__in=kinds)
    return pending.update(status=ReminderStatus.CANCELLED, reason=reason[:200], finished_at=timezone.now())


def plan(now=None):
    now = now or timezone.now()
    for function in PLANNERS:
        function(now)


def queued_lease():
    """How long a queued reminder waits for its send task to claim it before the scan queues it again."""
    return timedelta(minutes=settings.REMINDER_QUEUED_LEASE_MINUTES)


def _stale(now):
    """Rows in a state that is not final whose lease has run out: queued and never claimed by its task
    (lost with the broker, its publish failed, the scan died before publishing), or a send a killed
    worker left half done. Queued rows from before queueing was timed have no time and are stale."""
    queued = Q(status=ReminderStatus.QUEUED) & (Q(claimed_at__lt=now - queued_lease()) | Q(claimed_at=None))
    return queued | Q(status=ReminderStatus.SENDING, claimed_at__lt=now - sending_lease())


@dataclass(frozen=True)
class Claimed:
    """What one scan claimed: ids newly due, ids taken back from a lapsed lease, and the claim's time."""

    queued: list
    stale: list
    at: object


def claim_due(now=None, *, limit=1000):
    """Claim what is due for sending: pending rows whose time has come and rows whose lease ran out.

    Each is claimed with a conditional update that sets it queued at `now`, so two scans never both
    claim a row, and its queued lease starts. Every update commits on its own (call it outside a
    transaction); the caller publishes one send task per id afterwards, and hands a row whose
    publish failed back with `release`. Cost grows with what is due, not with the table.
    """
    now = now or timezone.now()
    due = list(Reminder.objects.due(now).order_by("due_at").values_list("pk", flat=True)[:limit])
    lapsed = list(Reminder.objects.filter(_stale(now)).order_by("due_at").values_list("pk", flat=True)[:limit])
    queued = [
        pk
        for pk in due
        if Reminder.objects.filter(pk=pk, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.QUEUED, claimed_at=now
        )
    ]
    stale = [
        pk
        for pk in lapsed
        if Reminder.objects.filter(_stale(now), pk=pk).update(status=ReminderStatus.QUEUED, claimed_at=now)
    ]
    if stale:
        logger.warning("Queued %d reminders again whose lease ran out: %s", len(stale), stale[:20])
    return Claimed(queued, stale, now)


def release(pk, claimed_at):
    """Hand back a reminder whose send task could not be published: due again at the next scan.

    Only the claim made at `claimed_at` is released; a row claimed since stays with its new owner."""
    return Reminder.objects.filter(pk=pk, status=ReminderStatus.QUEUED, claimed_at=claimed_at).update(
        status=ReminderStatus.PENDING, claimed_at=None
    )


def _claim(pk, now):
    # A send that started longer ago than the lease without finishing (a killed worker) may be claimed again.
    claimable = Q(status=ReminderStatus.QUEUED) | Q(status=ReminderStatus.SENDING, claimed_at__lt=now - sending_lease())
    return Reminder.objects.filter(claimable, pk=pk).update(status=ReminderStatus.SENDING, claimed_at=now)


def _finish(reminder, status, reason="", message=None):
    reminder.status, reminder.reason, reminder.finished_at = status, reason[:200], timezone.now()
    reminder.message = message
    reminder.save(update_fields=["status", "reason", "finished_at", "message"])


def skip_reason(reminder, spec):
    if not reminder.recipient:
        return "no e-mail address"
    if is_erased(reminder.recipient):
        return "the recipient was erased"
    if reminder.target is None:
        return "the object no longer exists"
    if not spec.still_due(reminder.target, reminder):
        return "its reason has ended"
    if not spec.essential:
        switched_off = ProjectReminderSetting.objects.filter(project_id=reminder.project_id, kind=reminder.kind)
        if switched_off.filter(enabled=False).exists():
            return "switched off for the project"
        muted = MutedReminder.objects.filter(kind=reminder.kind, user__email__iexact=reminder.recipient)
        if muted.exists():
            return "muted by the recipient"
    return ""


def message_key(reminder):
    """The e-mail's idempotency key: the reminder's (kind, object, recipient, step)."""
    target_type = ContentType.objects.get_for_id(reminder.target_type_id)
    target = (f"{target_type.app_label}.{target_type.model}", reminder.target_id)
    return mail_key(reminder.kind, target, reminder.recipient, reminder.step)


def send(pk, *, final_attempt=False):
    """Send one claimed reminder. Returns its final status; raises OSError for the task to retry.

    The e-mail goes out under the reminder's key, so a reminder claimed again after a lost worker
    finds its e-mail already sent instead of sending it twice.
    """
    now = timezone.now()
    if not _claim(pk, now):
        return None  # sent, skipped or being sent by someone else
    reminder = Reminder.objects.select_related("project").get(pk=pk)
    spec = REGISTRY.get(reminder.kind)
    reason = "unknown kind" if spec is None else skip_reason(reminder, spec)
    if reason:
        _finish(reminder, ReminderStatus.SKIPPED, reason)
        return ReminderStatus.SKIPPED
    Reminder.objects.filter(pk=pk).update(attempts=reminder.attempts + 1)

    # Built only if the e-mail is sent now: a context may issue links, which must not replace sent ones.
    def context():
        return {"project": reminder.project, "reminder": reminder, **spec.context(reminder.target, reminder)}

    def attachments(context):
        return spec.attachments(reminder.target, reminder, context) if spec.attachments else ()

    key = message_key(reminder)
    try:
        message = send_once(
            key,
            spec.template,
            to=reminder.recipient,
            language=reminder.language,
            context=context,
            attachments=attachments,
            kind=reminder.kind,
            project=reminder.project,
        )
    except OSError as error:
        if final_attempt:
            failed = Message.objects.filter(key=key).first()
            _finish(reminder, ReminderStatus.FAILED, f"{error.__class__.__name__}: {error}", message=failed)
            return ReminderStatus.FAILED
        # Back in the queue for the retry, which claims it again.
        Reminder.objects.filter(pk=pk).update(status=ReminderStatus.QUEUED, claimed_at=now, reason=str(error)[:200])
        raise
    if message.status != MessageStatus.SENT:
        # Another worker holds a live claim on the e-mail. The reminder stays claimed; should that
        # worker have died, a scan after the lease queues the reminder again and the e-mail is resent.
        # The reminder's lease is made to run out with the e-mail's, so that scan comes no later.
        Reminder.objects.filter(pk=pk, status=ReminderStatus.SENDING, claimed_at=now).update(
            claimed_at=message.claimed_at
        )
        return None
    _finish(reminder, ReminderStatus.SENT, message=message)
    return ReminderStatus.SENT


def coordinator_recipients(project):
    """(e-mail, name, language) of the project's active coordinators; uses a prefetch when there is one."""
    return [(user.email, user.full_name, user.language) for user in project.coordinators.all() if user.is_active]
