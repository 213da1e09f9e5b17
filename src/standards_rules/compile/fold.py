"""Compile stage: comparisons and connectives whose operands are known when compiling.

Takes `Gen`s (generated code with what is known of its value); gives the
folded `Gen`, or None when nothing is known. A library's defines are written
for every indicator (`i.class != "core" or …`), and unrolled over a plan's
indicators most of those tests compare two constants: folded, the eligibility
loop no longer compares the same strings for every standard. Generated
expressions have no effects, so a known operand may decide without the other
being run. Traced programs (`explain`) are not folded: they record every step.
"""

from __future__ import annotations

from collections.abc import Sequence

from standards_rules.compile.inline import BOOL, UNKNOWN, Gen

# Only plain values fold: their `==` is the one the generated code would run.
_PLAIN = (str, int, float, bool, type(None))


def known_bool(value: bool) -> Gen:
    return Gen("True" if value else "False", BOOL, known=value)


def _known(gen: Gen) -> bool:
    return gen.known is not UNKNOWN and isinstance(gen.known, _PLAIN)


def folded_equality(negated: bool, left: Gen, right: Gen) -> Gen | None:
    """`left == right` (`!=` when `negated`) when both sides are known."""
    if not (_known(left) and _known(right)):
        return None
    same = bool(left.known == right.known)
    return known_bool(same != negated)


def folded_not(operand: Gen) -> Gen | None:
    return known_bool(not operand.known) if _known(operand) else None


def truth(gen: Gen) -> Gen:
    """`gen` as a bool the way `True if … else False` makes one (none is false)."""
    if _known(gen):
        return known_bool(bool(gen.known))
    return Gen(f"(True if {gen.code} else False)", BOOL)


def folded_connective(conjunction: bool, terms: Sequence[Gen]) -> Gen:
    """`t1 and t2 and …` (`or` when not `conjunction`) as a bool, known terms folded.

    A known term that decides (false for `and`, true for `or`) decides the whole;
    one that does not is left out. Only unknown terms are run, in their order.
    """
    left: list[Gen] = []
    for term in terms:
        if _known(term):
            if bool(term.known) != conjunction:
                return known_bool(not conjunction)
            continue
        left.append(term)
    if not left:
        return known_bool(conjunction)
    if len(left) == 1:
        return truth(left[0])
    joiner = " and " if conjunction else " or "
    return Gen(f"(True if {joiner.join(t.code for t in left)} else False)", BOOL)


__all__ = ["folded_connective", "folded_equality", "folded_not", "known_bool", "truth"]
