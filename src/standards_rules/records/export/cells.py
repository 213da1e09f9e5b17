"""Cells: what a person typed into a spreadsheet cell, read as a record value (SPEC §3.2).

Takes a cell as a workbook or CSV file gives it (text, a number, a boolean, an
Excel date); gives the JSON value the record converter expects (a trimmed text,
`true`/`false`, an ISO date text, a number, an enum value), or raises
`CellError` with the reason. Surrounding whitespace (the ideographic space too)
is dropped; full-width digits, letters and punctuation count as their ASCII
forms wherever a value is read (dates, numbers, flags, codes), while names and
other free text keep the characters they were typed with. Other decimal digits
(Arabic-Indic ٣, Devanagari ३, …), which Python's `float` and `int` would read
silently, are not what a person types into these sheets: a number or date written
with them is rejected, naming the digit. A workbook cell holding an Excel error
(`#N/A`, `#DIV/0!`) is an `ExcelError`, which `excel_error` rejects: it is not an
empty cell.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping


class ExcelError:
    """A workbook cell holding an Excel error (`#N/A`, `#DIV/0!`, …): no value at all."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"ExcelError({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExcelError) and other.text == self.text

    def __hash__(self) -> int:
        return hash((ExcelError, self.text))

    @property
    def reason(self) -> str:
        return f"the cell holds the Excel error {self.text}, not a value"


Cell = (
    str | int | float | bool | datetime.date | datetime.time | datetime.timedelta | ExcelError
) | None


class CellError(ValueError):
    """A cell does not read as the value its column holds; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def excel_error(cell: Cell) -> None:
    """Raises `CellError` for a cell that holds an Excel error: it is not an empty cell."""
    if isinstance(cell, ExcelError):
        raise CellError(cell.reason)


# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E; U+3000 is the ideographic space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Every character Python counts as whitespace (the ideographic space, the em space, …),
# and the byte-order mark and zero-width space that spreadsheets leave around a text.
_STRIPPED = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\ufeff\u200b"


def half_width(text: str) -> str:
    """`text` with full-width ASCII forms and the ideographic space made ASCII."""
    return text if text.isascii() else text.translate(_HALF_WIDTH)


def foreign_digit(text: str) -> str | None:
    """Why `text` (full-width forms already made ASCII) is not a number or date a person
    types: it holds a decimal digit that is not ASCII (`'٣' ARABIC-INDIC DIGIT THREE`)."""
    if text.isascii():
        return None
    digit = next((c for c in text if c.isdecimal() and not c.isascii()), None)
    if digit is None:
        return None
    name = unicodedata.name(digit, f"U+{ord(digit):04X}")
    return f"the digit {digit!r} ({name}) is not an ASCII or full-width digit"


def cell_text(cell: Cell) -> str:
    """The cell as the text a person sees in it, trimmed (empty for an empty cell)."""
    if type(cell) is str:
        return cell.strip(_STRIPPED)
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip(_STRIPPED)


def read_text(cell: Cell) -> str | None:
    """Free text as typed, trimmed; None for an empty cell."""
    if type(cell) is str:
        return cell.strip(_STRIPPED) or None
    return cell_text(cell) or None


def read_code(cell: Cell) -> str | None:
    """An identifier (credit code, standard number): ASCII forms, trimmed, None when empty."""
    text = half_width(cell_text(cell)).strip()
    return text or None


def read_credit_code(cell: Cell) -> str | None:
    """A credit code: ASCII forms, upper case."""
    code = read_code(cell)
    return None if code is None else code.upper()


_TRUE = frozenset({"true", "t", "yes", "y", "1", "是", "有", "√", "✓", "✔", "对"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "否", "无", "×", "✗", "✘", "x", "错"})


def read_bool(cell: Cell) -> bool | None:
    """A flag: true/false, 是/否, √/×, 1/0, Y/N (any case); None when empty."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = half_width(cell_text(cell)).strip().casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("not a yes/no value (是/否, √/×, 1/0, Y/N, true/false)")


# ASCII digits only (re.ASCII): `\d` alone also matches every other script's digits.
_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:\s+0{1,2}:00(?::00)?)?", re.ASCII)
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", re.ASCII)
# Excel counts days from 1899-12-30 (its 1900 leap-year slip already folded in).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_SERIALS = range(1, 2958466)  # 1900-01-01 .. 9999-12-31


