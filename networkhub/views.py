from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from partners.services import InvitationError, accept_invitation

from . import tokens
from .celery import app as celery_app
from .forms import JoinForm, LinkAccountForm, PasswordResetRequestForm
from .models import TokenPurpose, User
from .tasks import send_password_reset


def home(request):
    if request.user.is_authenticated:
        return redirect("projects:list")
    return redirect("login")


def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is not None:
            send_password_reset.delay_on_commit(user.pk)
        return redirect("password_reset_done")
    return render(request, "registration/password_reset_form.html", {"form": form})


@require_POST
def set_language(request):
    """Django's switcher, plus the choice is remembered on the signed-in user's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(User._meta.get_field("language").choices):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def _check(name, probe):
    try:
        probe()
    except Exception as error:
        return name, {"ok": False, "error": error.__class__.__name__}
    return name, {"ok": True}


def _probe_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _probe_cache():
    cache.set("healthz", "1", 10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value")


def _probe_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
def healthz(request):
    checks = dict([_check("database", _probe_database), _check("cache", _probe_cache), _check("broker", _probe_broker)])
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


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
            response = redirect("projects:list")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            messages.success(request, _("Welcome to networkhub, %(name)s.") % {"name": user.get_short_name()})
            return response
    return render(
        request,
        "networkhub/invitation.html",
        {"contact": contact, "organisation": contact.organisation, "form": form, "existing": existing},
    )
