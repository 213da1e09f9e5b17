"""Testing: the consistency properties of SPEC §7 as functions callable from any test.

Takes a `CheckedRuleset`; gives, for each property, a `PropertyResult`: ok or
not, the property's plain-language meaning, and on failure the shrunk
counterexample as a `Dataset` plus `as_of` that `standards-rules evaluate`
reproduces. Hypothesis runs programmatically (no example database, no
deadline); the failing example is recorded inside the test body, so the last
one recorded is the one hypothesis shrank to.

A property that cannot apply to a ruleset (no exclusion rule for
`withdrawal_excludes`, no withdrawal triggers for `entry_exit`, …) passes
with `applicable=False` and a note saying why.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import hypothesis
import hypothesis.errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.load import dump_dataset
from standards_rules.records.model import Dataset
from standards_rules.testing.strategies import Scenario, scenarios


@attrs.frozen
class Failure:
    """What a property check found wrong in one scenario.

    `details` says it in plain words; `dataset` replaces the scenario's
    dataset as the counterexample when the check built a different one
    (e.g. a standard next to its improved copy); `variant` is a second
    dataset to compare with (e.g. the same records shuffled).
    """

    details: str
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
        return _json(self.dataset)

    def variant_json(self) -> str | None:
        return None if self.variant is None else _json(self.variant)


def _json(dataset: Dataset) -> str:
    return json.dumps(dump_dataset(dataset), ensure_ascii=False, indent=2) + "\n"


Check = Callable[[CheckedRuleset, Scenario, st.DataObject], Failure | None]
Applies = Callable[[ast.Ruleset], str | None]


@attrs.frozen
class Property:
    """A named consistency property: when it applies, and how one scenario is checked."""

    name: str
    explanation: str
    applies: Applies
    check: Check


@attrs.frozen
class PropertyResult:
    name: str
    ok: bool
    explanation: str
    applicable: bool = True
    note: str | None = None
    counterexample: Counterexample | None = None
    examples: int = 0

    def __bool__(self) -> bool:
        return self.ok


#: How many checks shrinking may take after the first failure (see `run_property`).
SHRINK_CALLS = 300


class _Found(AssertionError):
    """Raised inside the hypothesis test body to mark a failing scenario."""


class _ShrinkBudgetSpent(BaseException):
    """Raised inside the test body to stop hypothesis once the shrink budget is spent.

    A `BaseException` (not an `Exception`), so hypothesis does not take it for
    a failure of the property: it leaves the engine and `run_property` keeps
    the smallest counterexample found by then.
    """


@contextlib.contextmanager
def _no_local_constants() -> Iterator[None]:
    """Make hypothesis' choices depend on the seed alone while the block runs.

    Hypothesis (6.131 and later) now and then draws a constant collected from the
    source of every *local* module loaded so far. Which modules are loaded differs
    between a script, pytest and a CLI run, and grows while a run imports lazily,
    so the same seed gave other examples in each (a planted mistake was caught in
    one and missed in another). Here the pool of local constants is empty, and the
    cache built from it cleared, for the duration of the block; the values the
    strategies favour are the ruleset's thresholds anyway.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a hypothesis without providers
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    constants = getattr(providers, "Constants", None)
    if original is None or cache is None or constants is None:  # pragma: no cover
        yield
        return
    empty = constants()
    cache.cache.clear()
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()


def _size(example: Counterexample) -> tuple[int, int]:
    """How big a counterexample reads: records first, then characters of JSON."""
    ds = example.dataset
    return len(ds.enterprises) + len(ds.standards) + len(ds.titles), len(example.dataset_json())


def _settings(max_examples: int, seed: int | None, *phases: hypothesis.Phase) -> settings:
    """Hypothesis settings for a property run: no database or deadline, derandomized
    unless a seed is given, so the same inputs give the same result anywhere."""
    return settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=seed is None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        report_multiple_bugs=False,
        phases=list(phases),
    )


def run_property(
    prop: Property,
    ruleset: CheckedRuleset,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    max_standards: int = 6,
    shrink_calls: int = SHRINK_CALLS,
) -> PropertyResult:
    """Check `prop` over `max_examples` generated scenarios; shrink and return any failure.

    Without `seed` the run is derandomized (the same examples every time); with
    a seed, that seed picks them. Shrinking stops after `shrink_calls` checks
    past the first failure, keeping the smallest counterexample found by then.
    Nothing depends on the clock or on which modules are loaded, so the same
    ruleset and seed give the same `PropertyResult` anywhere (script, pytest, CLI).
    """
    reason = prop.applies(ruleset.ast)
    if reason is not None:
        return PropertyResult(
            prop.name, True, prop.explanation, applicable=False, note=f"not applicable: {reason}"
        )
    found: list[Counterexample] = []
    count = [0]
    first_failure = [-1]

    @_settings(max_examples, seed, hypothesis.Phase.generate, hypothesis.Phase.shrink)
    @given(scenarios(ruleset, max_standards=max_standards), st.data())
    def test(scenario: Scenario, data: st.DataObject) -> None:
        count[0] += 1
        if found and count[0] - first_failure[0] > shrink_calls:
            raise _ShrinkBudgetSpent
        try:
            failure = prop.check(ruleset, scenario, data)
        except Exception as exc:  # an evaluator fault is a finding too, with its example
            failure = Failure(f"evaluating raised {type(exc).__name__}: {exc}")
        if failure is not None:
            found.append(
                Counterexample(
                    failure.dataset or scenario.dataset,
                    scenario.as_of,
                    failure.details,
                    failure.variant,
                )
            )
            if first_failure[0] < 0:
                first_failure[0] = count[0]
            raise _Found(failure.details)

    runner: Callable[[], None] = test
    if seed is not None:
        runner = hypothesis.seed(seed)(test)
    try:
        with _no_local_constants():
            runner()
    except (_Found, hypothesis.errors.Flaky):
        # Hypothesis replays its shrunk example last: that is the one to report.
        return PropertyResult(
            prop.name, False, prop.explanation, counterexample=found[-1], examples=count[0]
        )
    except _ShrinkBudgetSpent:
        smallest = min(reversed(found), key=_size)
        return PropertyResult(
            prop.name, False, prop.explanation, counterexample=smallest, examples=count[0]
        )
    return PropertyResult(prop.name, True, prop.explanation, examples=count[0])


