"""Checker stage, reporting: the list every check pass appends its diagnostics to."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from standards_rules.diagnostics import Diagnostic, error, warning
from standards_rules.source import Span


class Reporter:
    """Collects diagnostics for one ruleset file; passes never raise, they report.

    `path` is the file being reported on; `at(path)` switches it for the body of a
    define written in a library, so its diagnostics point into that file.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    @contextlib.contextmanager
    def at(self, path: str) -> Iterator[None]:
        outer, self.path = self.path, path or self.path
        try:
            yield
        finally:
            self.path = outer

    def error(self, code: str, message: str, span: Span) -> None:
        self.diagnostics.append(error(code, message, span, self.path))

    def warning(self, code: str, message: str, span: Span) -> None:
        self.diagnostics.append(warning(code, message, span, self.path))


__all__ = ["Reporter"]
