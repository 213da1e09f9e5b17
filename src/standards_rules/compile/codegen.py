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
variable in scope: evaluation order and laziness are unchanged.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable

import attrs

from standards_rules import ast
from standards_rules.compile import runtime, views
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
from standards_rules.compile.namespace import ARITH, COMPARE, RUNTIME_NAMESPACE
from standards_rules.compile.statics import is_lower, static_parts
from standards_rules.compile.types import ROOTS, SCALAR, Shape, record_fields
from standards_rules.patterns import CompiledPattern, PatternError, compile_pattern

PARAMS = ("s", "e", "a", "V", "t", "ev", "c", "sc", "d")
HOIST_DEPTH = 20
# A quantifier over `indicators` is unrolled into one copy of its body per indicator
# while the copies (nested unrolled quantifiers multiply) stay at most this many.
MAX_UNROLL = 64
_VIEW_NAME = re.compile(r"\bV\b")

_VIEW_REFERENCE_FIELDS = frozenset(("value", "previous", "awarded", "national", "industry"))
# The tables of an indicator view whose entries a directional comparison may read.
_VIEW_TABLES = frozenset(("tiers", "references"))


class ProgramError(ValueError):
    """The ruleset uses a form the compiler cannot translate (the checker should have said)."""


@attrs.frozen
class Var:
    name: str
    mangled: str
    shape: Shape


