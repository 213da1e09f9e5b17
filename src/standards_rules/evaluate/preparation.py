"""Evaluation stage 0, preparation (SPEC §4.0): the dataset as the evaluation sees it.

Takes the compiled `Program` and the dataset; gives a `Prepared` view:
standards whose value (or previous value) lies outside an indicator's `range`
are rejected, in input order, with the path `standards[N].indicators.ID` (an
export's row of 技术指标 that holds the value, `技术指标!R14`);
a standard without `previous_indicators` that replaces an accepted standard
takes that standard's indicators as its previous values; and, once withdrawals
are decided, each withdrawn title's enterprise gains, for this evaluation only,
a withdrawal `{decided_on: as_of, excluded_until, reason}`, so every body that
looks at `enterprise.withdrawals` sees it. Nothing is copied unless it changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from standards_rules.compile import Program
from standards_rules.evaluate.eligibility import iter_accepted
from standards_rules.evaluate.versions import Versions
from standards_rules.records.construct import slot_replacer
from standards_rules.records.model import Dataset, Enterprise, Rejected, Standard, Withdrawal
from standards_rules.report import WithdrawalEntry

# `attrs.evolve(standard, previous_indicators=…)` for a fraction of its cost: a plan with
# version chains gives every replacing standard its predecessor's values.
_with_previous_indicators = slot_replacer(Standard, "previous_indicators")


def _shown(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


class Prepared:
    """The accepted standards after §4.0, and what preparation rejected."""

    def __init__(self, program: Program, dataset: Dataset) -> None:
        self.dataset = dataset
        self.rejected: list[Rejected] = []
        out_of_range = self._reject_out_of_range(program, dataset)
        self.out_of_range = out_of_range
        # Only standards that replace another take part in versions: one pass, no copies.
        replacing = [
            s for s in dataset.standards if s.replaces is not None and self.accepted(s.number) is s
        ]
        self.versions = Versions(self.accepted, replacing)
        self._with_previous: dict[str, Standard] = {}
        for standard in replacing:
            if standard.previous_indicators is None:
                older = self.versions.replaced(standard)
                if older is not None:
                    changed = _with_previous_indicators(standard, older.indicators)
                    self._with_previous[standard.number] = changed
        self._excluded: dict[str, Enterprise] = {}

    def accepted(self, number: str) -> Standard | None:
        """The accepted standard numbered `number` (the first of a repeated number), or None."""
        if number in self.out_of_range:
            return None
        return self.dataset.standard(number)

    def _reject_out_of_range(self, program: Program, dataset: Dataset) -> set[str]:
        bounds = [
            (ind.id, ind.range.low, ind.range.high)
            for ind in program.ruleset.indicators
            if ind.range is not None
        ]
        rejected: set[str] = set()
        if not bounds:
            return rejected
        inside = _inside
        for position, standard in enumerate(dataset.standards):
            previous = standard.previous_indicators
            if inside(standard.indicators, bounds) and (
                previous is None or inside(previous, bounds)
            ):
                continue  # the common case, decided without building a problem
            for field in ("indicators", "previous_indicators"):
                values = getattr(standard, field) or {}
                problem = _outside(values, bounds)
                if problem is None:
                    continue
                key, value, low, high = problem
                path = dataset.value_path(position, field, key)
                what = "value" if field == "indicators" else "previous value"
                error = (
                    f"{what} {_shown(value)} of '{key}' lies outside its range "
                    f"{_shown(low)} to {_shown(high)}"
                )
                self.rejected.append(Rejected(path, standard.number, error))
                rejected.add(standard.number)
                break
        return rejected

    def standard(self, number: str) -> Standard | None:
        """The prepared standard numbered `number` (previous values filled in), or None."""
        return self._with_previous.get(number) or self.accepted(number)

    def enterprise(self, enterprise: Enterprise) -> Enterprise:
        """`enterprise` with the withdrawals this evaluation decided added."""
        return self._excluded.get(enterprise.credit_code, enterprise)

    def exclude(self, withdrawals: tuple[WithdrawalEntry, ...]) -> None:
        """Make each withdrawal visible in its enterprise's `withdrawals` (SPEC §4.0)."""
        added: dict[str, list[Withdrawal]] = {}
        for entry in withdrawals:
            reason = ", ".join(entry.triggers)
            withdrawal = Withdrawal(entry.decided_on, entry.excluded_until, reason)
            added.setdefault(entry.enterprise, []).append(withdrawal)
        # One new record per enterprise, however many of its titles are withdrawn.
        for code, more in added.items():
            known = self._excluded.get(code) or self.dataset.enterprise(code)
            if known is None:
                known = Enterprise(code, "")
            self._excluded[code] = attrs.evolve(known, withdrawals=(*known.withdrawals, *more))

    def pairs(self) -> Iterator[tuple[Standard, Enterprise]]:
        """Every prepared standard with its (prepared) enterprise, sorted by number."""
        skip = self.out_of_range
        changed = self._with_previous
        excluded = self._excluded
        if not (skip or changed or excluded):
            return iter_accepted(self.dataset)  # nothing to prepare: no per-standard cost
        return self._prepared_pairs(skip, changed, excluded)

    def _prepared_pairs(
        self, skip: set[str], changed: dict[str, Standard], excluded: dict[str, Enterprise]
    ) -> Iterator[tuple[Standard, Enterprise]]:
        # iter_accepted's loop with preparation folded in: one generator, not two.
        find = self.dataset.enterprises_by_code().get
        for standard in self.dataset.by_number():
            number = standard.number
            if number in skip:
                continue
            if number in changed:
                standard = changed[number]
            code = standard.enterprise
            enterprise = excluded.get(code) or find(code) or Enterprise(code, "")
            yield standard, enterprise


def _inside(values: Mapping[str, object] | None, bounds: list[tuple[str, float, float]]) -> bool:
    """True when every bounded value of `values` is a float inside its range, or absent;
    False when `_outside` must look (a value outside, NaN, or not a float)."""
    if not values:
        return True
    get = values.get
    for key, low, high in bounds:
        value = get(key)
        if value is None:
            continue
        if type(value) is not float or not low <= value <= high:
            return False
    return True


def _outside(
    values: Mapping[str, object], bounds: list[tuple[str, float, float]]
) -> tuple[str, float, float, float] | None:
    for key, low, high in bounds:
        value = values.get(key)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and not low <= value <= high:  # type: ignore[operator]
            return key, value, low, high  # type: ignore[return-value]
    return None


__all__ = ["Prepared"]
