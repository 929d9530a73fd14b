"""Who may see which project, and the member objects inside it; the one module of access decorators.

A project is visible to its coordinators and to the contact persons of its current member
organisations. Views fetch every object through these helpers, which scope querysets by the
user and answer 404 for anything outside that scope: another project's object does not exist.

Every view is gated by one of the decorators here:
- `project_view()`: a project the user may see (coordinator or partner contact);
- `project_view(coordinator_only=True)`, also named `coordinator_view`: a project the user coordinates;
- `role_view(*roles)`: pages of a role rather than of a project (the funder's review queue, the
  administrator's personal-data pages);
- `coordinator_or_funder_view`: a project's page for its coordinators and for funder reviewers, who see a
  read-only card of every project (the network map's page and its exports).
The one exception is `projects.access.coordinator_view`, which `coordinator_view` here is: `projects` sits
below this app, so its own views cannot import from here (tests/test_one_way.py lists it).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from networkhub.models import Role
from projects.access import coordinated_projects, coordinator_view, is_project_coordinator
from projects.models import Project

from .models import ContactPerson, Membership, MembershipStatus, ProjectContact
from .queries import other_projects_of


def visible_projects(user):
    """Projects the user coordinates, or in which the user is a contact of a current member whom the project sees
    (`ContactPersonQuerySet.seen_in`: consented to sharing, added by the project, or accepted its invitation).
    Adding an organisation from the shared registry does not open the project to the organisation's other
    contacts' accounts."""
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    own_contact = ContactPerson.objects.seen_in(OuterRef(OuterRef("project_id"))).filter(
        user=user, organisation=OuterRef("organisation_id")
    )
    # The memberships are reached from the user's own organisations (an index lookup each), and the two routes in
    # are one UNION: an OR of two subqueries, or the memberships filtered by EXISTS alone, made PostgreSQL read
    # every membership and every project on each page, a cost that grew with the programme (issue 24).
    own_organisations = ContactPerson.objects.filter(user=user).values("organisation_id")
    as_contact = (
        Membership.objects.current()
        .filter(organisation__in=own_organisations)
        .filter(Exists(own_contact))
        .order_by()
        .values("project_id")
    )
    as_coordinator = Project.coordinators.through.objects.filter(user=user).order_by().values("project_id")
    return Project.objects.filter(pk__in=as_contact.union(as_coordinator))


def project_view(*, coordinator_only=False):
    """Resolve `project_pk` in the URL to a project the user may see (or coordinate), else 404.

    The view receives the project as its second argument; `request.is_project_coordinator`
    tells templates whether to offer coordinator actions.
    """

    if coordinator_only:
        return coordinator_view

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, project_pk, *args, **kwargs):
            project = get_object_or_404(visible_projects(request.user).select_related("programme"), pk=project_pk)
            request.is_project_coordinator = is_project_coordinator(request.user, project)
            return view(request, project, *args, **kwargs)

        return wrapper

    return decorator


def coordinator_or_funder_view(view):
    """Resolve `project_pk` to a project the user coordinates, or to any project for a funder reviewer, else 404.
    `request.is_project_coordinator` tells which of the two the user is."""

    @login_required
    @wraps(view)
    def wrapper(request, project_pk, *args, **kwargs):
        funder = has_role(request.user, Role.FUNDER)
        projects = Project.objects.all() if funder else coordinated_projects(request.user)
        project = get_object_or_404(projects.select_related("programme"), pk=project_pk)
        request.is_project_coordinator = not funder
        return view(request, project, *args, **kwargs)

    return wrapper


def has_role(user, *roles):
    """Is the user an active account holding one of `roles`? A superuser counts as an administrator."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.role in roles or (Role.ADMINISTRATOR in roles and user.is_superuser)


def role_view(*roles, sign_in=True):
    """A page for the holders of `roles` (`networkhub.models.Role`) only; everyone else gets 404.

    With `sign_in` (the default) an anonymous visitor is first sent to sign in; without it they get 404
    too, so the page's existence is not revealed (the administrator's personal-data pages).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise Http404
            return view(request, *args, **kwargs)

        return login_required(wrapper) if sign_in else wrapper

    return decorator


def get_membership(project, membership_pk):
    return get_object_or_404(
        Membership.objects.filter(project=project).select_related("organisation", "project"), pk=membership_pk
    )


