"""Names: how the export's indicator names and headers are matched (SPEC §3.3).

Takes names as the platform wrote them (`全硫 St,d`, `ＳＵＬＦＵＲ`, `灰分Ad(%)`);
gives the indicator they name, compared after NFKC, whitespace removal and case
folding, or a suggestion of the closest one for a warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from standards_rules.indicator_names import normalised_name as normalised_name


class IndicatorLike(Protocol):
    """What the loader reads of a ruleset's indicator (`ast.Indicator` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def unit(self) -> str | None: ...

    @property
    def better(self) -> Any: ...

    def names(self) -> tuple[str, ...]: ...


def ruleset_indicators(ruleset: object) -> tuple[IndicatorLike, ...]:
    """The indicators of a `CheckedRuleset` or an `ast.Ruleset`."""
    tree = getattr(ruleset, "ast", ruleset)
    indicators = getattr(tree, "indicators", None)
    if indicators is None:
        raise TypeError(f"expected a ruleset, got {type(ruleset).__name__}")
    return tuple(indicators)


def is_higher(indicator: IndicatorLike) -> bool:
    """Is the indicator `better higher`?"""
    return str(getattr(indicator.better, "value", indicator.better)) == "higher"


def ruleset_id(ruleset: object) -> str:
    return str(getattr(getattr(ruleset, "ast", ruleset), "id", "the ruleset"))


class IndicatorNames:
    """Every name of a ruleset's indicators (id, label, aliases), normalised."""

    def __init__(self, indicators: Iterable[IndicatorLike]) -> None:
        self.by_name: dict[str, IndicatorLike] = {}
        self.by_id: Mapping[str, IndicatorLike] = {i.id: i for i in indicators}
        # Names as written, matched once each: an export repeats a handful of names.
        self._seen: dict[str, IndicatorLike | None] = {}
        for indicator in self.by_id.values():
            for name in indicator.names():
                self.by_name.setdefault(normalised_name(name), indicator)

    def match(self, name: str) -> IndicatorLike | None:
        found = self._seen.get(name, self)
        if found is self:
            found = self._seen[name] = self.by_name.get(normalised_name(name))
        return found  # type: ignore[return-value]

    def suggestion(self, name: str) -> str:
        """`; did you mean 'id' (label)?` for the closest name, or `""`."""
        close = difflib.get_close_matches(normalised_name(name), list(self.by_name), n=1)
        if not close:
            return ""
        indicator = self.by_name[close[0]]
        return f"; did you mean '{indicator.id}'?"
