"""The accessibility statement's feedback channel (Act on the Provision of Digital Services 306/2019):
what a visitor sends is stored, e-mailed to every active administrator by a Celery task (once per
administrator, under an idempotency key), and the sender is told what happens next. Simply rate-limited
per address, so the form cannot be used to flood the administrators' mailboxes."""

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from networkhub import audit, outbox
from networkhub.models import Language
from networkhub.privacy import ERASED_NAME, erased_email
from networkhub.security import client_ip

from .models import AccessibilityFeedback
from .tasks import send_accessibility_feedback

# At most this many feedback messages from one address in RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60


def safe_page(value):
    """A path on this site (the page the visitor came from), or "": never another site's address."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 500:
        return ""
    return value


class FeedbackForm(forms.Form):
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Leave an address if you want an answer."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did not work, on which page, and with what device or assistive technology."),
        error_messages={"required": _("Write your feedback.")},
    )
    page_url = forms.CharField(label=_("The page it concerns"), max_length=500, required=False)

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write your feedback."))
        return message

    def clean_page_url(self):
        value = self.cleaned_data.get("page_url", "")
        if value and not safe_page(value):
            raise forms.ValidationError(_("Give a page of this service, e.g. /projects/."))
        return value


def rate_limited(request):
    """True once this address has sent RATE_LIMIT messages within the window (counted in the cache)."""
    key = f"a11y-feedback:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, RATE_WINDOW):
        return False
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW)
        return False


def submit_feedback(*, name, email, message, page_url, user=None, language=None):
    """Store the feedback and queue its e-mail to the administrators once the row has committed."""
    language = (language or get_language() or "fi")[:2]
    with transaction.atomic():
        feedback = AccessibilityFeedback.objects.create(
            name=name,
            email=email,
            message=message,
            page_url=safe_page(page_url),
            language=language if language in Language.values else Language.FINNISH,
            user=user if user is not None and user.is_authenticated else None,
        )
        audit.record("accessibility_feedback.sent", actor=user, target=feedback)
        outbox.enqueue(send_accessibility_feedback, feedback.pk, kind="accessibility_feedback")
    return feedback


def _rows(person):
    match = Q(pk__in=[])
    if person.user_id is not None:
        match |= Q(user_id=person.user_id)
    for email in person.emails:
        match |= Q(email__iexact=email)
    return AccessibilityFeedback.objects.filter(match)


def _export(person):
    return [
        {
            "name": row.name,
            "email": row.email,
            "message": row.message,
            "page": row.page_url,
            "sent_at": row.created_at.isoformat(),
        }
        for row in _rows(person).order_by("created_at", "pk")
    ]


def _erase(person, token):
    return _rows(person).update(name=ERASED_NAME, email=erased_email(token), message=ERASED_NAME, user=None)
