"""The panel's data for a batch of projects, one query per kind of data (docs/health.md, "Daily statuses").

The daily job computes thousands of panels. Each item reads its data from its `Network` (`network.members`,
`network.held_meetings`...); the network asks its `Batch`, which loads that kind for every project of the batch
at once (filtered `project__in`, grouped here by project) the first time any of them asks. A single panel is a
batch of one: the rules are the same code, only the number of projects per query differs.

A kind that depends on the panel's date is loaded once per distinct date in the batch: a project past its end
date is computed as of its end date (`health.phase.panel_date`), every other one as of the day asked, so a
batch has one date or a few.

`KINDS` lists what a network may ask for by attribute besides its members and letters.
"""

from collections import defaultdict
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Max, Q

from commitments.follow_through import progress_by_thread
from commitments.models import NetworkRules, RulesAcceptance
from commitments.overview import commitments_for, load_letters
from goals.queries import (
    idea_answer_rows,
    ideas_adopted_by_project,
    ideas_answered_by_project,
    last_review_dates,
    projects_with_goals,
    projects_with_ideas,
)
from meetings.models import ActionItem, Attendance, Meeting, MeetingStatus
from meetings.models.meetings import ATTENDED
from mobility.queries import newcomers_with_first_mobility_by_project
from networkhub import reminders
from networkhub.models import AuditEvent
from outreach.queries import last_reached_by_project
from partners.queries import current_memberships, directory_coverages, unprofiled_members_by_project
from projects.models import Project
from pulse.queries import enabled_among, latest_closed_rounds, round_results
from results.queries import (
    contribution_rows,
    dissemination_coverages,
    output_organisation_rows,
    sharing_contributions_by_project,
    undisseminated_by_project,
)

from .activity import DEFAULT_IDLE_DAYS, ReminderKind, candidates, meeting_register, quiet_among

COORDINATOR_DAYS = 30  # item 5 looks at the coordinators' last 30 days (health.items)
YEAR = timedelta(days=365)  # "the last 12 months" (health.learning)

KINDS = {
    "coordinators",
    "coordinator_activity",
    "rules",
    "rules_acceptances",
    "task_progress",
    "held_meetings",
    "register",
    "idle_days",
    "last_reached",
    "recent_contributions",
    "sharing_contributions",
    "pulse_enabled",
    "closed_pulse_round",
    "has_goals",
    "last_review_date",
    "has_ideas",
    "ideas_answered",
    "ideas_adopted",
    "idea_answers",
    "directory_coverage",
    "unprofiled",
    "dissemination_coverage",
    "undisseminated",
    "first_mobilities",
    "pulse_result",
    "map_attendance",
    "map_actions",
    "map_outputs",
    "quiet",
}


