"""Parsing stage, the parser itself: the grammar file, the LALR parser built from it, and spans.

The grammar (`grammars/ruleset.lark`) ships inside the wheel as package data; an
editable install reads it from the repository's `grammars/` directory. The parser
is built once per process, its tables cached on disk between runs.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import LexerState
from lark.load_grammar import load_grammar
from lark.utils import TextSlice

from standards_rules.source import Span
from standards_rules.syntax.lexer import SharingContextualLexer
from standards_rules.syntax.parser_cache import (
    keep_newest,
    kept_path,
    load_parser,
    parser_key,
    save_parser,
    share_equal_parts,
)


def grammar_text() -> str:
    """The grammar: beside the installed package (a wheel), or in a checkout's `grammars/`."""
    # Paths as text: `check` need not import pathlib (docs/performance.md, start-up).
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    checkout = os.path.dirname(os.path.dirname(package))
    for folder in (package, checkout):
        path = os.path.join(folder, "grammars", "ruleset.lark")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as file:
                return file.read()
    # Only a package imported from a zip archive has no file on disk.
    from importlib import resources

    packaged = resources.files("standards_rules").joinpath("grammars/ruleset.lark")
    return packaged.read_text(encoding="utf-8")


class GluedKeyword(UnexpectedToken):
    """A keyword read off the front of a longer word (`in` from `indicators`).

    An `UnexpectedToken` (at the rest of the word), so that the parser hands it the
    interactive state that error recovery resumes from.
    """

    def __init__(self, keyword: Token, rest: Token) -> None:
        super().__init__(rest, set(), token_history=[keyword])  # type: ignore[no-untyped-call]
        self.keyword = keyword
        self.rest = rest

    def __str__(self) -> str:
        return f"'{self.keyword}' runs into '{self.rest}'"


# The keywords of expressions (SPEC §2.3). Where the grammar takes none of them but a name,
# the contextual lexer reads one as a name (`1 + if(c) then …` as a call of `if`): before
# `(` (or as a define's name) that is never what was meant, so it is an error (`KeywordCall`).
EXPRESSION_KEYWORDS = frozenset(
    {
        "if",
        "then",
        "else",
        "all",
        "any",
        "count",
        "or",
        "and",
        "not",
        "in",
        "matches",
        "better_than",
        "no_worse_than",
        "worse_than",
        "true",
        "false",
        "none",
    }
)


class KeywordCall(UnexpectedToken):
    """An expression keyword read as a name before `(` (called as a function) or after
    `define` (a define no body could name). An `UnexpectedToken` at the token after it,
    as `GluedKeyword` is at the rest of its word."""

    def __init__(self, keyword: Token, after: Token, before: Token | None) -> None:
        super().__init__(after, set(), token_history=[keyword])  # type: ignore[no-untyped-call]
        self.keyword = keyword
        self.before = before

    def __str__(self) -> str:
        return f"the keyword '{self.keyword}' read as a name"


class KeywordBoundary:
    """Post-lexer: a keyword must end where a word ends, and is never a function's name.

    Where the contextual lexer accepts a keyword but no name, it would read `in`
    off the front of `indicators`; this stops that, so `all i indicators: …`
    is a syntax error and not a quantifier over `dicators`. Where it accepts a name
    but not the keyword, `if(` and `not(` are stopped (`KeywordCall`).
    """

    always_accept: tuple[str, ...] = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        before: Token | None = None
        previous: Token | None = None
        for token in stream:
            if previous is not None:
                if _glued(previous, token):
                    raise GluedKeyword(previous, token)
                named = token.type == "LPAR" or (before is not None and before.type == "DEFINE")
                if named and _keyword_as_name(previous, before):
                    raise KeywordCall(previous, token, before)
            yield token
            before, previous = previous, token


def _keyword_as_name(token: Token, before: Token | None) -> bool:
    after_dot = before is not None and before.type == "DOT"
    return token.type == "NAME" and not after_dot and str(token) in EXPRESSION_KEYWORDS


def _glued(previous: Token, token: Token) -> bool:
    if previous.type in _WORD_TERMINALS or previous.end_pos != token.start_pos:
        return False
    text, following = str(previous), str(token)
    return bool(text) and bool(following) and _word_char(text[-1]) and _word_char(following[0])


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_WORD_TERMINALS = frozenset({"NAME", "NUMBER", "STRING", "DATE"})