class CodeGen:
    """Generates one Python module: functions for rule bodies, helpers and their constants."""

    def __init__(self, ruleset: ast.Ruleset, traced: bool = False) -> None:
        self.ruleset = ruleset
        self.indicator_index = {ind.id: n for n, ind in enumerate(ruleset.indicators)}
        self.traced = traced
        self.params = (*PARAMS, "T") if traced else PARAMS
        self.constants: dict[str, object] = {}
        self._constant_names: dict[tuple[str, object], str] = {}
        self.blocks: list[str] = []
        self.nodes: list[ast.Expr] = []  # traced: event number → the node it observed
        self.depths: list[int] = []  # traced: event number → how many quantifiers enclose it
        self._quantifiers = 0
        self._helpers = 0
        self.statics = static_parts(ruleset)
        # Static mode (untraced functions whose `s` is always the standard): a field of an
        # indicator known at compile time reads the standard's value directly, and
        # quantifiers over `indicators` are unrolled, so no view object is needed.
        self._static = False
        self._unroll = 1
        self._prelude: list[dict[str, list[str]]] = []
        self._drivers: set[int] = set()

    # ---------------------------------------------------------------- module

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

    def add_block(self, source: str, *, binds_views: bool = False) -> None:
        """Add a whole function's source; `binds_views`: it sets `V` itself (a stage driver),
        so its use of `V` does not make the program read views."""
        if binds_views:
            self._drivers.add(len(self.blocks))
        self.blocks.append(source)

    def _prelude_code(self, names: dict[str, list[str]], indent: int = 4) -> str:
        pad = " " * indent
        return "".join(f"{pad}{line}\n" for lines in names.values() for line in lines)

    def _local(self, kind: str, index: int) -> str:
        """A prelude local holding indicator `index`'s value (`x`) or previous value (`p`)."""
        frame = self._prelude[-1]
        name = f"{kind}{index}"
        if name not in frame:
            table = "iv" if kind == "x" else "pv"
            if table not in frame:
                field = "indicators" if kind == "x" else "previous_indicators"
                # views.indicator_values/previous_values inline: `s` is always a Standard here
                frame[table] = [f"{table} = s.{field} or _none_values"]
            key = self.const(self.statics[index].id)
            # number() as an inline fast path for the common case, a float that is not NaN.
            frame[name] = [
                f"{name} = {table}.get({key})",
                f"if {name}.__class__ is not _float or {name} != {name}: {name} = _num({name})",
            ]
        return name

    def uses_views(self) -> bool:
        """Whether any generated function reads `V`, the `indicators` views."""
        blocks = (b for n, b in enumerate(self.blocks) if n not in self._drivers)
        lines = (line for block in blocks for line in block.splitlines())
        return any(_VIEW_NAME.search(line) for line in lines if not line.startswith("def "))

    def source(self) -> str:
        return "\n".join(self.blocks)

    def namespace(self) -> dict[str, object]:
        return {"__builtins__": {"all": all, "any": any, "sum": sum}, **RUNTIME_NAMESPACE,
                **self.constants}  # fmt: skip

    def const(self, value: object) -> str:
        try:
            key: tuple[str, object] = (type(value).__name__, value)
            hash(key)
        except TypeError:
            key = ("id", id(value))
        name = self._constant_names.get(key)
        if name is None:
            name = self._constant_names[key] = f"k{len(self._constant_names)}"
            self.constants[name] = value
        return name

    def _number(self, value: float | int | None) -> Gen:
        """A compile-time number (or none) as a literal that comparisons may inline."""
        if value is None:
            return Gen("None", SCALAR, num=True, known=None)
        code = self.literal_number(value)
        ok = not isinstance(value, bool) and math.isfinite(value)
        return Gen(code, Shape("scalar", nullable=False), num=ok, known=value)

    def literal_number(self, value: float | int) -> str:
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            return self.const(value)
        return f"({value!r})"

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

    def _event(self, node: ast.Expr, depth: int) -> int:
        self.nodes.append(node)
        self.depths.append(depth)
        return len(self.nodes) - 1

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
        obj = self.expr(node.obj, scope, depth, False)
        shape, name = obj.shape, node.name
        if shape.kind == "views":
            index = self.indicator_index.get(name)
            if index is None:
                raise ProgramError(f"unknown indicator {name!r}")
            return Gen(f"{obj.code}[{index}]", Shape("view", indicator=index, nullable=False))
        if shape.kind == "view":
            return self._view_field(obj, name)
        if shape.kind in _VIEW_TABLES:
            if shape.indicator is not None:
                static = self.statics[shape.indicator]
                table = static.tiers if shape.kind == "tiers" else static.references
                found = table.get(name)
                return Gen("None" if found is None else self.literal_number(found), SCALAR)
            return Gen(f"_mget({obj.code}, {self.const(name)})", SCALAR)
        if shape.kind == "record" and shape.cls is not None:
            fields = record_fields(shape.cls)
            if name in fields:
                result = fields[name]
                if shape.nullable:
                    get = self.const(views.getter(name))
                    return Gen(f"{get}({obj.code})", attrs.evolve(result, nullable=True))
                return Gen(f"{obj.code}.{name}", result)
            return Gen("None", SCALAR)
        if shape.kind == "map" and not shape.nullable:
            return Gen(f"{obj.code}.get({self.const(name)})", SCALAR)
        return Gen(f"_field({obj.code}, {self.const(name)})", SCALAR)

    def _view_field(self, obj: Gen, name: str) -> Gen:
        if name not in views.VIEW_FIELDS:
            return Gen("None", SCALAR)
        index = obj.shape.indicator
        if self._static and index is not None and not obj.shape.nullable:
            return self._static_view_field(index, name)
        if name in _VIEW_TABLES:
            if not obj.shape.nullable:
                return Gen(f"{obj.code}.{name}", Shape(name, indicator=index, nullable=False))
            return Gen(f"_field({obj.code}, {self.const(name)})", Shape(name, indicator=index))
        if not obj.shape.nullable:
            return Gen(f"{obj.code}.{views.VIEW_ATTRIBUTES.get(name, name)}", SCALAR)
        return Gen(f"_field({obj.code}, {self.const(name)})", SCALAR)

    def _static_view_field(self, index: int, name: str) -> Gen:
        """A field of indicator `index`, known at compile time, read without a view."""
        static = self.statics[index]
        match name:
            case "value" | "previous":
                return Gen(self._local("x" if name == "value" else "p", index), SCALAR, num=True)
            case "national" | "industry":
                return self._number(getattr(static, name))
            case "weight":
                weight = static.weight
                return Gen("None", SCALAR) if weight is None else self._number(weight)
            case "awarded":
                return Gen(f"_awarded(t, {self.const(static.id)})", SCALAR)
            case "id" | "label" | "unit":
                text = getattr(static, name)
                return Gen("None" if text is None else self.const(text), SCALAR, known=text)
            case "class":
                kind = static.indicator_class
                return Gen(self.const(kind), Shape("scalar", nullable=False), known=kind)
            case "tiers" | "references":
                shape = Shape(name, indicator=index, nullable=False)
                return Gen(self.const(getattr(static, name)), shape)
            case _:  # "tier"
                fn = self.const(functools.partial(views.tier_of, static.tiers, static.lower))
                return Gen(f"{fn}({self._local('x', index)})", SCALAR)

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
        if isinstance(left.obj, ast.Field) and left.obj.name in _VIEW_TABLES:
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

__all__ = ["HOIST_DEPTH", "PARAMS", "CodeGen", "Compiled", "ProgramError"]
