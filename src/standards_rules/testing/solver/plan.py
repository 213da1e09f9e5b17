"""Solver path, the plan a decider questions: one ruleset's encoder and formulas.

Takes a `CheckedRuleset`; gives a `Plan`: its eligibility and part-score
formulas for a copy of a standard's values, the preferences that make a model
plain, the records a model shows, and what it found that plain records cannot
show (so sampling aims there). `Fallback` is raised where a rule lies outside
the fragment.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import z3

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset
from standards_rules.testing.analysis import inlined, thresholds
from standards_rules.testing.findings import Decision, Proved, Undecided
from standards_rules.testing.probes import as_of_of, best_values, plain_dataset
from standards_rules.testing.solver.encode import Copy, Encoder, Num, OutsideFragment
from standards_rules.testing.solver.query import declared, prefer, tidy, values_of


class Fallback(Exception):
    """A question lies outside the fragment the solver decides: `reason` names the rule."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.define
class Plan:
    """One ruleset's encoder, with the eligibility and part-score formulas of a copy."""

    ruleset: CheckedRuleset
    tree: ast.Ruleset  # defines written out
    encoder: Encoder
    as_of: datetime.date
    hints: dict[str, list[float]] = attrs.field(factory=dict)
    unshown: list[str] = attrs.field(factory=list)

    @classmethod
    def of(cls, ruleset: CheckedRuleset) -> Plan:
        tree = inlined(ruleset.ast)
        return cls(ruleset, tree, Encoder(tree), as_of_of(tree))

    def body(self, rule: ast.Rule, copy: Copy, word: str = "rule") -> Any:
        try:
            return self.encoder.body(rule.body, copy)
        except OutsideFragment as exc:
            raise Fallback(f"{word} {rule.id} {exc.reason}") from None

    def rules(self, copy: Copy) -> Any:
        """Every eligibility rule holds for `copy`."""
        return z3.And(*[self.body(rule, copy) for rule in self.tree.eligible or ()])

    def accepted(self, copy: Copy) -> Any:
        """`copy`'s values lie in their indicators' `range`s (else it is rejected, §4.0)."""
        inside = []
        for indicator in self.tree.indicators:
            bounds = indicator.range
            if bounds is None:
                continue
            for field in ("value", "previous"):
                num = copy.get(field, indicator.id)
                low, high = Num.of(bounds.low).value, Num.of(bounds.high).value
                inside.append(z3.Implies(num.defined, z3.And(low <= num.value, num.value <= high)))
        return z3.And(*inside)

    def eligible(self, copy: Copy) -> Any:
        """`copy` is accepted and passes every eligibility rule."""
        return z3.And(self.accepted(copy), self.rules(copy))

    def part(self, indicator: ast.Indicator, copy: Copy) -> Any | None:
        """The part score of `indicator` for `copy` under relative or tiers normalisation."""
        norm = self.tree.score.normalization if self.tree.score is not None else None
        value = copy.get("value", indicator.id)
        if isinstance(norm, ast.RelativeNormalization):
            limit = relative_limit(indicator, norm)
            if limit is None or limit == 0:
                return z3.RealVal(0)
            reference = Num.of(limit).value
            gain = (
                reference - value.value
                if indicator.better is ast.Better.LOWER
                else (value.value - reference)
            )
            return z3.If(value.defined, gain / abs(limit), 0)
        if isinstance(norm, ast.TiersNormalization):
            points = {p.tier: p.points for p in norm.points}
            otherwise = norm.otherwise or 0
            part: Any = Num.of(otherwise).value
            for tier in reversed(indicator.tiers):
                reached = self.encoder.tier_is(indicator, value, tier.name)
                part = z3.If(reached, Num.of(points.get(tier.name, otherwise)).value, part)
            return z3.If(value.defined, part, 0)
        return None

    def preferences(self, copies: Sequence[Copy], keep: Iterable[str] = ()) -> Iterator[Any]:
        """Plain values for everything a question leaves free: best values, no previous,
        and no negative value where no threshold is negative."""
        kept = set(keep)
        best = best_values(self.tree)
        for copy in copies:
            for (_, indicator_id), num in copy.fields.items():
                if all(t >= 0 for t in thresholds(self.tree, indicator_id)):
                    yield z3.Implies(num.defined, num.value >= 0)
        for copy in copies:
            for (field, indicator_id), num in copy.fields.items():
                if field != "value":
                    yield prefer(num, None)
                elif indicator_id not in kept:
                    yield prefer(num, best[indicator_id])

    def shown(
        self, s: Any, copies: Sequence[Copy], keep: Iterable[str] = ()
    ) -> tuple[Any, Dataset]:
        """The tidied model of solver `s` and the plain records of its `copies`."""
        model = tidy(s, self.preferences(copies, keep))
        return model, self.dataset(model, copies)

    def dataset(self, model: Any, copies: Sequence[Copy]) -> Dataset:
        rows = [(values_of(model, c), declared(values_of(model, c, "previous"))) for c in copies]
        return plain_dataset(self.tree, self.as_of, rows)

    def unshowable(self, what: str, values: Mapping[str, Iterable[float | None]]) -> None:
        """Note a case the solver found that plain records do not show: sample near it."""
        self.unshown.append(what)
        for indicator_id, found in values.items():
            self.hints.setdefault(indicator_id, []).extend(v for v in found if v is not None)

    def outcome(self) -> Decision:
        if not self.unshown:
            return Proved()
        reason = f"the solver's case for {self.unshown[0]} needs records beyond indicator values"
        return Undecided(reason, {k: tuple(dict.fromkeys(v)) for k, v in self.hints.items()})


def relative_limit(indicator: ast.Indicator, norm: ast.RelativeNormalization) -> float | None:
    """`L` of SPEC §4.2: the first of the listed references the indicator has a number for."""
    limits = (indicator.reference(r) for r in norm.references)
    return next((limit for limit in limits if limit is not None), None)
