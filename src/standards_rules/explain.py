"""Explanation stage: why one standard got its verdicts, from a tracer that only observes.

Takes a checked ruleset, a dataset, `as_of` and a standard number; gives an
`Explanation` (attrs) and renderers for text and JSON. Computation stays in
`evaluate`: the verdicts, scores and ranks are read from its `Report`, and a
separately compiled *traced* variant of the rules (built lazily, so ordinary
evaluation pays nothing) is re-run for this one standard with a `Tracer` that
records each comparison's operands and outcome as a `Check` (explain_checks.py), which
the JSON words in the ruleset language's notation, e.g.
`[i = ash] ash: declared 12.5, industry limit 12.5, better_than → false`, and the
text renderer in the reader's language.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from standards_rules import ast
from standards_rules.check.show import show
from standards_rules.compile import CompiledRule, TracedProgram, compile_ruleset, compile_traced
from standards_rules.compile.runtime import DIRECTIONAL
from standards_rules.compile.views import IndicatorView, make_views, view_operand
from standards_rules.dates import date_argument
from standards_rules.diagnostics import StandardsRulesError
from standards_rules.evaluate import evaluate
from standards_rules.evaluate.eligibility import enterprise_of, subject_matches
from standards_rules.evaluate.preparation import Prepared
from standards_rules.evaluate.withdrawal import title_subjects, window_events
from standards_rules.explain_checks import (
    COMPARISON,
    DIRECTED,
    READ,
    Check,
    Operand,
    check_text,
)
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset
from standards_rules.report import rounded


class UnknownStandardError(StandardsRulesError):
    """The standard to explain is not among the dataset's accepted records."""


@attrs.frozen
class RuleTrace:
    """One rule, require or trigger: its outcome and what the tracer saw decide it."""

    id: str
    label: str | None
    cite: str | None
    passed: bool
    checks: tuple[Check, ...]