def check_property(
    name: str,
    ruleset: CheckedRuleset,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    shrink_calls: int = SHRINK_CALLS,
) -> PropertyResult:
    """Run the property called `name` (see `PROPERTY_NAMES`) on `ruleset`."""
    from standards_rules.testing.laws import PROPERTIES

    for prop in PROPERTIES:
        if prop.name == name:
            return run_property(
                prop, ruleset, max_examples=max_examples, seed=seed, shrink_calls=shrink_calls
            )
    raise KeyError(f"no property called {name!r}")


def check_all(
    ruleset: CheckedRuleset,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    names: Sequence[str] | None = None,
    shrink_calls: int = SHRINK_CALLS,
) -> tuple[PropertyResult, ...]:
    """Run every property (or those in `names`), in the order of `PROPERTY_NAMES`.

    One screening pass draws `max_examples` scenarios and checks every
    property on each, so generation is shared; only a property that failed
    there is run again on its own, to shrink its counterexample.
    """
    from standards_rules.testing.laws import PROPERTIES

    chosen = [p for p in PROPERTIES if names is None or p.name in names]
    applicable = [p for p in chosen if p.applies(ruleset.ast) is None]
    screened = _screen(applicable, ruleset, max_examples=max_examples, seed=seed)
    results = []
    for prop in chosen:
        reason = prop.applies(ruleset.ast)
        if reason is not None:
            result = PropertyResult(
                prop.name,
                True,
                prop.explanation,
                applicable=False,
                note=f"not applicable: {reason}",
            )
        elif prop.name not in screened:
            result = PropertyResult(prop.name, True, prop.explanation, examples=max_examples)
        else:
            result = run_property(
                prop, ruleset, max_examples=max_examples, seed=seed, shrink_calls=shrink_calls
            )
            if result.ok:  # not found again on its own: keep the unshrunk one
                result = attrs.evolve(result, ok=False, counterexample=screened[prop.name])
        results.append(result)
    return tuple(results)


def _screen(
    props: Sequence[Property], ruleset: CheckedRuleset, *, max_examples: int, seed: int | None
) -> dict[str, Counterexample]:
    """The properties that fail on some of `max_examples` shared scenarios, without shrinking."""
    failed: dict[str, Counterexample] = {}
    if not props or max_examples <= 0:
        return failed

    @_settings(max_examples, seed, hypothesis.Phase.generate)
    @given(scenarios(ruleset), st.data())
    def test(scenario: Scenario, data: st.DataObject) -> None:
        for prop in props:
            if prop.name in failed:
                continue
            try:
                failure = prop.check(ruleset, scenario, data)
            except Exception as exc:
                failure = Failure(f"evaluating raised {type(exc).__name__}: {exc}")
            if failure is not None:
                failed[prop.name] = Counterexample(
                    failure.dataset or scenario.dataset,
                    scenario.as_of,
                    failure.details,
                    failure.variant,
                )

    runner: Callable[[], None] = test
    if seed is not None:
        runner = hypothesis.seed(seed)(test)
    with _no_local_constants():
        runner()
    return failed


def _checker(name: str) -> Callable[..., PropertyResult]:
    def run(
        ruleset: CheckedRuleset,
        *,
        max_examples: int = 100,
        seed: int | None = None,
        shrink_calls: int = SHRINK_CALLS,
    ) -> PropertyResult:
        return check_property(
            name, ruleset, max_examples=max_examples, seed=seed, shrink_calls=shrink_calls
        )

    run.__name__ = f"check_{name}"
    run.__doc__ = f"Check the `{name}` property of `ruleset` (see `check_property`)."
    return run


check_monotone = _checker("monotone")
check_stricter_than_reference = _checker("stricter_than_reference")
check_order_independent = _checker("order_independent")
check_deterministic = _checker("deterministic")
check_withdrawal_excludes = _checker("withdrawal_excludes")
check_entry_exit = _checker("entry_exit")
check_tier_coherence = _checker("tier_coherence")
check_weights_effective = _checker("weights_effective")


def evaluate_json(ruleset: CheckedRuleset, dataset: Dataset, as_of: datetime.date) -> Any:
    """The report of `evaluate` as parsed JSON, for checks to read."""
    from standards_rules.evaluate import evaluate

    return json.loads(evaluate(ruleset, dataset, as_of=as_of).to_json())


__all__ = [
    "SHRINK_CALLS",
    "Check",
    "Counterexample",
    "Failure",
    "Property",
    "PropertyResult",
    "check_all",
    "check_deterministic",
    "check_entry_exit",
    "check_monotone",
    "check_order_independent",
    "check_property",
    "check_stricter_than_reference",
    "check_tier_coherence",
    "check_weights_effective",
    "check_withdrawal_excludes",
    "evaluate_json",
    "run_property",
]
