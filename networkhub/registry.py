"""What the feature apps register with the base app, so that the base app names none of them.

Each app registers its link-token purposes (`networkhub.tokens.register_purposes`) and its reminder
kinds (`networkhub.reminders.register`) from its `AppConfig.ready()`; the kinds of its other e-mails are
declared in its `contributions` (`networkhub.contributions`). This module only holds the labels, so that
models can show them without importing the modules that import the models.
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
