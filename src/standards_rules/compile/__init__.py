"""Compile stage: checked `ast.Ruleset` → `Program`, the ruleset as Python functions.

Takes a checked AST; gives a `Program` holding one generated function per
eligibility rule, leaders require, withdrawal trigger, rank key, the group key
and the `top` count, plus the static part of every indicator view. Rules are
translated once per ruleset into Python source (see `codegen`) and compiled
with `compile()`: measured, that runs as fast as hand-written predicates,
where a tree-walking interpreter ran 15× slower.

Every compiled function takes the same positional arguments
`(standard, enterprise, as_of, views, title, events, cohort, score, declared)`;
a value a section does not provide is passed as `None`. Defines are inlined
first (`defines.inline_defines`), so they cost nothing at run time.

Speed (docs/performance.md): a field of an indicator known at compile time
(`indicators.sulfur.value`, or `i.value` inside a quantifier over `indicators`,
which is unrolled into one copy of its body per indicator) reads the standard's
value directly, so indicator views are built only for a program whose
`needs_views` is true. All eligibility rules are also compiled into one
function, `eligible_mask`, that reads each indicator value once and gives the
failed rules as a bit mask.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import cast

import attrs

from standards_rules import ast
from standards_rules.compile.codegen import CodeGen, Compiled
from standards_rules.compile.defines import inline_defines
from standards_rules.compile.drivers import judge_loop, mask_function
from standards_rules.compile.emitter import ProgramError
from standards_rules.compile.statics import static_parts
from standards_rules.compile.views import IndicatorStatic, IndicatorView, make_views


@attrs.frozen
class CompiledRule:
    id: str
    label: str | None
    cite: str | None
    fn: Compiled = attrs.field(eq=False, repr=False)


@attrs.frozen
class RankKey:
    fn: Compiled = attrs.field(eq=False, repr=False)
    descending: bool


@attrs.frozen(eq=False)
class Program:
    """A ruleset compiled to Python functions; `source` is the generated code, for reading."""

    ruleset: ast.Ruleset
    statics: tuple[IndicatorStatic, ...]
    eligible: tuple[CompiledRule, ...]
    requires: tuple[CompiledRule, ...]
    triggers: tuple[CompiledRule, ...]
    rank_keys: tuple[RankKey, ...]
    group_by: Compiled | None
    top: Compiled | None
    source: str = attrs.field(repr=False)
    # Bit k set when eligibility rule k fails; same arguments as every compiled function.
    eligible_mask: Callable[..., int] = attrs.field(eq=False, repr=False)
    # The eligibility stage as one generated loop (see `drivers.judge_loop`).
    eligible_loop: Callable[..., None] = attrs.field(eq=False, repr=False)
    # Whether any function reads its `views` argument; when false, `()` may be passed.
    needs_views: bool

    def views(self, standard: object) -> tuple[IndicatorView, ...]:
        return make_views(self.statics, standard)

    def views_for(self, standard: object) -> tuple[IndicatorView, ...]:
        """The views to pass to this program's functions: `()` when none reads them."""
        return make_views(self.statics, standard) if self.needs_views else ()


@attrs.frozen(eq=False)
class TracedProgram:
    """The same functions compiled with tracer calls, for `explain` only; `nodes[k]` is event k."""

    eligible: tuple[CompiledRule, ...]
    requires: tuple[CompiledRule, ...]
    triggers: tuple[CompiledRule, ...]
    nodes: tuple[ast.Expr, ...]
    depths: tuple[int, ...]


