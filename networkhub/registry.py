"""What the feature apps register with the base app, so that the base app names none of them.

Each app registers its link-token purposes (`networkhub.tokens.register_purposes`) and its reminder
kinds (`networkhub.reminders.register`) from its `AppConfig.ready()`. This module only holds the
labels, so that models can show them without importing the modules that import the models.
"""

LINK_PURPOSES = {}  # value → label
REMINDER_KINDS = {}  # value → label


def purpose_label(value):
    return LINK_PURPOSES.get(value, value)


def reminder_kind_label(value):
    return REMINDER_KINDS.get(value, value)
