"""The labels of what the feature apps contribute to the base app, so that the base app names none of them.

Each app declares its link-token purposes, its reminder kinds and the kinds of its other e-mails in its
AppConfig's `contributions` (`networkhub.contributions`), whose loader installs the purposes and reminder kinds
here. This module only holds the labels, so that models can show them without importing the modules that
import the models.
"""

from django.utils.translation import gettext

from . import contributions

LINK_PURPOSES = {}  # value → label
LINK_PURPOSE_PROVIDERS = {}  # value → the app that registered it
REMINDER_KINDS = {}  # value → label


def purpose_label(value):
    return LINK_PURPOSES.get(value, value)


def reminder_kind_label(value):
    return REMINDER_KINDS.get(value, value)


def message_kind_label(value):
    """The label of an e-mail's kind: a registered e-mail or reminder kind, else the neutral "E-mail"."""
    label = contributions.message_kinds().get(value) or REMINDER_KINDS.get(value)
    return label if label is not None else gettext("E-mail")
