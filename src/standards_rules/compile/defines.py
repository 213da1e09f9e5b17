"""Compile stage, first pass: a checked `Ruleset` with defines → the same ruleset without them.

Takes a checked AST (defines unique and acyclic, every use matching its
signature); gives an AST where every use of a define is replaced by its body,
its parameters by the arguments of the call (SPEC §2.4: a define means its
body, evaluated at the point of use). The code generator then sees one plain
expression per body, so a plan written with defines compiles to the same code,
and runs as fast, as the plan written out.

Quantifier variables of an inlined body are renamed (`e` → `e#2`, a name no
ruleset can write) so that an argument mentioning the caller's `e` is never
captured. Inlined nodes lose their spans: they point into another part of the
text (or another file), and `explain` shows such nodes by their canonical text.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import cast

import attrs

from standards_rules import ast
from standards_rules.source import UNKNOWN_SPAN

_EXPRESSIONS = ast.EXPRESSIONS


class _Inliner:
    def __init__(self, defines: tuple[ast.Define, ...]) -> None:
        self.defines = {d.name: d for d in defines}
        self._fresh = itertools.count(1)

    def expr(self, node: ast.Expr, env: Mapping[str, ast.Expr], inlined: bool) -> ast.Expr:
        """`node` with every define use expanded; `env` maps parameters (and renamed
        variables) of the define being expanded to what they stand for."""
        match node:
            case ast.Name(id=name) if name in env:
                return env[name]
            case ast.Name(id=name) if name in self.defines:
                return self._expand(self.defines[name], ())
            case ast.Call(func=func, args=args) if func in self.defines:
                given = tuple(self.expr(a, env, inlined) for a in args)
                return self._expand(self.defines[func], given)
            case ast.Quantifier(var=var) if inlined:
                renamed = f"{var}#{next(self._fresh)}"
                inner = {**env, var: ast.Name(renamed)}
                return attrs.evolve(
                    node,
                    var=renamed,
                    iterable=self.expr(node.iterable, env, inlined),
                    body=self.expr(node.body, inner, inlined),
                    span=UNKNOWN_SPAN,
                )
        return self._children(node, env, inlined)

    def _children(self, node: ast.Expr, env: Mapping[str, ast.Expr], inlined: bool) -> ast.Expr:
        changes: dict[str, object] = {}
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            if isinstance(value, _EXPRESSIONS):
                changes[field.name] = self.expr(cast("ast.Expr", value), env, inlined)
            elif isinstance(value, tuple) and value and isinstance(value[0], _EXPRESSIONS):
                changes[field.name] = tuple(self.expr(v, env, inlined) for v in value)
        if inlined:
            changes["span"] = UNKNOWN_SPAN
        return attrs.evolve(node, **changes) if changes else node  # type: ignore[arg-type]

    def _expand(self, define: ast.Define, args: tuple[ast.Expr, ...]) -> ast.Expr:
        env = {param.name: arg for param, arg in zip(define.params, args, strict=True)}
        return self.expr(define.body, env, inlined=True)

    def rule(self, rule: ast.Rule) -> ast.Rule:
        return attrs.evolve(rule, body=self.expr(rule.body, {}, inlined=False))


def inline_defines(ruleset: ast.Ruleset) -> ast.Ruleset:
    """`ruleset` with every define used in its bodies replaced by its body (see module doc)."""
    if not ruleset.defines:
        return ruleset
    inliner = _Inliner(ruleset.defines)

    def expr(node: ast.Expr) -> ast.Expr:
        return inliner.expr(node, {}, inlined=False)

    leaders = ruleset.leaders
    if leaders is not None:
        top = leaders.top
        leaders = attrs.evolve(
            leaders,
            top=None if top is None else attrs.evolve(top, count=expr(top.count)),
            requires=tuple(inliner.rule(r) for r in leaders.requires),
        )
    withdraw = ruleset.withdraw
    if withdraw is not None:
        withdraw = attrs.evolve(
            withdraw, triggers=tuple(inliner.rule(r) for r in withdraw.triggers)
        )
    rank_by = ruleset.rank_by
    if rank_by is not None:
        rank_by = tuple(attrs.evolve(key, expr=expr(key.expr)) for key in rank_by)
    return attrs.evolve(
        ruleset,
        eligible=None if ruleset.eligible is None else tuple(map(inliner.rule, ruleset.eligible)),
        leaders=leaders,
        withdraw=withdraw,
        rank_by=rank_by,
        group_by=None if ruleset.group_by is None else expr(ruleset.group_by),
        defines=(),
    )


__all__ = ["inline_defines"]
