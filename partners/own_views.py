"""A contact person's own details: the person, signed in, keeps them up to date for every project at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .access import visible_projects
from .forms import ContactForm
from .models import ContactPerson, Membership, Organisation


def _own_contacts(request):
    return (
        ContactPerson.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


@login_required
def own_contacts(request):
    return render(request, "partners/own_contacts.html", {"contacts": _own_contacts(request)})


@login_required
def own_contact_edit(request, contact_pk):
    contact = get_object_or_404(_own_contacts(request), pk=contact_pk)
    form = ContactForm(request.POST or None, instance=contact, organisation=contact.organisation)
    if request.method == "POST" and form.is_valid():
        changed = services.update_own_details(form.save(commit=False), actor=request.user, request=request)
        if changed:
            messages.success(
                request,
                _("Your details at %(organisation)s were saved. We let you know at your previous address.")
                % {"organisation": contact.organisation},
            )
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("partners:own_list")
    return render(request, "partners/own_contact_form.html", {"contact": contact, "form": form})


@login_required
def own_organisations(request):
    """ "My organisation": the user's organisations, each with a link to its expertise profile (edited from any of
    the networks it is a member of); with one organisation in one network, straight to its profile."""
    organisations = (
        Organisation.objects.filter(contacts__user=request.user)
        .distinct()
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current()
                .filter(project__in=visible_projects(request.user).values("pk"))
                .select_related("project")
                .order_by("project__acronym", "pk"),
                to_attr="visible_memberships",
            )
        )
    )
    organisations = list(organisations.select_related("expertise"))
    reachable = [organisation for organisation in organisations if organisation.visible_memberships]
    if len(organisations) == 1 and len(reachable) == 1:
        membership = reachable[0].visible_memberships[0]
        return redirect("partners:profile_edit", membership.project_id, membership.pk)
    return render(request, "partners/own_organisations.html", {"organisations": organisations})
