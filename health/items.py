"""The panel's items, numbered by the characteristics of a functioning network (design §1).

Built here: 1 rules, 2 committed at application, 3 tasks in the letters, 4 management committed,
5 active coordinator, 6 regular meetings, 10 business and foreign partners involved, and 12, the
funder's share of members new to international activity. Items 7 and 5's ideas measure are in
`health.learning`, 8 in `health.trust`, 9 and 11 in `health.sharing`.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy, npgettext

from commitments.models import TaskStatus
from commitments.overview import commitment_state, letter_versions
from networkhub.dates import short_date, start_of_day
from partners.models import HOME_COUNTRY
from results.queries import contributions_of

from .panel import HealthItem, NamedFact, Status, at_least, at_most, counted, idle, item, names, share, worst

COORDINATOR_DAYS = 30  # characteristic 5 looks at the coordinators' last 30 days

ACTIONS_UNIT = counted("actions", lambda n: npgettext("unit of a health trend", "action", "actions", n))

DAYS_UNIT = counted("days", lambda n: npgettext("unit of a health trend", "day", "days", n))


def _no_members(number, key, title, network):
    return HealthItem(
        number,
        key,
        title,
        Status.NO_DATA,
        [_("The network has no members yet.")],
        causes=[(Status.NO_DATA, "add_member")],
    )


def _missing(label, memberships):
    return label % {"organisations": names(memberships)} if memberships else None


@item(1, "rules", gettext_lazy("Jointly agreed rules"))
def rules_accepted(network, title):
    """Characteristic 1: share of current members who accepted the rules version in force."""
    members = network.members
    if not members:
        return _no_members(1, "rules", title, network)
    rules = network.rules  # the latest published by the end of `as_of`
    if rules is None:
        return HealthItem(
            1,
            "rules",
            title,
            Status.RED,
            [_("The network has no published rules.")],
            value=0,
            causes=[(Status.RED, "write_rules")],
        )
    # No penalty for improving the rules: for RULES_GRACE_DAYS after a new version, the previous one counts (amber).
    grace_until = timezone.localdate(rules.published_at) + timedelta(days=settings.RULES_GRACE_DAYS)
    in_grace = rules.number > 1 and network.as_of < grace_until
    numbers = [rules.number, rules.number - 1] if in_grace else [rules.number]
    accepted = {}
    for membership_id, number in network.rules_acceptances:  # the current members' acceptances by then
        if number in numbers:
            accepted[membership_id] = max(number, accepted.get(membership_id, 0))
    current = [m for m in members if accepted.get(m.pk) == rules.number]
    previous = [m for m in members if accepted.get(m.pk) == rules.number - 1] if in_grace else []
    missing = [m for m in members if m.pk not in accepted]
    value = share(len(current), len(members))
    status = at_least(share(len(current) + len(previous), len(members)), "rules_accepted")
    facts = [
        ngettext(
            "%(accepted)s of %(total)s member accepted rules v%(number)s.",
            "%(accepted)s of %(total)s members accepted rules v%(number)s.",
            len(members),
        )
        % {"accepted": len(current), "total": len(members), "number": rules.number}
    ]
    if previous:
        status = worst(status, Status.AMBER)
        facts.append(
            ngettext(
                "%(count)s member accepted v%(previous)s and has until %(date)s to accept v%(number)s: "
                "%(organisations)s.",
                "%(count)s members accepted v%(previous)s and have until %(date)s to accept v%(number)s: "
                "%(organisations)s.",
                len(previous),
            )
            % {
                "count": len(previous),
                "previous": rules.number - 1,
                "number": rules.number,
                "date": short_date(grace_until - timedelta(days=1)),
                "organisations": names(previous),
            }
        )
    facts.append(_missing(_("Missing: %(organisations)s."), missing))
    return HealthItem(
        1,
        "rules",
        title,
        status,
        [fact for fact in facts if fact],
        value=value,
        causes=[(status, "ask_rules_again")],
    )


@item(2, "application", gettext_lazy("Committed when applying"))
def committed_at_application(network, title):
    """Characteristic 2: members whose letter was signed by both signers on or before the application date.

    Members who joined after the application date could not have; they are named but not counted.
    """
    members = network.members
    application = network.project.application_date
    if network.as_of <= application:
        return _application_countdown(network, title)
    # After the application date the item is history: shown for information, never scored (docs/health.md).
    if not members:
        return HealthItem(2, "application", title, Status.HISTORY, [_("The network has no members yet.")])
    network.commitments  # noqa: B018 - loads the members' letters
    founding = [m for m in members if m.joined_on <= application]
    later = [m for m in members if m.joined_on > application]
    if not founding:
        return HealthItem(
            2,
            "application",
            title,
            Status.HISTORY,
            [_("Every member joined after the application date %(date)s.") % {"date": short_date(application)}],
        )
    missing = [m for m in founding if not commitment_state(letter_versions(m), application).is_signed]
    value = share(len(founding) - len(missing), len(founding))
    facts = [
        ngettext(
            "%(signed)s of %(total)s member had signed its commitment letter (contact person and "
            "management) by the application date %(date)s.",
            "%(signed)s of %(total)s members had signed their commitment letter (contact person and "
            "management) by the application date %(date)s.",
            len(founding),
        )
        % {"signed": len(founding) - len(missing), "total": len(founding), "date": short_date(application)},
        _missing(_("Not committed by then: %(organisations)s."), missing),
        _missing(_("Joined after the application date, not counted: %(organisations)s."), later),
        _("For information: the application date has passed, so this is not scored."),
    ]
    return HealthItem(2, "application", title, Status.HISTORY, [fact for fact in facts if fact], value=value)


def _application_countdown(network, title):
    """Item 2 up to the application date: days left, and each member's letter signed or pending (scored)."""
    members = network.members
    if not members:
        return _no_members(2, "application", title, network)
    application = network.project.application_date
    network.commitments  # noqa: B018 - loads the members' letters
    signed = [m for m in members if commitment_state(letter_versions(m), network.as_of).is_signed]
    pending = [m for m in members if m not in signed]
    value = share(len(signed), len(members))
    days = (application - network.as_of).days
    facts = [
        ngettext(
            "%(days)s day left to the application date %(date)s.",
            "%(days)s days left to the application date %(date)s.",
            days,
        )
        % {"days": days, "date": short_date(application)},
        ngettext(
            "%(signed)s of %(total)s member has signed its commitment letter (contact person and management).",
            "%(signed)s of %(total)s members have signed their commitment letter (contact person and management).",
            len(members),
        )
        % {"signed": len(signed), "total": len(members)},
        _missing(_("Signed: %(organisations)s."), signed),
        _missing(_("Pending: %(organisations)s."), pending),
    ]
    status = at_least(value, "committed_at_application")
    return HealthItem(
        2,
        "application",
        title,
        status,
        [fact for fact in facts if fact],
        value=value,
        causes=[(status, "send_letters")],
    )


