"""Testing: one sampling run of some properties, under hypothesis, programmatically.

Takes properties, a `CheckedRuleset` and a budget of examples; checks the
fixed probes (`probes.py`), then rounds of generated scenarios: at least
`max_examples`, and more, drawn toward the missing cases, until every
threshold has been met exactly, just below and just above (`coverage.py`).
Gives, per property, the counterexamples found, each confirmed by evaluating
it again from its saved JSON (`findings.confirmed`). Hypothesis runs with no
example database and no deadline; the failing example is recorded inside the
test body, so the last one recorded is the one hypothesis shrank to. Which
properties to sample, and what their results say, is `properties`'.
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
from standards_rules.testing.coverage import Coverage
from standards_rules.testing.findings import (
    Counterexample,
    Failure,
    FirstChoices,
    Property,
    confirmed,
)
from standards_rules.testing.probes import probes
from standards_rules.testing.strategies import Scenario, scenarios
from standards_rules.testing.values import Focus

T = TypeVar("T")

#: Called after each checked example with the property name (or "screening"),
#: the examples checked so far and the floor (`max_examples`).
Progress = Callable[[str, int, int], None]

#: Extra sampling rounds, each a quarter of the floor, while threshold cases are missing.
EXTRA_ROUNDS = 4


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
class Sampling:
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


__all__ = ["EXTRA_ROUNDS", "Progress", "Sampling"]
