"""A confirmation step for irreversible actions that works without JavaScript.

The action's URL answers GET with a page that says what will happen and to whom, and POST with
the action itself; the button that used to POST straight away becomes a link to the GET.
"""

from dataclasses import dataclass, field

from django.shortcuts import render


@dataclass
class Confirmation:
    title: str
    what_happens: str
    confirm_label: str
    action_url: str
    cancel_url: str
    details: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def confirmation_page(request, confirmation):
    return render(request, "networkhub/confirm.html", {"confirm": confirmation})
