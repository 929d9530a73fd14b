"""Accepting an invitation from its e-mailed link: a new account, or the link joined to an existing one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import User
from networkhub import contributions, tokens
from networkhub.languages import speak_recipients_language

from .forms import JoinForm, LinkAccountForm
from .models import TokenPurpose
from .services import InvitationError, accept_invitation


@never_cache
def invitation(request, token):
    """GET shows the invitation; only POST creates the account and uses up the link."""
    try:
        link = tokens.lookup(token, TokenPurpose.INVITATION)
        if request.method == "GET":
            tokens.check_state(link, timezone.now())
    except tokens.TokenInvalid as error:
        return render(request, "networkhub/link_invalid.html", {"reason": error.message}, status=410)
    contact = link.target
    speak_recipients_language(request, contact.language)
    existing = User.objects.filter(email__iexact=contact.email).exists()
    form_class = LinkAccountForm if existing else JoinForm
    form = form_class(request.POST or None, email=contact.email, initial={"full_name": contact.name})
    if request.method == "GET":
        tokens.mark_opened(link)
    elif form.is_valid():
        password = form.cleaned_data["password"] if existing else form.password
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
    return render(
        request,
        "partners/invitation.html",
        {"contact": contact, "organisation": contact.organisation, "form": form, "existing": existing},
    )