@item(3, "tasks", gettext_lazy("Tasks defined and carried out"))
def tasks_defined(network, title):
    """Characteristic 3: letters in force with tasks, each with a responsible person and a deadline; and the
    tasks due by `as_of` carried out (done or dropped with a reason).

    The tasks are read as amended: a responsible person or deadline added by an amendment the contact
    person acknowledged by `as_of` counts (commitments.amendments). A task counts as done if it was marked
    done on or before `as_of`. A task more than TASK_LATE_GRACE_DAYS past its deadline and not carried out
    makes the item at most amber; a project that records no task status has every task past its deadline
    late, so recording the status can only improve the item (docs/health.md, item 3)."""
    members = network.members
    if not members:
        return _no_members(3, "tasks", title, network)
    commitments = network.commitments
    not_sent, incomplete = [], []
    for membership in members:
        commitment = commitments[membership.pk]
        if commitment.version is None:
            not_sent.append(membership)
            continue
        tasks = commitment.tasks
        if not tasks or any(task.responsible_id is None or task.deadline is None for task in tasks):
            incomplete.append(membership)
    complete = len(members) - len(not_sent) - len(incomplete)
    value = share(complete, len(members))
    facts = [
        ngettext(
            "%(complete)s of %(total)s member's letter defines tasks, each with a responsible person and a deadline.",
            "%(complete)s of %(total)s members' letters define tasks, each with a responsible person and a deadline.",
            len(members),
        )
        % {"complete": complete, "total": len(members)},
        _missing(_("No letter sent: %(organisations)s."), not_sent),
        _missing(_("Tasks without a responsible person or a deadline: %(organisations)s."), incomplete),
    ]
    status = at_least(value, "tasks_defined")
    causes = [(status, "send_letters")] if not_sent and not incomplete else [(status, "complete_tasks")]
    due, done, dropped, late = _carried_out(network, commitments)
    if due:
        facts.append(
            _("%(done)s of %(due)s tasks due by now are done; %(dropped)s dropped with a reason.")
            % {"done": done, "due": due, "dropped": dropped}
        )
    if late:
        status = worst(status, Status.AMBER)
        causes.append((Status.AMBER, "follow_tasks"))
        facts.append(
            ngettext(
                "%(count)s task is more than %(days)s days past its deadline and not marked done: %(organisations)s.",
                "%(count)s tasks are more than %(days)s days past their deadline and not marked done: "
                "%(organisations)s.",
                sum(late.values()),
            )
            % {"count": sum(late.values()), "days": TASK_LATE_GRACE_DAYS, "organisations": names(list(late))}
        )
    return HealthItem(3, "tasks", title, status, [fact for fact in facts if fact], value=value, causes=causes)


