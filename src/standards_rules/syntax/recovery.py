"""Parsing stage, error recovery: every syntax error of a file in one run, without cascades.

Takes the LALR parser and the text; gives the parse tree of everything that could
be parsed, one problem per syntax error, and the regions the recovery had to
rewrite. lark's interactive parser is driven by hand: at an error the error is
described (while the parser still stands where it failed), then the smallest
repair that lets the next few tokens parse is applied, trying in turn

1. a full-width character read as its ASCII twin (`：` as `:`, `“…”` as `"…"`),
2. missing closers or a missing punctuation token inserted (`}`, `)`, `:`, `then`, …),
3. the offending token deleted, or replaced by one the parser expects,
4. resynchronising (`syntax.resync`): skipping to the next item keyword or `}`.

A repair is taken only when the tokens after it parse, so one mistake gives one
error. The semantic checker still runs on the repaired tree; `Damage` then holds
back what the rewritten regions may explain (an unknown rule id defined in a
dropped rule, a weight sum missing a dropped weight).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_interactive_parser import InteractiveParser

from standards_rules.diagnostics import Diagnostic
from standards_rules.frozen import Frozen
from standards_rules.source import LINE_END
from standards_rules.syntax.at_error import (
    FULL_WIDTH,
    MAX_CLOSERS,
    Recipe,
    as_keyword,
    feeding,
    good,
    keyword_read_as_name,
    lookahead,
    position,
    virtual,
)
from standards_rules.syntax.resync import Resynchronising

_CLOSING_QUOTES = {"“": "”", "‘": "’", "”": "”", "’": "’"}
# Tokens a repair may insert: fixed text that carries no meaning of its own.
_INSERTABLE = (
    "RBRACE",
    "RPAR",
    "RSQB",
    "COLON",
    "LBRACE",
    "COMMA",
    "IN",
    "THEN",
    "ELSE",
    "BY",
    "TO",
)
_NAME = re.compile(r"[^\W\d]\w*")


# Semantic codes that report something missing or unknown: a rewritten region that
# names it (or holds the keyword that would have declared it) may explain them.
_EXPLAINED_BY_WORDS = frozenset({"E201", "E202", "E204", "E205", "E206", "E406"})
_EXPLAINED_BY_KEYWORD = {
    "E402": ("weight", "indicator"),
    "E403": ("national", "industry", "reference", "indicator"),
    "E406": ("indicator", "eligible", "subject"),
    "E407": ("score",),
    "E409": ("better",),
    "E410": ("top",),
}


@attrs.frozen(eq=False, repr=False, slots=False)
class Damage(Frozen):
    """The regions recovery rewrote, and the words written there."""

    regions: tuple[tuple[int, int], ...] = ()
    words: frozenset[str] = frozenset()

    def explains(self, diagnostic: Diagnostic) -> bool:
        """Whether `diagnostic` may only follow from a syntax error already reported."""
        if not self.regions:
            return False
        start = diagnostic.span.start_pos
        if any(low <= start < high for low, high in self.regions):
            return True
        if diagnostic.code in _EXPLAINED_BY_WORDS:
            quoted = re.findall(r"'([^']*)'", diagnostic.message)
            named = {w for q in quoted for w in _NAME.findall(q)}
            if named & self.words:
                return True
        keywords = _EXPLAINED_BY_KEYWORD.get(diagnostic.code, ())
        return any(k in self.words for k in keywords)


@attrs.frozen(eq=False, repr=False, slots=False)
class Recovered(Frozen):
    """What the recovering parse gives: the tree (None if recovery gave up) and the errors."""

    tree: Tree[Token] | None
    diagnostics: tuple[Diagnostic, ...]
    damage: Damage


Describe = Callable[[UnexpectedInput], Diagnostic]


def parse_recovering(parser: Lark, text: str, describe: Describe, limit: int) -> Recovered:
    """Parse `text`, reporting each syntax error through `describe` and recovering after it."""
    interactive = parser.parse_interactive(text)
    recovery = _Recovery(parser, text)
    diagnostics: list[Diagnostic] = []
    while True:
        try:
            tree = interactive.resume_parse()  # type: ignore[no-untyped-call]
        except UnexpectedInput as exc:
            diagnostics.append(describe(exc))
            repaired = None if len(diagnostics) >= limit else recovery.repair(exc)
            if repaired is None:
                return Recovered(None, tuple(diagnostics), recovery.damage())
            interactive = repaired
            continue
        return Recovered(tree, tuple(diagnostics), recovery.damage())


class _Recovery(Resynchronising):
    def __init__(self, parser: Lark, text: str) -> None:
        super().__init__(parser, text)
        self.regions: list[tuple[int, int]] = []

    def damage(self) -> Damage:
        words = {w for low, high in self.regions for w in _NAME.findall(self.text[low:high])}
        return Damage(tuple(self.regions), frozenset(words))

    # ------------------------------------------------------------ choosing a repair
    def _works(self, interactive: InteractiveParser, steps: tuple[Recipe, ...]) -> bool:
        probe = self._tried(interactive, *steps)
        return probe is not None and good(*lookahead(probe))

    def repair(self, exc: UnexpectedInput) -> InteractiveParser | None:
        """Repair the parse at `exc` in place and return it, or None to give up."""
        interactive = exc.interactive_parser
        if interactive is None:
            return None
        keyword = keyword_read_as_name(exc, self.text)
        if isinstance(exc, UnexpectedCharacters):
            start = exc.pos_in_stream or 0
            candidates = self._character_repairs(start)
        elif isinstance(exc, UnexpectedToken) and keyword is not None:
            start = keyword.start_pos or 0
            candidates = iter(())
        elif isinstance(exc, UnexpectedToken):
            at_end = exc.token.type == "$END"
            start = len(self.text) if at_end else (exc.token.start_pos or 0)
            candidates = self._token_repairs(exc)
        else:
            return None
        chosen = next((steps for steps in candidates if self._works(interactive, steps)), None)
        if chosen is None:
            chosen = self._resynchronise(interactive, start)
        if chosen is None:
            return None
        self._dropped_from = len(self.text)
        for step in chosen:
            step(interactive)
        begin = min(self._item_start(start), self._dropped_from)
        end = max(position(interactive), start + 1)
        self.regions.append((begin, min(end, len(self.text) + 1)))
        return interactive

    def _character_repairs(self, start: int) -> Iterator[tuple[Recipe, ...]]:
        char = self.text[start]
        meant = FULL_WIDTH.get(char)
        if meant is not None and meant[1] == "STRING":
            closing = self.text.find(_CLOSING_QUOTES.get(char, "”"), start + 1)
            line_end = self._line_end(start)
            if closing != -1 and (line_end == -1 or closing < line_end):
                yield self._read_as(start, closing + 1, "STRING")
        elif meant is not None and meant[1]:
            yield self._read_as(start, start + 1, meant[1])
        if char == '"':
            line_end = self._line_end(start)
            yield self._read_as(start, len(self.text) if line_end == -1 else line_end, "STRING")
        yield (self._moving(start + 1),)

    def _line_end(self, start: int) -> int:
        """Where the line holding `start` ends (its CR or LF), or -1 on the last line."""
        found = LINE_END.search(self.text, start)
        return -1 if found is None else found.start()

    def _read_as(self, start: int, end: int, kind: str) -> tuple[Recipe, ...]:
        """The text from `start` to `end` read as one token of `kind`."""
        value = self.text[start:end]
        if kind == "STRING":
            inner = value[1:-1] if value[-1] in _CLOSING_QUOTES.values() else value[1:]
            value = '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
        line = bisect.bisect_right(self._line_starts(), start)
        column = start - self._line_starts()[line - 1] + 1
        token = Token(kind, value, start, line, column, line, column + end - start, end)
        return (feeding(token), self._moving(end))

    def _token_repairs(self, exc: UnexpectedToken) -> Iterator[tuple[Recipe, ...]]:
        token = exc.token
        at_end = token.type == "$END"
        expected = set(exc.expected)
        # At the end of the text the parser is left before the end, which resuming feeds.
        then = () if at_end else (as_keyword(token),)
        for closer in ("RBRACE", "RPAR", "RSQB"):
            if closer in expected:
                for count in range(1, MAX_CLOSERS + 1):
                    yield (feeding(*[virtual(closer, token)] * count, *then),)
        for kind in _INSERTABLE[3:]:
            if kind in expected:
                yield (feeding(virtual(kind, token), *then),)
        if at_end:
            return
        yield ()  # the offending token deleted: the lexer is already past it
        for kind in _INSERTABLE:
            if kind in expected:
                yield (feeding(virtual(kind, token)),)


__all__ = ["Damage", "Recovered", "parse_recovering"]
