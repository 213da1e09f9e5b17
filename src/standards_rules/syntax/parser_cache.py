"""Parsing stage, the built parser kept between runs: lark's objects in one pickle.

lark's own cache (`cache=` in `grammar.build_parser`) keeps the analysed grammar as
plain data, which lark turns back into its objects (rules, parse table, lexer
configuration, tree builders) at every start: ~15 ms, more than anything else a
`check` does after its imports. This file keeps the parser lark made, objects and
all, so a start only unpickles it (~4 ms). It lies beside lark's cache, in the
user's own cache directory; its first line names what it was made from (the
grammar and its options, Python, lark, and the source of the modules whose
objects it holds), and a file that does not match or does not load is made anew.
Its name holds the start of that key too (`kept_path`), so checkouts of
different code sharing one cache directory keep a parser each instead of
overwriting one another's; the newest few are kept (`keep_newest`).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import os
import pickle
import sys
import tempfile
import types
from typing import Any

import lark
from lark.parsers import lalr_analysis

from standards_rules.syntax.tree_callbacks import fused

# The modules whose classes the pickle holds instances of, besides lark's, and this one,
# which decides what else it holds.
_OWN_MODULES = (
    "grammar.py",
    "lexer.py",
    "kept_patterns.py",
    "tree_callbacks.py",
    "parser_cache.py",
)


def parser_key(grammar: str, options: str) -> bytes:
    """What a kept parser must have been made from to be used."""
    digest = hashlib.sha256()
    for part in (grammar, options, sys.version, lark.__version__):
        digest.update(part.encode("utf-8") + b"\0")
    here = os.path.dirname(__file__)
    for name in _OWN_MODULES:
        with open(os.path.join(here, name), "rb") as source:
            digest.update(source.read())
    return digest.hexdigest().encode("ascii")


def share_equal_parts(parser: Any) -> None:
    """Make `parser` (a `Lark`) cheaper to unpickle and quicker to parse with, parsing as
    before: each action of the parse table, and each grammar symbol of the rules, one
    object however often it occurs (lark only compares them by value), the tree builder
    lark keeps once it has made the tree callbacks dropped (a start unpickled ~40 % fewer
    objects), and the tree callbacks made one call each (`syntax.tree_callbacks`)."""
    actions: dict[Any, Any] = {}
    for state in parser.parser.parser.parser.parse_table.states.values():
        for name, action in state.items():
            state[name] = actions.setdefault(action, action)
    symbols: dict[Any, Any] = {}

    def shared(symbol: Any) -> Any:
        key = (type(symbol), symbol.name, getattr(symbol, "filter_out", None))
        return symbols.setdefault(key, symbol)

    for rule in parser.rules:
        rule.origin = shared(rule.origin)
        rule.expansion = type(rule.expansion)(shared(s) for s in rule.expansion)
    parser.__dict__.pop("_parse_tree_builder", None)
    callbacks = parser._callbacks
    for rule, callback in callbacks.items():
        one_call = fused(rule, callback)
        if one_call is not None:
            callbacks[rule] = one_call


def load_parser(path: str | os.PathLike[str], key: bytes) -> Any | None:
    """The parser kept at `path` if it was made from `key`, else None."""
    try:
        with open(path, "rb") as file:
            if file.readline().rstrip(b"\n") != key:
                return None
            return pickle.load(file)
    except Exception:  # missing, unreadable, or from code that changed: made anew
        return None


def save_parser(parser: object, path: str | os.PathLike[str], key: bytes) -> None:
    """Keep `parser` at `path` (written whole, then renamed: readers never see half a file)."""
    buffer = io.BytesIO()
    buffer.write(key + b"\n")
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(parser)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a parser that does not pickle is made again by the next start
    try:
        folder, name = os.path.split(path)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=name)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(buffer.getvalue())
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def kept_path(beside: str, key: bytes) -> str:
    """Where the parser made from `key` is kept, beside lark's cache file `beside`."""
    return f"{os.path.splitext(beside)[0]}-{key[:16].decode('ascii')}.parser"


# Kept parsers of one grammar file (a parser is about 250 KB): one per recent version of the code.
KEPT_VERSIONS = 8


def keep_newest(beside: str, count: int = KEPT_VERSIONS) -> None:
    """Remove all but the `count` newest parsers kept beside lark's cache file `beside`."""
    folder, name = os.path.split(os.path.splitext(beside)[0] + "-")
    try:
        entries = [
            entry
            for entry in os.scandir(folder or ".")
            if _is_key_part(entry.name.removeprefix(name).removesuffix(".parser"))
            and entry.name.startswith(name)
        ]
        entries.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
    except OSError:
        return
    for entry in entries[count:]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _is_key_part(text: str) -> bool:
    """Whether `text` is the start of a key as `kept_path` writes it (so that the strict
    grammar's parsers, `grammar-…-strict-<key>.parser`, are not taken for others)."""
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)


class _Pickler(pickle.Pickler):
    """Modules by name, and lark's parse actions as the objects lark compares them to."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, types.ModuleType):
            return importlib.import_module, (obj.__name__,)
        # lark tells a shift from a reduce by identity (`action is Shift`).
        if obj is lalr_analysis.Shift:
            return getattr, (lalr_analysis, "Shift")
        if obj is lalr_analysis.Reduce:
            return getattr, (lalr_analysis, "Reduce")
        return NotImplemented


__all__ = [
    "KEPT_VERSIONS",
    "keep_newest",
    "kept_path",
    "load_parser",
    "parser_key",
    "save_parser",
    "share_equal_parts",
]
