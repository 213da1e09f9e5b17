"""The limits every stage enforces, in one place (docs/limits.md explains each).

Takes nothing; gives constants and two small predicates on numbers. Inputs past
a limit end in a diagnostic, a rejected record or an unreadable-file error, never
in a traceback or in work without end.
"""

from __future__ import annotations

import datetime
import math
import sys
from typing import Final

# ---------------------------------------------------------------- sizes and shapes
# A ruleset file is read at most this far: a larger one is refused before parsing.
MAX_RULESET_BYTES: Final = 2_000_000
# An expression nested deeper than this is a syntax error (E103).
MAX_EXPRESSION_DEPTH: Final = 120
# A dataset read as one JSON document (the whole text is held while it is decoded).
MAX_JSON_DATASET_BYTES: Final = 2 * 1024**3
# A dataset read record by record (JSON Lines, CSV).
MAX_STREAMED_DATASET_BYTES: Final = 16 * 1024**3
# One line of a JSON Lines or CSV dataset.
MAX_RECORD_LINE_BYTES: Final = 16 * 1024**2
# A source line shown under a diagnostic: a longer one is shown cut around the span.
MAX_SHOWN_SOURCE_LINE: Final = 1000

# ---------------------------------------------------------------- numbers
# Every number, in a ruleset or in data, must be finite as a float: |x| <= MAX_NUMBER.
MAX_NUMBER: Final = sys.float_info.max
# A decimal integer of more digits than this is never finite as a float.
MAX_NUMBER_DIGITS: Final = 309
# `round(x, digits)` with |digits| beyond this gives none.
MAX_ROUND_DIGITS: Final = 100

# ---------------------------------------------------------------- dates and durations
FIRST_DAY: Final = datetime.date.min
LAST_DAY: Final = datetime.date.max
# A duration literal longer than the calendar itself (0001-01-01 to 9999-12-31).
MAX_DURATION: Final = {
    "days": (LAST_DAY - FIRST_DAY).days,
    "working days": (LAST_DAY - FIRST_DAY).days,
    "months": 9999 * 12,
    "years": 9999,
}

# ---------------------------------------------------------------- regular expressions
# RE2's own bound on a counted repetition `{m,n}`.
MAX_REGEX_REPEAT: Final = 1000
# The search space a pattern matched by Python's backtracking engine may have
# (the product of its bounded choices); a larger one goes to the linear-time engine.
MAX_BACKTRACKING_CHOICES: Final = 1000


def finite_number(value: int | float) -> bool:
    """Whether `value` (not a bool) is a number that every stage can compute with."""
    if isinstance(value, float):
        return math.isfinite(value)
    return -MAX_NUMBER <= value <= MAX_NUMBER


def number_problem(value: object) -> str | None:
    """Why a number from data cannot be used, or None when it can (non-numbers: None)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if finite_number(value):
        return None
    if isinstance(value, float) and math.isnan(value):
        return "NaN is not a number"
    return "the number is beyond the range of numbers (about ±1.8e308)"


__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_BACKTRACKING_CHOICES",
    "MAX_DURATION",
    "MAX_EXPRESSION_DEPTH",
    "MAX_JSON_DATASET_BYTES",
    "MAX_NUMBER",
    "MAX_NUMBER_DIGITS",
    "MAX_RECORD_LINE_BYTES",
    "MAX_REGEX_REPEAT",
    "MAX_ROUND_DIGITS",
    "MAX_RULESET_BYTES",
    "MAX_SHOWN_SOURCE_LINE",
    "MAX_STREAMED_DATASET_BYTES",
    "finite_number",
    "number_problem",
]
