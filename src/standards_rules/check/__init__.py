"""The checker stage: typed AST + record schema → diagnostics (all of them at once)."""

from __future__ import annotations

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic


def check_ruleset(ruleset: ast.Ruleset, path: str) -> list[Diagnostic]:
    """Every problem of `ruleset`, errors and warnings, in source order."""
    return []


__all__ = ["check_ruleset"]
