"""JSON text as the loader decodes it: orjson where it reads as json does, json elsewhere.

Takes a JSON text (a whole file or one JSON Lines line, as str or bytes); gives
its value, `REFUSED` where orjson must not be trusted with it (long integers,
NaN, escaped half surrogate pairs, malformed text), or `DatasetError` with the
line and column for text that is not JSON. Also tells whether a text may hold
half a surrogate pair, which the loader must then look for in every record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from json.scanner import make_scanner
from typing import Any

import orjson

from standards_rules.limits import MAX_NUMBER_DIGITS
from standards_rules.records.errors import DatasetError

# The C scanner behind json.loads, called directly: the per-call overhead of
# json.loads was a third of the JSON Lines load time.
SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_ORJSON_LOADS = orjson.loads


def holds_surrogates(text: str) -> bool:
    """Whether `text` holds half a surrogate pair as a character (only text handed over
    as a str can: a file's text is decoded UTF-8). Encoding is the fast test."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def escapes_surrogates(text: str) -> bool:
    """Whether JSON `text` may write half a surrogate pair as an escape (`\\uD800`).

    One search with a literal prefix per line: about a tenth of decoding the line.
    """
    return _HALF_ESCAPE.search(text) is not None


_HALF_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _parse_int(digits: str) -> int | float:
    """A JSON integer; one too long to be finite as a float is infinite, hence rejected."""
    if len(digits.lstrip("-").lstrip("0")) > MAX_NUMBER_DIGITS:
        return float("-inf") if digits.startswith("-") else float("inf")
    return int(digits)


# Used where the fast decoder refuses an integer of 4,300 digits or more (Python's
# limit on converting text to int): such a number is then rejected with its record.
_TOLERANT = json.JSONDecoder(parse_int=_parse_int)


def decode_json(text: str, origin: str, line: int | None = None) -> Any:
    """`text` as JSON, or `DatasetError`; `line`: the JSON Lines line it is."""
    try:
        return _decode_with(json.loads, text)
    except json.JSONDecodeError as exc:
        where = (exc.lineno, exc.colno) if line is None else (line, exc.colno)
        raise DatasetError(origin, f"malformed JSON: {exc.msg}", *where) from None
    except RecursionError:
        message = "JSON nested too deeply to read (records nest a few levels at most)"
        raise DatasetError(origin, message, line) from None


def _decode_with(decode: Any, text: str) -> Any:
    try:
        return decode(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of 4,300 digits or more: decoded as infinite
        return _TOLERANT.decode(text)


def kind_of(value: object) -> str:
    """What a JSON value is, as a rejection names it (`a list`, `an object`, `null`, …)."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "null" if value is None else type(value).__name__


REFUSED = object()
# A run of 20 digits may be an integer past 64 bits, which orjson reads as a float
# where json keeps an int: such lines (rare) are left to json.
_LONG_DIGITS = re.compile(r"[0-9]{20}")
# The same test on bytes, a few times faster than the regular expression (whose
# search tries each digit of a line full of numbers): every digit becomes "0".
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")
_TWENTY_DIGITS = b"0" * 20


def orjson_text_line(line: str) -> object:
    """The line decoded by orjson, the same values json gives, a few times faster; or
    `REFUSED` for what orjson refuses or may read differently (NaN, long integers,
    escaped half surrogate pairs, malformed text), which json then decodes or explains."""
    if _LONG_DIGITS.search(line) is not None:
        return REFUSED
    try:
        return _ORJSON_LOADS(line)
    except orjson.JSONDecodeError:
        return REFUSED


def orjson_bytes_line(line: bytes) -> object:
    """`orjson_text_line` for a line of bytes (refused too when it is not UTF-8)."""
    if _TWENTY_DIGITS in line.translate(_DIGITS_AS_ZERO):
        return REFUSED
    try:
        return _ORJSON_LOADS(line)
    except orjson.JSONDecodeError:
        return REFUSED


__all__ = [
    "REFUSED",
    "SCAN",
    "decode_json",
    "escapes_surrogates",
    "holds_surrogates",
    "kind_of",
    "orjson_bytes_line",
    "orjson_text_line",
]
