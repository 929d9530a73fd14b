from celery import current_app as celery_app
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import contributions, heartbeat, outbox
from .forms import PasswordResetRequestForm
from .models import Reminder
from .tasks import send_password_reset


def home(request):
    if request.user.is_authenticated:
        # A funder reviewer starts from the programme overview; everyone else from their own to-dos and projects.
        return redirect(contributions.link("programme_overview" if request.user.is_funder else "project_list"))
    return redirect("login")


def favicon(request):
    """Browsers ask for /favicon.ico before they read the page's icon link."""
    return redirect(static("favicon.svg"))


def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is not None:
            outbox.enqueue(send_password_reset, user.pk, kind="password_reset")
        return redirect("password_reset_done")
    return render(request, "registration/password_reset_form.html", {"form": form})


@require_POST
def set_language(request):
    """Django's switcher, plus the choice is remembered on the signed-in user's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(get_user_model()._meta.get_field("language").choices):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
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


def _reminders_overdue():
    """How many reminders are still unsent more than an hour after they fell due (None: the database is down).

    More than zero means the scan or the workers are not keeping up, or a reminder is stuck; it does not
    change the status, which says whether the components answer."""
    try:
        return Reminder.objects.overdue(timezone.now()).count()
    except DatabaseError:
        return None


@never_cache
def livez(request):
    """Liveness: this process serves requests. It asks nothing of the database, cache or broker on purpose:
    a container restarted for an outage elsewhere comes back to the same outage, and restarting every web
    container because Redis is away turns a delay in e-mail into an outage of the whole site. The container's
    health check uses this; /healthz (readiness and monitoring) keeps the state of each component."""
    return JsonResponse({"status": "ok"})


@never_cache
def healthz(request):
    checks = dict([_check("database", _probe_database), _check("cache", _probe_cache), _check("broker", _probe_broker)])
    healthy = all(check["ok"] for check in checks.values())
    overdue = _reminders_overdue() if checks["database"]["ok"] else None
    # Whether a Celery worker runs (networkhub.heartbeat). It does not change the status, which says whether this
    # web process can serve: without a worker, mail and PDFs wait, and monitoring should say so.
    running = heartbeat.worker_running() if checks["database"]["ok"] else None
    worker = None if running is None else ("ok" if running else "missing")
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": checks,
            "worker": worker,
            "reminders_overdue": overdue,
        },
        status=200 if healthy else 503,
    )
