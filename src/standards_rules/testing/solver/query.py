"""Solver path, queries: one z3 solver per question, and its model read back as values.

Takes formulas built by `encode.Encoder`; gives a model or None (impossible),
raising `Unanswered` when z3 gives no answer in time; every unknown number is bounded
to the finite floats, so a model can be written as records. `values_of` reads a
copy's indicator values from a model as floats (None: not declared), after
`tidy` has moved every value the question leaves free to the plain best value,
so that counterexamples read simply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import z3

from standards_rules.limits import MAX_NUMBER
from standards_rules.testing.solver.terms import Copy, Num, real

#: Milliseconds z3 may take for one question before the property is sampled instead.
TIMEOUT_MS = 5000


class Unanswered(Exception):
    """z3 answered `unknown` (a timeout): the property falls back to sampling."""


_LARGEST = real(MAX_NUMBER)


def solver(*constraints: Any) -> Any:
    """A solver for `constraints`, every number in them bounded to what a float holds.

    z3's reals are exact and unbounded, the evaluator's numbers are floats and a
    dataset holds only finite ones (|x| <= MAX_NUMBER): a model past that could be
    neither written as records nor reproduced by `evaluate`.
    """
    s = z3.Solver()
    s.set("timeout", TIMEOUT_MS)
    s.add(*constraints)
    s.add(*(z3.And(v >= -_LARGEST, v <= _LARGEST) for v in _numbers_in(constraints)))
    return s


def _numbers_in(constraints: Iterable[Any]) -> list[Any]:
    """The real-valued unknowns of `constraints` (each shared subterm visited once)."""
    found: dict[int, Any] = {}
    seen: set[int] = set()
    stack = list(constraints)
    while stack:
        term = stack.pop()
        ident = term.get_id()
        if ident in seen:
            continue
        seen.add(ident)
        if z3.is_const(term) and term.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            if z3.is_real(term):
                found[ident] = term
            continue
        stack.extend(term.children())
    return list(found.values())


def model_of(s: Any) -> Any:
    """The model of `s`, or None when its constraints cannot all hold."""
    verdict = s.check()
    if verdict == z3.unsat:
        return None
    if verdict != z3.sat:
        raise Unanswered(str(s.reason_unknown()))
    return s.model()


def tidy(s: Any, preferences: Iterable[Any]) -> Any:
    """The model of `s` after adding each preference that keeps it satisfiable, in order."""
    for preference in preferences:
        s.push()
        s.add(preference)
        if s.check() == z3.sat:
            continue
        s.pop()
    return model_of(s)


def prefer(num: Num, value: float | None) -> Any:
    """The preference that `num` be `value` (None: not declared)."""
    if value is None:
        return z3.Not(num.defined)
    return z3.And(num.defined, num.value == real(value))


def number_of(model: Any, term: Any) -> float:
    found = model.eval(term, model_completion=True)
    if z3.is_rational_value(found):
        return float(Fraction(found.as_fraction()))
    return float(Fraction(found.approx(20).as_fraction()))


def num_of(model: Any, num: Num) -> float | None:
    if not z3.is_true(model.eval(num.defined, model_completion=True)):
        return None
    return number_of(model, num.value)


def values_of(model: Any, copy: Copy, field: str = "value") -> dict[str, float | None]:
    """The copy's `field` values in `model`, per indicator id (None: not declared)."""
    return {
        indicator_id: num_of(model, num)
        for (name, indicator_id), num in copy.fields.items()
        if name == field
    }


def declared(values: Mapping[str, float | None]) -> dict[str, float] | None:
    """The declared ones of `values`, or None when none is (no previous version)."""
    found = {k: v for k, v in values.items() if v is not None}
    return found or None


__all__ = [
    "TIMEOUT_MS",
    "Unanswered",
    "declared",
    "model_of",
    "num_of",
    "prefer",
    "solver",
    "tidy",
    "values_of",
]
