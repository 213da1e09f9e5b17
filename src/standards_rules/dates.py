"""The library's date arguments: `datetime.date` or ISO `YYYY-MM-DD` text (SPEC §5).

Takes what a caller passed as `as_of` or `publicity_start`; gives a plain
`datetime.date`, or raises `TypeError` naming the type (a `datetime` too: its
time of day would silently change nothing or the wrong thing) or `ValueError`
for text that is not an ISO date.
"""

from __future__ import annotations

import datetime
import re

# Only the calendar form: `date.fromisoformat` also reads `20210601` and week dates.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def iso_date(text: str) -> datetime.date | None:
    """The date `text` writes as `YYYY-MM-DD`, or None when it is not one."""
    if _ISO_DATE.fullmatch(text) is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:  # 2021-02-30
        return None


def date_argument(name: str, value: object) -> datetime.date:
    """`value` as the date argument `name`, or the error SPEC §5 asks for."""
    if isinstance(value, datetime.datetime):
        raise TypeError(
            f"{name} must be a datetime.date or an ISO 'YYYY-MM-DD' string, not a "
            f"datetime.datetime (use .date() to drop the time of day)"
        )
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        day = iso_date(value.strip())
        if day is not None:
            return day
        raise ValueError(f"{name} must be an ISO date 'YYYY-MM-DD'; {value!r} is not one")
    raise TypeError(
        f"{name} must be a datetime.date or an ISO 'YYYY-MM-DD' string, "
        f"not {type(value).__module__}.{type(value).__qualname__}".replace("builtins.", "")
    )


def optional_date_argument(name: str, value: object) -> datetime.date | None:
    return None if value is None else date_argument(name, value)


__all__ = ["date_argument", "iso_date", "optional_date_argument"]
