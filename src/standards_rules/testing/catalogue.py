"""Testing: the consistency properties of SPEC §7, each with its checks, in output order.

Takes nothing; gives `PROPERTIES`, each naming when it applies, its sampled
check (`laws.py`, `laws_scoring.py`) and, for the decidable ones, its solver
path (`solver/`, which loads z3 only when a property is decided).
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.testing import laws, laws_scoring, solver
from standards_rules.testing.findings import Property


def _always(tree: ast.Ruleset) -> str | None:
    return None


PROPERTIES: tuple[Property, ...] = (
    Property(
        "monotone",
        "Improving one indicator of a standard in its better direction, all else equal, never "
        "turns it from eligible to ineligible, and never lowers its score under relative or "
        "tiers normalisation.",
        _always,
        laws.monotone_law,
        solver.decide_monotone,
    ),
    Property(
        "stricter_than_reference",
        "Where an eligible rule compares an indicator with its national or industry limit, no "
        "standard at or worse than that limit is eligible (the programme ranks standards "
        "stricter than the reference).",
        laws.reference_applies,
        laws.stricter_law,
        solver.decide_stricter,
    ),
    Property(
        "order_independent",
        "Shuffling the input records changes no byte of the report (except `rejected`).",
        _always,
        laws.order_law,
    ),
    Property(
        "deterministic",
        "Evaluating the same ruleset and records twice gives byte-identical JSON.",
        _always,
        laws.deterministic_law,
    ),
    Property(
        "withdrawal_excludes",
        "A standard whose enterprise is excluded (a withdrawal with excluded_until after as_of) "
        "is never eligible, and so never ranked, when the ruleset has an exclusion rule.",
        laws.excludes_applies,
        laws.excluded_law,
    ),
    Property(
        "entry_exit",
        "No standard passes every eligibility rule while a withdrawal trigger fires for it; "
        "otherwise a title could be withdrawn and won again in the same evaluation.",
        laws.entry_exit_applies,
        laws.entry_exit_law,
        solver.decide_entry_exit,
    ),
    Property(
        "tier_coherence",
        "No value that reaches a tier fails a rule comparing the same indicator with its "
        "national or industry limit.",
        laws_scoring.tiers_applies,
        laws_scoring.tiers_law,
        solver.decide_tier_coherence,
    ),
    Property(
        "weights_effective",
        "Every weighted indicator can change the score: two ranked standards that differ only "
        "in that indicator can get different part scores for it.",
        laws_scoring.weights_applies,
        laws_scoring.weights_law,
        solver.decide_weights,
    ),
)

PROPERTY_NAMES: tuple[str, ...] = tuple(p.name for p in PROPERTIES)

__all__ = ["PROPERTIES", "PROPERTY_NAMES"]
