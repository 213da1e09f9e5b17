"""Checker stage, resolution: names and `.field`s against the scope and the record schema.

Takes a `Scope`, the ruleset's indicators and a field access; gives the type of the
name or field, or reports E201 (indicator id), E202 (name), E203 (field), E205
(tier) or E210 (reference name) with a "did you mean" suggestion, and gives
`UNKNOWN`. With `open_indicators` (a library checked alone, which has no
indicators of its own) indicator ids, tiers and reference names are not checked.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.report import Reporter
from standards_rules.check.scope import Scope, where_available
from standards_rules.check.suggest import did_you_mean
from standards_rules.source import Span

# The fields of an indicator view (SPEC §2.3); `tiers` is handled apart.
VIEW_FIELDS: dict[str, t.Type] = {
    "id": t.STRING,
    "label": t.STRING,
    "unit": t.STRING,
    "weight": t.NUMBER,
    "value": t.NUMBER,
    "previous": t.NUMBER,
    "national": t.NUMBER,
    "industry": t.NUMBER,
    "tier": t.STRING,
    "class": t.EnumString("indicator class", tuple(c.value for c in ast.IndicatorClass)),
    "awarded": t.NUMBER,
}
# The fields a direction-aware comparison may have on its left.
DIRECTIONAL_FIELDS = frozenset({"value", "previous", "awarded", "national", "industry"})


def _hint(name: str, fields: list[str]) -> str:
    """The nearest field, or else every field, so that an unknown field always says what exists."""
    return did_you_mean(name, fields) or f"; its fields are {', '.join(fields)}"


class Resolver:
    def __init__(
        self,
        indicators: tuple[ast.Indicator, ...],
        report: Reporter,
        *,
        open_indicators: bool = False,
    ) -> None:
        self.report = report
        self.indicators = {i.id: i for i in indicators}
        self.open_indicators = open_indicators
        self.reference_names = {r.name for i in indicators for r in i.references}

    def tiers_of(self, indicator_id: str | None) -> list[str]:
        chosen = (
            list(self.indicators.values())
            if indicator_id is None
            else [i for i in [self.indicators.get(indicator_id)] if i is not None]
        )
        return [tier.name for i in chosen for tier in i.tiers]

    def name(self, node: ast.Name, scope: Scope) -> t.Type:
        found = scope.lookup(node.id)
        if found is not None:
            return found
        elsewhere = where_available(node.id)
        if elsewhere:
            places = " and ".join(c.value for c in elsewhere if c not in (scope.context,))
            message = f"'{node.id}' is not available in {scope.context.value}; only in {places}"
        else:
            message = f"unknown name '{node.id}'" + did_you_mean(node.id, scope.names)
        self.report.error("E202", message, node.span)
        return t.UNKNOWN

    def field(self, node: ast.Field, obj: t.Type) -> t.Type:
        name, span = node.name, node.name_span
        match obj:
            case t.Unknown():
                return t.UNKNOWN
            case t.Scalar(name="none"):
                return t.NONE  # none.field is none (SPEC §2.3)
            case t.IndicatorList():
                if name in self.indicators:
                    return t.IndicatorView(name)
                if self.open_indicators:
                    return t.IndicatorView()
                hint = did_you_mean(name, self.indicators)
                self.report.error("E201", f"unknown indicator '{name}'{hint}", span)
                return t.UNKNOWN
            case t.IndicatorView(indicator_id=indicator_id):
                if name == "tiers":
                    return t.TierMap(indicator_id)
                if name == "references":
                    return t.ReferenceMap(indicator_id)
                if name in VIEW_FIELDS:
                    return VIEW_FIELDS[name]
                hint = _hint(name, [*VIEW_FIELDS, "tiers", "references"])
                self.report.error("E203", f"an indicator has no field '{name}'{hint}", span)
                return t.UNKNOWN
            case t.TierMap(indicator_id=indicator_id):
                return self._tier(name, indicator_id, span)
            case t.ReferenceMap():
                return self._reference(name, span)
            case t.RecordType(name=record):
                fields = obj.fields()
                if name in fields:
                    return fields[name]
                hint = _hint(name, list(fields))
                article = "an" if record[:1] in "aeiou" else "a"
                message = f"{article} {record} record has no field '{name}'{hint}"
                self.report.error("E203", message, span)
                return t.UNKNOWN
            case t.MapType(value=value):
                return value
            case t.ListOf() | t.Scalar() | t.EnumString() | t.Dynamic():
                extra = " (use all, any or count to look inside a list)" if t.is_list(obj) else ""
                message = f"{t.describe(obj)} has no field '{name}'{extra}"
                self.report.error("E203", message, span)
                return t.UNKNOWN
        return t.UNKNOWN

    def _reference(self, name: str, span: Span) -> t.Type:
        if name in self.reference_names or self.open_indicators:
            return t.NUMBER
        if name in ("national", "industry"):
            message = f"'{name}' is not a named reference: write i.{name}"
        elif not self.reference_names:
            message = f"unknown reference '{name}': no indicator declares 'reference {name} …'"
        else:
            message = f"unknown reference '{name}'" + did_you_mean(name, self.reference_names)
        self.report.error("E210", message, span)
        return t.UNKNOWN

    def _tier(self, name: str, indicator_id: str | None, span: Span) -> t.Type:
        tiers = self.tiers_of(indicator_id)
        if name in tiers or (self.open_indicators and indicator_id is None):
            return t.NUMBER
        owner = f" of indicator '{indicator_id}'" if indicator_id is not None else ""
        if not tiers:
            owner_has = f"indicator '{indicator_id}' has no" if indicator_id else "no indicator has"
            message = f"unknown tier '{name}': {owner_has} tiers"
        else:
            message = f"unknown tier '{name}'{owner}" + did_you_mean(name, tiers)
        self.report.error("E205", message, span)
        return t.UNKNOWN


__all__ = ["DIRECTIONAL_FIELDS", "VIEW_FIELDS", "Resolver"]
