"""A deliberately naive reference evaluator of rule expressions, written plainly from SPEC §2.3.

A tree-walking interpreter over the checked AST with no code generation, no
static views, no unrolling and no fast paths: every indicator view is built as
a plain dict every time `indicators` is read. It exists so that the compiled
evaluator's speed tricks can be checked against it (tests/test_reference_agreement.py).
Where SPEC §2.3 leaves a case open, it follows docs/evaluation.md and
docs/language.md, as the compiler does.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
from typing import Any

import attrs

from standards_rules import ast, calendar


@attrs.frozen
class Duration:
    amount: int
    unit: str


class View:
    """One indicator as seen from one standard: a dict of its fields plus its direction.

    `awarded` comes from the title in scope (withdraw bodies), `references` names every
    reference of the ruleset (none where this indicator lacks one).
    """

    def __init__(
        self, indicator: ast.Indicator, standard: Any, title: Any, names: list[str]
    ) -> None:
        values = getattr(standard, "indicators", None) or {}
        previous = getattr(standard, "previous_indicators", None) or {}
        awarded = getattr(title, "indicators", None) or {}
        self.lower = indicator.better is not ast.Better.HIGHER
        self.fields: dict[str, Any] = {
            "id": indicator.id,
            "label": indicator.label,
            "unit": indicator.unit,
            "weight": indicator.weight,
            "class": indicator.indicator_class.value,
            "value": as_number(values.get(indicator.id)),
            "previous": as_number(previous.get(indicator.id)),
            "awarded": as_number(awarded.get(indicator.id)),
            "national": limit(indicator.national),
            "industry": limit(indicator.industry),
            "references": {name: indicator.reference(name) for name in names},
            "tiers": {tier.name: tier.threshold for tier in indicator.tiers},
        }
        self.fields["tier"] = None
        for name, threshold in self.fields["tiers"].items():
            if directional("no_worse_than", self.lower, self.fields["value"], threshold):
                self.fields["tier"] = name
                break


def limit(reference: ast.Reference | None) -> float | None:
    return None if reference is None else reference.value


def as_number(value: Any) -> Any:
    """A usable number, or None for anything else (booleans, NaN, text, none)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def truthy(value: Any) -> bool:
    return bool(value)


def directional(op: str, lower: bool, left: Any, right: Any) -> bool:
    """SPEC §2.3: a none right side is no limit; a none left side is never better."""
    if left is None:
        return False
    if right is None:
        return op != "worse_than"
    if op == "better_than":
        return ordered(left, right, "<") if lower else ordered(right, left, "<")
    if op == "no_worse_than":
        return ordered(left, right, "<=") if lower else ordered(right, left, "<=")
    return ordered(right, left, "<") if lower else ordered(left, right, "<")


def ordered(a: Any, b: Any, op: str) -> bool:
    if a is None or b is None:
        return False
    try:
        return bool(a < b) if op == "<" else bool(a <= b)
    except (TypeError, ValueError, ArithmeticError):
        return False


# The names a define's body sees besides its parameters (SPEC §2.4); `title` rides along
# unseen so that `i.awarded` of a define used in a trigger reads the trigger's title.
DEFINE_SCOPE = ("standard", "enterprise", "as_of", "title")


