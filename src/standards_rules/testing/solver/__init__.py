"""Solver path: the decidable fragment of a ruleset (SPEC §7) encoded for z3 and decided.

Takes a `CheckedRuleset`; gives a `findings.Decision` for each decidable
property. z3 is imported only when a decision is asked for (`verify` and the
property functions), never by `check`, `evaluate` or the strategies:
`encode.py` (rule bodies → formulas), `query.py` (solving, reading models),
`decide.py` (the questions each property asks, and their models shown as
records and confirmed by `evaluate`).
"""

from __future__ import annotations

from standards_rules.frontend import CheckedRuleset
from standards_rules.testing.findings import Decision


def decide_monotone(ruleset: CheckedRuleset) -> Decision:
    from standards_rules.testing.solver import decide

    return decide.decide_monotone(ruleset)


def decide_stricter(ruleset: CheckedRuleset) -> Decision:
    from standards_rules.testing.solver import decide

    return decide.decide_stricter(ruleset)


def decide_tier_coherence(ruleset: CheckedRuleset) -> Decision:
    from standards_rules.testing.solver import decide

    return decide.decide_tier_coherence(ruleset)


def decide_weights(ruleset: CheckedRuleset) -> Decision:
    from standards_rules.testing.solver import decide

    return decide.decide_weights(ruleset)


def decide_entry_exit(ruleset: CheckedRuleset) -> Decision:
    from standards_rules.testing.solver import decide

    return decide.decide_entry_exit(ruleset)


__all__ = [
    "decide_entry_exit",
    "decide_monotone",
    "decide_stricter",
    "decide_tier_coherence",
    "decide_weights",
]
