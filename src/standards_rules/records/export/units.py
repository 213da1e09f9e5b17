"""Units: converting a value written in one unit to an indicator's unit, through pint.

Takes a value and two unit texts (what the export wrote, what the indicator
declares); gives the value in the indicator's unit, or raises `UnitProblem`
naming both units. One `UnitRegistry` serves the process, created on first use
(it takes a moment to build); conversions are cached per pair of units. `%` and
the full-width `％` are one unit; texts that are equal after normalisation need
no registry at all, so a unit pint does not know (`个`, `分`) still matches itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any


class UnitProblem(ValueError):
    """The two units cannot be converted: `reason` names both."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SUPERSCRIPT_RUN = re.compile("[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
# `m3`, `mg/m3`: a power written as plain digits after a unit's letters, as people type it.
_PLAIN_POWER = re.compile(r"(?<=[A-Za-zμ])([0-9]+)")


def caret_powers(text: str) -> str:
    """Powers in superscript digits written with `^` (`m³` → `m^3`, `s⁻¹` → `s^-1`): NFKC
    would make them plain digits (`m3`, `s−1`)."""
    if text.isascii():
        return text
    return _SUPERSCRIPT_RUN.sub(lambda found: "^" + found[0].translate(_SUPERSCRIPTS), text)


def normal_unit(unit: str) -> str:
    """A unit text as compared and parsed: NFKC (℃ → °C, ％ → %), no spaces, superscript
    powers written with `^`."""
    return "".join(unicodedata.normalize("NFKC", caret_powers(unit)).split())


@functools.cache
def _registry() -> Any:
    import pint

    try:
        # pint caches its parsed definitions in the user's cache folder: building the
        # registry then takes a tenth of the time (seconds on a busy machine).
        return pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # no writable cache folder, or no cache support: build it afresh
        return pint.UnitRegistry(cache_folder=None)


# Spellings pint does not read: mapped to ones it does.
_SPELLINGS = {"%": "percent", "‰": "permille", "°C": "degC", "°F": "degF", "μm": "um", "µm": "um"}


def _parse(registry: Any, unit: str, written: str, wanted: str) -> Any:
    spelt = _SPELLINGS.get(unit, unit).replace("%", "percent")
    for text in dict.fromkeys((spelt, _PLAIN_POWER.sub(r"^\1", spelt))):
        try:
            return registry.parse_units(text)
        except Exception:  # pint's parser fails on odd text in many ways (an assert, a tokenizer)
            pass
    problem = f"unknown unit '{unit}': '{written}' cannot be converted to '{wanted}'"
    raise UnitProblem(problem)


@functools.lru_cache(maxsize=1024)
def converter(written: str, wanted: str) -> Callable[[float], float]:
    """A function taking a value in `written` to `wanted`; raises `UnitProblem`."""
    source, target = normal_unit(written), normal_unit(wanted)
    if source == target:
        return float
    registry = _registry()
    from_unit = _parse(registry, source, written, wanted)
    to_unit = _parse(registry, target, written, wanted)
    try:
        factor = float(registry.Quantity(1.0, from_unit).to(to_unit).magnitude)
        offset = float(registry.Quantity(0.0, from_unit).to(to_unit).magnitude)
    except Exception:  # incommensurable (DimensionalityError), or a logarithmic unit at 0
        raise UnitProblem(f"'{written}' cannot be converted to '{wanted}'") from None
    if offset == 0.0:
        return lambda value: value * factor
    return lambda value: float(registry.Quantity(value, from_unit).to(to_unit).magnitude)


def convert(value: float, written: str, wanted: str) -> float:
    """`value` in `written` as a value in `wanted`; raises `UnitProblem`.

    Rounded to 12 significant digits: 5500 kcal/kg is 23.012 MJ/kg, not 23.012000000000004.
    """
    to_wanted = converter(written, wanted)
    try:
        converted = to_wanted(value)
    except Exception:  # a logarithmic unit (dB) of a value it has no logarithm for
        raise UnitProblem(f"{value:g} '{written}' cannot be converted to '{wanted}'") from None
    return float(f"{converted:.12g}")
