"""Evaluation stage 2, scoring (SPEC §4.2): eligible candidates → weighted scores and parts.

Takes the compiled `Program`, the eligible candidates and each one's group;
gives, per standard number, the unrounded score and the unweighted part score
of every weighted indicator (declaration order). Missing values score 0 for
that indicator; `minmax` leaves them out of the group's min and max.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from standards_rules import ast
from standards_rules.compact import dict_maker
from standards_rules.compile import Program
from standards_rules.compile.runtime import number
from standards_rules.compile.views import IndicatorStatic, indicator_values, tier_of
from standards_rules.evaluate.eligibility import Candidate

Scores = dict[str, tuple[float, dict[str, float]]]


def relative_part(static: IndicatorStatic, value: float | None, references: Sequence[str]) -> float:
    """`(L - v)/|L|` for lower, `(v - L)/|L|` for higher; 0 without a value or with L none or 0.

    `L` is the first of `references` (`national`, `industry` or a named reference)
    that the indicator has with a number (SPEC §2.5).
    """
    limit = static.first_limit(references)
    if value is None or limit is None or limit == 0:
        return 0.0
    gain = (limit - value) if static.lower else (value - limit)
    return float(gain / abs(limit))


def tiers_part(tier: str | None, norm: ast.TiersNormalization) -> float:
    """The points of the reached tier; `otherwise` (or 0) for no tier or an unlisted one."""
    for points in norm.points:
        if points.tier == tier:
            return float(points.points)
    return float(norm.otherwise or 0)


def _values(
    pool: Sequence[Candidate], weighted: Sequence[tuple[int, IndicatorStatic]]
) -> list[list[float | None]]:
    """Each candidate's value (a number or None) of each weighted indicator, as views hold it."""
    ids = [static.id for _, static in weighted]
    out = []
    for cand in pool:
        values = indicator_values(cand.standard)
        row = []
        for key in ids:
            value = values.get(key)
            # number(), with its common case (a float that is not NaN) inline
            row.append(value if value.__class__ is float and value == value else number(value))
        out.append(row)
    return out


def _minmax_bounds(
    pool: Sequence[Candidate],
    groups: Mapping[str, str],
    weighted: Sequence[tuple[int, IndicatorStatic]],
    values: Sequence[Sequence[float | None]],
) -> dict[tuple[str, int], tuple[float, float]]:
    seen: dict[tuple[str, int], list[float]] = defaultdict(list)
    for cand, row in zip(pool, values, strict=True):
        group = groups[cand.number]
        for (n, _), value in zip(weighted, row, strict=True):
            if value is not None:
                seen[group, n].append(value)
    return {key: (min(found), max(found)) for key, found in seen.items()}


def minmax_part(lower: bool, value: float | None, bounds: tuple[float, float] | None) -> float:
    if value is None or bounds is None:
        return 0.0
    low, high = bounds
    if high == low:
        return 1.0
    return float((high - value) / (high - low) if lower else (value - low) / (high - low))


def score_all(program: Program, pool: Sequence[Candidate], groups: Mapping[str, str]) -> Scores:
    """Every eligible candidate's (score, parts); empty without a `score` section."""
    section = program.ruleset.score
    if section is None:
        return {}
    norm = section.normalization
    weighted = [(n, s) for n, s in enumerate(program.statics) if s.weight is not None]
    if isinstance(norm, ast.RelativeNormalization):
        return _relative_scores(pool, weighted, norm.references)
    values = _values(pool, weighted)
    bounds = (
        _minmax_bounds(pool, groups, weighted, values)
        if isinstance(norm, ast.MinMaxNormalization)
        else {}
    )
    scores: Scores = {}
    make_parts = dict_maker(static.id for _, static in weighted)
    for cand, row in zip(pool, values, strict=True):
        parts: list[float] = []
        total = 0.0
        for (n, static), value in zip(weighted, row, strict=True):
            if isinstance(norm, ast.RelativeNormalization):
                part = relative_part(static, value, norm.references)
            elif isinstance(norm, ast.MinMaxNormalization):
                key = (groups[cand.number], n)
                part = minmax_part(static.lower, value, bounds.get(key))
            elif value is not None:
                part = tiers_part(tier_of(static.tiers, static.lower, value), norm)
            else:
                part = 0.0
            parts.append(part)
            total += float(static.weight or 0) * part
        scores[cand.number] = (total, make_parts(parts))
    return scores


def _relative_scores(
    pool: Sequence[Candidate],
    weighted: Sequence[tuple[int, IndicatorStatic]],
    references: Sequence[str],
) -> Scores:
    """`score_all` for `normalize relative to …`: `_values` and `relative_part` inlined,
    the same arithmetic (the national pool has hundreds of thousands of candidates)."""
    spec = [
        (
            static.id,
            static.lower,
            static.first_limit(references),
            float(static.weight or 0),
        )
        for _, static in weighted
    ]
    scores: Scores = {}
    make_parts = dict_maker(ident for ident, _, _, _ in spec)
    for cand in pool:
        standard = cand.standard
        values = indicator_values(standard)
        parts: list[float] = []
        total = 0.0
        for key, lower, limit, weight in spec:
            value = values.get(key)
            if value.__class__ is not float or value != value:  # `number()`'s rare cases
                value = number(value)
            if value is None or limit is None or limit == 0:
                part = 0.0
            else:
                part = float(((limit - value) if lower else (value - limit)) / abs(limit))
            parts.append(part)
            total += weight * part
        scores[standard.number] = (total, make_parts(parts))
    return scores


__all__ = ["Scores", "minmax_part", "relative_part", "score_all", "tiers_part"]
