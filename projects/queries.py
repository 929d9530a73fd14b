"""Read-only questions about a project's own record, each answered in a constant number of queries."""

from .models import GoalReview


def review_state(project, today):
    """The goal review cadence (characteristic 7): the last review's date, when the next is due, and whether
    it is overdue on `today` (due before it). One query."""
    reviews = GoalReview.objects.filter(project=project, review_date__lte=today).order_by("-review_date")
    last_review_date = reviews.values_list("review_date", flat=True).first()
    next_due = project.review_due_after(last_review_date)
    return {"last_review_date": last_review_date, "next_due": next_due, "overdue": next_due < today}
