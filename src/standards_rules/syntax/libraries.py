"""Syntax stage, libraries: the `use "PATH"` declarations of a file → the libraries it needs.

Takes the using file's path, its `use`s and a function that reads a file; gives
every library reachable through `use`, each once, in depth-first order of first
use (the order `ruleset.sha256` hashes them in, SPEC §2.4), and the diagnostics
of loading them: a missing file (E110), a use cycle (E111), a used file that
holds a ruleset (E112), each at the `use` that causes it, plus every syntax
error inside a library at the library's own line. This is the one module of
the syntax stage that reads files.

A use that fails leaves the names its library would have given unknown; those
E202 and E204 (`Libraries.explains`) only repeat the error at the `use`. What a file
that was read defines is known (its defines parse even when the rest does not); a
file not read, or one that uses others in turn, could have given any name.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable

import attrs

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic, error
from standards_rules.frozen import Frozen
from standards_rules.source import Source
from standards_rules.syntax.lower import lower_file
from standards_rules.syntax.parser import parse_source

# The unknown-name diagnostics a failed use explains, and the name each is about.
_UNKNOWN = re.compile(r"unknown (?:name|function) '([^']*)'")
_UNKNOWN_CODES = frozenset({"E202", "E204"})

# Reads the file at a path, or raises `LibraryUnreadable` saying why it cannot.
Reader = Callable[[str], Source]


class LibraryUnreadable(Exception):
    """Raised by a `Reader` for a file it cannot read; the message says why."""


@attrs.frozen(eq=False, repr=False, slots=False)
class LoadedLibrary(Frozen):
    source: Source
    library: ast.Library


@attrs.frozen(eq=False, repr=False, slots=False)
class Libraries(Frozen):
    """The libraries a file uses, in depth-first order of first use, and the loading problems."""

    loaded: tuple[LoadedLibrary, ...]
    diagnostics: tuple[Diagnostic, ...]
    # Used files that were read but cannot serve as a library (they do not parse, or hold a
    # ruleset): their diagnostics still show their lines.
    unusable: tuple[Source, ...] = ()
    # The names the failed uses would have given; None when that could be any name.
    lost: frozenset[str] | None = frozenset()

    def explains(self, diagnostic: Diagnostic) -> bool:
        """Whether `diagnostic` is an unknown name that a failed use may have given."""
        if diagnostic.code not in _UNKNOWN_CODES:
            return False
        unknown = _UNKNOWN.match(diagnostic.message)
        if unknown is None:
            return False
        return self.lost is None or unknown[1] in self.lost

    def defines(self) -> tuple[ast.Define, ...]:
        return tuple(d for lib in self.loaded for d in lib.library.defines)

    def sources(self) -> tuple[Source, ...]:
        return tuple(lib.source for lib in self.loaded)

    def files(self) -> dict[str, Source]:
        """Every used file that was read, by path, for rendering diagnostics."""
        return {s.path: s for s in (*self.sources(), *self.unusable)}


def used_path(using: str, written: str) -> str:
    """The path of `use "written"` in the file `using`, relative to that file's folder."""
    return os.path.normpath(os.path.join(os.path.dirname(using), written))


def _identity(path: str) -> str:
    return os.path.realpath(path)


def load_libraries(path: str, uses: tuple[ast.Use, ...], read: Reader) -> Libraries:
    """Every library reachable from `uses` of the file at `path` (see the module docstring)."""
    loaded: dict[str, LoadedLibrary] = {}
    unusable: dict[str, Source] = {}
    diagnostics: list[Diagnostic] = []
    lost: set[str] | None = set()
    # The chain of files being loaded, for cycles: identity → the path as written out.
    active: dict[str, str] = {_identity(path): path}

    def visit(using: str, use_list: tuple[ast.Use, ...]) -> None:
        nonlocal lost
        for use in use_list:
            target = used_path(using, use.path)
            identity = _identity(target)
            if identity in active:
                chain = " → ".join([*active.values(), target])
                message = f"'{use.path}' is already being used: a use cycle ({chain})"
                diagnostics.append(error("E111", message, use.span, using))
                continue
            if identity in loaded:
                continue
            library = _load(target, use, using, read, diagnostics)
            if not isinstance(library, LoadedLibrary):
                given = None if library is None else _lowered(library).names
                lost = None if lost is None or given is None else lost | given
            if isinstance(library, Source):
                unusable[identity] = library
                continue
            if library is None:
                continue
            loaded[identity] = library
            active[identity] = target
            visit(target, library.library.uses)
            del active[identity]

    visit(path, uses)
    found = None if lost is None else frozenset(lost)
    return Libraries(tuple(loaded.values()), tuple(diagnostics), tuple(unusable.values()), found)


def _load(
    target: str, use: ast.Use, using: str, read: Reader, diagnostics: list[Diagnostic]
) -> LoadedLibrary | Source | None:
    """The library at `target`; its source alone when it was read but cannot be used."""
    try:
        source = read(target)
    except LibraryUnreadable as exc:
        message = f"cannot use '{use.path}': {exc}"
        diagnostics.append(error("E110", message, use.span, using))
        return None
    lowered = _lowered(source)
    diagnostics.extend(lowered.diagnostics)
    if lowered.too_deep:
        message = f"cannot use '{use.path}': it is nested too deeply to check"
        diagnostics.append(error("E103", message, use.span, using))
        return source
    node = lowered.node
    if node is None:
        return source
    if isinstance(node, ast.Ruleset):
        message = (
            f"'{use.path}' holds a ruleset ('{node.id}'), not a library: "
            "only a 'library' file can be used"
        )
        diagnostics.append(error("E112", message, use.span, using))
        return source
    return LoadedLibrary(source, node)


@attrs.frozen(eq=False, repr=False, slots=False)
class _Lowered(Frozen):
    node: ast.Ruleset | ast.Library | None  # None: it did not parse, or is nested too deeply
    diagnostics: tuple[Diagnostic, ...]  # of parsing and lowering
    too_deep: bool = False
    # The names the file defines, read from what of it parses (and the words of what did
    # not); None when it could give any (it uses other files, or is nested too deeply).
    names: frozenset[str] | None = None


@functools.lru_cache(maxsize=64)
def _lowered(source: Source) -> _Lowered:
    """A used file parsed and lowered: once per process for each text, since every plan
    that uses a library (all the Jincheng plans use one) reads the same file."""
    parsed = parse_source(source)
    syntax = parsed.diagnostics
    if parsed.tree is None:
        return _Lowered(None, syntax)
    try:
        node, lowering = lower_file(parsed.tree, source)
    except RecursionError:
        return _Lowered(None, syntax, too_deep=True)
    names = None if node.uses else frozenset(define.name for define in node.defines)
    if syntax:
        # A define that recovery dropped still names itself among the words it rewrote.
        names = None if names is None else names | parsed.damage.words
        return _Lowered(None, syntax, names=names)
    return _Lowered(node, (*syntax, *lowering), names=names)


__all__ = ["Libraries", "LibraryUnreadable", "LoadedLibrary", "load_libraries", "used_path"]
