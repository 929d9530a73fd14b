"""Numbers for people: the one way (issue 23, "Formats"), as networkhub/dates.py is for dates.

- `count(value)`: a whole number in the active language, grouped by thousands: "1 089" in Finnish and Swedish
  (a no-break space), "1,089" in English; None gives "".

settings.USE_THOUSAND_SEPARATOR stays off: it would group every number a template prints, years and ids too.
Templates use the `count` filter (`{% load number_tags %}`), Python code this function.
The kernel: this module imports only Django.
"""

from django.utils import formats


def count(value):
    """`value` (an int, or a whole Decimal or float) grouped by thousands in the active language; None gives ""."""
    if value is None or value == "":
        return ""
    return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)
