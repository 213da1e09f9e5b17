"""Testing: the consistency properties of SPEC §7 as functions callable from any test.

Takes a `CheckedRuleset`; gives, for each property, a `PropertyResult`: ok or
not, the property's plain-language meaning, how it was settled (proved by the
solver over all values, or tested on how many examples, and why it was
sampled), and on failure the shrunk counterexample as a `Dataset` plus `as_of`
that `standards-rules evaluate` reproduces.

A property with a solver path (`Property.decide`) is decided first; sampling
(`sampling.py`: the fixed probes, then generated scenarios until every
threshold has been met exactly, just below and just above) runs only where
the solver cannot decide. Every failure is evaluated again from its saved
JSON and kept only when `evaluate` shows it (`findings.confirmed`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from standards_rules.frontend import CheckedRuleset
from standards_rules.testing.catalogue import PROPERTIES
from standards_rules.testing.findings import Counterexample, Property, Proved, Refuted, Undecided
from standards_rules.testing.sampling import EXTRA_ROUNDS, Progress, Sampling

#: How many checks shrinking may take after the first failure (see `run_property`).
SHRINK_CALLS = 300


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
    sampling = Sampling(
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
    screening = Sampling(sampled, ruleset, max_examples, seed, focus=focus, progress=progress)
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
