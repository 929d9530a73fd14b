"""English as written in Europe: day before month and a 24-hour clock (Django's own `en` is US style).

Our English readers are OPH staff and foreign partners in Europe: 08/01/2026 must mean 8 January.
"""

from django.conf.locale.en_GB.formats import DATE_INPUT_FORMATS as _GB_DATE_INPUT_FORMATS
from django.conf.locale.en_GB.formats import DATETIME_INPUT_FORMATS as _GB_DATETIME_INPUT_FORMATS

DATE_FORMAT = "j F Y"  # 8 January 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"  # 08/01/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", *_GB_DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = _GB_DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
