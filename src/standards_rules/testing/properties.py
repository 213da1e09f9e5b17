"""Testing: the consistency properties of SPEC §7 as functions callable from any test.

Takes a `CheckedRuleset`; gives, for each property, a `PropertyResult`: ok or
not, the property's plain-language meaning, how it was settled (proved by the
solver over all values, or tested on how many examples, and why it was
sampled), and on failure the shrunk counterexample as a `Dataset` plus `as_of`
that `standards-rules evaluate` reproduces.

A property with a solver path (`Property.decide`) is decided first; sampling
runs only where the solver cannot decide. Sampling checks the fixed probes
(`probes.py`), then generated scenarios: at least `max_examples`, and more,
drawn toward the missing cases, until every threshold has been met exactly,
just below and just above (`coverage.py`). Every failure is evaluated again
from its saved JSON and kept only when `evaluate` shows it (`findings.confirmed`).
Hypothesis runs programmatically (no example database, no deadline); the
failing example is recorded inside the test body, so the last one recorded is
the one hypothesis shrank to.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs
import hypothesis
import hypothesis.errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standards_rules.frontend import CheckedRuleset
from standards_rules.testing.catalogue import PROPERTIES
from standards_rules.testing.coverage import Coverage
from standards_rules.testing.findings import (
    Counterexample,
    Failure,
    FirstChoices,
    Property,
    Proved,
    Refuted,
    Undecided,
    confirmed,
)
from standards_rules.testing.probes import probes
from standards_rules.testing.strategies import Scenario, scenarios
from standards_rules.testing.values import Focus

T = TypeVar("T")

#: Called after each checked example with the property name (or "screening"),
#: the examples checked so far and the floor (`max_examples`).
Progress = Callable[[str, int, int], None]

#: How many checks shrinking may take after the first failure (see `run_property`).
SHRINK_CALLS = 300
#: Extra sampling rounds, each a quarter of the floor, while threshold cases are missing.
EXTRA_ROUNDS = 4


@attrs.frozen
class PropertyResult:
    """How one property came out: `note` says proved, tested (how much, and why sampled),
    or not applicable (why)."""

    name: str
    ok: bool
    explanation: str
    applicable: bool = True
    note: str | None = None
    counterexample: Counterexample | None = None
    examples: int = 0
    proved: bool = False

    def __bool__(self) -> bool:
        return self.ok


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


@attrs.frozen
class _DrawnChoices:
    """Choices drawn by hypothesis, so that they shrink with the scenario."""

    data: st.DataObject

    def pick(self, options: Sequence[T], label: str) -> T:
        return self.data.draw(st.sampled_from(options), label=label)

    def permute(self, items: Sequence[T], label: str) -> list[T]:
        return list(self.data.draw(st.permutations(items), label=label))


def _check(
    prop: Property, ruleset: CheckedRuleset, scenario: Scenario, choices: Any
) -> Counterexample | None:
    """The confirmed counterexample `prop` finds in `scenario`, if any."""
    try:
        failure = prop.check(ruleset, scenario, choices)
    except Exception as exc:  # an evaluator fault is a finding too, with its example
        failure = Failure(f"evaluating raised {type(exc).__name__}: {exc}", _raises)
    if failure is None:
        return None
    try:
        return confirmed(ruleset, failure, scenario.dataset, scenario.as_of)
    except Exception:
        if failure.witness is _raises:
            return Counterexample(scenario.dataset, scenario.as_of, failure.details)
        raise


def _raises(replay: object) -> bool:
    # Reached only when the saved dataset evaluates without the fault: not reproduced.
    return False


@attrs.define
class _Sampling:
    """One sampling run over some properties: probes, then rounds of generated scenarios."""

    props: Sequence[Property]
    ruleset: CheckedRuleset
    max_examples: int
    seed: int | None
    max_standards: int = 6
    focus: Focus = attrs.field(factory=dict)
    progress: Progress | None = None
    label: str = "screening"
    shrink_calls: int | None = None  # None: screen only, stop at nothing
    found: dict[str, list[Counterexample]] = attrs.field(factory=dict)
    examples: int = 0

    def run(self) -> None:
        tree = self.ruleset.ast
        for scenario in probes(tree):
            self._one(scenario, FirstChoices())
            if self._done():
                return
        coverage = Coverage.of(tree)
        focus = dict(self.focus)
        budget = self.max_examples
        for round_ in range(EXTRA_ROUNDS + 1):
            if round_ and not coverage.missing:
                break
            if round_:
                focus = {**self.focus, **coverage.focus()}
                budget = max(self.max_examples // 4, 10)
            self._round(budget, round_, focus, coverage)
            if self._done():
                return

    def _done(self) -> bool:
        return self.shrink_calls is not None and bool(self.found)

    def _one(self, scenario: Scenario, choices: Any) -> None:
        self.examples += 1
        for prop in self.props:
            if prop.name in self.found and self.shrink_calls is None:
                continue
            example = _check(prop, self.ruleset, scenario, choices)
            if example is not None:
                self.found.setdefault(prop.name, []).append(example)
        if self.progress is not None:
            self.progress(self.label, self.examples, self.max_examples)

    def _round(self, budget: int, round_: int, focus: Focus, coverage: Coverage) -> None:
        shrinking = self.shrink_calls is not None
        phases = (hypothesis.Phase.generate,) + ((hypothesis.Phase.shrink,) if shrinking else ())
        first_failure = [-1]
        calls = [0]
        strategy = scenarios(self.ruleset, max_standards=self.max_standards, focus=focus or None)

        @_settings(budget, self.seed, *phases)
        @given(strategy, st.data())
        def test(scenario: Scenario, data: st.DataObject) -> None:
            calls[0] += 1
            if shrinking and first_failure[0] >= 0:
                assert self.shrink_calls is not None
                if calls[0] - first_failure[0] > self.shrink_calls:
                    raise _ShrinkBudgetSpent
            else:
                coverage.observe(scenario)
            before = sum(map(len, self.found.values()))
            self._one(scenario, _DrawnChoices(data))
            if shrinking and sum(map(len, self.found.values())) > before:
                if first_failure[0] < 0:
                    first_failure[0] = calls[0]
                raise _Found

        runner: Callable[[], None] = test
        if self.seed is not None:
            runner = hypothesis.seed(self.seed * 1009 + round_)(test)
        elif round_:
            runner = hypothesis.seed(round_)(test)
        with _no_local_constants(), contextlib.suppress(_Found, hypothesis.errors.Flaky):
            try:
                runner()
            except _ShrinkBudgetSpent:
                for name, examples in self.found.items():
                    # The smallest found so far stands in for hypothesis' own shrunk one.
                    self.found[name] = [*examples, min(reversed(examples), key=_size)]


def _not_applicable(prop: Property, reason: str) -> PropertyResult:
    return PropertyResult(
        prop.name, True, prop.explanation, applicable=False, note=f"not applicable: {reason}"
    )


def _tested(prop: Property, examples: int, reason: str | None) -> PropertyResult:
    note = f"tested: {examples} examples"
    if reason:
        note += f"; sampled because {reason}"
    return PropertyResult(prop.name, True, prop.explanation, note=note, examples=examples)


def _decided(prop: Property, ruleset: CheckedRuleset) -> PropertyResult | Undecided:
    """The result where the solver decides `prop`, else why it cannot."""
    if prop.decide is None:
        return Undecided("")
    decision = prop.decide(ruleset)
    if isinstance(decision, Proved):
        return PropertyResult(prop.name, True, prop.explanation, note="proved", proved=True)
    if isinstance(decision, Refuted):
        return PropertyResult(
            prop.name, False, prop.explanation, counterexample=decision.counterexample
        )
    return decision


def run_property(
    prop: Property,
    ruleset: CheckedRuleset,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    max_standards: int = 6,
    shrink_calls: int = SHRINK_CALLS,
    progress: Progress | None = None,
    decide: bool = True,
) -> PropertyResult:
    """Decide `prop`, or check it on at least `max_examples` scenarios; shrink any failure.

    Without `seed` the run is derandomized (the same examples every time); with
    a seed, that seed picks them. Shrinking stops after `shrink_calls` checks
    past the first failure, keeping the smallest counterexample found by then.
    Nothing depends on the clock or on which modules are loaded, so the same
    ruleset and seed give the same `PropertyResult` anywhere (script, pytest, CLI).
    `decide=False` skips the solver path and samples.
    """
    reason = prop.applies(ruleset.ast)
    if reason is not None:
        return _not_applicable(prop, reason)
    undecided = Undecided("")
    if decide:
        decided = _decided(prop, ruleset)
        if isinstance(decided, PropertyResult):
            return decided
        undecided = decided
    sampling = _Sampling(
        [prop],
        ruleset,
        max_examples,
        seed,
        max_standards,
        focus=undecided.hints,
        progress=progress,
        label=prop.name,
        shrink_calls=shrink_calls,
    )
    sampling.run()
    found = sampling.found.get(prop.name)
    if found:
        return PropertyResult(
            prop.name, False, prop.explanation, counterexample=found[-1], examples=sampling.examples
        )
    return _tested(prop, sampling.examples, undecided.reason)


def check_property(
    name: str,
    ruleset: CheckedRuleset,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    shrink_calls: int = SHRINK_CALLS,
) -> PropertyResult:
    """Run the property called `name` (see `PROPERTY_NAMES`) on `ruleset`."""
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
    progress: Progress | None = None,
) -> tuple[PropertyResult, ...]:
    """Run every property (or those in `names`), in the order of `PROPERTY_NAMES`.

    The solver decides what it can; one screening run then samples every
    other property on shared scenarios, so generation is shared; only a
    property that failed there is run again on its own, to shrink its
    counterexample.
    """
    chosen = [p for p in PROPERTIES if names is None or p.name in names]
    settled: dict[str, PropertyResult] = {}
    reasons: dict[str, str] = {}
    focus: dict[str, tuple[float, ...]] = {}
    for prop in chosen:
        reason = prop.applies(ruleset.ast)
        if reason is not None:
            settled[prop.name] = _not_applicable(prop, reason)
            continue
        decided = _decided(prop, ruleset)
        if isinstance(decided, PropertyResult):
            settled[prop.name] = decided
        else:
            reasons[prop.name] = decided.reason
            for key, values in decided.hints.items():
                focus[key] = tuple(dict.fromkeys((*focus.get(key, ()), *values)))
    sampled = [p for p in chosen if p.name not in settled]
    screening = _Sampling(sampled, ruleset, max_examples, seed, focus=focus, progress=progress)
    if sampled and max_examples > 0:
        screening.run()
    results = []
    for prop in chosen:
        if prop.name in settled:
            results.append(settled[prop.name])
        elif prop.name not in screening.found:
            results.append(_tested(prop, screening.examples, reasons[prop.name]))
        else:
            result = run_property(
                prop,
                ruleset,
                max_examples=max_examples,
                seed=seed,
                shrink_calls=shrink_calls,
                progress=progress,
                decide=False,
            )
            if result.ok:  # not found again on its own: keep the unshrunk one
                result = attrs.evolve(
                    result, ok=False, note=None, counterexample=screening.found[prop.name][0]
                )
            results.append(result)
    return tuple(results)


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

__all__ = [
    "EXTRA_ROUNDS",
    "SHRINK_CALLS",
    "Counterexample",
    "Progress",
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
    "run_property",
]
