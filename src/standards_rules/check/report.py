"""Checker stage, reporting: the list every check pass appends its diagnostics to."""

from __future__ import annotations

from standards_rules.diagnostics import Diagnostic, error, warning
from standards_rules.source import Span


class Reporter:
    """Collects diagnostics for one ruleset file; passes never raise, they report."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, message: str, span: Span) -> None:
        self.diagnostics.append(error(code, message, span, self.path))

    def warning(self, code: str, message: str, span: Span) -> None:
        self.diagnostics.append(warning(code, message, span, self.path))


__all__ = ["Reporter"]
