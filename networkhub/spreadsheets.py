"""What every CSV export shares, whichever app writes it."""


def csv_cell(value):
    """No spreadsheet formulas from user text (CSV injection): a leading = + - @ is kept as text with an apostrophe.

    A phone number written +358 ... therefore appears as '+358 ..., which spreadsheets show as text instead of
    trying to calculate it.
    """
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
