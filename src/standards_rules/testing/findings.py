"""Testing: what a property check finds, and the report helpers every check shares.

The bottom of `testing/`: the property checks (`laws.py`, `laws_scoring.py`),
the solver path (`solver/`) and the runner (`properties.py`) all build on it,
and it imports none of them. A `Failure` carries the dataset that shows it and
a `witness`: the test that the failure is really there, asked again of the
report `evaluate` gives for that dataset read back from its JSON. A finding
whose witness does not hold is no finding (SPEC §7: a FAIL is always backed by
a counterexample that `evaluate` reproduces).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import attrs

from standards_rules import ast
from standards_rules.check.references import limit_of
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.load import dump_dataset, load_dataset_from_dict
from standards_rules.records.model import Dataset
from standards_rules.testing.strategies import Scenario

T = TypeVar("T")


@attrs.frozen
class Replay:
    """A counterexample evaluated afresh: the reports a witness looks at."""

    ruleset: CheckedRuleset
    dataset: Dataset
    as_of: datetime.date
    report: Any
    variant: Dataset | None = None
    variant_report: Any = None


Witness = Callable[[Replay], bool]


@attrs.frozen
class Failure:
    """What a property check found wrong, with the dataset that shows it.

    `details` says it in plain words; `dataset` is the counterexample (the
    scenario's own dataset when None); `variant` is a second dataset to
    compare with (e.g. the same records shuffled); `witness` says whether the
    evaluated counterexample still shows the failure.
    """

    details: str
    witness: Witness
    dataset: Dataset | None = None
    variant: Dataset | None = None


@attrs.frozen
class Counterexample:
    """A dataset and evaluation date on which a property fails, with what went wrong."""

    dataset: Dataset
    as_of: datetime.date
    details: str
    variant: Dataset | None = None

    def dataset_json(self) -> str:
        """The dataset as JSON in the layout `load_dataset` and `evaluate` read."""
        return dataset_json(self.dataset)

    def variant_json(self) -> str | None:
        """The changed copy of the dataset the property compares with, as JSON, if there is one."""
        return None if self.variant is None else dataset_json(self.variant)


def dataset_json(dataset: Dataset) -> str:
    return json.dumps(dump_dataset(dataset), ensure_ascii=False, indent=2) + "\n"


def _reloaded(dataset: Dataset) -> Dataset:
    return load_dataset_from_dict(json.loads(dataset_json(dataset)))


def confirmed(
    ruleset: CheckedRuleset, failure: Failure, dataset: Dataset, as_of: datetime.date
) -> Counterexample | None:
    """The counterexample when `evaluate` on the saved dataset shows the failure, else None."""
    shown = failure.dataset or dataset
    reloaded = _reloaded(shown)
    if reloaded.rejected:
        return None
    variant = None if failure.variant is None else _reloaded(failure.variant)
    replay = Replay(
        ruleset,
        reloaded,
        as_of,
        evaluate_json(ruleset, reloaded, as_of),
        variant,
        None if variant is None else evaluate_json(ruleset, variant, as_of),
    )
    if not failure.witness(replay):
        return None
    return Counterexample(shown, as_of, failure.details, failure.variant)


class Choices(Protocol):
    """The choices a check makes beside its scenario (which standard, which order)."""

    def pick(self, options: Sequence[T], label: str) -> T: ...

    def permute(self, items: Sequence[T], label: str) -> list[T]: ...


@attrs.frozen
class FirstChoices:
    """Choices without hypothesis, for the fixed probes: the first option, the reversed order."""

    def pick(self, options: Sequence[T], label: str) -> T:
        return options[0]

    def permute(self, items: Sequence[T], label: str) -> list[T]:
        return list(reversed(items))


Check = Callable[[CheckedRuleset, Scenario, Choices], Failure | None]
Applies = Callable[[ast.Ruleset], str | None]


@attrs.frozen
class Proved:
    """The property holds for every value: decided by the solver, not sampled."""


@attrs.frozen
class Refuted:
    """The solver found a counterexample, and `evaluate` reproduces it."""

    counterexample: Counterexample


@attrs.frozen
class Undecided:
    """The solver cannot decide: `reason` names the rule that makes it sample instead.

    `hints` are values (per indicator id) worth sampling: where the solver's
    over-approximation found a case it could not turn into records.
    """

    reason: str
    hints: dict[str, tuple[float, ...]] = attrs.field(factory=dict)


Decision = Proved | Refuted | Undecided
Decide = Callable[[CheckedRuleset], Decision]


@attrs.frozen
class Property:
    """A named consistency property: when it applies, how one scenario is checked, and
    (for the decidable ones) how it is decided over all values."""

    name: str
    explanation: str
    applies: Applies
    check: Check
    decide: Decide | None = None


def evaluate_json(ruleset: CheckedRuleset, dataset: Dataset, as_of: datetime.date) -> Any:
    """The report of `evaluate` as parsed JSON, for checks to read."""
    from standards_rules.evaluate import evaluate

    return json.loads(evaluate(ruleset, dataset, as_of=as_of).to_json())


def by_standard(rows: list[Any]) -> dict[str, Any]:
    return {row["standard"]: row for row in rows}


def failed_rules(report: Any, number: str) -> tuple[str, ...]:
    """The ids of the rules `number` failed in `report` (empty when absent or eligible)."""
    row = by_standard(report["eligibility"]).get(number)
    return () if row is None else tuple(f["rule"] for f in row["failed"])


def is_eligible(report: Any, number: str) -> bool:
    row = by_standard(report["eligibility"]).get(number)
    return row is not None and bool(row["eligible"])


def gain(value: float, other: float, better: ast.Better) -> float:
    """How much better `value` is than `other` in the indicator's direction."""
    return (other - value) if better is ast.Better.LOWER else (value - other)


reference_limit = limit_of


__all__ = [
    "Applies",
    "Check",
    "Choices",
    "Counterexample",
    "Decide",
    "Decision",
    "Failure",
    "FirstChoices",
    "Property",
    "Proved",
    "Refuted",
    "Replay",
    "Undecided",
    "Witness",
    "by_standard",
    "confirmed",
    "dataset_json",
    "evaluate_json",
    "failed_rules",
    "gain",
    "is_eligible",
    "reference_limit",
]
