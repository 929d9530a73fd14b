"""A contact person's own details: the person, signed in, keeps them up to date for every project at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import ContactForm
from .models import ContactPerson


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
