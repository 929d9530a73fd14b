"""The two-factor pages: enrolment, the code prompt, recovery codes and remembered browsers (thin views
over accounts.two_factor)."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from networkhub.confirm import Confirmation, confirmation_page

from . import accessibility as feedback
from . import two_factor
from .forms import TwoFactorCodeForm, TwoFactorVerifyForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@never_cache
@login_required
def overview(request):
    required, enrolled = two_factor.two_factor_state(request.user)
    return render(
        request,
        "accounts/two_factor/overview.html",
        {
            "required": required,
            "enrolled": enrolled,
            "codes_left": two_factor.recovery_codes_left(request.user) if enrolled else 0,
            "remember_days": settings.TWO_FACTOR_REMEMBER_DAYS,
        },
    )


@never_cache
@login_required
def enrol(request):
    # Someone already enrolled changes nothing here: a new device needs the old one's code first (the
    # gate sends an unverified session to the prompt) or an administrator's reset.
    if two_factor.confirmed_device(request.user) is not None:
        return redirect("accounts:overview")
    device = two_factor.pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "accounts/two_factor/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "just_enrolled": True},
            )
        form.add_error("code", _("That code is not right. Check the time on your phone and type the newest code."))
    return render(
        request,
        "accounts/two_factor/enrol.html",
        {
            "form": form,
            "qr": two_factor.qr_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@never_cache
@login_required
def verify(request):
    if two_factor.is_verified(request):
        return redirect(_next_url(request))
    if two_factor.confirmed_device(request.user) is None:
        return redirect("accounts:enrol")
    form = TwoFactorVerifyForm(request.POST or None, remember_days=settings.TWO_FACTOR_REMEMBER_DAYS)
    if request.method == "POST" and form.is_valid():
        how = two_factor.verify(request, form.cleaned_data["code"])
        if how is not None:
            if how == "recovery":
                left = two_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s are left. Make new ones on this page.")
                    % {"left": left},
                )
            response = redirect("accounts:overview" if how == "recovery" else _next_url(request))
            if form.cleaned_data["remember"]:
                two_factor.remember_browser(request, response)
            return response
        form.add_error("code", _("That code is not right. Type the newest code from your app, or a recovery code."))
    return render(
        request,
        "accounts/two_factor/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@never_cache
@login_required
def recovery_codes(request):
    """New recovery codes replace the old ones (after a confirmation)."""
    if two_factor.confirmed_device(request.user) is None:
        return redirect("accounts:enrol")
    if request.method == "POST":
        codes = two_factor.new_recovery_codes(request.user, request=request)
        return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": ""})
    return confirmation_page(
        request,
        Confirmation(
            title=_("New recovery codes"),
            what_happens=ngettext(
                "You get %(count)s new recovery code; the one you have now stops working.",
                "You get %(count)s new recovery codes; the ones you have now stop working.",
                settings.TWO_FACTOR_RECOVERY_CODES,
            )
            % {"count": settings.TWO_FACTOR_RECOVERY_CODES},
            confirm_label=_("Make new recovery codes"),
            action_url=reverse("accounts:recovery_codes"),
            cancel_url=reverse("accounts:overview"),
        ),
    )


@never_cache
@login_required
def forget_browsers(request):
    if request.method == "POST":
        two_factor.forget_browsers(request.user, request=request)
        messages.success(request, _("Every browser asks for a code again at the next sign-in."))
        return redirect("accounts:overview")
    return confirmation_page(
        request,
        Confirmation(
            title=_("Forget remembered browsers"),
            what_happens=_(
                "Every browser where you chose “Remember this browser” asks for a code again at the next sign-in."
            ),
            confirm_label=_("Forget remembered browsers"),
            action_url=reverse("accounts:forget_browsers"),
            cancel_url=reverse("accounts:overview"),
        ),
    )


# When the accessibility statement was drawn up and last reviewed (the law asks for the date).
STATEMENT_DATE = date(2026, 11, 30)


def accessibility(request):
    """The accessibility statement, public, with the feedback form that reaches the administrators."""
    form = feedback.FeedbackForm(
        request.POST or None, initial={"page_url": feedback.safe_page(request.GET.get("from"))}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if feedback.rate_limited(request):
            form.add_error(None, _("You have sent several messages within the hour. Please try again later."))
            status = 429
        else:
            feedback.submit_feedback(**form.cleaned_data, user=request.user, language=get_language())
            return redirect("accounts:accessibility_sent")
    return render(
        request, "accounts/accessibility.html", {"form": form, "statement_date": STATEMENT_DATE}, status=status
    )


def accessibility_sent(request):
    """What happens next: the administrators have the feedback; where to turn if no answer comes."""
    return render(request, "accounts/accessibility_sent.html")