TASK_LATE_GRACE_DAYS = 14  # item 3: a task this many days past its deadline and not carried out is late


def _carried_out(network, commitments):
    """(tasks due by `as_of`, done by then, dropped by then, {membership: number of late tasks}); one query."""
    progress = network.task_progress
    due = done = dropped = 0
    late = {}
    for membership in network.members:
        commitment = commitments[membership.pk]
        if commitment.version is None:
            continue
        for task in commitment.tasks:
            if task.deadline is None or task.deadline >= network.as_of:
                continue
            due += 1
            record = progress.get((commitment.version.letter_id, task.thread))
            if record and record.status == TaskStatus.DONE and record.done_on <= network.as_of:
                done += 1
            elif record and record.status == TaskStatus.DROPPED and record.updated_at < network.end:
                dropped += 1
            elif task.deadline < network.as_of - timedelta(days=TASK_LATE_GRACE_DAYS):
                late[membership] = late.get(membership, 0) + 1
    return due, done, dropped, late


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
        ngettext(
            "The management of %(signed)s of %(total)s member has signed the commitment letter.",
            "The management of %(signed)s of %(total)s members has signed the commitment letter.",
            len(members),
        )
        % {"signed": len(members) - len(missing), "total": len(members)},
        _missing(_("Missing: %(organisations)s."), missing),
    ]
    status = at_least(value, "management_signed")
    return HealthItem(
        4,
        "management",
        title,
        status,
        [fact for fact in facts if fact],
        value=value,
        causes=[(status, "follow_signatures")],
    )


@item(5, "coordinator", gettext_lazy("Active coordinator"))
def coordinator_active(network, title):
    """Characteristic 5: what the project's coordinators did in the last 30 days (their audit events:
    meetings, minutes, letters, members, reports...).

    The other half, the median time to answer a partner's idea, belongs to the ideas feature: it adds
    itself with `@health.panel.extend("coordinator")`.
    """
    coordinators = network.coordinators  # by name
    rows = network.coordinator_activity  # {coordinator pk: {"recent": count in the last 30 days, "last": instant}}
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
            ngettext(
                "No coordinator action in the network in the last %(days)s day.",
                "No coordinator action in the network in the last %(days)s days.",
                COORDINATOR_DAYS,
            )
            % {"days": COORDINATOR_DAYS},
        ]
    if last is not None:
        facts.append(_("Last action on %(date)s.") % {"date": short_date(last)})
    status = at_least(count, "coordinator_actions")
    if not coordinators:
        facts.insert(0, _("The project has no coordinator."))
        causes = [(Status.RED, "add_coordinator")]
        status = Status.RED
    else:
        causes = [(status, "open_actions")]
    return HealthItem(
        5,
        "coordinator",
        title,
        status,
        facts,
        value=count,
        unit=ACTIONS_UNIT,
        causes=causes,
    )


