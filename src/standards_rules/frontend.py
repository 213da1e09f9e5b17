"""The front end as one call: ruleset text → parse → lower → check → `CheckedRuleset`.

`parse_ruleset` and `load_ruleset` raise one `RulesetError` holding every
diagnostic; `analyse` returns the diagnostics instead, for `check`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import attrs

from standards_rules import ast
from standards_rules.check import check_ruleset
from standards_rules.diagnostics import (
    Diagnostic,
    RulesetError,
    StandardsRulesError,
    error,
    has_errors,
    sort_key,
)
from standards_rules.limits import MAX_RULESET_BYTES
from standards_rules.source import Source, Span
from standards_rules.syntax import lower, parse_tree


class RulesetFileError(StandardsRulesError):
    """A ruleset file that cannot be read at all (missing, a directory, not UTF-8)."""


@attrs.frozen
class CheckedRuleset:
    """A ruleset that parsed and checked without errors, ready to compile and evaluate."""

    ast: ast.Ruleset
    source: Source
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def id(self) -> str:
        return self.ast.id

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.text.encode("utf-8")).hexdigest()


def read_source(path: str | Path) -> Source:
    """Read a ruleset file as UTF-8, or raise `RulesetFileError` saying why it cannot be read."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            # Read no further than the limit: `/dev/zero` or a huge file is refused, not read.
            data = handle.read(MAX_RULESET_BYTES + 1)
    except FileNotFoundError:
        raise RulesetFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RulesetFileError(f"{path}: is a directory, not a ruleset file") from None
    except OSError as exc:
        raise RulesetFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_RULESET_BYTES:
        limit = MAX_RULESET_BYTES // 1_000_000
        raise RulesetFileError(f"{path}: is larger than {limit} MB, the most a ruleset file may be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RulesetFileError(
            f"{path}:{line}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return Source(str(path), text.removeprefix("\ufeff"))


def analyse(source: Source) -> tuple[ast.Ruleset | None, list[Diagnostic]]:
    """Parse, lower and check `source`; the AST is None when it does not parse."""
    tree, diagnostics = parse_tree(source)
    if tree is None:
        return None, diagnostics
    try:
        ruleset, lowering = lower(tree, source)
    except RecursionError:
        span = Span(1, 1, 1, 2)
        return None, [error("E103", "the ruleset is nested too deeply to check", span, source.path)]
    diagnostics = sorted(lowering + check_ruleset(ruleset, source.path), key=sort_key)
    return ruleset, diagnostics


def parse_ruleset(text: str, path: str = "<ruleset>") -> CheckedRuleset:
    """Check ruleset `text`; raise `RulesetError` with every diagnostic if any is an error."""
    source = Source(path, text)
    ruleset, diagnostics = analyse(source)
    if ruleset is None or has_errors(diagnostics):
        raise RulesetError(diagnostics, source)
    return CheckedRuleset(ruleset, source, tuple(diagnostics))


def load_ruleset(path: str | Path) -> CheckedRuleset:
    """Read and check the ruleset file at `path` (see `parse_ruleset`)."""
    source = read_source(path)
    return parse_ruleset(source.text, source.path)


__all__ = [
    "CheckedRuleset",
    "RulesetFileError",
    "analyse",
    "load_ruleset",
    "parse_ruleset",
    "read_source",
]
