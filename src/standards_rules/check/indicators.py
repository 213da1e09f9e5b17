"""Checker stage, second-edition indicator and list checks (SPEC §2.5, §2.6).

Takes a `Ruleset`; reports a weight on a basic indicator (E411), two indicators
sharing a name after normalisation (E412), a `range` whose MIN is not below its
MAX (E413), a named reference called `national` or `industry` (E414) or written
twice (E207), `bands` on an unknown indicator (E201), on one without tiers
(E416) or with a tier worse than a limit (E417), `per enterprise` that is not a
whole number of at least 1 (E418) and a `valid` period that is not positive (E419).
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.check.report import Reporter
from standards_rules.check.suggest import did_you_mean
from standards_rules.indicator_names import normalised_name


def check_indicators(ruleset: ast.Ruleset, report: Reporter) -> None:
    owners: dict[str, str] = {}
    for indicator in ruleset.indicators:
        _class(indicator, report)
        _names(indicator, owners, report)
        _range(indicator, report)
        _references(indicator, report)
    _bands(ruleset, report)
    if ruleset.leaders is not None:
        _leaders(ruleset.leaders, report)


def _class(indicator: ast.Indicator, report: Reporter) -> None:
    if indicator.indicator_class is ast.IndicatorClass.BASIC and indicator.weight is not None:
        message = (
            f"indicator '{indicator.id}' is basic (基础指标, pass or fail) and cannot have a "
            "weight: remove the weight or make it 'class core'"
        )
        report.error("E411", message, indicator.weight_span or indicator.id_span)


def _names(indicator: ast.Indicator, owners: dict[str, str], report: Reporter) -> None:
    mine = {normalised_name(name): name for name in indicator.names()}
    for key, name in mine.items():
        owner = owners.get(key)
        if owner is not None and owner != indicator.id:
            message = (
                f"the name '{name}' of indicator '{indicator.id}' is also a name of indicator "
                f"'{owner}' (names are compared ignoring width, case and spaces): the "
                "platform's export could not tell them apart"
            )
            span = indicator.alias_span if name in indicator.aliases else indicator.id_span
            report.error("E412", message, span or indicator.id_span)
        else:
            owners[key] = indicator.id


def _range(indicator: ast.Indicator, report: Reporter) -> None:
    bounds = indicator.range
    if bounds is not None and not bounds.low < bounds.high:
        message = (
            f"the range of indicator '{indicator.id}' must be MIN MAX with MIN < MAX; "
            f"it is {bounds.low} {bounds.high}"
        )
        report.error("E413", message, bounds.span)


def _references(indicator: ast.Indicator, report: Reporter) -> None:
    seen: dict[str, ast.NamedReference] = {}
    for reference in indicator.references:
        if reference.name in ("national", "industry"):
            message = (
                f"'{reference.name}' is a limit of its own: write '{reference.name} VALUE', "
                "and give a named reference another name"
            )
            report.error("E414", message, reference.span)
        elif reference.name in seen:
            first = seen[reference.name]
            message = (
                f"reference '{reference.name}' of '{indicator.id}' is already defined on "
                f"line {first.span.line}"
            )
            report.error("E207", message, reference.span)
        else:
            seen[reference.name] = reference


def worse(indicator: ast.Indicator, value: float, limit: float) -> bool:
    """Is `value` worse than `limit` in the indicator's direction?"""
    return value > limit if indicator.better is ast.Better.LOWER else value < limit


def _bands(ruleset: ast.Ruleset, report: Reporter) -> None:
    indicators = {i.id: i for i in ruleset.indicators}
    seen: set[str] = set()
    for band in ruleset.bands or ():
        indicator = indicators.get(band.indicator)
        if indicator is None:
            hint = did_you_mean(band.indicator, indicators)
            report.error("E201", f"unknown indicator '{band.indicator}'{hint}", band.span)
            continue
        if band.indicator in seen:
            report.error("E207", f"'{band.indicator}' is listed twice in bands", band.span)
            continue
        seen.add(band.indicator)
        if not indicator.tiers:
            message = (
                f"indicator '{indicator.id}' has no tiers: a band list (单指标排行榜) places "
                "standards in the bands of their tier"
            )
            report.error("E416", message, band.span)
            continue
        if indicator.better is None:
            continue
        for kind in ("national", "industry"):
            limit = indicator.reference(kind)
            for tier in indicator.tiers:
                if limit is not None and worse(indicator, tier.threshold, limit):
                    message = (
                        f"band '{tier.name}' ({tier.threshold}) of '{indicator.id}' is worse than "
                        f"its {kind} limit ({limit}): no band may fall below the limits"
                    )
                    report.error("E417", message, tier.span)


def _leaders(leaders: ast.Leaders, report: Reporter) -> None:
    cap = leaders.per_enterprise
    # An integer literal (SPEC §2.6): `2.0` and `2e0` are written as fractions.
    if cap is not None and not (isinstance(cap, int) and cap >= 1):
        message = (
            f"'per enterprise' needs a whole number of at least 1, written as one "
            f"(2, not 2.0); it is {cap}"
        )
        report.error("E418", message, leaders.per_enterprise_span or leaders.span)
    valid = leaders.valid
    if valid is not None and not valid.amount > 0:
        message = f"'valid' needs a period longer than zero; it is {valid.amount}"
        report.error("E419", message, valid.span)


__all__ = ["check_indicators", "normalised_name", "worse"]