class _CachedLark(Lark):
    """A `Lark` whose `.grammar` (which hypothesis' `from_lark` reads) survives the cache.

    Loaded from lark's cache, a parser has its tables but no `.grammar`; it is
    rebuilt from the grammar text on first use only, so parsing never pays for it.
    """

    def __getattr__(self, name: str) -> Any:
        if name != "grammar":
            raise AttributeError(name)
        options = self.options
        found = load_grammar(  # type: ignore[no-untyped-call]
            self.source_grammar, self.source_path, options.import_paths, options.keep_all_tokens
        )
        self.grammar = found[0]
        return self.grammar


def made_by_lark(grammar: str, *, strict: bool = False, cache: str | None = None) -> Lark:
    """The parser as lark makes it from `grammar` (with its cache file `cache`, if any)."""
    return _CachedLark(
        grammar,
        parser="lalr",
        lexer="contextual",
        _plugins={"ContextualLexer": SharingContextualLexer},
        postlex=KeywordBoundary(),
        propagate_positions=True,
        maybe_placeholders=True,
        strict=strict,
        cache=cache or False,
    )


@functools.cache
def build_parser(*, strict: bool = False) -> Lark:
    """The parser, made once per process: unpickled as kept by the last run that made it,
    else from lark's cache of the analysed grammar, else from the grammar itself."""
    grammar = grammar_text()
    cache = _cache_file(grammar, strict)
    key = parser_key(grammar, f"strict={strict}")
    kept = kept_path(cache, key) if cache else None
    if kept is not None:
        parser = load_parser(kept, key)
        if isinstance(parser, _CachedLark):
            return parser
    analysed = cache is not None and os.path.isfile(cache)
    parser = made_by_lark(grammar, strict=strict, cache=cache)
    # Kept only when made from lark's cache (a parser made from the grammar itself holds
    # a validated lexer for every state), and before any parse, so nothing read is kept.
    if kept is not None and cache is not None and analysed:
        lexer = parser.parser.lexer.lexer
        if isinstance(lexer, SharingContextualLexer):
            lexer.keep_every_scanner()
        share_equal_parts(parser)
        save_parser(parser, kept, key)
        keep_newest(cache)
    return parser


def _cache_file(grammar: str, strict: bool) -> str | None:
    """Where lark keeps the analysed grammar between runs (docs/performance.md), or None.

    Building the LALR tables took ~180 ms, most of a first `check`; loading them
    takes ~8 ms. The file is in the user's own cache directory (it is a pickle,
    so never a shared temporary directory), named by the grammar's hash; lark
    checks the grammar, options and versions again inside the file and rebuilds
    a stale or unreadable one. Without a writable cache directory, no cache.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = os.path.join(base, "standards-rules")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError:
        return None
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return os.path.join(directory, f"grammar-{digest}{'-strict' if strict else ''}.lark-cache")


def scan(parser: Lark, text: str) -> Iterator[Token]:
    """Every token of `text` as the root lexer (all terminals at once) reads it.

    Unlike parsing, a character no token starts with is skipped, so this reads any
    text to its end; keywords are told from names by spelling alone. For finding
    brackets and item keywords around an error, not for parsing.
    """
    root = parser.parser.lexer.lexer.root_lexer
    state = LexerState(TextSlice.cast_from(text))
    while state.line_ctr.char_pos < len(text):
        try:
            token = root.next_token(state)
        except UnexpectedCharacters:
            state.line_ctr.feed(text[state.line_ctr.char_pos])
            continue
        except EOFError:
            return
        yield token


def token_span(token: Token) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + max(1, len(token))
    return Span(line, column, end_line, end_column, token.start_pos or 0, token.end_pos or 0)


def tree_span(tree: Tree[Token]) -> Span:
    meta = tree.meta
    if getattr(meta, "empty", True):
        return Span(1, 1, 1, 1)
    return Span(
        meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos
    )


__all__ = [
    "EXPRESSION_KEYWORDS",
    "GluedKeyword",
    "KeywordBoundary",
    "KeywordCall",
    "build_parser",
    "grammar_text",
    "made_by_lark",
    "scan",
    "token_span",
    "tree_span",
]