def _build(ruleset: ast.Ruleset, traced: bool) -> tuple[CodeGen, dict[str, object]]:
    gen = CodeGen(ruleset, traced)
    sections = (
        ("rule_", ruleset.eligible or ()),
        ("require_", _requires(ruleset)),
        ("trigger_", _triggers(ruleset)),
    )
    for prefix, rules in sections:
        for n, rule in enumerate(rules):
            gen.function(f"{prefix}{n}", rule.body, boolean=True)
    if not traced:
        for n, key in enumerate(ruleset.rank_by or ()):
            gen.function(f"rk{n}", key.expr)
        if ruleset.group_by is not None:
            gen.function("grp", ruleset.group_by)
        if ruleset.leaders is not None and ruleset.leaders.top is not None:
            # `top` runs without a standard: no static indicator reads there.
            gen.function("top", ruleset.leaders.top.count, static=False)
        bodies = tuple(rule.body for rule in ruleset.eligible or ())
        mask_function(gen, "eligible_mask", bodies)
        judge_loop(gen, "eligible_loop", bodies)
    namespace = gen.namespace()
    code = compile(gen.source(), f"<standards-rules {'traced ' if traced else ''}program>", "exec")
    exec(code, namespace)  # generated from the checked AST only; see codegen's docstring
    return gen, namespace


def _requires(ruleset: ast.Ruleset) -> tuple[ast.Rule, ...]:
    return ruleset.leaders.requires if ruleset.leaders else ()


def _triggers(ruleset: ast.Ruleset) -> tuple[ast.Rule, ...]:
    return ruleset.withdraw.triggers if ruleset.withdraw else ()


def _rules(
    namespace: dict[str, object], prefix: str, rules: tuple[ast.Rule, ...]
) -> tuple[CompiledRule, ...]:
    return tuple(
        CompiledRule(rule.id, rule.label, rule.cite, _fn(namespace, f"{prefix}{n}"))
        for n, rule in enumerate(rules)
    )


def _fn(namespace: dict[str, object], name: str) -> Compiled:
    fn = namespace[name]
    assert callable(fn)
    return fn


def compile_ruleset(ruleset: ast.Ruleset) -> Program:
    """Translate `ruleset` to a `Program`; raises `ProgramError` on a form the checker missed."""
    return _compile_cached(ruleset)


@functools.lru_cache(maxsize=32)
def _compile_cached(written: ast.Ruleset) -> Program:
    ruleset = inline_defines(written)
    gen, ns = _build(ruleset, traced=False)
    keys = ruleset.rank_by
    if keys is None:
        keys = (ast.RankKey(ast.Name("score"), descending=True),)
        score_gen = CodeGen(ruleset)
        score_gen.function("rk0", keys[0].expr)
        exec(compile(score_gen.source(), "<standards-rules rank>", "exec"), ns)
    has_top = ruleset.leaders is not None and ruleset.leaders.top is not None
    needs_views = gen.uses_views()
    return Program(
        ruleset=ruleset,
        statics=static_parts(ruleset),
        eligible=_rules(ns, "rule_", ruleset.eligible or ()),
        requires=_rules(ns, "require_", _requires(ruleset)),
        triggers=_rules(ns, "trigger_", _triggers(ruleset)),
        rank_keys=tuple(
            RankKey(_fn(ns, f"rk{n}"), key.descending) for n, key in zip(itertools.count(), keys)
        ),
        group_by=_fn(ns, "grp") if ruleset.group_by is not None else None,
        top=_fn(ns, "top") if has_top else None,
        source=gen.source(),
        eligible_mask=cast("Callable[..., int]", _fn(ns, "eligible_mask")),
        eligible_loop=cast("Callable[..., None]", _fn(ns, "eligible_loop")),
        needs_views=needs_views,
    )


@functools.lru_cache(maxsize=8)
def compile_traced(ruleset: ast.Ruleset) -> TracedProgram:
    """The traced variant, compiled lazily: only `explain` pays for it."""
    gen, ns = _build(inline_defines(ruleset), traced=True)
    return TracedProgram(
        eligible=_rules(ns, "rule_", ruleset.eligible or ()),
        requires=_rules(ns, "require_", _requires(ruleset)),
        triggers=_rules(ns, "trigger_", _triggers(ruleset)),
        nodes=tuple(gen.nodes),
        depths=tuple(gen.depths),
    )


RuleFunction = Callable[..., object]

__all__ = [
    "CompiledRule",
    "Program",
    "ProgramError",
    "RankKey",
    "TracedProgram",
    "compile_ruleset",
    "compile_traced",
]
