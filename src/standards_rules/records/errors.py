"""The error of a dataset that cannot be read at all (missing, not UTF-8, malformed JSON)."""

from __future__ import annotations

from standards_rules.diagnostics import StandardsRulesError


class DatasetError(StandardsRulesError):
    """A dataset file cannot be read or parsed at all."""

    def __init__(
        self, path: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        where = ":".join(str(part) for part in (path, line, column) if part is not None)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line
        self.column = column


__all__ = ["DatasetError"]
