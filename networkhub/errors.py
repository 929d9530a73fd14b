"""The one error that service functions raise when they refuse a change."""


class ServiceError(Exception):
    """A refused state change: `message` is shown to the user, next to `field` when it names a form field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
