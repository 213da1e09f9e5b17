"""Explanation stage, the checks a tracer saw: what decided a rule, before any wording.

Takes nothing but the tracer's observations; gives `Check` records (a value read, a
comparison, a direction-aware comparison of an indicator view) and `check_text`, which
words one for people with a `Wording`: the roles of the operands (`declared`,
`industry limit`), the comparison's name, true and false, and how an indicator is
named. `NOTATION` is the ruleset language's own wording, used for the JSON; the
renderers pass the words of their language (render/words.py) and the plan's
indicator labels. Expressions are shown as written in the plan, in either language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

READ = "value"
COMPARISON = "compare"
DIRECTED = "directional"


@attrs.frozen
class Operand:
    """One side of a direction-aware comparison: the view field's role (`value`, `previous`,
    `awarded`, `national`, `industry`, `tier`, `reference`, or "" for anything else),
    its name (the tier's or reference's; the expression's text for ""), and its value."""

    role: str
    name: str
    value: str


@attrs.frozen
class Check:
    """One observation: `bindings` are the quantifier variables in force (`i = sulfur`).

    `READ`: expression `expr` read as `value` (`truth` when it is a bool).
    `COMPARISON`: comparison `expr` with its operands shown as `value`, giving `truth`.
    `DIRECTED`: indicator `expr` compared `op` (`better_than`, …), `left` against
    `right`, giving `truth`.
    """

    bindings: tuple[str, ...]
    kind: str
    expr: str
    value: str = ""
    truth: bool | None = None
    op: str = ""
    left: Operand | None = None
    right: Operand | None = None


@attrs.frozen
class Wording:
    """How `check_text` words a check: role names (`{name}` is the tier's or reference's),
    comparison names, true and false, the separators, and an indicator's name by id."""

    roles: Mapping[str, str]
    ops: Mapping[str, str]
    true: str
    false: str
    colon: str
    comma: str
    indicator: Callable[[str], str] = str


NOTATION = Wording(
    roles={
        "value": "declared",
        "previous": "previous",
        "awarded": "awarded",
        "national": "national limit",
        "industry": "industry limit",
        "tier": "tier {name}",
        "reference": "reference {name}",
    },
    ops={},
    true="true",
    false="false",
    colon=": ",
    comma=", ",
)


def check_text(check: Check, wording: Wording = NOTATION) -> str:
    """One check as a line: `[i = sulfur] sulfur: declared 0.85, industry limit 0.8, …`."""
    prefix = "".join(f"[{b}] " for b in check.bindings)
    w = wording
    truth = "" if check.truth is None else (w.true if check.truth else w.false)
    if check.kind == READ:
        return f"{prefix}{check.expr} = {truth or check.value}"
    if check.kind == COMPARISON:
        return f"{prefix}{check.expr}{w.colon}{check.value} → {truth}"
    sides = [_operand(side, w) for side in (check.left, check.right) if side is not None]
    op = w.ops.get(check.op, check.op)
    return f"{prefix}{w.indicator(check.expr)}{w.colon}{w.comma.join([*sides, op])} → {truth}"


def _operand(operand: Operand, wording: Wording) -> str:
    if not operand.role:
        return f"{operand.name} {operand.value}"
    role = wording.roles.get(operand.role, operand.role).format(name=operand.name)
    return f"{role} {operand.value}"


__all__ = [
    "COMPARISON",
    "DIRECTED",
    "NOTATION",
    "READ",
    "Check",
    "Operand",
    "Wording",
    "check_text",
]