@attrs.frozen
class Explanation:
    """Every verdict on one standard with the checks behind it (`explain`)."""

    standard: str
    enterprise: str
    subject_matches: bool
    eligible: bool
    rules: tuple[RuleTrace, ...]
    group: str | None
    rank: int | None
    score: float | None
    parts: Mapping[str, float]
    status: str  # "leader" | "passed_over" | "ranked" | "ineligible" | "unranked"
    requires: tuple[RuleTrace, ...]
    triggers: tuple[RuleTrace, ...]
    withdrawn: bool

    def to_dict(self) -> dict[str, Any]:
        """The explanation as plain JSON values."""

        def rules(traces: tuple[RuleTrace, ...]) -> list[dict[str, Any]]:
            return [
                {
                    "id": t.id,
                    "label": t.label,
                    "cite": t.cite,
                    "passed": t.passed,
                    "checks": [check_text(c) for c in t.checks],
                }
                for t in traces
            ]

        return {
            "standard": self.standard,
            "enterprise": self.enterprise,
            "subject_matches": self.subject_matches,
            "eligible": self.eligible,
            "rules": rules(self.rules),
            "group": self.group,
            "rank": self.rank,
            "score": None if self.score is None else rounded(self.score),
            "parts": {k: rounded(v) for k, v in self.parts.items()},
            "status": self.status,
            "requires": rules(self.requires),
            "triggers": rules(self.triggers),
            "withdrawn": self.withdrawn,
        }

    def to_json(self) -> str:
        """The explanation as the JSON `explain --format json` prints."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


class Tracer:
    """Receives the traced program's calls; records what it saw, never changes a result."""

    def __init__(self, program: TracedProgram, text: str) -> None:
        self.program = program
        self.text = text
        self.bindings: list[str] = []
        self.checks: list[Check] = []

    def bind(self, level: int, name: str, value: object) -> bool:
        """A quantifier variable bound at nesting `level`; always true, so a body goes on."""
        del self.bindings[level:]
        self.bindings.append(f"{name} = {fmt(value)}")
        return True

    def val(self, k: int, value: object) -> object:
        """A value read at node `k`; returned unchanged."""
        truth = value if isinstance(value, bool) else None
        self._record(k, Check((), READ, self._src(self.program.nodes[k]), fmt(value), truth))
        return value

    def cmp(self, k: int, fn: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
        """A comparison at node `k`, recorded with both operands; its result."""
        result = bool(fn(left, right))
        node = self.program.nodes[k]
        assert isinstance(node, ast.Compare)
        if node.op is ast.CompareOp.MATCHES:
            shown = f"{fmt(left)} matches {self._src(node.right)}"
        else:
            shown = f"{fmt(left)} {node.op.value} {fmt(right)}"
        where = f"{self._src(node.left)} {node.op.value} {self._src(node.right)}"
        self._record(k, Check((), COMPARISON, where, shown, result))
        return result

    def dcmp(self, k: int, op: str, view: Any, name: str, table: str | None, right: Any) -> bool:
        """A direction-aware comparison at node `k`, recorded in words; its result."""
        left = view_operand(view, name, table)
        ok = isinstance(view, IndicatorView)
        result = ok and DIRECTIONAL[op](view.lower, left, right)
        node = self.program.nodes[k]
        assert isinstance(node, ast.Compare)
        ident = view.id if ok else "none"
        sides = (self._operand(node.left, left), self._operand(node.right, right))
        self._record(k, Check((), DIRECTED, ident, "", result, op, *sides))
        return result

    def _record(self, k: int, check: Check) -> None:
        bound = tuple(self.bindings[: self.program.depths[k]])
        self.checks.append(attrs.evolve(check, bindings=bound))

    def _operand(self, node: ast.Expr, value: object) -> Operand:
        role, name = _role(node)
        return Operand(role, name if role else self._src(node), fmt(value))

    def _src(self, node: ast.Expr) -> str:
        span = node.span
        if span.end_pos <= span.start_pos:
            return show(node)  # inlined from a define: its span is not in this text
        return " ".join(self.text[span.start_pos : span.end_pos].split())


_ROLES = ("value", "previous", "awarded", "national", "industry")


def _role(node: ast.Expr) -> tuple[str, str]:
    """A view field's role in a check (`value`, `tier` with its name, …), or ("", "")."""
    if not isinstance(node, ast.Field):
        return "", ""
    if isinstance(node.obj, ast.Field) and node.obj.name == "tiers":
        return "tier", node.name
    if isinstance(node.obj, ast.Field) and node.obj.name == "references":
        return "reference", node.name
    return (node.name, "") if node.name in _ROLES else ("", "")


def fmt(value: object) -> str:
    """A value as the ruleset language would write it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, IndicatorView):
        return value.id
    if isinstance(value, list | tuple):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if attrs.has(type(value)):
        first = attrs.fields(type(value))[0].name  # type: ignore[arg-type]
        return f"{type(value).__name__.lower()} {fmt(getattr(value, first))}"
    return repr(value)


def _trace(
    rules: tuple[CompiledRule, ...], tracer: Tracer, args: tuple[Any, ...]
) -> tuple[RuleTrace, ...]:
    out = []
    for rule in rules:
        tracer.bindings, tracer.checks = [], []
        passed = bool(rule.fn(*args, tracer))
        out.append(RuleTrace(rule.id, rule.label, rule.cite, passed, tuple(tracer.checks)))
    return tuple(out)


def explain(
    ruleset: CheckedRuleset,
    dataset: Dataset,
    standard_number: str,
    *,
    as_of: datetime.date | str,
    publicity_start: datetime.date | str | None = None,
) -> Explanation:
    """Explain every verdict `evaluate` gives standard `standard_number`.

    The dates are keyword-only, as in `evaluate` (a `date` or ISO text).
    """
    as_of = date_argument("as_of", as_of)
    standard = dataset.standard(standard_number)
    if standard is None:
        rejected = [r for r in dataset.rejected if r.record == standard_number]
        why = f" (rejected: {rejected[0].error})" if rejected else ""
        raise UnknownStandardError(f"no standard {standard_number!r} in the dataset{why}")
    report = evaluate(ruleset, dataset, as_of=as_of, publicity_start=publicity_start)
    out_of_range = [r for r in report.rejected if r.record == standard_number]
    if out_of_range:
        message = f"standard {standard_number!r} was rejected: {out_of_range[0].error}"
        raise UnknownStandardError(message)
    program = compile_ruleset(ruleset.ast)
    traced = compile_traced(ruleset.ast)
    tracer = Tracer(traced, ruleset.source.text)
    # The standard and enterprise as the evaluation saw them (SPEC §4.0).
    prepared = Prepared(program, dataset)
    prepared.exclude(report.withdrawals)
    standard = prepared.standard(standard_number) or standard
    enterprise = prepared.enterprise(enterprise_of(dataset, standard))
    views = program.views(standard)
    matches = subject_matches(ruleset.ast, standard)
    verdict = next(e for e in report.eligibility if e.standard == standard_number)
    base = (standard, enterprise, as_of, views, None, (), None, None, None)
    rules = _trace(traced.eligible, tracer, base) if matches else ()
    ranked = next((r for r in report.ranking if r.standard == standard_number), None)
    requires: tuple[RuleTrace, ...] = ()
    status = "ineligible" if not verdict.eligible else "unranked"
    if ranked is not None:
        cohort = sum(1 for r in report.ranking if r.group == ranked.group)
        args: tuple[Any, ...] = (
            standard,
            enterprise,
            as_of,
            views,
            None,
            (),
            cohort,
            ranked.score,
            None,
        )
        requires = _trace(traced.requires, tracer, args)
        status = "ranked"
        if any(x.standard == standard_number for x in report.leaders):
            status = "leader"
        elif any(x.standard == standard_number for x in report.passed_over):
            status = "passed_over"
    triggers: tuple[RuleTrace, ...] = ()
    for title, current, holder in title_subjects(program, prepared, as_of):
        if standard_number in (title.standard, current.number):
            events = window_events(holder, title, as_of)
            title_views = make_views(program.statics, current, title)
            args = (current, holder, as_of, title_views, title, events, None, None, None)
            triggers += _trace(traced.triggers, tracer, args)
    return Explanation(
        standard=standard_number,
        enterprise=standard.enterprise,
        subject_matches=matches,
        eligible=verdict.eligible,
        rules=rules,
        group=None if ranked is None else ranked.group,
        rank=None if ranked is None else ranked.rank,
        score=None if ranked is None else ranked.score,
        parts={} if ranked is None else dict(ranked.parts),
        status=status,
        requires=requires,
        triggers=triggers,
        withdrawn=any(w.standard == standard_number for w in report.withdrawals),
    )


__all__ = ["Check", "Explanation", "RuleTrace", "Tracer", "UnknownStandardError", "explain"]
