"""Checker stage, type inference: every expression's type, and every type error (SPEC §2.3).

Takes an expression and its `Scope`; gives its `Type` and appends E2xx/E3xx
diagnostics (and W503) to the `Reporter`. An expression already found wrong has
type `UNKNOWN`, which meets every type silently, so one mistake is reported once.
The inferred types stay in `Inference.types` (by node identity) for later passes.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.builtins import BUILTINS
from standards_rules.check.defines import Signature, build_table, where
from standards_rules.check.operators import Operators
from standards_rules.check.report import Reporter
from standards_rules.check.resolve import Resolver
from standards_rules.check.scope import BODY_NAMES, HIDDEN, Context, Scope
from standards_rules.check.suggest import did_you_mean
from standards_rules.source import Span


class Inference(Operators):
    def __init__(
        self,
        indicators: tuple[ast.Indicator, ...],
        defines: tuple[ast.Define, ...],
        report: Reporter,
        *,
        open_indicators: bool = False,
    ) -> None:
        super().__init__(report)
        self.resolver = Resolver(indicators, report, open_indicators=open_indicators)
        self.types: dict[int, t.Type] = {}
        self.defines = build_table(defines, report)
        self._inferring: list[Signature] = []  # the defines whose bodies are being inferred

    def infer_defines(self) -> None:
        """Infer every define's body (those no body used too), each once."""
        for signature in self.defines.values():
            self.define_type(signature)

    def define_type(self, signature: Signature) -> t.Type:
        """The type of a define's body, inferred on first need in the define's own scope."""
        if signature.result is not None:
            return signature.result
        if signature.inferring or signature.in_cycle:
            return t.UNKNOWN
        define = signature.define
        signature.inferring = True
        self._inferring.append(signature)
        names = {**BODY_NAMES, **dict(signature.params)}
        with self.report.at(define.path):
            found = self.infer(define.body, Scope(Context.DEFINE, names))
            self.after_define(define)
        self._inferring.pop()
        signature.inferring = False
        signature.result = t.UNKNOWN if signature.in_cycle else found
        return signature.result

    def after_define(self, define: ast.Define) -> None:
        """A hook for the passes that look at a define's typed body (the lint)."""

    def type_of(self, expr: ast.Expr) -> t.Type:
        """The type already inferred for `expr`."""
        return self.types.get(id(expr), t.UNKNOWN)

    def infer(self, expr: ast.Expr, scope: Scope) -> t.Type:
        result = self._infer(expr, scope)
        self.types[id(expr)] = result
        return result

    def _infer(self, expr: ast.Expr, scope: Scope) -> t.Type:
        match expr:
            case ast.Number():
                return t.NUMBER
            case ast.String():
                return t.STRING
            case ast.Bool():
                return t.BOOL
            case ast.NoneLit():
                return t.NONE
            case ast.Date():
                return t.DATE
            case ast.Duration():
                return t.DURATION
            case ast.Name():
                if scope.lookup(expr.id) is None and expr.id in self.defines:
                    return self._define_use(expr, self.defines[expr.id], scope, None)
                if scope.context is Context.DEFINE and self._inferring and expr.id in HIDDEN:
                    self._inferring[-1].reads |= {expr.id}
                return self.resolver.name(expr, scope)
            case ast.Field(obj=obj):
                found = self.resolver.field(expr, self.infer(obj, scope))
                if expr.name == "awarded" and isinstance(self.type_of(obj), t.IndicatorView):
                    self._awarded(expr, expr.name_span, scope)
                return found
            case ast.Index():
                return self._index(expr, scope)
            case ast.Call():
                args = [self.infer(a, scope) for a in expr.args]
                if expr.func in self.defines:
                    return self._define_use(expr, self.defines[expr.func], scope, args)
                return self._call(expr, args)
            case ast.ListExpr(items=items):
                return self._list(items, [self.infer(i, scope) for i in items])
            case ast.Unary(op=op, operand=operand):
                return self.unary(expr, op, self.infer(operand, scope))
            case ast.Arith(left=left, right=right):
                return self.arith(expr, self.infer(left, scope), self.infer(right, scope))
            case ast.Compare(left=left, right=right):
                left_type, right_type = self.infer(left, scope), self.infer(right, scope)
                if expr.op.directional:
                    self.directional(expr, self.types)
                return self.compare(expr, left_type, right_type)
            case ast.BoolOp(op=op, left=left, right=right):
                sides = (
                    ("left", left, self.infer(left, scope)),
                    ("right", right, self.infer(right, scope)),
                )
                for side, node, found in sides:
                    if not t.is_(found, t.BOOL):
                        self.mistyped(
                            f"'{op.value}' needs bool on both sides; the {side} side is",
                            found,
                            node,
                        )
                return t.BOOL
            case ast.Quantifier():
                return self._quantifier(expr, scope)
            case ast.IfExpr(cond=cond, then=then, otherwise=otherwise):
                cond_type = self.infer(cond, scope)
                if not t.is_(cond_type, t.BOOL):
                    self.mistyped("the condition of 'if' must be bool; it is", cond_type, cond)
                a, b = self.infer(then, scope), self.infer(otherwise, scope)
                if not t.compatible(a, b):
                    message = (
                        "'then' and 'else' must give one type; "
                        f"'then' gives {t.describe(a)}, 'else' gives {t.describe(b)}"
                    )
                    self.report.error("E301", message, otherwise.span)
                    return t.UNKNOWN
                return t.join(a, b)
        return t.UNKNOWN

    def _awarded(self, node: ast.Expr, span: Span, scope: Scope) -> None:
        """`i.awarded` needs a title: a withdraw trigger, or a define only triggers use."""
        if scope.context is Context.TRIGGER:
            return
        if scope.context is Context.DEFINE and self._inferring:
            self._inferring[-1].withdraw_only = True
            return
        message = (
            "'awarded' (the level recorded in the title at award) is known only in a "
            f"withdraw trigger, not in {scope.context.value}"
        )
        self.report.error("E211", message, span)

    def _reads(self, signature: Signature, span: Span, scope: Scope) -> None:
        """A define reading `standard` or `enterprise`, used where there is none (`top`)."""
        if scope.context is Context.DEFINE and self._inferring:
            self._inferring[-1].reads |= signature.reads
            return
        missing = sorted(name for name in signature.reads if scope.lookup(name) is None)
        if missing:
            define = signature.define
            message = (
                f"'{define.name}' reads '{missing[0]}' ({where(define)}), which is not "
                f"available in {scope.context.value}"
            )
            self.report.error("E202", message, span)

    def _define_use(
        self,
        expr: ast.Name | ast.Call,
        signature: Signature,
        scope: Scope,
        args: list[t.Type] | None,
    ) -> t.Type:
        define = signature.define
        result = self.define_type(signature)
        span = expr.span if isinstance(expr, ast.Name) else expr.func_span
        if signature.withdraw_only:
            self._awarded(expr, span, scope)
        self._reads(signature, span, scope)
        if args is None or not isinstance(expr, ast.Call):
            if define.is_function:
                message = (
                    f"'{define.name}' takes {_arguments(signature)}: "
                    f"call it as {_call_form(define)} ({where(define)})"
                )
                self.report.error("E214", message, span)
                return t.UNKNOWN
            return result
        if not define.is_function:
            message = f"'{define.name}' takes no arguments: write it without ( ) ({where(define)})"
            self.report.error("E214", message, expr.span)
            return t.UNKNOWN
        if len(args) != len(signature.params):
            message = (
                f"'{define.name}' takes {_arguments(signature)} ({_call_form(define)}); "
                f"it is given {len(args)}"
            )
            self.report.error("E214", message, expr.span)
            return t.UNKNOWN
        for position, (node, arg, (name, want)) in enumerate(
            zip(expr.args, args, signature.params, strict=True)
        ):
            if not t.compatible(want, arg):
                message = (
                    f"argument {position + 1} ('{name}') of '{define.name}' must be "
                    f"{t.describe(want)}; it is"
                )
                self.mistyped(message, arg, node)
        return result

    def _index(self, expr: ast.Index, scope: Scope) -> t.Type:
        obj, index = self.infer(expr.obj, scope), self.infer(expr.index, scope)
        if t.is_lenient(obj):
            return t.UNKNOWN
        if t.is_list(obj):
            if not t.is_(index, t.NUMBER):
                self.mistyped("a list index must be a number; it is", index, expr.index)
            return t.element(obj)
        if isinstance(obj, t.MapType):
            if not t.is_(index, t.STRING):
                self.mistyped("a map key must be a string; it is", index, expr.index)
            return obj.value
        self.mistyped("only a list can be indexed with [ ]; this is", obj, expr.obj)
        return t.UNKNOWN

    def _list(self, items: tuple[ast.Expr, ...], found: list[t.Type]) -> t.Type:
        element: t.Type = t.UNKNOWN if not found else found[0]
        for position, (item, item_type) in enumerate(zip(items, found, strict=True)):
            if not t.compatible(element, item_type):
                message = (
                    f"the items of a list must share one type; item {position + 1} is "
                    f"{t.describe(item_type)}, the first is {t.describe(element)}"
                )
                self.report.error("E301", message, item.span)
                continue
            element = t.join(element, item_type)
        return t.ListOf(element)

    def _quantifier(self, expr: ast.Quantifier, scope: Scope) -> t.Type:
        iterable = self.infer(expr.iterable, scope)
        if not t.is_list(iterable) and not t.is_lenient(iterable):
            self.mistyped(f"'{expr.kind.value}' goes over a list; this is", iterable, expr.iterable)
        if scope.lookup(expr.var) is not None or expr.var in self.defines:
            what = "the define" if scope.lookup(expr.var) is None else "the name"
            message = (
                f"the variable '{expr.var}' hides {what} '{expr.var}' already in scope; "
                "choose another name"
            )
            self.report.error("E209", message, expr.var_span)
        body = self.infer(expr.body, scope.bind(expr.var, t.element(iterable)))
        if expr.kind is ast.QuantifierKind.COUNT:
            if not t.is_(body, t.BOOL):
                self.mistyped("the condition of 'count' must be bool; it is", body, expr.body)
            return t.NUMBER
        if not t.is_(body, t.BOOL):
            self.mistyped(f"the body of '{expr.kind.value}' must be bool; it is", body, expr.body)
        return t.BOOL

    def _call(self, expr: ast.Call, args: list[t.Type]) -> t.Type:
        builtin = BUILTINS.get(expr.func)
        if builtin is None:
            hint = did_you_mean(expr.func, [*BUILTINS, *self.defines])
            self.report.error("E204", f"unknown function '{expr.func}'{hint}", expr.func_span)
            return t.UNKNOWN
        if not builtin.arity_ok(len(args)):
            message = (
                f"'{expr.func}' takes {builtin.arity_text()} ({builtin.signature}); "
                f"it is given {len(args)}"
            )
            self.report.error("E303", message, expr.span)
            return t.UNKNOWN
        return self.builtin(expr, args)


def _arguments(signature: Signature) -> str:
    count = len(signature.params)
    return f"{count} argument{'s' * (count != 1)}"


def _call_form(define: ast.Define) -> str:
    return f"{define.name}({', '.join(p.name for p in define.params)})"


__all__ = ["Inference"]
