"""Requirement text: a standard's 技术要求 read as the number it guarantees (SPEC §3.3).

Takes the text of one technical requirement (`≥96`, `83～90`, `5500±100 kcal/kg`,
`不得检出`, full-width forms too; digits of other scripts are rejected), the
indicator's direction and units; gives
the value in the indicator's worse direction — the level the standard promises
at least — converted to the indicator's unit, or raises `RequirementProblem`
with the reason. The forms are a table (`FORMS`), one regular expression each
with what it means for a higher-is-better and a lower-is-better indicator.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable

import attrs

from standards_rules.records.export.cells import foreign_digit
from standards_rules.records.export.units import UnitProblem, caret_powers, convert


class RequirementProblem(ValueError):
    """The text cannot be read as a requirement: `reason` says why (quoting the text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Thousands may be grouped with commas (`≥5,500 kcal/kg`), as in a number cell.
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)"
# A unit starts with no digit, sign, comma or separator, and runs to a space or separator.
_UNIT = r"[^\s\d.,;:+\-~〜–—至±<>≤≥≦≧以][^\s~〜–—至±<>]*?"


def _quantity(name: str) -> str:
    return rf"(?P<{name}>{_NUMBER})\s*(?P<{name}_unit>{_UNIT})?"


@attrs.frozen
class Quantity:
    value: float
    unit: str | None


@attrs.frozen
class Form:
    """One row of the table: a pattern and the bounds it states, (lowest, highest) promised."""

    name: str
    pattern: re.Pattern[str]
    bounds: Callable[[re.Match[str]], tuple[Quantity | None, Quantity | None]]


def _q(found: re.Match[str], name: str) -> Quantity:
    return Quantity(float(found.group(name).replace(",", "")), found.group(f"{name}_unit"))


def _floor(found: re.Match[str]) -> tuple[Quantity | None, Quantity | None]:
    return _q(found, "a"), None


def _ceiling(found: re.Match[str]) -> tuple[Quantity | None, Quantity | None]:
    return None, _q(found, "a")


def _between(found: re.Match[str]) -> tuple[Quantity | None, Quantity | None]:
    low, high = _q(found, "a"), _q(found, "b")
    unit = low.unit or high.unit
    return Quantity(low.value, unit), Quantity(high.value, high.unit or unit)


def _plus_minus(found: re.Match[str]) -> tuple[Quantity | None, Quantity | None]:
    centre, spread = _q(found, "a"), _q(found, "b")
    unit = centre.unit or spread.unit
    return Quantity(centre.value - spread.value, unit), Quantity(centre.value + spread.value, unit)


def _exact(found: re.Match[str]) -> tuple[Quantity | None, Quantity | None]:
    value = _q(found, "a")
    return value, value


def _not_detected(found: re.Match[str]) -> tuple[Quantity | None, Quantity | None]:
    return None, Quantity(0.0, None)


_FLOOR_SIGNS = ">=|≥|≧|>|不小于|不低于|大于|高于"
_CEILING_SIGNS = "<=|≤|≦|<|不大于|不高于|小于|低于"
_RANGE_SEPARATORS = "~|〜|-|–|—|至"

FORMS: tuple[Form, ...] = (
    Form("floor", re.compile(rf"(?:{_FLOOR_SIGNS})\s*{_quantity('a')}"), _floor),
    Form("floor", re.compile(rf"{_quantity('a')}\s*以上"), _floor),
    Form("ceiling", re.compile(rf"(?:{_CEILING_SIGNS})\s*{_quantity('a')}"), _ceiling),
    Form("ceiling", re.compile(rf"{_quantity('a')}\s*以下"), _ceiling),
    Form(
        "range",
        re.compile(rf"{_quantity('a')}\s*(?:{_RANGE_SEPARATORS})\s*{_quantity('b')}"),
        _between,
    ),
    Form("plus_minus", re.compile(rf"{_quantity('a')}\s*±\s*{_quantity('b')}"), _plus_minus),
    Form("exact", re.compile(_quantity("a")), _exact),
    Form("not_detected", re.compile(r"不得检出|未检出|nd|n\.d\.", re.IGNORECASE), _not_detected),
)


def normal_text(text: str) -> str:
    """NFKC (full-width to ASCII, ％ to %), spaces trimmed and runs of them made one; a
    unit's superscript powers written with `^` first (`m³` → `m^3`)."""
    return " ".join(unicodedata.normalize("NFKC", caret_powers(text)).split())


def read_requirement(
    text: str, *, higher: bool, unit: str | None = None, column_unit: str | None = None
) -> float:
    """The value `text` guarantees in the worse direction, in `unit` (the indicator's).

    `higher`: the indicator is `better higher`; `column_unit`: the 单位 column,
    used where the text names no unit. Raises `RequirementProblem`.
    """
    return _read(text, higher, unit or None, column_unit or None)


@functools.lru_cache(maxsize=1 << 14)
def _read(text: str, higher: bool, unit: str | None, column_unit: str | None) -> float:
    shown = normal_text(text)
    foreign = foreign_digit(shown)
    if foreign is not None:
        raise RequirementProblem(f"cannot read the requirement '{text.strip()}': {foreign}")
    for form in FORMS:
        found = form.pattern.fullmatch(shown)
        if found is not None:
            break
    else:
        raise RequirementProblem(f"cannot read the requirement '{text.strip()}'")
    low, high = form.bounds(found)
    if low is not None and high is not None and form.name == "range":
        low_value, high_value = _value(low, unit, column_unit), _value(high, unit, column_unit)
        if not low_value < high_value:
            raise RequirementProblem(f"the range '{text.strip()}' does not go from low to high")
        return _finite(low_value if higher else high_value, text)
    bound = low if higher else high
    if bound is None:
        if form.name == "not_detected":
            reason = "'not detected' says nothing about a higher-is-better level"
        elif higher:
            reason = "a ceiling says nothing about a higher-is-better level"
        else:
            reason = "a floor says nothing about a lower-is-better level"
        raise RequirementProblem(f"'{text.strip()}': {reason}")
    return _finite(_value(bound, unit, column_unit), text)


def _value(quantity: Quantity, unit: str | None, column_unit: str | None) -> float:
    written = quantity.unit or column_unit
    if written is None:
        return quantity.value
    if unit is None:
        raise RequirementProblem(f"the value is in '{written}' but the indicator has no unit")
    try:
        return convert(quantity.value, written, unit)
    except UnitProblem as exc:
        raise RequirementProblem(exc.reason) from None


def _finite(value: float, text: str) -> float:
    # Hundreds of digits read as infinity; the reason quotes the text, not the float.
    if not math.isfinite(value):
        raise RequirementProblem(f"the number in '{text.strip()}' is too large")
    return value


__all__ = ["FORMS", "RequirementProblem", "normal_text", "read_requirement"]