def read_date(cell: Cell) -> str | None:
    """A date as ISO text, from an Excel date or serial number or from a text.

    Texts: 2021-04-22, 2021/4/22, 2021.4.22, 2021年4月22日 (full-width digits too).
    """
    if isinstance(cell, datetime.datetime):
        if cell.time() != datetime.time():
            raise CellError("a date and time of day; expected a date")
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and int(cell) in _EXCEL_SERIALS:
            return (_EXCEL_EPOCH + datetime.timedelta(days=int(cell))).isoformat()
        raise CellError("not a date")
    text = half_width(cell_text(cell)).strip()
    if not text:
        return None
    foreign = foreign_digit(text)
    if foreign is not None:
        raise CellError(f"not a date: {foreign}")
    found = _DATE.fullmatch(text)
    if found is not None:
        parts: tuple[str, ...] = found.group(1), found.group(3), found.group(4)
    else:
        chinese = _CHINESE_DATE.fullmatch(text)
        if chinese is None:
            raise CellError("not a date (2021-04-22, 2021/4/22, 2021.4.22 or 2021年4月22日)")
        parts = chinese.groups()
    try:
        return datetime.date(*(int(part) for part in parts)).isoformat()
    except ValueError:
        raise CellError("not a calendar date") from None


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)


def parse_number(text: str) -> float | None:
    """A plain decimal number in ASCII text (thousands separated by commas allowed), or None."""
    if _NUMBER.fullmatch(text):
        return float(text)
    if _GROUPED.fullmatch(text):
        return float(text.replace(",", ""))
    return None


def read_number(cell: Cell) -> float | int | None:
    """A number: a numeric cell, or text in ASCII or full-width digits."""
    if isinstance(cell, bool):
        raise CellError("a yes/no value, not a number")
    if isinstance(cell, int | float):
        return cell
    text = half_width(cell_text(cell)).strip()
    if not text:
        return None
    number = parse_number(text)
    if number is None:
        foreign = foreign_digit(text)
        raise CellError("not a number" if foreign is None else f"not a number: {foreign}")
    return number


def read_whole(cell: Cell) -> int | None:
    """A whole number (网点数)."""
    number = read_number(cell)
    if number is None:
        return None
    if not float(number).is_integer():
        raise CellError("not a whole number")
    return int(number)


def _enum_reader(names: Mapping[str, str], expected: str) -> Callable[[Cell], str | None]:
    def read(cell: Cell) -> str | None:
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        text = half_width(cell_text(cell)).strip()
        if not text:
            return None
        value = names.get(text.casefold())
        if value is None:
            raise CellError(f"expected {expected}")
        return value

    return read


read_status = _enum_reader(
    {"现行": "current", "废止": "abolished", "0": "current", "1": "abolished"}
    | {"current": "current", "abolished": "abolished"},
    "现行 or 废止 (or the platform codes 0 and 1)",
)
read_subject = _enum_reader(
    {"产品": "product", "服务": "service", "product": "product", "service": "service"},
    "产品 or 服务",
)

__all__ = [
    "Cell",
    "CellError",
    "ExcelError",
    "cell_text",
    "excel_error",
    "foreign_digit",
    "half_width",
    "parse_number",
    "read_bool",
    "read_code",
    "read_credit_code",
    "read_date",
    "read_number",
    "read_status",
    "read_subject",
    "read_text",
    "read_whole",
]
