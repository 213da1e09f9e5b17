"""Compile stage: a checked expression → Python source text, never ruleset text spliced in.

Takes AST expressions; gives Python expression source plus the constants and
helper functions it refers to. Safety by construction: every identifier in
the output is one this module invents (`s`, `q3`, `k7`, `h2`, …); every string,
date, duration and regex from the ruleset goes into a constants table and is
referred to by a generated name; numbers go through `repr` only when finite.
Record fields are written as `obj.name` only when `name` is a field of the
statically known record class (a schema name, not ruleset text); anything
else goes through the run-time `field` helper with the name as a constant.

Python's compiler rejects expressions nested ~200 parentheses deep, so a
subtree deeper than `HOIST_DEPTH` becomes a helper function taking every
variable in scope: evaluation order and laziness are unchanged. The module
being built (blocks, constants, preludes) is `emitter.Emitter`'s; the code
reading a field is `fields.FieldReads`'.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable

import attrs

from standards_rules import ast
from standards_rules.compile import runtime
from standards_rules.compile.emitter import ProgramError
from standards_rules.compile.fields import VIEW_TABLES, FieldReads
from standards_rules.compile.fold import folded_connective, folded_equality, folded_not
from standards_rules.compile.inline import (
    BOOL,
    INLINE_ORDER,
    Gen,
    inline_directional,
    inline_order,
    is_simple,
    iter_code,
)
from standards_rules.compile.namespace import ARITH, COMPARE
from standards_rules.compile.statics import is_lower
from standards_rules.compile.types import ROOTS, SCALAR, Shape
from standards_rules.patterns import CompiledPattern, PatternError, compile_pattern

HOIST_DEPTH = 20
# A quantifier over `indicators` is unrolled into one copy of its body per indicator
# while the copies (nested unrolled quantifiers multiply) stay at most this many.
MAX_UNROLL = 64

_VIEW_REFERENCE_FIELDS = frozenset(("value", "previous", "awarded", "national", "industry"))


@attrs.frozen
class Var:
    name: str
    mangled: str
    shape: Shape


class CodeGen(FieldReads):
    """Generates one Python module: functions for rule bodies, helpers and their constants."""

    # ---------------------------------------------------------------- functions

    def function(
        self, name: str, expr: ast.Expr, boolean: bool = False, static: bool = True
    ) -> None:
        """Emit `def name(params): return <expr>`; `name` is chosen by the caller, not the user.

        `static` says the function is always called with the standard as `s` (every
        section but `top`), which lets indicator fields be read without views.
        """
        self._static = static and not self.traced
        self._prelude.append({})
        gen = self.expr(expr, (), 0, boolean)
        prelude = self._prelude_code(self._prelude.pop())
        self.blocks.append(
            f"def {name}({', '.join(self.params)}):\n{prelude}    return {gen.code}\n"
        )

    def mask_tests(self, exprs: tuple[ast.Expr, ...], *, indent: int) -> tuple[list[str], str]:
        """The statements setting bit k of `m` when body k is false, and their shared prelude."""
        self._static = not self.traced
        self._prelude.append({})
        pad = " " * indent
        tests = []
        for n, expr in enumerate(exprs):
            gen = self.expr(expr, (), 0, True)
            tests.append(f"{pad}if not {gen.code}:\n{pad}    m |= {1 << n}\n")
        return tests, self._prelude_code(self._prelude.pop(), indent=indent)

    # ---------------------------------------------------------------- expressions

    def expr(self, node: ast.Expr, scope: tuple[Var, ...], depth: int, boolean: bool) -> Gen:
        if depth >= HOIST_DEPTH and ast.children(node):
            return self._hoist(node, scope, boolean)
        gen = self._expr(node, scope, depth + 1, boolean)
        if (
            self.traced
            and boolean
            and not isinstance(
                node, ast.Compare | ast.BoolOp | ast.Quantifier | ast.Unary | ast.IfExpr | ast.Bool
            )
        ):
            k = self._event(node, len(scope))
            gen = Gen(f"T.val({k}, {gen.code})", gen.shape)
        return gen

    def _hoist(self, node: ast.Expr, scope: tuple[Var, ...], boolean: bool) -> Gen:
        name = f"h{self._helpers}"
        self._helpers += 1
        # An unrolled quantifier variable is `V[n]`, not a local: nothing to pass.
        args = (*self.params, *(v.mangled for v in scope if v.mangled.isidentifier()))
        self._prelude.append({})
        gen = self.expr(node, scope, 0, boolean)
        prelude = self._prelude_code(self._prelude.pop())
        self.blocks.append(f"def {name}({', '.join(args)}):\n{prelude}    return {gen.code}\n")
        return Gen(f"{name}({', '.join(args)})", gen.shape)

    def _expr(self, node: ast.Expr, scope: tuple[Var, ...], depth: int, boolean: bool) -> Gen:
        sub = functools.partial(self.expr, scope=scope, depth=depth)
        match node:
            case ast.Number(value=value):
                return self._number(value)
            case ast.Bool(value=value):
                return Gen(
                    "True" if value else "False", Shape("scalar", nullable=False), known=value
                )
            case ast.NoneLit():
                return Gen("None", SCALAR, known=None)
            case ast.String(value=value) | ast.Date(value=value):
                return Gen(self.const(value), Shape("scalar", nullable=False), known=value)
            case ast.Duration(amount=amount, unit=unit):
                # Fractional amounts are floored: `1.5 days` is one day (docs/evaluation.md).
                dur = runtime.Dur(math.floor(amount), unit.value)
                return Gen(self.const(dur), Shape("scalar", nullable=False))
            case ast.Name(id=name):
                return self._name(name, scope)
            case ast.Field():
                return self._field(node, scope, depth)
            case ast.Index(obj=obj, index=index):
                o, i = sub(obj, boolean=False), sub(index, boolean=False)
                item = o.shape.item if o.shape.kind == "list" else None
                if o.shape.kind == "views":
                    item = Shape("view")
                shape = attrs.evolve(item, nullable=True) if item else SCALAR
                return Gen(f"_index({o.code}, {i.code})", shape)
            case ast.Call(func=func, args=args):
                if func not in runtime.BUILTINS:
                    raise ProgramError(f"unknown function {func!r}")
                codes = ", ".join(sub(a, boolean=False).code for a in args)
                if func == "len" and len(args) == 1 and is_simple(codes):
                    # b_len's common case, a tuple, inline
                    return Gen(
                        f"(_len({codes}) if {codes}.__class__ is _tuple else _b_len({codes}))",
                        SCALAR,
                    )
                return Gen(f"_b_{func}({codes})", SCALAR)
            case ast.ListExpr(items=items):
                codes = "".join(f"{sub(i, boolean=False).code}, " for i in items)
                return Gen(f"({codes})", Shape("list", item=SCALAR, nullable=False))
            case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
                negated = sub(operand, boolean=True)
                folded = None if self.traced else folded_not(negated)
                return folded or Gen(f"(not {negated.code})", BOOL)
            case ast.Unary(operand=operand):
                return Gen(f"_neg({sub(operand, boolean=False).code})", SCALAR)
            case ast.Arith(op=op, left=left, right=right):
                lhs, r = sub(left, boolean=False), sub(right, boolean=False)
                return Gen(f"{ARITH[op]}({lhs.code}, {r.code})", SCALAR)
            case ast.BoolOp(op=op, left=left, right=right):
                lhs, r = sub(left, boolean=True), sub(right, boolean=True)
                if not self.traced:
                    return folded_connective(op is ast.BoolOpKind.AND, (lhs, r))
                # `True if … else False` turns a none operand into false (docs/evaluation.md).
                return Gen(f"(True if {lhs.code} {op.value} {r.code} else False)", BOOL)
            case ast.IfExpr(cond=cond, then=then, otherwise=otherwise):
                c = sub(cond, boolean=True)
                t, o = sub(then, boolean=boolean), sub(otherwise, boolean=boolean)
                return Gen(f"({t.code} if {c.code} else {o.code})", SCALAR)
            case ast.Compare():
                return self._compare(node, scope, depth)
            case ast.Quantifier():
                return self._quantifier(node, scope, depth)
        raise ProgramError(f"cannot compile {type(node).__name__}")

    def _name(self, name: str, scope: tuple[Var, ...]) -> Gen:
        for var in reversed(scope):
            if var.name == name:
                return Gen(var.mangled, var.shape)
        if name in ROOTS:
            mangled, shape = ROOTS[name]
            return Gen(mangled, shape)
        raise ProgramError(f"unknown name {name!r}")

    def _field(self, node: ast.Field, scope: tuple[Var, ...], depth: int) -> Gen:
        return self.read_field(self.expr(node.obj, scope, depth, False), node.name)

    def _compare(self, node: ast.Compare, scope: tuple[Var, ...], depth: int) -> Gen:
        op = node.op
        if op.directional:
            return self._directional(node, scope, depth)
        lhs = self.expr(node.left, scope, depth, False)
        if op is ast.CompareOp.MATCHES:
            if not isinstance(node.right, ast.String):
                raise ProgramError("the pattern of `matches` must be a string literal")
            try:
                pattern = compile_pattern(node.right.value)
            except (re.error, PatternError) as exc:
                raise ProgramError(f"bad regular expression: {exc}") from None
            if self.traced:
                fn = self.const(functools.partial(_match_with, pattern))
                k = self._event(node, len(scope))
                return Gen(f"T.cmp({k}, {fn}, {lhs.code}, None)", BOOL)
            if is_simple(lhs.code):
                # matches()' common case, a plain str, inline
                fm, x = self.const(pattern.fullmatch), lhs.code
                return Gen(
                    f"({fm}({x}) is not None if {x}.__class__ is _str "
                    f"else _match({x}, {self.const(pattern)}))",
                    BOOL,
                )
            return Gen(f"_match({lhs.code}, {self.const(pattern)})", BOOL)
        r = self.expr(node.right, scope, depth, False)
        if self.traced:
            k = self._event(node, len(scope))
            return Gen(f"T.cmp({k}, {COMPARE[op]}, {lhs.code}, {r.code})", BOOL)
        if op in (ast.CompareOp.EQ, ast.CompareOp.NE):
            folded = folded_equality(op is ast.CompareOp.NE, lhs, r)
            return folded or Gen(f"({lhs.code} {op.value} {r.code})", BOOL)
        if lhs.num and r.num and op in INLINE_ORDER:
            return inline_order(lhs.code, INLINE_ORDER[op], r.code)
        return Gen(f"{COMPARE[op]}({lhs.code}, {r.code})", BOOL)

    def _directional(self, node: ast.Compare, scope: tuple[Var, ...], depth: int) -> Gen:
        left, table = node.left, None
        if not isinstance(left, ast.Field):
            raise ProgramError(f"the left side of {node.op.value} must be an indicator view field")
        view_expr: ast.Expr = left.obj
        if isinstance(left.obj, ast.Field) and left.obj.name in VIEW_TABLES:
            view_expr, table = left.obj.obj, left.obj.name
        view = self.expr(view_expr, scope, depth, False)
        if view.shape.kind != "view" or not (table or left.name in _VIEW_REFERENCE_FIELDS):
            raise ProgramError(f"the left side of {node.op.value} must be an indicator view field")
        r = self.expr(node.right, scope, depth, False)
        name, op = self.const(left.name), self.const(node.op.value)
        table_code = "None" if table is None else self.const(table)
        if self.traced:
            return Gen(
                f"T.dcmp({self._event(node, len(scope))}, {op}, {view.code}, {name}, "
                f"{table_code}, {r.code})",
                BOOL,
            )
        index = view.shape.indicator
        if index is not None:
            # Static view: the direction is known now, so bind it into the comparison.
            ind = self.ruleset.indicators[index]
            if self._static and table is None:
                lhs = self._view_field(view, left.name)
                if lhs.num and r.num:
                    return inline_directional(node.op.value, is_lower(ind), lhs.code, r.code)
            fn = functools.partial(runtime.DIRECTIONAL[node.op.value], is_lower(ind))
            if table is None:
                lhs = self._view_field(view, left.name)
            else:
                lhs = self._field(left, scope, depth)
            return Gen(f"{self.const(fn)}({lhs.code}, {r.code})", BOOL)
        return Gen(f"_dir({op}, {view.code}, {name}, {table_code}, {r.code})", BOOL)

    def _quantifier(self, node: ast.Quantifier, scope: tuple[Var, ...], depth: int) -> Gen:
        it = self.expr(node.iterable, scope, depth, False)
        count = len(self.ruleset.indicators)
        if (
            self._static
            and it.shape.kind == "views"
            and it.code == "V"
            and self._unroll * count <= MAX_UNROLL
        ):
            return self._unrolled(node, scope, depth, count)
        if it.shape.kind == "views":
            item: Shape = Shape("view", nullable=False)
            domain = it.code
        elif it.shape.kind == "list" and it.shape.item is not None:
            item = it.shape.item
            domain = iter_code(it.code)
        else:
            item, domain = SCALAR, iter_code(it.code)
        var = Var(node.var, f"q{self._quantifiers}", item)
        self._quantifiers += 1
        body = self.expr(node.body, (*scope, var), depth, True)
        level = len(scope)
        shown = self.const(node.var) if self.traced else ""
        bind = f" if T.bind({level}, {shown}, {var.mangled})" if self.traced else ""
        loop = f"for {var.mangled} in {domain}{bind}"
        if node.kind is ast.QuantifierKind.COUNT:
            code, empty = f"sum(1 {loop} if {body.code})", "0"
            shape = Shape("scalar", nullable=False)
        else:
            code = f"{node.kind.value}({body.code} {loop})"
            empty = "True" if node.kind is ast.QuantifierKind.ALL else "False"
            shape = BOOL
        if not self.traced and is_simple(it.code):
            # A false domain (none, an empty list) is empty: decided without a generator.
            code = f"({code} if {it.code} else {empty})"
        return Gen(code, shape)

    def _unrolled(
        self, node: ast.Quantifier, scope: tuple[Var, ...], depth: int, count: int
    ) -> Gen:
        """`all i in indicators: B` as `B[i := indicator 0] and B[i := indicator 1] and …`.

        Same order, same short-circuit, same result: all/any give a bool, count an int.
        """
        self._unroll *= count
        try:
            bodies = [
                self.expr(
                    node.body,
                    (*scope, Var(node.var, f"V[{n}]", Shape("view", indicator=n, nullable=False))),
                    depth,
                    True,
                )
                for n in range(count)
            ]
        finally:
            self._unroll //= count
        if node.kind is ast.QuantifierKind.COUNT:
            terms = " + ".join(f"(1 if {b.code} else 0)" for b in bodies) or "0"
            return Gen(f"({terms})", Shape("scalar", nullable=False))
        return folded_connective(node.kind is ast.QuantifierKind.ALL, bodies)


def _match_with(pattern: CompiledPattern, value: object, _unused: object) -> bool:
    return runtime.matches(value, pattern)


Compiled = Callable[..., object]

__all__ = ["HOIST_DEPTH", "CodeGen", "Compiled"]
