"""The front end as one call: ruleset text → parse → lower → libraries → check → `CheckedRuleset`.

`parse_ruleset` and `load_ruleset` raise one `RulesetError` holding every
diagnostic; `analyse` returns the diagnostics instead, for `check`. A ruleset's
`use`d libraries are read relative to its path; their defines come first in the
checked AST's `defines` (depth-first order of first use), then the ruleset's own.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import attrs

from standards_rules import ast
from standards_rules.check import check_library, check_ruleset
from standards_rules.collector import collector_paused
from standards_rules.diagnostics import (
    Diagnostic,
    RulesetError,
    StandardsRulesError,
    error,
    has_errors,
    sort_key,
)
from standards_rules.frozen import Frozen
from standards_rules.limits import MAX_RULESET_BYTES
from standards_rules.source import Source, Span, line_starts
from standards_rules.syntax import lower_file
from standards_rules.syntax.libraries import Libraries, LibraryUnreadable, load_libraries
from standards_rules.syntax.parser import parse_source

if TYPE_CHECKING:
    # Not imported to run: pathlib brings urllib and ipaddress, ~3 % of a `check`.
    from pathlib import Path


class RulesetFileError(StandardsRulesError):
    """A ruleset file that cannot be read at all (missing, a directory, not UTF-8)."""


@attrs.frozen(eq=False, repr=False, slots=False)
class CheckedRuleset(Frozen):
    """A ruleset that parsed and checked without errors, ready to compile and evaluate."""

    ast: ast.Ruleset
    source: Source
    warnings: tuple[Diagnostic, ...] = ()
    # The used libraries' sources, each once, in depth-first order of first use.
    libraries: tuple[Source, ...] = ()

    @property
    def id(self) -> str:
        """The ruleset's id."""
        return self.ast.id

    @property
    def sha256(self) -> str:
        """SHA-256 of the ruleset's bytes followed by each used library's (SPEC §2.4)."""
        digest = hashlib.sha256(self.source.file_bytes())
        for library in self.libraries:
            digest.update(library.file_bytes())
        return digest.hexdigest()

    def sources(self) -> dict[str, Source]:
        """Every file of this ruleset by path, for rendering diagnostics."""
        return {s.path: s for s in (self.source, *self.libraries)}


