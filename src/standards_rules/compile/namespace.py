"""Compile stage: the run-time names generated code may call, and no others.

Generated functions get `RUNTIME_NAMESPACE` as their only globals (with the
builtins `all`, `any` and `sum`); `ARITH` and `COMPARE` name the helper that
implements each operator, for the code generator to write.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.compile import runtime, views

ARITH = {
    ast.ArithOp.ADD: "_add",
    ast.ArithOp.SUB: "_sub",
    ast.ArithOp.MUL: "_mul",
    ast.ArithOp.DIV: "_div",
}
COMPARE = {
    ast.CompareOp.EQ: "_eq",
    ast.CompareOp.NE: "_ne",
    ast.CompareOp.LT: "_lt",
    ast.CompareOp.LE: "_le",
    ast.CompareOp.GT: "_gt",
    ast.CompareOp.GE: "_ge",
    ast.CompareOp.IN: "_in",
    ast.CompareOp.NOT_IN: "_notin",
}

# The run-time names generated code may use; the only globals it sees.
RUNTIME_NAMESPACE: dict[str, object] = {
    "_add": runtime.add,
    "_sub": runtime.sub,
    "_mul": runtime.mul,
    "_div": runtime.div,
    "_neg": runtime.neg,
    "_eq": runtime.eq,
    "_ne": runtime.ne,
    "_lt": runtime.lt,
    "_le": runtime.le,
    "_gt": runtime.gt,
    "_ge": runtime.ge,
    "_in": runtime.contains,
    "_notin": runtime.not_contains,
    "_match": runtime.matches,
    "_dir": views.directional,
    "_field": views.field,
    "_mget": views.mget,
    "_awarded": views.awarded,
    "_index": runtime.index,
    "_iter": runtime.iterate,
    "_num": runtime.number,
    "_float": float,
    "_str": str,
    "_tuple": tuple,
    "_len": len,
    "_none_values": views.NO_VALUES,
    **{f"_b_{name}": fn for name, fn in runtime.BUILTINS.items()},
}

__all__ = ["ARITH", "COMPARE", "RUNTIME_NAMESPACE"]
