"""The goals app's public reads: what other apps (health, reports, commitments, the project home) need
about a project's goals, goal reviews and ideas log. Each answers in a constant number of queries."""

from statistics import median

from django.db.models import Count, Max, Q

from .models import Goal, GoalReview, Idea, IdeaStatus


def project_goals(project):
    """The project's goals, in their order (e.g. for the goal picker of a letter's tasks)."""
    return Goal.objects.filter(project=project)


def review_state(project, today):
    """The goal review cadence (characteristic 7): the last review's date, when the next is due, and whether
    it is overdue on `today` (due before it). One query."""
    return review_state_of(project, today, last_review_dates([project.pk], today).get(project.pk))


def last_review_dates(project_pks, today):
    """{project pk: the date of its last goal review held by `today`} for many projects (none: absent). One query."""
    rows = GoalReview.objects.filter(project__in=project_pks, review_date__lte=today).values("project_id")
    return dict(rows.annotate(last=Max("review_date")).order_by().values_list("project_id", "last"))


def review_state_of(project, today, last_review_date):
    """`review_state` from the last review's date (`last_review_dates`)."""
    next_due = project.review_due_after(last_review_date)
    return {"last_review_date": last_review_date, "next_due": next_due, "overdue": next_due < today}


def projects_with_goals(project_pks):
    """The pks among `project_pks` of the projects that have goals. One query."""
    return set(Goal.objects.filter(project__in=project_pks).values_list("project_id", flat=True).distinct().order_by())


def latest_review(project, until):
    """The latest goal review held by `until` (a date) and its entries by goal id: (None, {}) when there is
    none. Two queries."""
    review = GoalReview.objects.filter(project=project, review_date__lte=until).order_by("-review_date", "-pk").first()
    return review, {entry.goal_id: entry for entry in review.entries.all()} if review else {}


def has_ideas(project, *, until):
    """Whether the project's ideas log had any idea recorded before `until` (a datetime). One query."""
    return Idea.objects.filter(project=project, created_at__lt=until).exists()


def projects_with_ideas(project_pks, *, until):
    """`has_ideas` for many projects: the pks of those whose log had an idea before `until`. One query."""
    rows = Idea.objects.filter(project__in=project_pks, created_at__lt=until).values_list("project_id", flat=True)
    return set(rows.distinct().order_by())


def ideas_summary(project, since):
    """The ideas log at a glance (characteristic 7: new ideas are put to use). Two queries.

    - `by_status`: how many ideas are in each status now, and `total`;
    - `adopted_since`: ideas adopted at or after `since` (a datetime, e.g. twelve months ago);
    - `median_days_to_answer`: for ideas put forward by a member organisation since `since` and answered
      (moved from new for the first time), the median number of days that took; None when there are none;
    - `waiting`: ideas from member organisations still new, unanswered.
    """
    ideas = Idea.objects.filter(project=project)
    counts = ideas.aggregate(
        total=Count("pk"),
        adopted_since=Count("pk", filter=Q(status=IdeaStatus.ADOPTED, status_changed_at__gte=since)),
        waiting=Count(
            "pk",
            filter=Q(status=IdeaStatus.NEW, first_status_change_at=None) & Q(proposed_by_organisation__isnull=False),
        ),
        **{status: Count("pk", filter=Q(status=status)) for status in IdeaStatus.values},
    )
    answered = ideas.filter(
        proposed_by_organisation__isnull=False, created_at__gte=since, first_status_change_at__isnull=False
    ).values_list("created_at", "first_status_change_at")
    days = [(answered_at - created_at).total_seconds() / 86400 for created_at, answered_at in answered]
    return {
        "by_status": {status: counts[status] for status in IdeaStatus.values},
        "total": counts["total"],
        "adopted_since": counts["adopted_since"],
        "median_days_to_answer": round(median(days), 1) if days else None,
        "waiting": counts["waiting"],
    }


def ideas_adopted(project, since, until):
    """Ideas adopted from `since` to before `until` (datetimes), newest first, with the minutes' meeting or the
    review that adopted them: the facts of characteristic 7 as they stood at `until`. One query."""
    return ideas_adopted_by_project([project.pk], since, until).get(project.pk, [])


def ideas_adopted_by_project(project_pks, since, until):
    """`ideas_adopted` for many projects: {project pk: [Idea]} (none: absent). One query."""
    ideas = {}
    for idea in (
        Idea.objects.filter(
            project__in=project_pks,
            status=IdeaStatus.ADOPTED,
            status_changed_at__gte=since,
            status_changed_at__lt=until,
        )
        .select_related("adopted_decision__meeting", "adopted_review")
        .order_by("-status_changed_at", "-pk")
    ):
        ideas.setdefault(idea.project_id, []).append(idea)
    return ideas


def idea_answer_days(project, since, until, *, organisations=None):
    """How long member organisations waited for the coordinators' first answer to their ideas (characteristic 5).

    For each idea a member organisation put forward from `since` to before `until` (datetimes): days from the
    idea to its first status change, or, still unanswered at `until`, the days it had waited by then (an
    unanswered idea is not left out, or a silent coordinator would look quick). `organisations` (ids, or a
    values() queryset) keeps the ideas of those organisations only, e.g. the members on a date. One query.
    Returns [(days, answered)] with days as a float.
    """
    rows = Idea.objects.filter(
        project=project, proposed_by_organisation__isnull=False, created_at__gte=since, created_at__lt=until
    )
    if organisations is not None:
        rows = rows.filter(proposed_by_organisation__in=organisations)
    return [
        answer_wait(created_at, answered_at, until)
        for created_at, answered_at in rows.values_list("created_at", "first_status_change_at")
    ]


def answer_wait(created_at, answered_at, until):
    """(days, answered) of one idea for `idea_answer_days`."""
    answered = answered_at is not None and answered_at < until
    return ((answered_at if answered else until) - created_at).total_seconds() / 86400, answered


def idea_answer_rows(project_pks, since, until):
    """For `idea_answer_days` of many projects: {project pk: [(organisation pk, created_at, first_status_change_at)]}
    of the ideas member organisations put forward from `since` to before `until`. One query."""
    rows = {}
    for project_id, organisation_id, created_at, answered_at in Idea.objects.filter(
        project__in=project_pks, proposed_by_organisation__isnull=False, created_at__gte=since, created_at__lt=until
    ).values_list("project_id", "proposed_by_organisation_id", "created_at", "first_status_change_at"):
        rows.setdefault(project_id, []).append((organisation_id, created_at, answered_at))
    return rows


def ideas_answered(project, since, until):
    """How many of the project's ideas got their first answer (any decision: adopted, declined, parked...) from
    `since` to before `until` (datetimes): characteristic 7 judges the ideas log on ideas answered, not only
    adopted. One query."""
    return Idea.objects.filter(
        project=project, first_status_change_at__gte=since, first_status_change_at__lt=until
    ).count()


def ideas_answered_by_project(project_pks, since, until):
    """`ideas_answered` for many projects: {project pk: count} (none: absent). One query."""
    rows = Idea.objects.filter(
        project__in=project_pks, first_status_change_at__gte=since, first_status_change_at__lt=until
    ).values("project_id")
    return dict(rows.annotate(count=Count("pk")).order_by().values_list("project_id", "count"))