@item(6, "meetings", gettext_lazy("Regular meetings"))
def regular_meetings(network, title):
    """Characteristic 6: days since the last held meeting, and last year's meetings against the cadence."""
    project = network.project
    cadence = settings.MEETING_CADENCE_DAYS
    held = network.held_meetings  # latest first
    last = held[0] if held else None
    if last is None:
        status, facts = idle(
            network,
            "meetings",
            ngettext_lazy(
                "No network meeting in the %(days)s day since the start.",
                "No network meeting in the %(days)s days since the start.",
                "days",
            ),
        )
        return HealthItem(6, "meetings", title, status, facts, causes=[(status, "schedule_meeting")])
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
        count = sum(1 for meeting in held if meeting.start >= start_of_day(window_start))
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
        6,
        "meetings",
        title,
        status,
        facts,
        value=days,
        unit=DAYS_UNIT,
        causes=[(status, "schedule_meeting")],
    )


def _reached(network, partners, days):
    """The motivation log's fact (docs/health.md, item 10): coordinators read the days since each business or foreign
    partner was last reached, partners how many were reached in the idle period. One query."""
    reached = network.last_reached  # {organisation pk: the date it was last reached by `as_of`}
    ago = sorted(
        ((network.as_of - reached[m.organisation_id]).days, m.organisation.name)
        for m in partners
        if m.organisation_id in reached
    )
    never = [m for m in partners if m.organisation_id not in reached]
    parts = [
        ngettext("%(name)s %(days)s day ago", "%(name)s %(days)s days ago", days_ago) % {"name": name, "days": days_ago}
        for days_ago, name in ago
    ]
    named = _("Last reached: %(partners)s.") % {"partners": "; ".join(parts)} if parts else ""
    if never:
        named = " ".join(
            [
                named,
                _("Not reached (no entry in the motivation log): %(organisations)s.") % {"organisations": names(never)},
            ]
        ).strip()
    within = sum(1 for days_ago, _name in ago if days_ago < days)
    counted = ngettext(
        "%(count)s of %(total)s business and foreign partners reached in the last %(days)s days.",
        "%(count)s of %(total)s business and foreign partners reached in the last %(days)s days.",
        len(partners),
    ) % {"count": within, "total": len(partners), "days": days}
    return NamedFact(named, counted)


def _introductions(contributed, days):
    """The fact of the introductions to companies or foreign partners made within the idle period ("" if none)."""
    count = contributed["introductions"]
    if not count:
        return ""
    return ngettext(
        "%(count)s introduction to a company or a foreign partner in the last %(days)s days.",
        "%(count)s introductions to companies or foreign partners in the last %(days)s days.",
        count,
    ) % {"count": count, "days": days}