def read_source(path: str | Path) -> Source:
    """Read a ruleset file as UTF-8, or raise `RulesetFileError` saying why it cannot be read."""
    try:
        with open(path, "rb") as handle:
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
        line = len(line_starts(data[: exc.start].decode("utf-8")))
        raise RulesetFileError(
            f"{path}:{line}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    marked = text.startswith("\ufeff")
    return Source(str(path), text.removeprefix("\ufeff"), byte_order_mark=marked)


def _read_library(path: str) -> Source:
    try:
        return read_source(path)
    except RulesetFileError as exc:
        raise LibraryUnreadable(str(exc).removeprefix(f"{path}: ")) from None


@attrs.frozen(eq=False, repr=False, slots=False)
class Analysis(Frozen):
    """What the front end found in one file: the checked AST (None when it did not parse),
    the libraries it uses, and every diagnostic (the libraries' too, at their own paths)."""

    node: ast.Ruleset | ast.Library | None
    libraries: Libraries
    diagnostics: list[Diagnostic]

    @property
    def ruleset(self) -> ast.Ruleset | None:
        """The analysed ruleset, or None when the file holds a library."""
        return self.node if isinstance(self.node, ast.Ruleset) else None


def analyse_file(source: Source) -> Analysis:
    """Parse, lower, load the libraries of, and check `source`, a ruleset or a library.

    After a syntax error the parts that parsed are still checked; what the syntax
    errors may explain (`Damage.explains`) is not reported twice. The cyclic collector
    is paused meanwhile: parsing and lowering make tokens, trees and nodes one after
    another and few cycles, and its passes over them were a tenth of a first call.
    """
    with collector_paused(freeze=False):
        return _analyse_file(source)


def _analyse_file(source: Source) -> Analysis:
    no_libraries = Libraries((), ())
    parsed = parse_source(source)
    if parsed.tree is None:
        return Analysis(None, no_libraries, list(parsed.diagnostics))
    try:
        node, lowering = lower_file(parsed.tree, source)
    except RecursionError:
        span = Span(1, 1, 1, 2)
        message = "the ruleset is nested too deeply to check"
        return Analysis(None, no_libraries, [error("E103", message, span, source.path)])
    libraries = load_libraries(source.path, node.uses, _read_library)
    defines = (*libraries.defines(), *node.defines)
    if isinstance(node, ast.Ruleset):
        node = attrs.evolve(node, defines=defines)
        found = check_ruleset(node, source.path)
    else:
        node = attrs.evolve(node, defines=defines)
        found = check_library(node, source.path)
    own = [
        d
        for d in (*lowering, *found)
        if not parsed.damage.explains(d) and not libraries.explains(d)
    ]
    everything = [*parsed.diagnostics, *own, *libraries.diagnostics]
    return Analysis(node, libraries, sorted(_unique(everything), key=sort_key))


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic once: a library used twice is still reported once."""
    return list(dict.fromkeys(diagnostics))


def analyse(source: Source) -> tuple[ast.Ruleset | None, list[Diagnostic]]:
    """Parse, lower and check the ruleset `source`; the AST is None when it does not parse."""
    analysis = analyse_file(source)
    diagnostics = analysis.diagnostics
    if isinstance(analysis.node, ast.Library):
        diagnostics = [*diagnostics, _library_not_ruleset(analysis.node, source)]
    return analysis.ruleset, diagnostics


def _library_not_ruleset(library: ast.Library, source: Source) -> Diagnostic:
    message = (
        f"'{source.path}' is the library '{library.id}', not a ruleset: "
        "a library is used from a ruleset (use \"PATH\") or checked alone with 'check'"
    )
    return error("E112", message, library.id_span, source.path)


def parse_ruleset(text: str, path: str = "<ruleset>") -> CheckedRuleset:
    """Check ruleset `text`; raise `RulesetError` with every diagnostic if any is an error.

    `use "PATH"` in the text is read relative to `path`'s folder. A text that starts with
    a byte order mark (a file read with `encoding="utf-8"`) is read without it.
    """
    marked = text.startswith("\ufeff")
    return _checked(Source(path, text.removeprefix("\ufeff"), byte_order_mark=marked))


def _checked(source: Source) -> CheckedRuleset:
    analysis = analyse_file(source)
    ruleset, diagnostics = analysis.ruleset, analysis.diagnostics
    sources = {source.path: source, **analysis.libraries.files()}
    if isinstance(analysis.node, ast.Library):
        diagnostics = [*diagnostics, _library_not_ruleset(analysis.node, source)]
    if ruleset is None or has_errors(diagnostics):
        raise RulesetError(diagnostics, source, sources)
    return CheckedRuleset(ruleset, source, tuple(diagnostics), analysis.libraries.sources())


def load_ruleset(path: str | Path) -> CheckedRuleset:
    """Read and check the ruleset file at `path` (see `parse_ruleset`)."""
    return _checked(read_source(path))


def is_library(path: str | Path) -> bool:
    """Whether the file at `path` holds a library (`library NAME { … }`), not a ruleset.

    Decided by its syntax alone: a library need not check to be one, and its
    rulesets are where it is checked.
    """
    tree = parse_source(read_source(path)).tree
    return tree is not None and any(
        getattr(child, "data", None) == "library" for child in tree.children
    )


__all__ = [
    "Analysis",
    "CheckedRuleset",
    "RulesetFileError",
    "analyse",
    "analyse_file",
    "is_library",
    "load_ruleset",
    "parse_ruleset",
    "read_source",
]
