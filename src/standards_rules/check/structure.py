"""Checker stage, structure: the sections of a ruleset and how they fit together (SPEC §2.2, §4).

Takes a `Ruleset`; reports missing sections (E406, E407, E410), duplicate ids
(E207), indicators without a direction (E409), weights (E401, E402), relative
normalisation without the limit (E403), tiers out of order (E404), unknown tiers
in `normalize tiers` (E205) and
unknown ids in example `because` lists (E206).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from standards_rules import ast
from standards_rules.check.report import Reporter
from standards_rules.check.suggest import did_you_mean
from standards_rules.source import Span

WEIGHT_TOLERANCE = 1e-9


def check_structure(ruleset: ast.Ruleset, report: Reporter) -> None:
    _required(ruleset, report)
    _duplicates(ruleset, report)
    for indicator in ruleset.indicators:
        _indicator(indicator, report)
    _weights(ruleset, report)
    if ruleset.score is not None:
        _normalization(ruleset, ruleset.score.normalization, report)
    _examples(ruleset, report)


def _section_span(ruleset: ast.Ruleset, name: str) -> Span:
    return next((span for kind, span in ruleset.section_spans if kind == name), ruleset.id_span)


def _required(ruleset: ast.Ruleset, report: Reporter) -> None:
    missing = []
    if ruleset.subject is None:
        missing.append("'subject product' or 'subject service'")
    if not ruleset.indicators:
        missing.append("at least one 'indicator'")
    if ruleset.eligible is None:
        missing.append("an 'eligible { … }' section")
    for what in missing:
        report.error("E406", f"ruleset '{ruleset.id}' needs {what}", ruleset.id_span)
    if ruleset.score is None:
        for name in ("rank by", "group by", "leaders"):
            if any(kind == name for kind, _ in ruleset.section_spans):
                message = f"'{name}' needs a 'score' section: without a score nothing is ranked"
                report.error("E407", message, _section_span(ruleset, name))
    if ruleset.leaders is not None and ruleset.leaders.top is None:
        message = "the leaders section needs 'top N' (how many leaders per group)"
        report.error("E410", message, ruleset.leaders.span)


def _unique(
    what: str, items: Iterable[tuple[str, Span]], report: Reporter, owner: str = ""
) -> None:
    seen: dict[str, Span] = {}
    for name, span in items:
        if name in seen:
            first = seen[name]
            message = f"{what} '{name}'{owner} is already defined on line {first.line}"
            report.error("E207", message, span)
        else:
            seen[name] = span


def _duplicates(ruleset: ast.Ruleset, report: Reporter) -> None:
    _unique("indicator", ((i.id, i.id_span) for i in ruleset.indicators), report)
    for indicator in ruleset.indicators:
        tiers = ((t.name, t.span) for t in indicator.tiers)
        _unique("tier", tiers, report, owner=f" of indicator '{indicator.id}'")
    _unique("rule", ((r.id, r.id_span) for r in ruleset.eligible or ()), report)
    if ruleset.leaders is not None:
        _unique("require", ((r.id, r.id_span) for r in ruleset.leaders.requires), report)
    if ruleset.withdraw is not None:
        _unique("trigger", ((r.id, r.id_span) for r in ruleset.withdraw.triggers), report)
    _unique("example", ((e.name, e.span) for e in ruleset.examples), report)
    if ruleset.score is not None and isinstance(
        ruleset.score.normalization, ast.TiersNormalization
    ):
        points = ruleset.score.normalization.points
        _unique("tier points for", ((p.tier, p.span) for p in points), report)


def _indicator(indicator: ast.Indicator, report: Reporter) -> None:
    if indicator.better is None:
        message = f"indicator '{indicator.id}' needs 'better lower' or 'better higher'"
        report.error("E409", message, indicator.id_span)
        return
    lower = indicator.better is ast.Better.LOWER
    for previous, tier in zip(indicator.tiers, indicator.tiers[1:], strict=False):
        in_order = (
            tier.threshold > previous.threshold if lower else tier.threshold < previous.threshold
        )
        if not in_order:
            relation = "above" if lower else "below"
            message = (
                f"tiers are listed best first: with 'better {indicator.better.value}' tier "
                f"'{tier.name}' ({tier.threshold}) must be {relation} tier "
                f"'{previous.name}' ({previous.threshold})"
            )
            report.error("E404", message, tier.span)


def _weights(ruleset: ast.Ruleset, report: Reporter) -> None:
    weighted = [i for i in ruleset.indicators if i.weight is not None]
    for indicator in weighted:
        assert indicator.weight is not None
        if not indicator.weight > 0:
            message = (
                f"the weight of indicator '{indicator.id}' must be positive; "
                f"it is {indicator.weight}"
            )
            report.error("E401", message, indicator.weight_span or indicator.id_span)
    if ruleset.score is None:
        return
    if not weighted:
        message = "the score needs at least one indicator with a 'weight'"
        report.error("E402", message, ruleset.score.span)
        return
    total = math.fsum(float(i.weight or 0) for i in weighted)
    if abs(total - 1) > WEIGHT_TOLERANCE:
        parts = " + ".join(f"{i.weight} ({i.id})" for i in weighted)
        message = f"the weights must sum to 1; they sum to {total:.12g}: {parts}"
        report.error("E402", message, ruleset.score.span)


def _normalization(
    ruleset: ast.Ruleset, normalization: ast.Normalization, report: Reporter
) -> None:
    weighted = [i for i in ruleset.indicators if i.weight is not None]
    if isinstance(normalization, ast.RelativeNormalization):
        _relative(ruleset, normalization, weighted, report)
    elif isinstance(normalization, ast.TiersNormalization):
        tiers = {tier.name for i in weighted for tier in i.tiers}
        for points in normalization.points:
            if points.tier not in tiers:
                message = f"no weighted indicator has a tier '{points.tier}'" + did_you_mean(
                    points.tier, tiers
                )
                report.error("E205", message, points.span)


def _relative(
    ruleset: ast.Ruleset,
    normalization: ast.RelativeNormalization,
    weighted: list[ast.Indicator],
    report: Reporter,
) -> None:
    declared = {r.name for i in ruleset.indicators for r in i.references}
    known = [name for name in normalization.references if name in declared or _is_limit(name)]
    spans = normalization.reference_spans or tuple(normalization.span for _ in known)
    for name, span in zip(normalization.references, spans, strict=False):
        if name not in known:
            hint = did_you_mean(name, ["national", "industry", *sorted(declared)])
            message = f"unknown reference '{name}': no indicator declares 'reference {name} …'"
            report.error("E210", message + hint, span)
    if not known:
        return
    listed = " or ".join(known)
    for indicator in weighted:
        if any(indicator.reference(name) is not None for name in known):
            continue
        single = known[0] if len(known) == 1 else None
        limit = indicator.national if single == "national" else None
        limit = indicator.industry if single == "industry" else limit
        state = "has 'none' as its" if limit is not None else "has no"
        message = (
            f"indicator '{indicator.id}' {state} {listed} limit, but the score is "
            f"normalised relative to {listed} (line {normalization.span.line})"
        )
        report.error("E403", message, limit.span if limit is not None else indicator.id_span)


def _is_limit(name: str) -> bool:
    return name in ("national", "industry")


def _examples(ruleset: ast.Ruleset, report: Reporter) -> None:
    # A standard of the other subject fails the pseudo-rule "subject" (SPEC §4.1).
    rules = [r.id for r in ruleset.eligible or ()] + ["subject"]
    triggers = [r.id for r in ruleset.withdraw.triggers] if ruleset.withdraw else []
    for example in ruleset.examples:
        for expect in example.expectations:
            if expect.kind is ast.ExpectKind.INELIGIBLE:
                known, what = rules, "an eligible rule"
            elif expect.kind is ast.ExpectKind.WITHDRAWN:
                known, what = triggers, "a withdraw trigger"
            else:
                continue
            spans = expect.because_spans or tuple(expect.span for _ in expect.because)
            for name, span in zip(expect.because, spans, strict=False):
                if name not in known:
                    message = f"'{name}' is not {what} id" + did_you_mean(name, known)
                    report.error("E206", message, span)


__all__ = ["WEIGHT_TOLERANCE", "check_structure"]
