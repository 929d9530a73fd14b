"""What the feature apps register with the base app, so that the base app names none of them.

Each app registers its link-token purposes (`networkhub.tokens.register_purposes`) and its reminder
kinds (`networkhub.reminders.register`) from its `AppConfig.ready()`. This module only holds the
labels, so that models can show them without importing the modules that import the models.
"""

from django.utils.translation import gettext

LINK_PURPOSES = {}  # value → label
REMINDER_KINDS = {}  # value → label
MESSAGE_KINDS = {}  # value → label of the other e-mails (invitations, signature requests, ...)


def purpose_label(value):
    return LINK_PURPOSES.get(value, value)


def reminder_kind_label(value):
    return REMINDER_KINDS.get(value, value)


def register_message_kinds(labels):
    """An app names the kinds of the e-mails it sends ({kind: lazy label}) from its AppConfig.ready()."""
    MESSAGE_KINDS.update(labels)


def message_kind_label(value):
    """The label of an e-mail's kind: a registered e-mail or reminder kind, else the neutral "E-mail"."""
    label = MESSAGE_KINDS.get(value) or REMINDER_KINDS.get(value)
    return label if label is not None else gettext("E-mail")
