"""The administrator's personal-data pages: find a person by e-mail, download their data, erase them.

Only administrators (role or superuser) reach them; everyone else, signed in or not, gets 404. A person
is named in the address by their account (`user`) or a contact person (`contact`), never by e-mail.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from networkhub.confirm import Confirmation, confirmation_page
from networkhub.models import Role
from networkhub.privacy import ERASED_DOMAIN
from partners.access import role_view
from partners.models import ContactPerson

from . import services
from .forms import PersonSearchForm

RESULTS_LIMIT = 50


def _person(kind, pk):
    if kind == "user":
        user = get_object_or_404(User, pk=pk)
        if user.email.endswith("@" + ERASED_DOMAIN):
            raise Http404
        return services.person_for_user(user)
    if kind == "contact":
        contact = get_object_or_404(ContactPerson.objects.select_related("user"), pk=pk)
        if contact.email.endswith("@" + ERASED_DOMAIN):
            raise Http404
        return services.person_for_contact(contact)
    raise Http404


@role_view(Role.ADMINISTRATOR, sign_in=False)
def search(request):
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    users = contacts = None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        users = list(
            User.objects.filter(email__icontains=query)
            .exclude(email__endswith="@" + ERASED_DOMAIN)
            .order_by("email")[:RESULTS_LIMIT]
        )
        contacts = list(
            ContactPerson.objects.filter(email__icontains=query)
            .exclude(email__endswith="@" + ERASED_DOMAIN)
            .select_related("organisation", "user")
            .order_by("email", "pk")[:RESULTS_LIMIT]
        )
    return render(request, "privacy/search.html", {"form": form, "users": users, "contacts": contacts})


@role_view(Role.ADMINISTRATOR, sign_in=False)
@require_POST
def export(request, kind, pk):
    person = _person(kind, pk)
    data = services.export(person, actor=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{kind}-{pk}-{stamp}.json"'
    return response


@role_view(Role.ADMINISTRATOR, sign_in=False)
@require_http_methods(["GET", "POST"])
def erase(request, kind, pk):
    person = _person(kind, pk)
    back = reverse("privacy:search") + "?" + _query(person)
    if request.method == "POST":
        try:
            changed = services.erase(person, actor=request.user, request=request)
        except services.PrivacyError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(
            request,
            ngettext(
                "The person was erased: %(rows)d row anonymised.",
                "The person was erased: %(rows)d rows anonymised.",
                sum(changed.values()),
            )
            % {"rows": sum(changed.values())},
        )
        return redirect("privacy:search")
    return confirmation_page(
        request,
        Confirmation(
            title=_("Erase %(name)s") % {"name": person.name or min(person.emails)},
            what_happens=_(
                "Their name, e-mail addresses and phone number are replaced everywhere with an anonymous marker, "
                "their account is closed, and links sent to them stop working. Signatures keep their evidence "
                "hashes, so signed letters still verify."
            ),
            confirm_label=_("Erase permanently"),
            action_url=request.path,
            cancel_url=back,
            details=[
                _("E-mail addresses: %(emails)s") % {"emails": ", ".join(sorted(person.emails))},
                *([_("Account: yes (it will be closed)")] if person.user_id else [_("Account: none")]),
            ],
            warnings=[_("Download the person's data first if they asked for a copy.")],
        ),
    )


def _query(person):
    return urlencode({"q": min(person.emails)})
