"""The panel's items, numbered by the characteristics of a functioning network (design §1).

Built here: 1 rules, 2 committed at application, 3 tasks in the letters, 4 management committed,
5 active coordinator, 6 regular meetings, 10 business and foreign partners involved, and 12, the
funder's share of members new to international activity. Items 7 and 5's ideas measure are in
`health.learning`, 8 in `health.trust`, 9 and 11 in `health.sharing`.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from commitments.models import NetworkRules, RulesAcceptance
from commitments.overview import commitment_state, letter_versions
from meetings.models import Meeting, MeetingStatus
from networkhub.dates import short_date, start_of_day
from networkhub.models import AuditEvent
from partners.models import HOME_COUNTRY

from .activity import idle_days, meeting_register, quiet_members
from .panel import HealthItem, Status, at_least, at_most, item, names, share, worst

COORDINATOR_DAYS = 30  # characteristic 5 looks at the coordinators' last 30 days


def _no_members(number, key, title, network):
    return HealthItem(
        number,
        key,
        title,
        Status.NO_DATA,
        [_("The network has no members yet.")],
        _("Add a member organisation"),
        reverse("partners:add", args=[network.project.pk]),
    )


def _overview(network):
    return reverse("commitments:overview", args=[network.project.pk])


def _missing(label, memberships):
    return label % {"organisations": names(memberships)} if memberships else None


@item(1, "rules", gettext_lazy("Jointly agreed rules"))
def rules_accepted(network, title):
    """Characteristic 1: share of current members who accepted the rules version in force."""
    members = network.members
    if not members:
        return _no_members(1, "rules", title, network)
    rules = (
        NetworkRules.objects.published()
        .filter(project=network.project, published_at__lt=network.end)
        .order_by("-number")
        .first()
    )
    if rules is None:
        return HealthItem(
            1,
            "rules",
            title,
            Status.RED,
            [_("The network has no published rules.")],
            _("Write the rules"),
            reverse("commitments:rules", args=[network.project.pk]),
            value=0,
        )
    accepted = set(
        RulesAcceptance.objects.filter(
            rules=rules, membership__in=[m.pk for m in members], accepted_at__lt=network.end
        ).values_list("membership_id", flat=True)
    )
    missing = [m for m in members if m.pk not in accepted]
    value = share(len(members) - len(missing), len(members))
    facts = [
        _("%(accepted)s of %(total)s members accepted rules v%(number)s.")
        % {"accepted": len(members) - len(missing), "total": len(members), "number": rules.number},
        _missing(_("Missing: %(organisations)s."), missing),
    ]
    return HealthItem(
        1,
        "rules",
        title,
        at_least(value, "rules_accepted"),
        [fact for fact in facts if fact],
        _("Send the rules with the commitment letters"),
        _overview(network),
        value=value,
    )


@item(2, "application", gettext_lazy("Committed when applying"))
def committed_at_application(network, title):
    """Characteristic 2: members whose letter was signed by both signers on or before the application date.

    Members who joined after the application date could not have; they are named but not counted.
    """
    members = network.members
    if not members:
        return _no_members(2, "application", title, network)
    network.commitments  # noqa: B018 - loads the members' letters
    application = network.project.application_date
    cutoff = min(application, network.as_of)
    founding = [m for m in members if m.joined_on <= application]
    later = [m for m in members if m.joined_on > application]
    if not founding:
        return HealthItem(
            2,
            "application",
            title,
            Status.NO_DATA,
            [_("Every member joined after the application date %(date)s.") % {"date": short_date(application)}],
        )
    missing = [m for m in founding if not commitment_state(letter_versions(m), cutoff).is_signed]
    value = share(len(founding) - len(missing), len(founding))
    facts = [
        _(
            "%(signed)s of %(total)s members had signed their commitment letter (contact person and "
            "management) by the application date %(date)s."
        )
        % {"signed": len(founding) - len(missing), "total": len(founding), "date": short_date(application)},
        _missing(_("Not committed by then: %(organisations)s."), missing),
        _missing(_("Joined after the application date, not counted: %(organisations)s."), later),
    ]
    return HealthItem(
        2,
        "application",
        title,
        at_least(value, "committed_at_application"),
        [fact for fact in facts if fact],
        _("Send the commitment letters"),
        _overview(network),
        value=value,
    )


@item(3, "tasks", gettext_lazy("Tasks defined in the letters"))
def tasks_defined(network, title):
    """Characteristic 3: letters in force with tasks, each with a responsible person and a deadline."""
    members = network.members
    if not members:
        return _no_members(3, "tasks", title, network)
    commitments = network.commitments
    not_sent, incomplete = [], []
    for membership in members:
        version = commitments[membership.pk].version
        if version is None:
            not_sent.append(membership)
            continue
        tasks = list(version.tasks.all())
        if not tasks or any(task.responsible_id is None or task.deadline is None for task in tasks):
            incomplete.append(membership)
    complete = len(members) - len(not_sent) - len(incomplete)
    value = share(complete, len(members))
    facts = [
        _("%(complete)s of %(total)s members' letters define tasks, each with a responsible person and a deadline.")
        % {"complete": complete, "total": len(members)},
        _missing(_("No letter sent: %(organisations)s."), not_sent),
        _missing(_("Tasks without a responsible person or a deadline: %(organisations)s."), incomplete),
    ]
    return HealthItem(
        3,
        "tasks",
        title,
        at_least(value, "tasks_defined"),
        [fact for fact in facts if fact],
        _("Complete the letters' tasks"),
        _overview(network),
        value=value,
    )


@item(4, "management", gettext_lazy("Management committed"))
def management_signed(network, title):
    """Characteristic 4: members whose letter in force carries the management's signature."""
    members = network.members
    if not members:
        return _no_members(4, "management", title, network)
    commitments = network.commitments
    missing = [m for m in members if commitments[m.pk].management_signed_at is None]
    value = share(len(members) - len(missing), len(members))
    facts = [
        _("The management of %(signed)s of %(total)s members has signed the commitment letter.")
        % {"signed": len(members) - len(missing), "total": len(members)},
        _missing(_("Missing: %(organisations)s."), missing),
    ]
    return HealthItem(
        4,
        "management",
        title,
        at_least(value, "management_signed"),
        [fact for fact in facts if fact],
        _("Follow up the signatures"),
        _overview(network),
        value=value,
    )