class Reference:
    """Evaluates expressions of one ruleset; `env` maps names to values.

    A define is evaluated where it is used, by binding its parameters to the values of
    the arguments in a fresh environment: no inlining, unlike the compiler.
    """

    def __init__(self, ruleset: ast.Ruleset) -> None:
        self.ruleset = ruleset
        self.defines = {define.name: define for define in ruleset.defines}
        self.reference_names = sorted(
            {r.name for indicator in ruleset.indicators for r in indicator.references}
        )

    def views(self, standard: Any, title: Any = None) -> list[View]:
        return [
            View(indicator, standard, title, self.reference_names)
            for indicator in self.ruleset.indicators
        ]

    def define(self, define: ast.Define, args: list[Any], env: dict[str, Any]) -> Any:
        inner = {name: env[name] for name in DEFINE_SCOPE if name in env}
        inner.update({param.name: arg for param, arg in zip(define.params, args, strict=True)})
        return self.run(define.body, inner)

    def run(self, node: ast.Expr, env: dict[str, Any]) -> Any:
        method = getattr(self, f"_{type(node).__name__.lower()}")
        return method(node, env)

    # ------------------------------------------------------------ atoms

    def _number(self, node: ast.Number, env: dict[str, Any]) -> Any:
        return node.value

    def _string(self, node: ast.String, env: dict[str, Any]) -> Any:
        return node.value

    def _bool(self, node: ast.Bool, env: dict[str, Any]) -> Any:
        return node.value

    def _nonelit(self, node: ast.NoneLit, env: dict[str, Any]) -> Any:
        return None

    def _date(self, node: ast.Date, env: dict[str, Any]) -> Any:
        return node.value

    def _duration(self, node: ast.Duration, env: dict[str, Any]) -> Any:
        return Duration(math.floor(node.amount), node.unit.value)

    def _name(self, node: ast.Name, env: dict[str, Any]) -> Any:
        if node.id in env:
            return env[node.id]
        if node.id == "indicators":
            return self.views(env["standard"], env.get("title"))
        return self.define(self.defines[node.id], [], env)

    def _listexpr(self, node: ast.ListExpr, env: dict[str, Any]) -> Any:
        return [self.run(item, env) for item in node.items]

    # ------------------------------------------------------------ access

    def _field(self, node: ast.Field, env: dict[str, Any]) -> Any:
        obj = self.run(node.obj, env)
        name = node.name
        if obj is None:
            return None
        if isinstance(obj, View):
            return obj.fields.get(name)
        if isinstance(obj, list) and obj and isinstance(obj[0], View):
            found = [view for view in obj if view.fields["id"] == name]
            return found[0] if found else None
        if isinstance(obj, dict):
            return obj.get(name)
        if attrs.has(type(obj)):
            names = [f.name for f in attrs.fields(type(obj)) if not f.name.startswith("_")]
            return getattr(obj, name) if name in names else None
        return None

    def _index(self, node: ast.Index, env: dict[str, Any]) -> Any:
        obj, key = self.run(node.obj, env), self.run(node.index, env)
        if obj is None or key is None:
            return None
        if isinstance(obj, dict):
            return obj.get(key) if isinstance(key, str) else None
        if isinstance(obj, list | tuple | str) and as_number(key) is not None:
            if key != int(key) or not 0 <= key < len(obj):
                return None
            return obj[int(key)]
        return None

    # ------------------------------------------------------------ operators

    def _unary(self, node: ast.Unary, env: dict[str, Any]) -> Any:
        value = self.run(node.operand, env)
        if node.op is ast.UnaryOp.NOT:
            return not truthy(value)
        return -value if as_number(value) is not None else None

    def _boolop(self, node: ast.BoolOp, env: dict[str, Any]) -> Any:
        left = truthy(self.run(node.left, env))
        if node.op is ast.BoolOpKind.AND:
            return left and truthy(self.run(node.right, env))
        return left or truthy(self.run(node.right, env))

    def _ifexpr(self, node: ast.IfExpr, env: dict[str, Any]) -> Any:
        if truthy(self.run(node.cond, env)):
            return self.run(node.then, env)
        return self.run(node.otherwise, env)

    def _arith(self, node: ast.Arith, env: dict[str, Any]) -> Any:
        a, b = self.run(node.left, env), self.run(node.right, env)
        if a is None or b is None:
            return None
        op = node.op
        if isinstance(b, Duration) and op in (ast.ArithOp.ADD, ast.ArithOp.SUB):
            return shift(a, b, 1 if op is ast.ArithOp.ADD else -1)
        if isinstance(a, Duration) and op is ast.ArithOp.ADD:
            return shift(b, a, 1)
        if op in (ast.ArithOp.MUL, ast.ArithOp.DIV):
            if as_number(a) is None or as_number(b) is None:
                return None
            if op is ast.ArithOp.MUL:
                return a * b
            return None if b == 0 else a / b
        if as_number(a) is not None and as_number(b) is not None:
            return a + b if op is ast.ArithOp.ADD else a - b
        if op is ast.ArithOp.SUB and isinstance(a, datetime.date) and isinstance(b, datetime.date):
            return (a - b).days
        return None

    def _compare(self, node: ast.Compare, env: dict[str, Any]) -> Any:
        op = node.op
        if op.directional:
            return self._directional(node, env)
        left = self.run(node.left, env)
        if op is ast.CompareOp.MATCHES:
            assert isinstance(node.right, ast.String)
            return isinstance(left, str) and re.fullmatch(node.right.value, left) is not None
        right = self.run(node.right, env)
        if op is ast.CompareOp.EQ:
            return bool(left == right)
        if op is ast.CompareOp.NE:
            return bool(left != right)
        if op in (ast.CompareOp.IN, ast.CompareOp.NOT_IN):
            try:
                found = right is not None and bool(left in right)
            except (TypeError, ValueError):
                found = False
            return found if op is ast.CompareOp.IN else not found
        if op is ast.CompareOp.LT:
            return ordered(left, right, "<")
        if op is ast.CompareOp.LE:
            return ordered(left, right, "<=")
        if op is ast.CompareOp.GT:
            return ordered(right, left, "<")
        return ordered(right, left, "<=")

    def _directional(self, node: ast.Compare, env: dict[str, Any]) -> Any:
        left = node.left
        assert isinstance(left, ast.Field)
        holder, table = left.obj, None
        if isinstance(holder, ast.Field) and holder.name in ("tiers", "references"):
            holder, table = holder.obj, holder.name
        view = self.run(holder, env)
        if not isinstance(view, View):
            return False
        fields = view.fields if table is None else view.fields[table]
        value = fields.get(left.name)
        return directional(node.op.value, view.lower, value, self.run(node.right, env))

    def _quantifier(self, node: ast.Quantifier, env: dict[str, Any]) -> Any:
        domain = self.run(node.iterable, env)
        items = domain if isinstance(domain, list | tuple) else []
        results = []
        for item in items:
            value = truthy(self.run(node.body, {**env, node.var: item}))
            results.append(value)
            # the same laziness as SPEC's all/any: stop at the first deciding item
            if node.kind is ast.QuantifierKind.ALL and not value:
                return False
            if node.kind is ast.QuantifierKind.ANY and value:
                return True
        if node.kind is ast.QuantifierKind.COUNT:
            return sum(results)
        return node.kind is ast.QuantifierKind.ALL

    def _call(self, node: ast.Call, env: dict[str, Any]) -> Any:
        args = [self.run(arg, env) for arg in node.args]
        name = node.func
        if name in self.defines:
            return self.define(self.defines[name], args, env)
        if name == "first":
            return next((arg for arg in args if arg is not None), None)
        if name == "len":
            return len(args[0]) if isinstance(args[0], list | tuple | str) else None
        if name in ("min", "max"):
            values = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
            if not values or any(v is None for v in values):
                return None
            try:
                return min(values) if name == "min" else max(values)
            except (TypeError, ValueError):
                return None
        if name == "abs":
            return abs(args[0]) if as_number(args[0]) is not None else None
        if name == "round":
            return _round(*args)
        if name == "lower":
            return args[0].lower() if isinstance(args[0], str) else None
        if name == "working_days_between":
            start, end = args
            if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
                return None
            return max(calendar.working_days_between(start, end), 0)
        raise AssertionError(name)


def shift(day: Any, duration: Duration, sign: int) -> Any:
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        return None
    n = duration.amount * sign
    try:
        if duration.unit == "days":
            return day + datetime.timedelta(days=n)
        if duration.unit == "months":
            return calendar.add_months(day, n)
        if duration.unit == "years":
            return calendar.add_years(day, n)
        return calendar.add_working_days(day, n)
    except (OverflowError, ValueError):
        return None


def _round(value: Any, digits: Any = 0) -> Any:
    """Half away from zero on the decimal the number is written as (docs/language.md)."""
    if as_number(value) is None or as_number(digits) is None or math.isinf(value):
        return None
    places = int(digits)
    quantum = decimal.Decimal(1).scaleb(-places)
    rounded = decimal.Decimal(repr(value)).quantize(quantum, rounding=decimal.ROUND_HALF_UP)
    return float(rounded) if places > 0 or isinstance(value, float) else int(rounded)
