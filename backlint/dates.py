"""The one reader of dates: what people, tools, feeds, the REST API and exports write.

- :func:`parse_date`: the dates people and tools write (ISO 8601, ``M/D/YYYY``,
  ``DD.MM.YYYY``, month names), for backlink and labelled files;
- :func:`iso_date`, :func:`iso_datetime` and :func:`wordpress_date`: the stricter ISO 8601
  of feeds, REST answers and WordPress exports.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# M/D/YYYY, the US order, with a time of day or nothing after it.
_US_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# The day forms of backlink tools, matched against the lower-cased value at its start;
# what follows the date (a time, a zone, "10:00 AM") is passed over, hence "t".
_ISO_DAY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[t ])")
_US_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:$|[t ,])")
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[t ,])")
_MONTH_FIRST = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})(?:$|[t ,])")
_DAY_FIRST = re.compile(r"(\d{1,2}) ([a-z]+)\.?,? (\d{4})(?:$|[t ,])")
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}


def iso_datetime(value: object) -> datetime | None:
    """Read ISO 8601 as :meth:`datetime.fromisoformat` does (a date alone is midnight).

    Example:
        >>> iso_datetime(" 2024-01-15T10:20:30Z "), iso_datetime("0000-00-00 00:00:00"), iso_datetime(None)
        (datetime.datetime(2024, 1, 15, 10, 20, 30, tzinfo=datetime.timezone.utc), None, None)

    Returns:
        The datetime, aware when the value names a zone; ``None`` for anything that is
        no string or no ISO 8601 date.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except (ValueError, OverflowError):
        return None


def iso_date(value: str) -> str | None:
    """Return an ISO 8601 date or date-time in normal form, a ``YYYY-MM-DD`` alone as a date.

    Example:
        >>> iso_date("2024-01-16"), iso_date("2024-01-17T00:00:00+02:00"), iso_date("Jan 16")
        ('2024-01-16', '2024-01-17T00:00:00+02:00', None)
    """
    parsed = _iso(value.strip())
    return parsed.isoformat() if parsed is not None else None


def _iso(text: str) -> date | datetime | None:
    try:
        if _DATE_ONLY.fullmatch(text):
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        return None


def wordpress_date(value: object, *, gmt: bool) -> str | None:
    """Turn a WordPress date (an export's ``YYYY-MM-DD HH:MM:SS``, REST's ``YYYY-MM-DDTHH:MM:SS``) into ISO 8601.

    Example:
        >>> wordpress_date("2024-03-01 10:00:00", gmt=True), wordpress_date("2024-03-01T11:00:00", gmt=False)
        ('2024-03-01T10:00:00+00:00', '2024-03-01T11:00:00')
        >>> wordpress_date("0000-00-00 00:00:00", gmt=True) is None
        True

    Args:
        value: the date as given (anything else than a string is no date).
        gmt: the value is in GMT (``comment_date_gmt``, ``date_gmt``), which WordPress
            writes without an offset: say so with ``+00:00``. A local date is in the
            site's zone, which neither an export nor a REST answer names: it stays
            without an offset rather than be guessed. A value that names its zone
            keeps it.

    Returns:
        The ISO date-time, or ``None`` for an empty, zero (``0000-00-00 00:00:00``,
        what old and imported rows hold) or unreadable date.
    """
    parsed = iso_datetime(value)
    if parsed is None:
        return None
    if gmt and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat()


def parse_date(value: str) -> date | datetime | None:
    """Read a date as people and tools write it.

    Read, in this order:

    1. ``M/D/YYYY``, optionally with ``H:MM`` or ``H:MM:SS``: the US order (the YouTube
       Spam Collection, US spreadsheets). ``31/5/2024`` is *not* read as day first: a
       file mixing both orders would be misread silently.
    2. ISO 8601 as :meth:`datetime.fromisoformat` reads it (``2024-05-31``,
       ``2024-05-31T10:00:00Z``, ``2024-05-31 10:00:00``), zone kept.
    3. A day at the start of the value, whatever follows (a time, a zone, ``AM``):
       ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``M/D/YYYY``, ``DD.MM.YYYY`` (dots mean day
       first), ``May 31, 2024``, ``31 May 2024``.

    Example:
        >>> [parse_date(v) for v in ("3/1/2024 9:05", "2024-03-01", "31.05.2024 10:00", "31/5/2024")]
        [datetime.datetime(2024, 3, 1, 9, 5), datetime.date(2024, 3, 1), datetime.date(2024, 5, 31), None]

    Returns:
        A :class:`~datetime.datetime` when a time of day was read (aware when the value
        names a zone), a :class:`~datetime.date` when only the day was, ``None`` for an
        empty or unreadable value.
    """
    text = value.strip()
    if not text:
        return None
    if us := _US_DATETIME.fullmatch(text):
        month, day, year, hour, minute, second = us.groups()
        try:
            if hour is None:
                return date(int(year), int(month), int(day))
            return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        except ValueError:
            pass  # a day that does not exist, or an hour past 23: the day forms may still read it
    parsed = _iso(text)
    return parsed if parsed is not None else _day(text.lower())


def _day(text: str) -> date | None:
    if match := _ISO_DAY.match(text):
        year, month, day = match.groups()
    elif match := _US_DAY.match(text):
        month, day, year = match.groups()
    elif match := _DOTTED_DAY.match(text):
        day, month, year = match.groups()
    elif (match := _MONTH_FIRST.match(text)) and match.group(1) in _MONTHS:
        month, day, year = str(_MONTHS[match.group(1)]), match.group(2), match.group(3)
    elif (match := _DAY_FIRST.match(text)) and match.group(2) in _MONTHS:
        day, month, year = match.group(1), str(_MONTHS[match.group(2)]), match.group(3)
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
