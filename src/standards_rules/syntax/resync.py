"""Parsing stage, resynchronising after a syntax error that no small repair mends.

The last resort of error recovery (`syntax.recovery`): skip to the next keyword that
starts a section, property, rule or example line (read off the grammar,
`syntax.keywords`) or to a `}`, and drop what the parser held of the broken item;
at the end of the text, close the blocks still open. `Resynchronising` holds the
text, its tokens as the root lexer reads them and the parser-stack cuts and lexer
moves that recovery applies.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import attrs
from lark import Lark, Token
from lark.exceptions import UnexpectedInput
from lark.parsers.lalr_interactive_parser import InteractiveParser

from standards_rules.frozen import Frozen
from standards_rules.source import line_starts
from standards_rules.syntax.at_error import (
    LOOKAHEAD,
    MAX_CLOSERS,
    Recipe,
    accepts_after,
    feeding,
    fork,
    lexer_state,
    lookahead,
    start_of,
    virtual,
)
from standards_rules.syntax.grammar import scan
from standards_rules.syntax.keywords import item_keywords

# Bounds that keep resynchronising linear in practice on any input.
_MAX_SYNC_CANDIDATES = 40
_MAX_POPS = 64


@attrs.frozen(eq=False, repr=False, slots=False)
class _Scanned(Frozen):
    """A token of the whole text as the root lexer sees it, for finding where items start."""

    type: str
    start: int
    end: int
    after_dot: bool


class Resynchronising:
    """The text being parsed, and the resynchronising steps over it."""

    def __init__(self, parser: Lark, text: str) -> None:
        self.parser = parser
        self.text = text
        self._scan: list[_Scanned] | None = None
        self._starts: list[int] = []
        self._dropped_from = len(text)
        self._starts_of_lines: list[int] | None = None

    def _line_starts(self) -> list[int]:
        """Where each line of the text starts: found after the first error only."""
        if self._starts_of_lines is None:
            self._starts_of_lines = line_starts(self.text)
        return self._starts_of_lines

    def _cutting(self, keep: int) -> Recipe:
        """Cut the parser's stack to its first `keep` states, noting where what it held began."""

        def apply(interactive: InteractiveParser) -> None:
            values = interactive.parser_state.value_stack
            starts = [p for p in (start_of(v) for v in values[keep - 1 :]) if p >= 0]
            self._dropped_from = min([self._dropped_from, *starts])
            del interactive.parser_state.state_stack[keep:]
            del values[keep - 1 :]

        return apply

    def _moving(self, target: int) -> Recipe:
        """Move the lexer to offset `target`, back or forward."""

        def apply(interactive: InteractiveParser) -> None:
            counter = lexer_state(interactive).line_ctr
            if target < counter.char_pos:
                line = bisect.bisect_right(self._line_starts(), target)
                counter.char_pos = target
                counter.line = line
                counter.line_start_pos = self._line_starts()[line - 1]
                counter.column = target - counter.line_start_pos + 1
            elif target > counter.char_pos:
                counter.feed(self.text[counter.char_pos : target])

        return apply

    def _tried(self, interactive: InteractiveParser, *steps: Recipe) -> InteractiveParser | None:
        """A probe with `steps` applied, or None when they do not apply."""
        probe = fork(interactive)
        try:
            for step in steps:
                step(probe)
        except UnexpectedInput:
            return None
        return probe

    def _resynchronise(
        self, interactive: InteractiveParser, start: int
    ) -> tuple[Recipe, ...] | None:
        """Skip to the next item keyword or `}` that parses, dropping the broken item's part.

        The offending token itself is the first candidate when it starts an item.
        """
        fallback: tuple[int, tuple[Recipe, ...]] | None = None
        for target, kind in self._sync_points(start):
            for pop in self._pops(interactive, kind, target):
                if kind == "$END":
                    closing = self._closing_at_end(interactive, pop)
                    if closing is not None:
                        return (pop, self._moving(target), closing)
                    continue
                steps = (pop, self._moving(target))
                probe = self._tried(interactive, *steps)
                if probe is None:
                    continue
                count, at_item = lookahead(probe)
                if count >= LOOKAHEAD or (count and at_item):
                    return steps
                if count and (fallback is None or count > fallback[0]):
                    fallback = (count, steps)
        return None if fallback is None else fallback[1]

    def _closing_at_end(self, interactive: InteractiveParser, pop: Recipe) -> Recipe | None:
        end = self._end_token()
        for count in range(MAX_CLOSERS + 1):
            closing = feeding(*[virtual("RBRACE", end)] * count)
            probe = self._tried(interactive, pop, closing, feeding(end))
            if probe is not None:
                return closing
        return None

    def _end_token(self) -> Token:
        line = len(self._line_starts())
        column = len(self.text) - self._line_starts()[-1] + 1
        size = len(self.text)
        return Token("$END", "", size, line, column, line, column, size)

    def _pops(self, interactive: InteractiveParser, kind: str, target: int) -> Iterator[Recipe]:
        """Cuts of the parser's stack, top first, after which a `kind` token at offset
        `target` is accepted (each holding nothing from `target` on)."""
        values = interactive.parser_state.value_stack
        depth = len(interactive.parser_state.state_stack)
        while depth > 1 and start_of(values[depth - 2]) >= target:
            depth -= 1
        for keep in range(depth, max(0, depth - _MAX_POPS), -1):
            pop = self._cutting(keep)
            probe = self._tried(interactive, pop)
            if probe is not None and (kind == "$END" or accepts_after(probe, kind)):
                yield pop

    def _sync_points(self, start: int) -> Iterator[tuple[int, str]]:
        """Offsets after `start` where an item or the enclosing block may resume, in order."""
        keywords = item_keywords() | {"RULESET"}
        tokens = self.scanned()
        depth = found = 0
        for token in tokens[bisect.bisect_left(self._starts, start) :]:
            if token.type == "LBRACE":
                depth += 1
                continue
            if token.type == "RBRACE":
                if depth <= 0:
                    yield token.start, "RBRACE"
                    found += 1
                depth -= 1
            elif depth <= 0 and token.type in keywords and not token.after_dot:
                yield token.start, token.type
                found += 1
            if found >= _MAX_SYNC_CANDIDATES:
                return
        yield len(self.text), "$END"

    def _item_start(self, position: int) -> int:
        """Where the item holding `position` begins: the nearest item keyword or brace before it."""
        keywords = item_keywords() | {"RULESET"}
        tokens = self.scanned()
        for index in range(bisect.bisect_left(self._starts, position) - 1, -1, -1):
            token = tokens[index]
            if token.type in ("LBRACE", "RBRACE"):
                return token.end
            if token.type in keywords and not token.after_dot:
                return token.start
        return 0

    def scanned(self) -> list[_Scanned]:
        """The whole text through the root lexer, once, when the first error needs it."""
        if self._scan is not None:
            return self._scan
        tokens: list[_Scanned] = []
        previous = ""
        for token in scan(self.parser, self.text):
            tokens.append(
                _Scanned(token.type, token.start_pos or 0, token.end_pos or 0, previous == "DOT")
            )
            previous = token.type
        self._scan = tokens
        self._starts = [t.start for t in tokens]
        return tokens


__all__ = ["Resynchronising"]
