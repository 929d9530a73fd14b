"""Goal reviews (characteristic 7): the list, a review with the ideas it adopted, and the coordinator's form."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import services
from goals.forms import GoalReviewEntryForms, GoalReviewForm
from goals.models import GoalReview, GoalStatus
from goals.queries import review_state
from meetings.views.common import error_to_form
from partners.access import project_view


def _review(project, review_pk):
    return get_object_or_404(GoalReview.objects.filter(project=project).select_related("created_by"), pk=review_pk)


@project_view()
def review_list(request, project):
    reviews = (
        GoalReview.objects.filter(project=project)
        .select_related("created_by")
        .annotate(**{status: Count("entries", filter=Q(entries__status=status)) for status in GoalStatus.values})
    )
    return render(
        request,
        "goals/review_list.html",
        {"project": project, "reviews": reviews, "state": review_state(project, timezone.localdate())},
    )


@project_view()
def review_detail(request, project, review_pk):
    review = _review(project, review_pk)
    return render(
        request,
        "goals/review_detail.html",
        {
            "project": project,
            "review": review,
            "entries": review.entries.select_related("goal"),
            "ideas": review.adopted_ideas.select_related("proposed_by_organisation"),
        },
    )


def _review_form(request, project, review, *, save):
    """The review's date and summary, and a row per current goal; `save(review, entries)` records it."""
    initial = {} if review.pk else {"review_date": timezone.localdate()}
    form = GoalReviewForm(request.POST or None, instance=review, initial=initial)
    entries = GoalReviewEntryForms(request.POST or None, goals=list(project.goals.all()), review=review)
    valid = [form.is_valid(), entries.is_valid()] if request.method == "POST" else [False]
    if all(valid):
        try:
            review = save(form, entries.entries())
        except services.GoalError as error:
            error_to_form(form, error)
        else:
            messages.success(request, _("Goal review saved."))
            return redirect(review)
    return render(
        request,
        "goals/review_form.html",
        {"project": project, "review": review, "form": form, "entries": entries},
    )


@project_view(coordinator_only=True)
def review_create(request, project):
    return _review_form(
        request,
        project,
        GoalReview(project=project),
        save=lambda form, entries: services.record_goal_review(form.save(commit=False), entries, actor=request.user),
    )


@project_view(coordinator_only=True)
def review_edit(request, project, review_pk):
    review = _review(project, review_pk)
    return _review_form(
        request,
        project,
        review,
        save=lambda form, entries: services.update_goal_review(
            form.save(commit=False), entries, actor=request.user, changed_fields=form.changed_data
        ),
    )
