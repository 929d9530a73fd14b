"""Accepting an invitation from its e-mailed link: a new account, or the link joined to an existing one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from networkhub import contributions, tokens
from networkhub.links import EmailedLinkView

from .forms import JoinForm, LinkAccountForm
from .models import ContactPerson, TokenPurpose
from .services import InvitationError, accept_invitation


class InvitationView(EmailedLinkView):
    """GET shows the invitation; only POST creates the account and uses up the link."""

    purpose = TokenPurpose.INVITATION
    target_model = ContactPerson

    def get_queryset(self):
        return ContactPerson.objects.select_related("organisation")

    def get(self, request, link, contact):
        return self._page(request, contact, self._form(contact))

    def post(self, request, link, contact):
        form = self._form(contact, request.POST or None)
        if not form.is_valid():
            return self._page(request, contact, form)
        password = form.cleaned_data["password"] if form.existing else form.password
        try:
            user = accept_invitation(
                link, full_name=form.cleaned_data.get("full_name", contact.name), password=password
            )
        except InvitationError as error:
            form.add_error(error.field, error.message)
        except tokens.TokenInvalid as error:
            form.add_error(
                None, _("%(reason)s Ask the project coordinator for a new invitation.") % {"reason": error.message}
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            translation.activate(user.language)
            response = redirect(contributions.link("project_list"))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            messages.success(request, _("Welcome to networkhub, %(name)s.") % {"name": user.get_short_name()})
            return response
        return self._page(request, contact, form)

    def _form(self, contact, data=None):
        """A new account's form, or the existing account's password to join the invitation to it."""
        existing = User.objects.filter(email__iexact=contact.email).exists()
        form = (LinkAccountForm if existing else JoinForm)(
            data, email=contact.email, initial={"full_name": contact.name}
        )
        form.existing = existing
        return form

    def _page(self, request, contact, form):
        return render(
            request,
            "partners/invitation.html",
            {"contact": contact, "organisation": contact.organisation, "form": form, "existing": form.existing},
        )


invitation = InvitationView.as_view()
