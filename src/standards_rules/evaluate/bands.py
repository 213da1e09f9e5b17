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
from collections.abc import Mapping, Sequence

from standards_rules.compile import Program
from standards_rules.compile.runtime import number
from standards_rules.compile.views import indicator_values, tier_of
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.report import BandEntry


def band_lists(
    program: Program, pool: Sequence[Candidate], groups: Mapping[str, str]
) -> tuple[BandEntry, ...]:
    listed = program.ruleset.bands or ()
    statics = {static.id: static for static in program.statics}
    out: list[BandEntry] = []
    for band in listed:
        static = statics[band.indicator]
        tier_by_value: dict[float, str | None] = {}
        by_group: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for cand in pool:
            value = number(indicator_values(cand.standard).get(static.id))
            if value is not None:
                by_group[groups.get(cand.number, "")].append((cand.number, value))
        for group in sorted(by_group):
            members = by_group[group]
            if len({value for _, value in members}) <= 1:
                continue
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
                    out.append(BandEntry(static.id, group, tier, tuple(sorted(placed[tier]))))
    return tuple(out)


__all__ = ["band_lists"]
