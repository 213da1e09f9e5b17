"""Solver path, encoding: rule bodies of a checked ruleset → z3 formulas over indicator values.

Takes the typed AST; gives, for one standard (a `Copy`: a z3 variable pair for
each indicator's `value`, `previous` and `awarded`, whether it is declared and
its number), the formula of a rule body. The decidable fragment (SPEC §7) is
encoded exactly: comparisons of indicator values, limits, tiers and
references with numbers, `and`/`or`/`not`/`if`, quantifiers over
`indicators` unrolled, `count`, `min`/`max`/`abs`/`first`, arithmetic that
is linear in the values, and `none` as its own case (`Num.defined` false),
with the evaluator's rules for it (an ordering with `none` is false, `x / 0`
is `none`, `better_than none` is true, …). Numbers are exact rationals: every
float of the plan is the rational it stands for.

A part of a body that reads no indicator (`standard.status == "current"`,
`any e in events: …`) is an *atom*: a free z3 variable, the same for every
copy (copies differ in indicator values only, all else equal). So the
encoding over-approximates: what it shows impossible is impossible, and what
it finds possible must still be shown with records (`realize.py`). A part
that reads indicators in a way outside the fragment (a regex on a value, a
product of two values, a quantifier over products that reads `i.value`)
raises `OutsideFragment`, naming why. The terms an expression encodes to
are `terms.py`'s; comparisons by direction and tiers, `directions.py`'s.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import z3

from standards_rules import ast
from standards_rules.check.references import limit_of
from standards_rules.check.show import show
from standards_rules.testing.solver.directions import Directions
from standards_rules.testing.solver.terms import (
    VALUE_FIELDS,
    Copy,
    Env,
    Items,
    NoneTerm,
    Num,
    OutsideFragment,
    Record,
    Term,
    TierOf,
    View,
    new_copy,
    real,
    variable,
)


def _mentions_views(expr: ast.Expr, env: Env) -> bool:
    return any(
        isinstance(node, ast.Name) and (node.id == "indicators" or node.id in env)
        for node in ast.walk(expr)
    )


@attrs.define
class Encoder(Directions):
    """Encodes bodies of one ruleset; atoms are shared by every copy and every body."""

    tree: ast.Ruleset
    atoms: dict[tuple[str, ast.Expr], Any] = attrs.field(factory=dict)

    # ------------------------------------------------------------ entry points

    def body(self, expr: ast.Expr, copy: Copy) -> Any:
        """The z3 formula of a rule, require or trigger body for `copy`."""
        return self.as_bool(self.term(expr, copy, {}), expr)

    # ------------------------------------------------------------ kinds

    def as_bool(self, term: Term, expr: ast.Expr) -> Any:
        if isinstance(term, Record):
            return self._atom("bool", term.expr)
        if isinstance(term, NoneTerm):
            return z3.BoolVal(False)
        if z3.is_expr(term) and z3.is_bool(term):
            return term
        raise OutsideFragment(f"uses {show(expr)} as a condition", expr)

    def as_num(self, term: Term, expr: ast.Expr) -> Num:
        if isinstance(term, Num):
            return term
        if isinstance(term, Record):
            return Num(self._atom("defined", term.expr), self._atom("number", term.expr))
        if isinstance(term, NoneTerm):
            return Num.none()
        raise OutsideFragment(f"uses {show(expr)} as a number", expr)

    def _atom(self, kind: str, expr: ast.Expr) -> Any:
        key = (kind, expr)
        found = self.atoms.get(key)
        if found is None:
            name = f"{kind}<{show(expr)}>#{len(self.atoms)}"
            found = z3.Real(name) if kind == "number" else z3.Bool(name)
            self.atoms[key] = found
        return found

    # ------------------------------------------------------------ terms

    def term(self, expr: ast.Expr, copy: Copy, env: Env) -> Term:
        if not _mentions_views(expr, env):
            return self._literal(expr)
        match expr:
            case ast.Name(id=name) if name in env:
                return env[name]
            case ast.Field():
                return self._field(expr, copy, env)
            case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
                return z3.Not(self.as_bool(self.term(operand, copy, env), operand))
            case ast.Unary(op=ast.UnaryOp.NEG, operand=operand):
                n = self.as_num(self.term(operand, copy, env), operand)
                return Num(n.defined, -n.value, None if n.constant is None else -n.constant)
            case ast.BoolOp(op=op, left=left, right=right):
                a = self.as_bool(self.term(left, copy, env), left)
                b = self.as_bool(self.term(right, copy, env), right)
                return z3.And(a, b) if op is ast.BoolOpKind.AND else z3.Or(a, b)
            case ast.Arith():
                return self._arith(expr, copy, env)
            case ast.Compare():
                return self._compare(expr, copy, env)
            case ast.IfExpr(cond=cond, then=then, otherwise=otherwise):
                return self._if(expr, cond, then, otherwise, copy, env)
            case ast.Quantifier():
                return self._quantifier(expr, copy, env)
            case ast.Call():
                return self._call(expr, copy, env)
            case ast.ListExpr(items=items):
                return Items(tuple(self.term(item, copy, env) for item in items))
        raise OutsideFragment(f"reads indicators through {show(expr)}", expr)

    def _literal(self, expr: ast.Expr) -> Term:
        match expr:
            case ast.Number(value=value):
                return Num.of(value)
            case ast.Bool(value=value):
                return z3.BoolVal(value)
            case ast.String(value=value):
                return value
            case ast.NoneLit():
                return NoneTerm()
            case ast.ListExpr(items=items):
                return Items(tuple(self._literal(item) for item in items))
        return Record(expr)

    def _view(self, expr: ast.Expr, env: Env) -> View | None:
        match expr:
            case ast.Name(id=name) if name in env:
                return env[name]
            case ast.Field(obj=ast.Name(id="indicators"), name=name):
                indicator = self.tree.indicator(name)
                return None if indicator is None else View(indicator)
        return None

    def _field(self, expr: ast.Field, copy: Copy, env: Env) -> Term:
        view = self._view(expr, env)
        if view is not None:
            return view
        owner = self._view(expr.obj, env)
        if owner is not None:
            return self._view_field(owner.indicator, expr, copy)
        if isinstance(expr.obj, ast.Field):
            inner = self._view(expr.obj.obj, env)
            if inner is not None and expr.obj.name == "tiers":
                for tier in inner.indicator.tiers:
                    if tier.name == expr.name:
                        return Num.of(tier.threshold)
                return NoneTerm()
            if inner is not None and expr.obj.name == "references":
                limit = limit_of(inner.indicator, f"references.{expr.name}")
                return NoneTerm() if limit is None else Num.of(limit)
        raise OutsideFragment(f"reads indicators through {show(expr)}", expr)

    def _view_field(self, indicator: ast.Indicator, expr: ast.Field, copy: Copy) -> Term:
        name = expr.name
        if name in VALUE_FIELDS:
            return copy.get(name, indicator.id)
        if name in ("national", "industry"):
            ref = getattr(indicator, name)
            return NoneTerm() if ref is None or ref.value is None else Num.of(ref.value)
        if name == "weight":
            return NoneTerm() if indicator.weight is None else Num.of(indicator.weight)
        if name == "tier":
            return TierOf(indicator, copy)
        if name in ("id", "label", "unit"):
            text = getattr(indicator, name)
            return NoneTerm() if text is None else str(text)
        if name == "class":
            return indicator.indicator_class.value
        raise OutsideFragment(f"reads {show(expr)}", expr)

    # ------------------------------------------------------------ arithmetic

    def _arith(self, expr: ast.Arith, copy: Copy, env: Env) -> Num:
        a = self.as_num(self.term(expr.left, copy, env), expr.left)
        b = self.as_num(self.term(expr.right, copy, env), expr.right)
        both = z3.And(a.defined, b.defined)
        known = a.constant is not None and b.constant is not None
        match expr.op:
            case ast.ArithOp.ADD:
                constant = a.constant + b.constant if known else None  # type: ignore[operator]
                return Num(both, a.value + b.value, constant)
            case ast.ArithOp.SUB:
                constant = a.constant - b.constant if known else None  # type: ignore[operator]
                return Num(both, a.value - b.value, constant)
            case ast.ArithOp.MUL:
                if a.constant is None and b.constant is None:
                    raise OutsideFragment(f"multiplies two values in {show(expr)}", expr)
                constant = a.constant * b.constant if known else None  # type: ignore[operator]
                return Num(both, a.value * b.value, constant)
        if b.constant is None:
            raise OutsideFragment(f"divides by a value in {show(expr)}", expr)
        if b.constant == 0:
            return Num.none()
        constant = a.constant / b.constant if a.constant is not None else None
        return Num(both, a.value / real(b.constant), constant)

    def _call(self, expr: ast.Call, copy: Copy, env: Env) -> Num:
        args: tuple[ast.Expr, ...] = expr.args
        if expr.func in ("min", "max") and len(args) == 1 and isinstance(args[0], ast.ListExpr):
            args = args[0].items
        nums = [self.as_num(self.term(arg, copy, env), arg) for arg in args]
        if expr.func == "abs" and len(nums) == 1:
            (n,) = nums
            return Num(n.defined, z3.If(n.value >= 0, n.value, -n.value))
        if expr.func in ("min", "max") and nums:
            value = nums[0].value
            for n in nums[1:]:
                pick = n.value < value if expr.func == "min" else n.value > value
                value = z3.If(pick, n.value, value)
            return Num(z3.And(*[n.defined for n in nums]), value)
        if expr.func == "first" and nums:
            defined, value = nums[-1].defined, nums[-1].value
            for n in reversed(nums[:-1]):
                defined, value = z3.Or(n.defined, defined), z3.If(n.defined, n.value, value)
            return Num(defined, value)
        raise OutsideFragment(f"calls {expr.func}() on indicator values", expr)

    def _if(
        self,
        expr: ast.IfExpr,
        cond: ast.Expr,
        then: ast.Expr,
        otherwise: ast.Expr,
        copy: Copy,
        env: Env,
    ) -> Term:
        c = self.as_bool(self.term(cond, copy, env), cond)
        a, b = self.term(then, copy, env), self.term(otherwise, copy, env)
        if isinstance(a, Num) or isinstance(b, Num):
            x, y = self.as_num(a, then), self.as_num(b, otherwise)
            return Num(z3.If(c, x.defined, y.defined), z3.If(c, x.value, y.value))
        return z3.If(c, self.as_bool(a, then), self.as_bool(b, otherwise))

    def _quantifier(self, expr: ast.Quantifier, copy: Copy, env: Env) -> Term:
        if expr.iterable != ast.Name("indicators"):
            raise OutsideFragment(
                f"reads indicators inside '{expr.kind.value} {expr.var} in {show(expr.iterable)}'",
                expr,
            )
        bodies = [
            self.as_bool(self.term(expr.body, copy, {**env, expr.var: View(i)}), expr.body)
            for i in self.tree.indicators
        ]
        if expr.kind is ast.QuantifierKind.ALL:
            return z3.And(*bodies) if bodies else z3.BoolVal(True)
        if expr.kind is ast.QuantifierKind.ANY:
            return z3.Or(*bodies) if bodies else z3.BoolVal(False)
        total = z3.Sum([z3.If(b, 1, 0) for b in bodies]) if bodies else z3.IntVal(0)
        return Num(z3.BoolVal(True), z3.ToReal(total))

    # ------------------------------------------------------------ comparisons

    def _compare(self, expr: ast.Compare, copy: Copy, env: Env) -> Any:
        left, right = self.term(expr.left, copy, env), self.term(expr.right, copy, env)
        op = expr.op
        if op.directional:
            indicator = self._directional_indicator(expr.left, env)
            a = self.as_num(left, expr.left)
            return self._directional(op, indicator, a, self.as_num(right, expr.right))
        if op in (ast.CompareOp.IN, ast.CompareOp.NOT_IN):
            if not isinstance(right, Items):
                raise OutsideFragment(f"looks for indicator data in {show(expr.right)}", expr)
            found = z3.Or(*[self._equal(left, item, expr) for item in right.terms])
            return found if op is ast.CompareOp.IN else z3.Not(found)
        if op in (ast.CompareOp.EQ, ast.CompareOp.NE):
            equal = self._equal(left, right, expr)
            return equal if op is ast.CompareOp.EQ else z3.Not(equal)
        if op is ast.CompareOp.MATCHES:
            if isinstance(left, str) and isinstance(right, str):
                return z3.BoolVal(re.fullmatch(right, left) is not None)
            raise OutsideFragment(f"matches indicator data against a pattern in {show(expr)}", expr)
        if isinstance(left, str) and isinstance(right, str):
            return z3.BoolVal(_ORDER[op](left, right))
        a, b = self.as_num(left, expr.left), self.as_num(right, expr.right)
        return z3.And(a.defined, b.defined, _ORDER[op](a.value, b.value))

    def _equal(self, left: Term, right: Term, expr: ast.Expr) -> Any:
        """`left == right` with the evaluator's meaning (none equals none only)."""
        if isinstance(right, TierOf) or (isinstance(left, str | NoneTerm) and not _numeric(right)):
            left, right = right, left
        if isinstance(left, TierOf):
            if isinstance(right, NoneTerm):
                name = None
            elif isinstance(right, str):
                name = right
            else:
                raise OutsideFragment(f"compares a tier with {show(expr)}", expr)
            value = left.copy.get("value", left.indicator.id)
            return self.tier_is(left.indicator, value, name)
        if isinstance(left, str) or isinstance(right, str):
            if isinstance(left, str | NoneTerm) and isinstance(right, str | NoneTerm):
                return z3.BoolVal(left == right)
            raise OutsideFragment(f"compares indicator text with record data in {show(expr)}", expr)
        if isinstance(left, NoneTerm) and isinstance(right, NoneTerm):
            return z3.BoolVal(True)
        if z3.is_expr(left) and z3.is_bool(left):
            return left == self.as_bool(right, expr) if not isinstance(right, NoneTerm) else False
        a, b = self.as_num(left, expr), self.as_num(right, expr)
        return z3.Or(
            z3.And(a.defined, b.defined, a.value == b.value),
            z3.And(z3.Not(a.defined), z3.Not(b.defined)),
        )

    def _directional_indicator(self, expr: ast.Expr, env: Env) -> ast.Indicator:
        if isinstance(expr, ast.Field):
            view = self._view(expr.obj, env)
            if view is None and isinstance(expr.obj, ast.Field):
                view = self._view(expr.obj.obj, env)
            if view is not None:
                return view.indicator
        raise OutsideFragment(f"compares {show(expr)} by direction", expr)


def _numeric(term: Term) -> bool:
    return isinstance(term, Num | Record)


_ORDER: dict[ast.CompareOp, Any] = {
    ast.CompareOp.LT: lambda a, b: a < b,
    ast.CompareOp.LE: lambda a, b: a <= b,
    ast.CompareOp.GT: lambda a, b: a > b,
    ast.CompareOp.GE: lambda a, b: a >= b,
}


__all__ = ["Copy", "Encoder", "Num", "OutsideFragment", "new_copy", "real", "variable"]