def get_own_membership(request, project, membership_pk):
    """A membership whose private documents (its commitment letter) the user may see.

    Coordinators see every member's; a partner contact only their own organisation's.
    """
    membership = get_membership(project, membership_pk)
    own = _own_organisations(request, project).filter(organisation_id=membership.organisation_id)
    if not request.is_project_coordinator and not own.exists():
        raise Http404
    return membership


def _own_organisations(request, project):
    """The user's own contact entries that `project` sees (their organisations are the user's in the project)."""
    return ContactPerson.objects.seen_in(project).filter(user=request.user)


def own_memberships(request, project):
    own = _own_organisations(request, project).values("organisation_id")
    return Membership.objects.filter(project=project, organisation__in=own)


def contacts_known_to(project):
    """The contact persons a project's coordinators see: those who consented to sharing, and those the project
    knows itself (it added them, or they accepted its invitation). Adding an organisation from the shared
    registry shows none of the others. Each carries `serves_other_projects` (see `serves_other_projects`) and
    `coordinator_may_edit` (see `coordinator_may_edit_contact`)."""
    return ContactPerson.objects.visible_to(project).annotate(
        serves_other_projects=serves_other_projects(project),
        coordinator_may_edit=coordinator_may_edit_contact(project),
    )


def coordinator_may_edit_contact(project):
    """An expression: may `project`'s coordinators change the contact's details?

    Yes if the contact serves no other project (`serves_other_projects`). Yes also for the project's own typing
    (issue 23): a contact this project added, who has never accepted an invitation (no account), whom no other
    project has added or invited, and who has not consented to being seen across the network: a mistyped address
    is then the project's own mistake to fix. Otherwise only the person changes them, on their own details page.
    """
    here = ProjectContact.objects.filter(project=project, contact=OuterRef("pk"))
    elsewhere = ProjectContact.objects.filter(contact=OuterRef("pk")).exclude(project=project)
    own_mistake = Q(Exists(here), user__isnull=True, consent_to_share=False) & ~Q(Exists(elsewhere))
    return ExpressionWrapper(~Q(serves_other_projects(project)) | own_mistake, output_field=BooleanField())


def serves_other_projects(project):
    """An expression: does the contact serve a project other than `project`?

    A contact counts as serving every project its organisation is a current member of (not withdrawn),
    whether or not that project sees the contact yet (it may add or invite them at any time). Such a
    contact is edited by the person alone, from their own details page.
    """
    others = Membership.objects.current().filter(organisation=OuterRef("organisation_id")).exclude(project=project)
    return Exists(others)


def get_contact(membership, contact_pk):
    """A contact of the member organisation whom the project's coordinators may see, else 404."""
    return get_object_or_404(
        contacts_known_to(membership.project).filter(organisation=membership.organisation), pk=contact_pk
    )


def own_current_memberships(request, project):
    """The user's own organisations among the project's current members (whose profiles the user may edit)."""
    own_organisations = _own_organisations(request, project).values("organisation_id")
    return Membership.objects.current().filter(project=project, organisation__in=own_organisations).with_organisation()


def is_own_member(request, membership):
    """Whether the user is a contact person of the member organisation (seen in its project)."""
    return _own_organisations(request, membership.project).filter(organisation_id=membership.organisation_id).exists()


def may_edit_profile(request, membership, *, coordinator_may_edit=None):
    """A partner contact may edit their own organisation's expertise profile (it belongs to the organisation, so
    they edit it from any of its networks). A coordinator may edit a current member's profile only while the
    organisation is a current member of no other project, as for its details (partners.queries.other_projects_of);
    otherwise its own contacts edit it. `coordinator_may_edit` is that answer when the caller already has it."""
    if membership.status == MembershipStatus.WITHDRAWN:
        return False
    if request.is_project_coordinator:
        if coordinator_may_edit is None:
            coordinator_may_edit = not other_projects_of(membership.organisation, membership.project).exists()
        if coordinator_may_edit:
            return True
    return is_own_member(request, membership)


def get_profile_membership(request, project, membership_pk):
    """A member whose expertise profile the user may edit, else 404."""
    membership = get_object_or_404(
        Membership.objects.filter(project=project).select_related("organisation__expertise"), pk=membership_pk
    )
    if not may_edit_profile(request, membership):
        raise Http404
    return membership
