"""The project's goals, with their indicators and targets: the coordinator's form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import services
from goals.forms import GoalFormSet
from networkhub import contributions
from partners.access import coordinator_view


@coordinator_view
def project_goals(request, project):
    formset = GoalFormSet(request.POST or None, instance=project)
    if request.method == "POST" and formset.is_valid():
        services.save_goals(project, formset, actor=request.user)
        messages.success(request, _("Goals saved."))
        return redirect(project)
    # What the app counts for the goals that have a measure, as saved, today (issue 21: a goal can count mobilities).
    today = timezone.localdate()
    counted = contributions.goal_values((form.instance for form in formset if form.instance.pk), today)
    for form in formset:
        form.counted = counted.get(form.instance.pk)
    return render(request, "goals/goals_form.html", {"project": project, "formset": formset, "today": today})
