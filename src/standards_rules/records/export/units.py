"""Units: converting a value written in one unit to an indicator's unit, through pint.

Takes a value and two unit texts (what the export wrote, what the indicator
declares); gives the value in the indicator's unit, or raises `UnitProblem`
naming both units. One `UnitRegistry` serves the process, created on first use
(it takes a moment to build); conversions are cached per pair of units. `%` and
the full-width `％` are one unit; texts that are equal after normalisation need
no registry at all, so a unit pint does not know (`个`, `分`) still matches itself. A
written unit pint does not know is read ignoring case only where that spells one unit
of the indicator's kind (`Kcal` is `kcal`, `KG` is `kg`; `Mw` may be `MW` or `mW`).
"""

from __future__ import annotations

import functools
import itertools
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
# A unit's name in a unit text: letters (and `_`, as in `cal_th`), between operators and powers.
_NAME = re.compile(r"([^\W\d]+)")
# The most spellings a unit text's case-folded names are tried in together.
_MOST_FOLDED = 64


def _spelt(unit: str) -> str:
    """A unit text (normalised) in the spelling pint reads: `%` as `percent`, `°C` as `degC`."""
    return _SPELLINGS.get(unit, unit).replace("%", "percent")


def _parsed(registry: Any, unit: str) -> Any | None:
    """The unit `unit` (normalised) names for pint, or None where pint does not know it."""
    spelt = _spelt(unit)
    for text in dict.fromkeys((spelt, _PLAIN_POWER.sub(r"^\1", spelt))):
        try:
            return registry.parse_units(text)
        except Exception:  # pint's parser fails on odd text in many ways (an assert, a tokenizer)
            pass
    return None


@functools.lru_cache(maxsize=1024)
def converter(written: str, wanted: str) -> Callable[[float], float]:
    """A function taking a value in `written` to `wanted`; raises `UnitProblem`.

    A written unit pint does not know is read ignoring case (`Kcal`, `MJ/KG`) where that
    is not a guess: where its names, case folded, spell exactly one unit of `wanted`'s kind.
    """
    source, target = normal_unit(written), normal_unit(wanted)
    if source == target:
        return float
    registry = _registry()
    from_unit, to_unit = _parsed(registry, source), _parsed(registry, target)
    if from_unit is None and to_unit is not None:
        from_unit = _case_folded(registry, source, to_unit)
    for unit, parsed in ((source, from_unit), (target, to_unit)):
        if parsed is None:
            problem = f"unknown unit '{unit}': '{written}' cannot be converted to '{wanted}'"
            raise UnitProblem(problem)
    try:
        factor = float(registry.Quantity(1.0, from_unit).to(to_unit).magnitude)
        offset = float(registry.Quantity(0.0, from_unit).to(to_unit).magnitude)
    except Exception:  # incommensurable (DimensionalityError), or a logarithmic unit at 0
        raise UnitProblem(f"'{written}' cannot be converted to '{wanted}'") from None
    if offset == 0.0:
        return lambda value: value * factor
    return lambda value: float(registry.Quantity(value, from_unit).to(to_unit).magnitude)


def _case_folded(registry: Any, unit: str, to_unit: Any) -> Any | None:
    """The one unit commensurable with `to_unit` that `unit`'s names spell ignoring case,
    each name pint does not know as written replaced by a spelling it does (`KG`: `kg`, not
    the kilogauss `kG`); None where there is none or more than one (`Mw`: `MW` or `mW`)."""
    spelt = _PLAIN_POWER.sub(r"^\1", _spelt(unit))
    pieces = _NAME.split(spelt)
    choices: list[tuple[str, ...]] = []
    for n, piece in enumerate(pieces):
        known = n % 2 == 0 or _parsed(registry, piece) is not None
        choices.append((piece,) if known else _spellings(piece.casefold()))
    found: dict[str, Any] = {}
    for spelling in itertools.islice(itertools.product(*choices), _MOST_FOLDED):
        parsed = _parsed(registry, "".join(spelling))
        if parsed is not None and parsed.is_compatible_with(to_unit):
            found.setdefault(str(parsed), parsed)
    return next(iter(found.values())) if len(found) == 1 else None


@functools.cache
def _spellings(folded: str) -> tuple[str, ...]:
    """pint's spellings of a unit (its names, symbols and aliases, alone or after a
    prefix) that are `folded` when case folded."""
    units, prefixes = _folded_names()
    found = list(units.get(folded, ()))
    for cut in range(1, len(folded)):
        for prefix in prefixes.get(folded[:cut], ()):
            found.extend(prefix + name for name in units.get(folded[cut:], ()))
    return tuple(dict.fromkeys(found))


@functools.cache
def _folded_names() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """pint's unit names and prefixes by their case-folded forms."""
    registry = _registry()
    indexes: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
    for index, names in zip(
        indexes, (getattr(registry, "_units", {}), getattr(registry, "_prefixes", {})), strict=True
    ):
        for name in names:
            if name:
                index.setdefault(name.casefold(), []).append(name)
    return indexes


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
