"""Landing pages: the list of a user's projects, project registration, and the project home (dashboard)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessibilityFeedback
from commitments.overview import dashboard_summary as commitment_summary
from health import queries as health
from meetings.services import dashboard_summary as meeting_summary
from networkhub.models import Message, MessageStatus, Role
from partners import services as partner_services
from partners.access import project_view, visible_projects
from partners.forms import ProjectRegistrationForm
from partners.models import Membership
from partners.queries import current_members, current_memberships, network_composition, with_commitment_states
from projects.access import require_project_creator
from projects.models import Project
from reports.deadlines import deadline_states

from .attention import needs_attention
from .todos import todos


@login_required
def project_list(request):
    """Where sign-in lands: what needs the user's attention, then their projects. A funder reviewer's
    landing page is the programme overview."""
    if request.user.is_funder:
        return redirect("home:overview")
    members = current_memberships().filter(project=OuterRef("pk")).values("project").annotate(n=Count("pk")).values("n")
    projects = (
        visible_projects(request.user).select_related("programme").annotate(member_count=Coalesce(Subquery(members), 0))
    )
    coordinated = list(Project.objects.coordinated_by(request.user).with_latest_review().order_by("acronym", "pk"))
    return render(
        request,
        "home/project_list.html",
        {
            "projects": projects,
            "attention": needs_attention(coordinated) if coordinated else None,
            "todos": todos(request.user),
            "administration": _administration() if request.user.role == Role.ADMINISTRATOR else None,
        },
    )


def _administration():
    """What an administrator's landing counts: messages stuck sending or failed, and recent accessibility feedback."""
    return {
        "stuck_messages": Message.objects.filter(status__in=[MessageStatus.SENDING, MessageStatus.FAILED]).count(),
        "accessibility_feedback": AccessibilityFeedback.objects.filter(
            created_at__gte=timezone.now() - timedelta(days=30)
        ).count(),
    }


@login_required
def project_create(request):
    require_project_creator(request.user)
    form = ProjectRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = partner_services.register_project(
            form.save(commit=False), coordinator=request.user, lead_organisation=form.cleaned_data["lead_organisation"]
        )
        messages.success(request, _("Project %(project)s registered.") % {"project": project.acronym})
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "creating": True})


@project_view()
def project_detail(request, project):
    # The member table, the commitment figures and the panel's network read the members' letters once: the page's
    # members get theirs in the network's load (health.queries.dashboard), which runs first.
    members = list(Membership.objects.current().filter(project=project).with_organisation())
    joined = set(current_members(project).values_list("pk", flat=True))
    dashboard = health.dashboard(project, may_act=request.is_project_coordinator, members=members)
    return render(
        request,
        "home/project_detail.html",
        {
            "project": project,
            **dashboard,  # the panel and the map
            "composition": network_composition(project),
            "members": with_commitment_states(members),
            "joined": joined,
            "goals": project.goals.all(),
            "coordinators": project.coordinators.order_by("full_name"),
            "commitments": commitment_summary(project, loaded=(members, joined)),
            "meetings": meeting_summary(project),
            "report_deadlines": deadline_states([project])[project.pk],
        },
    )
