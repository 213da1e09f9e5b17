"""Evaluation stage 7, band lists (SPEC §4.7): eligible standards → single-indicator bands.

Takes the compiled `Program`, the eligible candidates and their groups; gives
`BandEntry`s ordered by indicator (as `bands` lists them), group, then band best
first. A standard is placed in the band of its `tier` for the indicator; one
reaching no tier, or declaring no value, is not listed. When every standard of
a group that declares the indicator declares the same value, that group has no
list for it (no list is published when all declare alike). Within a band the
standards are unordered and are given by number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from standards_rules.compile import Program
from standards_rules.compile.runtime import number
from standards_rules.compile.views import IndicatorStatic, indicator_values, tier_of
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.report import BandEntry


def band_lists(
    program: Program, pool: Sequence[Candidate], groups: Mapping[str, str]
) -> tuple[BandEntry, ...]:
    listed = program.ruleset.bands or ()
    if not listed:
        return ()
    statics = {static.id: static for static in program.statics}
    banded = [statics[band.indicator] for band in listed]
    # One pass over the pool for every band: per band, group → (number, value) in pool order.
    members_of: list[dict[str, list[tuple[str, float]]]] = [defaultdict(list) for _ in banded]
    ids = [static.id for static in banded]
    for cand in pool:
        standard = cand.standard
        values = indicator_values(standard)
        group: str | None = None
        for ident, by_group in zip(ids, members_of, strict=True):
            value = values.get(ident)
            if value.__class__ is not float or value != value:  # not a plain number, or NaN
                value = number(value)
                if value is None:
                    continue
            if group is None:
                group = groups.get(standard.number, "")
            by_group[group].append((standard.number, value))
    out: list[BandEntry] = []
    for static, by_group in zip(banded, members_of, strict=True):
        out.extend(_bands_of(static, by_group))
    return tuple(out)


def _bands_of(
    static: IndicatorStatic, by_group: Mapping[str, list[tuple[str, float]]]
) -> Iterator[BandEntry]:
    """One indicator's bands: by group, best band first."""
    tier_by_value: dict[float, str | None] = {}
    for group in sorted(by_group):
        members = by_group[group]
        first = members[0][1]
        if all(value == first for _, value in members):
            continue  # all declare alike: no list
        placed: dict[str, list[str]] = defaultdict(list)
        for standard, value in members:
            # Equal values are in one tier: declared values repeat, tiers are found once.
            try:
                tier = tier_by_value[value]
            except KeyError:
                tier = tier_by_value[value] = tier_of(static.tiers, static.lower, value)
            if tier is not None:
                placed[tier].append(standard)
        for tier in static.tiers:  # best first
            if placed.get(tier):
                yield BandEntry(static.id, group, tier, tuple(sorted(placed[tier])))


__all__ = ["band_lists"]
