"""The checker stage: typed AST + record schema → diagnostics (all of them at once).

`check_ruleset` runs the passes in order and never raises: structure (sections,
ids, weights, tiers), tiers against the limits the rules demand they beat, then
every body typed in its scope (`scope.Context`), then the interval lint on the
typed bodies. Diagnostics come back sorted by position.
The compiler may reuse `scope.names_in`, `builtins.BUILTINS` and `types`.
"""

from __future__ import annotations

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.indicators import check_indicators
from standards_rules.check.infer import Inference
from standards_rules.check.lint import lint_body
from standards_rules.check.report import Reporter
from standards_rules.check.scope import Context, Scope, names_in
from standards_rules.check.structure import check_structure
from standards_rules.check.tier_limits import check_tier_limits
from standards_rules.diagnostics import Diagnostic, sort_key

_RULE_WORDS = {
    Context.RULE: "rule",
    Context.REQUIRE: "require",
    Context.TRIGGER: "trigger",
}


class _LintedInference(Inference):
    def after_define(self, define: ast.Define) -> None:
        lint_body(define.body, self.types, self.report, "define")


def check_ruleset(ruleset: ast.Ruleset, path: str) -> list[Diagnostic]:
    """Every problem of `ruleset` (and of the defines it uses), in source order."""
    report = Reporter(path)
    check_structure(ruleset, report)
    check_indicators(ruleset, report)
    check_tier_limits(ruleset, report)
    inference = _LintedInference(ruleset.indicators, ruleset.defines, report)
    _check_bodies(ruleset, inference, report)
    inference.infer_defines()
    return sorted(report.diagnostics, key=sort_key)


def check_library(library: ast.Library, path: str) -> list[Diagnostic]:
    """Every problem of a library checked alone: its defines, against no particular
    ruleset's indicators (indicator ids, tiers and reference names are not known)."""
    report = Reporter(path)
    inference = _LintedInference((), library.defines, report, open_indicators=True)
    inference.infer_defines()
    return sorted(report.diagnostics, key=sort_key)


def _rules(ruleset: ast.Ruleset) -> list[tuple[Context, ast.Rule]]:
    rules = [(Context.RULE, r) for r in ruleset.eligible or ()]
    if ruleset.leaders is not None:
        rules += [(Context.REQUIRE, r) for r in ruleset.leaders.requires]
    if ruleset.withdraw is not None:
        rules += [(Context.TRIGGER, r) for r in ruleset.withdraw.triggers]
    return rules


def _check_bodies(ruleset: ast.Ruleset, inference: Inference, report: Reporter) -> None:
    for context, rule in _rules(ruleset):
        found = inference.infer(rule.body, Scope(context))
        word = _RULE_WORDS[context]
        if not t.is_(found, t.BOOL):
            message = (
                f"the body of {word} '{rule.id}' must be bool (true or false); "
                f"it is {t.describe(found)}"
            )
            report.error("E302", message, rule.body.span)
        lint_body(rule.body, inference.types, report, word)
    if ruleset.leaders is not None and ruleset.leaders.top is not None:
        count = ruleset.leaders.top.count
        found = inference.infer(count, Scope(Context.TOP))
        if not t.is_(found, t.NUMBER):
            inference.mistyped("'top' needs a number; it is", found, count)
    for key in ruleset.rank_by or ():
        found = inference.infer(key.expr, Scope(Context.RANK_KEY))
        if not t.is_(found, t.NUMBER, t.DATE, t.STRING):
            inference.mistyped(
                "a rank key must be a number, a date or a string; it is", found, key.expr
            )
    if ruleset.group_by is not None:
        found = inference.infer(ruleset.group_by, Scope(Context.GROUP_KEY))
        if not t.is_(found, t.NUMBER, t.DATE, t.STRING, t.BOOL):
            message = "'group by' needs a number, a date, a string or a bool; it is"
            inference.mistyped(message, found, ruleset.group_by)


__all__ = ["Context", "check_library", "check_ruleset", "names_in"]