@item(5, "coordinator", gettext_lazy("Active coordinator"))
def coordinator_active(network, title):
    """Characteristic 5: what the project's coordinators did in the last 30 days (their audit events:
    meetings, minutes, letters, members, reports...).

    The other half, the median time to answer a partner's idea, belongs to the ideas feature: it adds
    itself with `@health.panel.extend("coordinator")`.
    """
    coordinators = list(network.project.coordinators.order_by("full_name"))
    since = network.end - timedelta(days=COORDINATOR_DAYS)
    rows = {
        row["actor_id"]: row
        for row in AuditEvent.objects.filter(
            project=network.project, actor__in=[user.pk for user in coordinators], created_at__lt=network.end
        )
        .values("actor_id")
        .annotate(recent=Count("pk", filter=Q(created_at__gte=since)), last=Max("created_at"))
        .order_by()
    }
    count = sum(row["recent"] for row in rows.values())
    last = max((row["last"] for row in rows.values()), default=None)
    if count:
        by_person = ", ".join(
            f"{user.full_name} {rows[user.pk]['recent']}"
            for user in coordinators
            if rows.get(user.pk, {}).get("recent")
        )
        facts = [
            ngettext(
                "The coordinators recorded %(count)s action in the network in the last %(days)s days (%(people)s).",
                "The coordinators recorded %(count)s actions in the network in the last %(days)s days (%(people)s).",
                count,
            )
            % {"count": count, "days": COORDINATOR_DAYS, "people": by_person}
        ]
    else:
        facts = [
            _("No coordinator action in the network in the last %(days)s days.") % {"days": COORDINATOR_DAYS},
        ]
    if last is not None:
        facts.append(_("Last action on %(date)s.") % {"date": short_date(last)})
    return HealthItem(
        5,
        "coordinator",
        title,
        at_least(count, "coordinator_actions"),
        facts,
        _("Share the coordination: add a coordinator"),
        reverse("projects:coordinators", args=[network.project.pk]),
        value=count,
        unit=pgettext("unit of a health trend", "actions"),
    )


@item(6, "meetings", gettext_lazy("Regular meetings"))
def regular_meetings(network, title):
    """Characteristic 6: days since the last held meeting, and last year's meetings against the cadence."""
    project = network.project
    cadence = settings.MEETING_CADENCE_DAYS
    held = Meeting.objects.filter(project=project, status=MeetingStatus.HELD, start__lt=network.end)
    last = held.order_by("-start").first()
    action = (_("Schedule a network meeting"), reverse("meetings:create", args=[project.pk]))
    if last is None:
        return HealthItem(6, "meetings", title, Status.NO_DATA, [_("No network meeting has been held yet.")], *action)
    days = (network.as_of - timezone.localdate(last.start)).days
    facts = [
        ngettext(
            "The last network meeting, “%(title)s”, was held on %(date)s, %(days)s day ago.",
            "The last network meeting, “%(title)s”, was held on %(date)s, %(days)s days ago.",
            days,
        )
        % {"title": last.title, "date": short_date(last.start), "days": days}
    ]
    status = at_most(days, "meeting_days")
    window_start = max(network.as_of - timedelta(days=365), project.start_date)
    expected = max((network.as_of - window_start).days, 0) // cadence
    if expected:
        count = held.filter(start__gte=start_of_day(window_start)).count()
        facts.append(
            ngettext(
                "%(count)s meeting held since %(date)s, against %(expected)s expected at one every %(cadence)s days.",
                "%(count)s meetings held since %(date)s, against %(expected)s expected at one every %(cadence)s days.",
                count,
            )
            % {"count": count, "date": short_date(window_start), "cadence": cadence, "expected": expected}
        )
        status = worst(status, at_least(share(min(count, expected), expected), "meeting_regularity"))
    return HealthItem(
        6, "meetings", title, status, facts, *action, value=days, unit=pgettext("unit of a health trend", "days")
    )


