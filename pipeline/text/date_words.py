"""Month, weekday and season names: the English calendar, written out once.

Written from general knowledge (the Gregorian calendar's English names and the usual
three- and four-letter abbreviations), not read from the locale: ``calendar.month_name``
follows LC_TIME and would change with the machine.
"""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# "May" needs no abbreviation; "Sept" is as common as "Sep".
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = ("Spring", "Summer", "Autumn", "Fall", "Winter")


def month_words() -> frozenset[str]:
    """Lower-case month names and abbreviations, with and without the abbreviation's full stop."""
    abbreviations = [a.lower() for a in MONTH_ABBREVIATIONS]
    return frozenset([m.lower() for m in MONTHS] + abbreviations + [a + "." for a in abbreviations])
