"""Checker stage, defines: signatures, names and cycles of `define`s (SPEC §2.4).

Takes every define in scope (the used libraries' first, then the ruleset's own);
gives a `DefineTable` of `Signature`s the type inference uses at each use, and
reports a define taking a name already taken (E212, naming both places), a
parameter of an unknown type (E215), a parameter hiding a name (E209), two
parameters of one name (E207) and defines that use each other in a cycle (E213).
The body types themselves are inferred once, by `infer.Inference`, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from standards_rules import ast
from standards_rules.check import schema
from standards_rules.check import types as t
from standards_rules.check.builtins import BUILTINS
from standards_rules.check.report import Reporter
from standards_rules.check.scope import RESERVED_NAMES
from standards_rules.check.suggest import did_you_mean

PARAMETER_TYPES: dict[str, t.Type] = {
    "number": t.NUMBER,
    "string": t.STRING,
    "bool": t.BOOL,
    "date": t.DATE,
    "duration": t.DURATION,
    "standard": schema.STANDARD,
    "enterprise": schema.ENTERPRISE,
    "event": schema.record_type("event"),
    "withdrawal": schema.record_type("withdrawal"),
    "product": schema.record_type("product"),
    "service": schema.record_type("service"),
    "conformity_report": schema.record_type("conformity_report"),
    "title": schema.TITLE,
    "indicator": t.IndicatorView(),
}


@attrs.define
class Signature:
    """A define as its uses see it; `result` is filled in once its body is inferred."""

    define: ast.Define
    params: tuple[tuple[str, t.Type], ...]
    result: t.Type | None = None
    inferring: bool = False
    # Whether the body reads `i.awarded` (itself or through another define): usable
    # only where a title is in scope, in a withdraw trigger.
    withdraw_only: bool = False
    # The body names that some places lack (`standard`, `enterprise` in `top`), read
    # by the body itself or through another define.
    reads: frozenset[str] = frozenset()
    in_cycle: bool = False


def where(define: ast.Define) -> str:
    return f"{define.path}:{define.name_span.line}" if define.path else f"line {define.span.line}"


def build_table(defines: Iterable[ast.Define], report: Reporter) -> dict[str, Signature]:
    """The signature of every define by name; clashes and bad parameters are reported."""
    table: dict[str, Signature] = {}
    for define in defines:
        with report.at(define.path):
            if _clashes(define, table, report):
                continue
            table[define.name] = Signature(define, _params(define, report))
    for define in (s.define for s in table.values()):
        for param in define.params:
            if param.name in table:
                message = (
                    f"the parameter '{param.name}' hides the define '{param.name}' "
                    f"({where(table[param.name].define)}); choose another name"
                )
                with report.at(define.path):
                    report.error("E209", message, param.span)
    _cycles(table, report)
    return table


def _clashes(define: ast.Define, table: dict[str, Signature], report: Reporter) -> bool:
    name = define.name
    if name in table:
        message = f"'{name}' is already defined at {where(table[name].define)}"
    elif name in BUILTINS:
        message = f"'{name}' is a builtin function; a define may not take its name"
    elif name in RESERVED_NAMES:
        message = f"'{name}' is a name every body can use; a define may not take it"
    else:
        return False
    report.error("E212", message, define.name_span)
    return True


def _params(define: ast.Define, report: Reporter) -> tuple[tuple[str, t.Type], ...]:
    params: list[tuple[str, t.Type]] = []
    seen: set[str] = set()
    for param in define.params:
        found = PARAMETER_TYPES.get(param.type_name)
        if found is None:
            hint = did_you_mean(param.type_name, PARAMETER_TYPES)
            if not hint:
                hint = "; it is one of " + ", ".join(PARAMETER_TYPES)
            report.error("E215", f"unknown parameter type '{param.type_name}'{hint}", param.span)
            found = t.UNKNOWN
        if param.name in seen:
            message = f"'{define.name}' has two parameters named '{param.name}'"
            report.error("E207", message, param.span)
        elif param.name in RESERVED_NAMES or param.name in BUILTINS:
            message = (
                f"the parameter '{param.name}' hides the name '{param.name}' already in scope; "
                "choose another name"
            )
            report.error("E209", message, param.span)
        seen.add(param.name)
        params.append((param.name, found))
    return tuple(params)


def uses(expr: ast.Expr, table: dict[str, Signature]) -> list[str]:
    """The defines `expr` refers to, in order (quantifier variables never take their names)."""
    out: list[str] = []
    for node in ast.walk(expr):
        if isinstance(node, ast.Name) and node.id in table:
            out.append(node.id)
        elif isinstance(node, ast.Call) and node.func in table:
            out.append(node.func)
    return out


def _cycles(table: dict[str, Signature], report: Reporter) -> None:
    edges = {name: uses(sig.define.body, table) for name, sig in table.items()}
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for used in edges[name]:
            if state.get(used) == 1:
                cycle = path[path.index(used) :]
                for member in cycle:
                    table[member].in_cycle = True
                define = table[name].define
                chain = " → ".join([*cycle, used])
                message = f"defines may not use themselves, directly or not: {chain}"
                with report.at(define.path):
                    report.error("E213", message, define.name_span)
            elif used not in state:
                visit(used)
        path.pop()
        state[name] = 2

    for name in table:
        if name not in state:
            visit(name)


__all__ = ["PARAMETER_TYPES", "Signature", "build_table", "uses", "where"]