@item(10, "partners", gettext_lazy("Business and foreign partners involved"))
def partners_involved(network, title):
    """Characteristic 10: business and foreign partners at the last two held meetings; quiet partners."""
    project = network.project
    action = (_("Contact the quiet partners"), reverse("partners:list", args=[project.pk]))
    members = network.members
    if not members:
        return _no_members(10, "partners", title, network)
    partners = [m for m in members if m.organisation.is_business or m.organisation.country != HOME_COUNTRY]
    if not partners:
        return HealthItem(
            10,
            "partners",
            title,
            Status.NO_DATA,
            [_("The network has no business or foreign partners.")],
            _("Add a member organisation"),
            reverse("partners:add", args=[project.pk]),
        )
    last_two = list(
        Meeting.objects.filter(project=project, status=MeetingStatus.HELD, start__lt=network.end).order_by("-start")[:2]
    )
    if not last_two:
        return HealthItem(
            10,
            "partners",
            title,
            Status.NO_DATA,
            [_("No network meeting has been held yet.")],
            _("Schedule a network meeting"),
            reverse("meetings:create", args=[project.pk]),
        )
    # Only the meetings a partner was invited to count: for the others it is neither present nor absent.
    invited, attended = meeting_register(last_two)
    expected = [m for m in partners if invited.get(m.organisation_id)]
    uninvited = [m for m in partners if not invited.get(m.organisation_id)]
    absent = [m for m in expected if not attended.get(m.organisation_id)]
    dates = ", ".join(short_date(meeting.start) for meeting in reversed(last_two))
    not_invited = _missing(
        ngettext(
            "Not invited to the last meeting: %(organisations)s.",
            "Invited to none of the last two meetings: %(organisations)s.",
            len(last_two),
        ),
        uninvited,
    )
    if not expected:
        return HealthItem(
            10, "partners", title, Status.NO_DATA, [not_invited], _("Invite the partners to the next meeting"),
            reverse("meetings:list", args=[project.pk]),
        )  # fmt: skip
    value = share(len(expected) - len(absent), len(expected))
    facts = [
        ngettext(
            "%(present)s of %(total)s business and foreign partners invited to the last meeting (%(dates)s) took part.",
            "%(present)s of %(total)s business and foreign partners invited to the last two meetings (%(dates)s) "
            "took part in at least one they were invited to.",
            len(last_two),
        )
        % {"present": len(expected) - len(absent), "total": len(expected), "dates": dates},
        _missing(_("Absent: %(organisations)s."), absent),
        not_invited,
    ]
    days = idle_days(project)
    quiet = quiet_members(project, now=network.end, days=days)
    if quiet:
        facts.append(
            _("Quiet partners (absent from the last two meetings or nothing done in %(days)s days): %(organisations)s.")
            % {"days": days, "organisations": names(quiet)}
        )
    return HealthItem(
        10,
        "partners",
        title,
        at_least(value, "partner_attendance"),
        [fact for fact in facts if fact],
        *action,
        value=value,
    )


@item(12, "new_to_international", gettext_lazy("Members new to international activity"))
def new_to_international(network, title):
    """The funder's criterion: share of the domestic education providers among the members whose international
    activity is only beginning. Informational: a funded consortium does not change its members to meet it."""
    members = network.members
    if not members:
        return _no_members(12, "new_to_international", title, network)
    action = (_("See the members"), reverse("partners:list", args=[network.project.pk]))
    providers = [m for m in members if m.organisation.is_domestic_education_provider]
    if not providers:
        return HealthItem(
            12, "new_to_international", title, Status.NO_DATA,
            [_("The network has no domestic education providers.")], *action,
        )  # fmt: skip
    new = [m for m in providers if m.organisation.new_to_international]
    value = share(len(new), len(providers))
    if new:
        fact = ngettext(
            "%(new)s of %(total)s domestic education providers is new to international activity: %(organisations)s.",
            "%(new)s of %(total)s domestic education providers are new to international activity: %(organisations)s.",
            len(new),
        ) % {
            "new": len(new),
            "total": len(providers),
            "organisations": names(new),
        }
    else:
        fact = _("None of the %(total)s domestic education providers is new to international activity.") % {
            "total": len(providers)
        }
    return HealthItem(
        12, "new_to_international", title, at_least(value, "new_to_international"), [fact], *action, value=value
    )