class Batch:
    """The data of the `networks` (health.panel.Network, one per project) for their panels."""

    def __init__(self, networks):
        self.networks = {network.project.pk: network for network in networks}
        for network in networks:
            network.batch = self

    @cached_property
    def _dates(self):
        """[(as_of, end, [project pks])] by the networks' panel date."""
        groups = defaultdict(list)
        for pk, network in self.networks.items():
            groups[(network.as_of, network.end)].append(pk)
        return [(as_of, end, pks) for (as_of, end), pks in groups.items()]

    def _each(self, default):
        return {pk: default() for pk in self.networks}

    # Members and their letters (items 1-4, 10, 12 and the extensions).

    @cached_property
    def members(self):
        members = self._each(list)
        for as_of, _end, pks in self._dates:
            for membership in current_memberships(as_of).filter(project__in=pks).with_organisation():
                members[membership.project_id].append(membership)
        return members

    @cached_property
    def commitments(self):
        commitments = {}
        for as_of, _end, pks in self._dates:
            memberships = [membership for pk in pks for membership in self.members[pk]]
            # The page's own instances of its members (health.panel.Network `letters_also_for`) get their letters in
            # the same load, so that the member table and the commitment figures do not read them again.
            shown = [membership for pk in pks for membership in self.networks[pk].letters_also_for]
            load_letters([*memberships, *shown], tasks=True)
            found = commitments_for(memberships, as_of, tasks=True)
            for pk in pks:
                commitments[pk] = {membership.pk: found[membership.pk] for membership in self.members[pk]}
        return commitments

    @cached_property
    def task_progress(self):
        """{(letter pk, thread): TaskProgress} of every letter in force in the batch (letters are one project's)."""
        letters = {
            commitment.version.letter_id
            for commitments in self.commitments.values()
            for commitment in commitments.values()
            if commitment.version is not None
        }
        progress = progress_by_thread(letters)
        return dict.fromkeys(self.networks, progress)

    # Item 1: the rules in force and who accepted which version.

    @cached_property
    def rules(self):
        """{project pk: the latest rules published by the panel's date, or None}."""
        rules = self._each(lambda: None)
        for _as_of, end, pks in self._dates:
            published = NetworkRules.objects.published().filter(project__in=pks, published_at__lt=end)
            for version in published.order_by("project_id", "-number"):
                if rules[version.project_id] is None:
                    rules[version.project_id] = version
        return rules

    @cached_property
    def rules_acceptances(self):
        """{project pk: [(membership pk, rules number)]} of the acceptances made by the panel's date."""
        acceptances = self._each(list)
        for _as_of, end, pks in self._dates:
            memberships = [membership.pk for pk in pks for membership in self.members[pk]]
            rows = RulesAcceptance.objects.filter(
                rules__project__in=pks, membership__in=memberships, accepted_at__lt=end
            ).values_list("rules__project_id", "membership_id", "rules__number")
            for project_id, membership_id, number in rows:
                acceptances[project_id].append((membership_id, number))
        return acceptances

    # Item 5: the coordinators and what they did.

    @cached_property
    def coordinators(self):
        """{project pk: [User]} by name."""
        coordinators = self._each(list)
        links = Project.coordinators.through.objects.filter(project__in=list(self.networks)).select_related("user")
        for link in links.order_by("user__full_name"):
            coordinators[link.project_id].append(link.user)
        return coordinators

    @cached_property
    def coordinator_activity(self):
        """{project pk: {coordinator pk: {"recent": audit events in the last 30 days, "last": the latest one}}}."""
        activity = self._each(dict)
        for _as_of, end, pks in self._dates:
            since = end - timedelta(days=COORDINATOR_DAYS)
            users = {user.pk for pk in pks for user in self.coordinators[pk]}
            rows = (
                AuditEvent.objects.filter(project__in=pks, actor__in=users, created_at__lt=end)
                .values("project_id", "actor_id")
                .annotate(recent=Count("pk", filter=Q(created_at__gte=since)), last=Max("created_at"))
                .order_by()
            )
            for row in rows:
                if row["actor_id"] in {user.pk for user in self.coordinators[row["project_id"]]}:
                    activity[row["project_id"]][row["actor_id"]] = row
        return activity

    # Items 6 and 10: the meetings held and who was at the last two.

    @cached_property
    def held_meetings(self):
        """{project pk: [Meeting]} held before the end of the panel's date, latest first."""
        held = self._each(list)
        for _as_of, end, pks in self._dates:
            meetings = Meeting.objects.filter(project__in=pks, status=MeetingStatus.HELD, start__lt=end)
            for meeting in meetings.order_by("-start"):
                held[meeting.project_id].append(meeting)
        return held

    @cached_property
    def register(self):
        """{project pk: (invited, attended)} of its last two held meetings (`health.activity.meeting_register`)."""
        last_two = {pk: self.held_meetings[pk][:2] for pk in self.networks}
        invited, attended = meeting_register([meeting for meetings in last_two.values() for meeting in meetings])
        register = {}
        for pk, meetings in last_two.items():
            own = {meeting.pk for meeting in meetings}
            register[pk] = (
                {organisation: found & own for organisation, found in invited.items() if found & own},
                {organisation: found & own for organisation, found in attended.items() if found & own},
            )
        return register

    # Item 10: the idle period, the motivation log and the contributions.

    @cached_property
    def idle_days(self):
        """{project pk: its idle period in days} (`health.activity.idle_days`)."""
        steps = reminders.steps_lookup(ReminderKind.QUIET_PARTNERS)
        return {pk: max(steps(network.project), default=DEFAULT_IDLE_DAYS) for pk, network in self.networks.items()}

    @cached_property
    def last_reached(self):
        reached = self._each(dict)
        for as_of, _end, pks in self._dates:
            reached.update(last_reached_by_project(pks, as_of))
        return reached

    @cached_property
    def recent_contributions(self):
        """{project pk: [(recorded_for pk, kind)]} dated in the idle period up to the panel's date."""
        recent = self._each(list)
        for as_of, _end, pks in self._dates:
            start = {pk: as_of - timedelta(days=self.idle_days[pk]) for pk in pks}
            for project_id, recorded_for_id, kind, day in contribution_rows(pks, min(start.values()), as_of):
                if day >= start[project_id]:
                    recent[project_id].append((recorded_for_id, kind))
        return recent

    @cached_property
    def quiet(self):
        """{project pk: [Membership]}: `health.activity.quiet_members(project, now=the panel's end, days=its idle
        period)`, from the candidates of each (end, idle period) and the last two meetings' register."""
        groups = defaultdict(list)
        for pk, network in self.networks.items():
            groups[(network.end, self.idle_days[pk])].append(pk)
        quiet = {}
        for (end, days), pks in groups.items():
            found = candidates(pks, end, days)
            for pk in pks:
                quiet[pk] = quiet_among(found.get(pk, []), self.held_meetings[pk][:2], *self.register[pk])
        return quiet

    # Item 9.

    @cached_property
    def sharing_contributions(self):
        found = {}
        for as_of, _end, pks in self._dates:
            found.update(sharing_contributions_by_project(pks, as_of))
        return found

    # Item 8.

    @cached_property
    def pulse_enabled(self):
        enabled = enabled_among(list(self.networks))
        return {pk: pk in enabled for pk in self.networks}

    @cached_property
    def closed_pulse_round(self):
        rounds = self._each(lambda: None)
        for as_of, _end, pks in self._dates:
            rounds.update(latest_closed_rounds(pks, as_of))
        return rounds

    # Item 7 and item 5's ideas measure.

    @cached_property
    def has_goals(self):
        with_goals = projects_with_goals(list(self.networks))
        return {pk: pk in with_goals for pk in self.networks}

    @cached_property
    def last_review_date(self):
        dates = self._each(lambda: None)
        for as_of, _end, pks in self._dates:
            dates.update(last_review_dates(pks, as_of))
        return dates

    @cached_property
    def has_ideas(self):
        found = {}
        for _as_of, end, pks in self._dates:
            with_ideas = projects_with_ideas(pks, until=end)
            found.update({pk: pk in with_ideas for pk in pks})
        return found

    @cached_property
    def ideas_answered(self):
        answered = self._each(int)
        for _as_of, end, pks in self._dates:
            answered.update(ideas_answered_by_project(pks, end - YEAR, end))
        return answered

    @cached_property
    def ideas_adopted(self):
        adopted = self._each(list)
        for _as_of, end, pks in self._dates:
            adopted.update(ideas_adopted_by_project(pks, end - YEAR, end))
        return adopted

    @cached_property
    def idea_answers(self):
        """{project pk: [(organisation pk, created_at, first_status_change_at)]} of the last 12 months' ideas."""
        rows = self._each(list)
        for _as_of, end, pks in self._dates:
            rows.update(idea_answer_rows(pks, end - YEAR, end))
        return rows

    # Item 9: the directory.

    @cached_property
    def directory_coverage(self):
        coverage = {}
        for as_of, _end, pks in self._dates:
            coverage.update(directory_coverages(pks, as_of))
        return coverage

    @cached_property
    def unprofiled(self):
        """{project pk: [Membership]} of current members without an expertise profile (`unprofiled_members`)."""
        unprofiled = self._each(list)
        for as_of, _end, pks in self._dates:
            unprofiled.update(unprofiled_members_by_project(pks, as_of))
        return unprofiled

    # Item 11: the outputs.

    @cached_property
    def dissemination_coverage(self):
        coverage = {}
        for as_of, _end, pks in self._dates:
            coverage.update(dissemination_coverages(pks, as_of))
        return coverage

    @cached_property
    def undisseminated(self):
        """{project pk: [(title, created_at)]} (`results.queries.undisseminated_with_dates`)."""
        waiting = self._each(list)
        for as_of, _end, pks in self._dates:
            waiting.update(undisseminated_by_project(pks, as_of))
        return waiting

    # Item 12's newcomers.

    @cached_property
    def first_mobilities(self):
        started = self._each(set)
        for as_of, _end, pks in self._dates:
            started.update(newcomers_with_first_mobility_by_project(pks, as_of))
        return started

    # Item 8's latest closed round, summed up.

    @cached_property
    def pulse_result(self):
        """{project pk: RoundResult of its latest closed round (no comments), or None}."""
        rounds = {pk: pulse_round for pk, pulse_round in self.closed_pulse_round.items() if pulse_round is not None}
        results = round_results(list(rounds.values()))
        return {pk: results[rounds[pk].pk] if pk in rounds else None for pk in self.networks}

    # The network map's ties (health.network_map, items 5 and 10): who met, who owned actions, who made outputs in
    # the map's window. Each kind: {project pk: [(meeting or output pk, organisation pk)]} of its current members.

    def _map_rows(self, rows_of):
        found = self._each(list)
        for _as_of, end, pks in self._dates:
            since = end - timedelta(days=settings.NETWORK_MAP_DAYS)
            organisations = {pk: {m.organisation_id for m in self.members[pk]} for pk in pks}
            everyone = set().union(*organisations.values())
            for project_id, group, organisation in rows_of(pks, everyone, since, end):
                if organisation in organisations[project_id]:
                    found[project_id].append((group, organisation))
        return found

    @cached_property
    def map_attendance(self):
        def rows(pks, organisations, since, end):
            return (
                Attendance.objects.filter(
                    meeting__project__in=pks,
                    meeting__status=MeetingStatus.HELD,
                    meeting__start__gte=since,
                    meeting__start__lt=end,
                    status__in=ATTENDED,
                    contact__organisation_id__in=organisations,
                )
                .values_list("meeting__project_id", "meeting_id", "contact__organisation_id")
                .distinct()
            )

        return self._map_rows(rows)

    @cached_property
    def map_actions(self):
        def rows(pks, organisations, since, end):
            return (
                ActionItem.objects.filter(
                    project__in=pks,
                    meeting__start__gte=since,
                    meeting__start__lt=end,
                    created_at__lt=end,
                    owner_organisation_id__in=organisations,
                )
                .values_list("project_id", "meeting_id", "owner_organisation_id")
                .distinct()
            )

        return self._map_rows(rows)

    @cached_property
    def map_outputs(self):
        return self._map_rows(output_organisation_rows)
