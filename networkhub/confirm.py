"""A confirmation step for irreversible actions that works without JavaScript.

The action's URL answers GET with a page that says what will happen and to whom, and POST with
the action itself; the button that used to POST straight away becomes a link to the GET.

`confirm_first(build)` does this for a view: `build(request, *args, **kwargs)` returns the `Confirmation`
(naming how many people get what); a GET, or a POST that lacks the page's hidden `confirmed` field, shows
the page and changes nothing. Views so wrapped are listed in `CONFIRMED_VIEWS` (tests/test_confirmations.py).
"""

from dataclasses import dataclass, field
from functools import wraps

from django.shortcuts import render

CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"

CONFIRMED_VIEWS = {}


@dataclass
class Confirmation:
    title: str
    what_happens: str
    confirm_label: str
    action_url: str
    cancel_url: str
    details: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    recipients: int | None = None
    danger: bool = False


def confirmation_page(request, confirmation):
    return render(request, "networkhub/confirm.html", {"confirm": confirmation, "confirm_field": CONFIRM_FIELD})


def is_confirmed(request):
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_first(build):
    """Wrap a view so that it runs only on a POST sent from its confirmation page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if is_confirmed(request):
                return view(request, *args, **kwargs)
            response = build(request, *args, **kwargs)
            if isinstance(response, Confirmation):
                return confirmation_page(request, response)
            return response  # e.g. a redirect when the action no longer applies

        wrapper.confirmation = build
        CONFIRMED_VIEWS[f"{view.__module__}.{view.__qualname__}"] = build
        return wrapper

    return decorator


def confirms_on_its_own_page(view):
    """Mark a view whose GET page is its confirmation (with a form of its own, e.g. a reason) and whose POST checks
    `is_confirmed` itself."""
    view.confirmation = view
    CONFIRMED_VIEWS[f"{view.__module__}.{view.__qualname__}"] = view
    return view
