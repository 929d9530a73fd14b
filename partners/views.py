from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from networkhub import contributions

from . import exports, queries, services
from .access import (
    contacts_known_to,
    get_contact,
    get_membership,
    get_profile_membership,
    is_own_member,
    may_edit_profile,
    own_current_memberships,
    project_view,
)
from .forms import (
    ContactForm,
    DirectorySearchForm,
    ExpertiseProfileForm,
    MembershipForm,
    MembershipRoleForm,
    OrganisationForm,
    OrganisationSearchForm,
)
from .models import ContactPerson, ExpertiseProfile, ExpertiseTag, Membership, Organisation

DIRECTORY_PAGE_SIZE = 20


def _contacts_visible_to(request, project):
    """Coordinators see the contacts who consented and those the project knows (`contacts_known_to`); members see
    those who consented, and their own organisation's."""
    if request.is_project_coordinator:
        return contacts_known_to(project).order_by("name")
    contacts = ContactPerson.objects.order_by("name")
    own_organisations = ContactPerson.objects.filter(user=request.user).values("organisation_id")
    return contacts.filter(consent_to_share=True) | contacts.filter(organisation_id__in=own_organisations)


@project_view()
def member_list(request, project):
    members = (
        Membership.objects.filter(project=project)
        .with_organisation()
        .prefetch_related(Prefetch("organisation__contacts", queryset=_contacts_visible_to(request, project)))
    )
    return render(
        request,
        "partners/member_list.html",
        {
            "project": project,
            "members": queries.with_commitment_states(members),
            "joined": set(queries.current_members(project).values_list("pk", flat=True)),
            "composition": queries.network_composition(project),
            "import_url": _import_url(request, project),
        },
    )


def _import_url(request, project):
    """The import of an existing project, for its coordinators, when an installed app provides it."""
    if not request.is_project_coordinator:
        return ""
    try:
        return contributions.link("project_import", project.pk)
    except ImproperlyConfigured:
        return ""


@project_view(coordinator_only=True)
def member_add(request, project):
    """Search the registry first; register a new organisation only when it is not there."""
    search = OrganisationSearchForm(request.GET or None)
    results = Organisation.objects.none()
    if search.is_valid() and search.cleaned_data["q"]:
        results = Organisation.objects.search(search.cleaned_data["q"]).exclude(memberships__project=project)[:20]
    form = OrganisationForm(request.POST or None, project=project)
    role_form = MembershipRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and role_form.is_valid():
        try:
            membership = services.register_organisation_as_member(
                project, form.save(commit=False), role=role_form.cleaned_data["role"], actor=request.user
            )
        except services.MembershipError as error:
            role_form.add_error("role", error.message)
        else:
            messages.success(
                request, _("%(organisation)s added to the project.") % {"organisation": membership.organisation}
            )
            return redirect("partners:detail", project.pk, membership.pk)
    return render(
        request,
        "partners/member_add.html",
        {"project": project, "search": search, "results": results, "form": form, "role_form": role_form},
    )


@project_view(coordinator_only=True)
def member_add_existing(request, project, organisation_pk):
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    existing = Membership.objects.filter(project=project, organisation=organisation).first()
    if existing is not None:
        messages.info(
            request, _("%(organisation)s is already a member of this project.") % {"organisation": organisation}
        )
        return redirect("partners:detail", project.pk, existing.pk)
    form = MembershipRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_member(project, organisation, role=form.cleaned_data["role"], actor=request.user)
        except services.MembershipError as error:
            form.add_error("role", error.message)
        else:
            messages.success(request, _("%(organisation)s added to the project.") % {"organisation": organisation})
            return redirect("partners:detail", project.pk, membership.pk)
    return render(
        request, "partners/member_add_existing.html", {"project": project, "organisation": organisation, "form": form}
    )