@item(10, "partners", gettext_lazy("Business and foreign partners involved"))
def partners_involved(network, title):
    """Characteristic 10: business and foreign partners at the last two held meetings or with a contribution in the
    idle period; quiet partners; introductions to companies and foreign partners."""
    members = network.members
    if not members:
        return _no_members(10, "partners", title, network)
    partners = [m for m in members if m.organisation.is_business or m.organisation.country != HOME_COUNTRY]
    days = network.idle_days
    contributed = contributions_of(network.recent_contributions)  # dated in the idle period up to `as_of`
    introduced = _introductions(contributed, days)
    if not partners:
        # No action: the consortium is the funder's decision, not a figure to improve (docs/health.md).
        facts = [_("The network has no business or foreign partners."), introduced]
        return HealthItem(10, "partners", title, Status.NO_DATA, [fact for fact in facts if fact])
    last_two = network.held_meetings[:2]
    reached = _reached(network, partners, days)
    if not last_two:
        status, facts = idle(
            network,
            "partners",
            ngettext_lazy(
                "No network meeting in the %(days)s day since the start.",
                "No network meeting in the %(days)s days since the start.",
                "days",
            ),
        )
        return HealthItem(
            10, "partners", title, status, facts, coordinator_facts=[reached], causes=[(status, "schedule_meeting")]
        )
    # Only the meetings a partner was invited to count: for the others it is neither present nor absent.
    invited, attended = network.register  # `meeting_register` of the last two
    expected = [m for m in partners if invited.get(m.organisation_id)]
    uninvited = [m for m in partners if not invited.get(m.organisation_id)]
    # A partner that contributed within the idle period took part, whether or not it came (docs/health.md, item 10).
    absent = [
        m
        for m in expected
        if not attended.get(m.organisation_id) and m.organisation_id not in contributed["organisations"]
    ]
    contributors = [
        m for m in expected if not attended.get(m.organisation_id) and m.organisation_id in contributed["organisations"]
    ]
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
        cause = (Status.NO_DATA, "invite_partners")
        return HealthItem(
            10, "partners", title, Status.NO_DATA, [not_invited], coordinator_facts=[reached], causes=[cause]
        )
    value = share(len(expected) - len(absent), len(expected))
    facts = [
        ngettext(
            "%(present)s of %(total)s business and foreign partners invited to the last meeting (%(dates)s) took part.",
            "%(present)s of %(total)s business and foreign partners invited to the last two meetings (%(dates)s) "
            "took part in at least one they were invited to.",
            len(last_two),
        )
        % {"present": len(expected) - len(absent) - len(contributors), "total": len(expected), "dates": dates},
        ngettext(
            "%(count)s more took part through a contribution in the last %(days)s days.",
            "%(count)s more took part through contributions in the last %(days)s days.",
            len(contributors),
        )
        % {"count": len(contributors), "days": days}
        if contributors
        else "",
        introduced,
        not_invited,
    ]
    quiet = network.quiet  # `quiet_members` as of the end of `as_of`: a partner reached in the idle period is not quiet
    named = []
    if absent:  # like the quiet partners below: partners read how many were absent, not who
        named.append(
            NamedFact(
                _("Absent: %(organisations)s.") % {"organisations": names(absent)},
                ngettext("%(count)s partner absent.", "%(count)s partners absent.", len(absent))
                % {"count": len(absent)},
            )
        )
    if quiet:  # the names are for coordinators; partners read how many (health.panel.NamedFact)
        named.append(
            NamedFact(
                ngettext(
                    "Quiet partners (absent from the last two meetings or nothing done in %(days)s day): "
                    "%(organisations)s.",
                    "Quiet partners (absent from the last two meetings or nothing done in %(days)s days): "
                    "%(organisations)s.",
                    days,
                )
                % {"days": days, "organisations": names(quiet)},
                ngettext(
                    "%(count)s quiet partner (absent from the last two meetings or nothing done in %(days)s days).",
                    "%(count)s quiet partners (absent from the last two meetings or nothing done in %(days)s days).",
                    len(quiet),
                )
                % {"count": len(quiet), "days": days},
            )
        )
    named.append(reached)
    status = at_least(value, "partner_attendance")
    return HealthItem(
        10,
        "partners",
        title,
        status,
        [fact for fact in facts if fact],
        value=value,
        coordinator_facts=named,
        causes=[(status, "contact_partners")],
    )


@item(12, "new_to_international", gettext_lazy("Members new to international activity"))
def new_to_international(network, title):
    """The funder's criterion: share of the domestic education providers among the members whose international
    activity is only beginning. Informational: a funded consortium does not change its members to meet it."""
    members = network.members
    if not members:
        return _no_members(12, "new_to_international", title, network)
    providers = [m for m in members if m.organisation.is_domestic_education_provider]
    if not providers:
        return HealthItem(
            12, "new_to_international", title, Status.NO_DATA,
            [_("The network has no domestic education providers.")], causes=[(Status.NO_DATA, "see_members")],
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
        fact = ngettext(
            "The network's only domestic education provider is not new to international activity.",
            "None of the %(total)s domestic education providers is new to international activity.",
            len(providers),
        ) % {"total": len(providers)}
    status = at_least(value, "new_to_international")
    # An informational link only: a funded consortium changes its members only with the funder's approval.
    return HealthItem(12, "new_to_international", title, status, [fact], value=value, causes=[(status, "see_members")])
