"""The project's goals, with their indicators and targets: the coordinator's form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from goals import services
from goals.forms import GoalFormSet
from partners.access import coordinator_view


@coordinator_view
def project_goals(request, project):
    formset = GoalFormSet(request.POST or None, instance=project)
    if request.method == "POST" and formset.is_valid():
        services.save_goals(project, formset, actor=request.user)
        messages.success(request, _("Goals saved."))
        return redirect(project)
    return render(request, "goals/goals_form.html", {"project": project, "formset": formset})