@project_view()
def member_detail(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    contacts = _contacts_visible_to(request, project).filter(organisation=membership.organisation)
    profile = (
        ExpertiseProfile.objects.filter(organisation=membership.organisation)
        .prefetch_related(Prefetch("tags", queryset=ExpertiseTag.objects.order_by("name")))
        .first()
    )
    # Details and expertise profile alike: a coordinator's to edit only while no other project has the member.
    may_edit_organisation = request.is_project_coordinator and services.may_coordinator_edit_organisation(
        membership.organisation, project
    )
    known = may_edit_organisation if request.is_project_coordinator else None
    return render(
        request,
        "partners/member_detail.html",
        {
            "project": project,
            "membership": membership,
            "organisation": membership.organisation,
            "contacts": contacts,
            "profile": profile,
            "is_member": queries.current_members(project).filter(pk=membership.pk).exists(),
            "may_edit_profile": may_edit_profile(request, membership, coordinator_may_edit=known),
            "may_edit_organisation": may_edit_organisation,
        },
    )


@project_view(coordinator_only=True)
def member_edit(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        services.update_membership(form.save(commit=False), actor=request.user)
        messages.success(request, _("Membership saved."))
        return redirect("partners:detail", project.pk, membership.pk)
    heading = _("Membership of %(organisation)s") % {"organisation": membership.organisation}
    return render(
        request, "partners/form.html", {"project": project, "membership": membership, "form": form, "heading": heading}
    )


@project_view(coordinator_only=True)
def organisation_edit(request, project, membership_pk):
    membership = get_membership(project, membership_pk)
    if not services.may_coordinator_edit_organisation(membership.organisation, project):
        return _organisation_edit_refused(request, project, membership, services.OrganisationEditRefused())
    form = OrganisationForm(request.POST or None, instance=membership.organisation, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation(form.save(commit=False), project=project, actor=request.user)
        except services.OrganisationEditRefused as error:
            return _organisation_edit_refused(request, project, membership, error)
        messages.success(request, _("Organisation details saved."))
        return redirect("partners:detail", project.pk, membership.pk)
    heading = _("Edit organisation %(organisation)s") % {"organisation": membership.organisation}
    return render(
        request, "partners/form.html", {"project": project, "membership": membership, "form": form, "heading": heading}
    )


def _organisation_edit_refused(request, project, membership, error):
    return render(
        request,
        "partners/organisation_refused.html",
        {"project": project, "membership": membership, "reason": error.message},
        status=403,
    )


@project_view(coordinator_only=True)
def contact_create(request, project, membership_pk):
    return _contact_form(request, project, get_membership(project, membership_pk), ContactPerson())


@project_view(coordinator_only=True)
def contact_edit(request, project, membership_pk, contact_pk):
    membership = get_membership(project, membership_pk)
    contact = get_contact(membership, contact_pk)
    if not contact.coordinator_may_edit:
        return _contact_edit_refused(request, project, membership, contact, services.ContactEditRefused())
    return _contact_form(request, project, membership, contact)


def _contact_edit_refused(request, project, membership, contact, error):
    return render(
        request,
        "partners/contact_refused.html",
        {"project": project, "membership": membership, "contact": contact, "reason": error.message},
        status=403,
    )


def _contact_form(request, project, membership, contact):
    creating = contact.pk is None
    contact.organisation = membership.organisation
    form = ContactForm(request.POST or None, instance=contact, organisation=membership.organisation)
    hidden = _hidden_existing_contact(form, project, membership) if creating and request.method == "POST" else None
    if hidden is not None and "invite_existing" in request.POST and not hidden.is_erased:
        services.invite_contact(hidden, project=project, actor=request.user)
        messages.success(
            request,
            _("Invitation sent to %(email)s. The person's details are shown here once they accept.")
            % {"email": hidden.email},
        )
        return redirect("partners:detail", project.pk, membership.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contact(form.save(commit=False), project=project, actor=request.user, created=creating)
        except services.ContactEditRefused as error:
            return _contact_edit_refused(request, project, membership, contact, error)
        messages.success(request, _("Contact saved."))
        return redirect("partners:detail", project.pk, membership.pk)
    heading = _("New contact person") if creating else _("Edit contact person")
    return render(
        request,
        "partners/form.html",
        {"project": project, "membership": membership, "form": form, "heading": heading, "offer_invite": hidden},
    )


def _hidden_existing_contact(form, project, membership):
    """The organisation's existing contact with the typed address whom this project does not see, if any: the
    coordinator may invite them to the project (their details show once they accept), not copy or change them."""
    if not form.is_valid() and form.has_error("email", "duplicate_contact"):
        email = form.data.get("email", "").strip().lower()
        existing = ContactPerson.objects.filter(organisation=membership.organisation, email__iexact=email)
        known = contacts_known_to(project).filter(organisation=membership.organisation)
        return existing.exclude(pk__in=known.values("pk")).first()
    return None


@require_POST
@project_view(coordinator_only=True)
def contact_invite(request, project, membership_pk, contact_pk):
    membership = get_membership(project, membership_pk)
    contact = get_contact(membership, contact_pk)
    try:
        services.invite_contact(contact, project=project, actor=request.user)
    except services.InviteRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": contact.email})
    return redirect("partners:detail", project.pk, membership.pk)


# The expertise directory (characteristic 9). Only contacts who consented to share appear in it, for everyone.


def _directory_search(request, project):
    """The search form and the members it selects; an invalid form (a tampered tag) filters nothing."""
    form = DirectorySearchForm(request.GET or None, tags=queries.directory_tags(project))
    filters = form.cleaned_data if form.is_valid() else {}
    return form, queries.directory(project, query=filters.get("q", ""), tag=filters.get("tag", ""))


@project_view()
@require_safe
def directory(request, project):
    form, members = _directory_search(request, project)
    page = Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    own = list(own_current_memberships(request, project))
    search = request.GET.copy()
    search.pop("page", None)
    return render(
        request,
        "partners/directory.html",
        {
            "project": project,
            "form": form,
            "page": page,
            "searching": form.is_valid() and any(form.cleaned_data.values()),
            "search": search.urlencode(),
            "own_memberships": own,
            "own_organisation_ids": {membership.organisation_id for membership in own},
            # Decisions on sharing contact details are data protection, not trust: shown here, not on the panel.
            "coverage": queries.directory_coverage(project),
        },
    )


@project_view()
@require_safe
def directory_csv(request, project):
    _form, members = _directory_search(request, project)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(project.acronym) or "network"}-directory.csv"'
    exports.write_directory_csv(response, members)
    return response


@project_view()
@require_safe
def directory_vcard(request, project):
    _form, members = _directory_search(request, project)
    version = request.GET.get("version")
    version = version if version in exports.VCARD_VERSIONS else exports.VCARD_VERSIONS[0]
    response = HttpResponse(
        exports.directory_vcards(members, version=version), content_type="text/vcard; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(project.acronym) or "network"}-contacts.vcf"'
    return response


@project_view()
def profile_edit(request, project, membership_pk):
    membership = get_profile_membership(request, project, membership_pk)
    organisation = membership.organisation
    form = ExpertiseProfileForm(request.POST or None, profile=organisation.expertise_or_none)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_expertise_profile(
                organisation,
                tags=form.cleaned_data["tags"],
                description=form.cleaned_data["description"],
                actor=request.user,
                project=project,
                as_coordinator=not is_own_member(request, membership),
            )
        except services.ExpertiseEditRefused as error:  # it joined another project while the form was open
            form.add_error(None, error.message)
            return render(
                request,
                "partners/profile_form.html",
                {
                    "project": project,
                    "membership": membership,
                    "organisation": organisation,
                    "form": form,
                    "network_tags": queries.directory_tags(project),
                },
            )
        messages.success(request, _("Expertise profile of %(organisation)s saved.") % {"organisation": organisation})
        return redirect("partners:detail", project.pk, membership.pk)
    return render(
        request,
        "partners/profile_form.html",
        {
            "project": project,
            "membership": membership,
            "organisation": organisation,
            "form": form,
            "network_tags": queries.directory_tags(project),
        },
    )
