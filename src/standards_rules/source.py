"""Source text and spans: where in a ruleset file a piece of syntax came from.

Every AST node and every diagnostic carries a `Span`; spans take no part in
equality so that two parses of the same text give equal trees. Like the AST's
nodes, these are dict classes on `frozen.Frozen` (see `ast`).
"""

from __future__ import annotations

import bisect
import functools
import re

import attrs

from standards_rules.frozen import Frozen


@attrs.frozen(eq=False, repr=False, slots=False)
class Span(Frozen):
    """A region of a source file; lines and columns count from 1, `end_column` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int
    start_pos: int = 0
    end_pos: int = 0

    def cover(self, other: Span) -> Span:
        """The smallest span holding both `self` and `other`."""
        first = self if (self.line, self.column) <= (other.line, other.column) else other
        last = (
            self
            if (self.end_line, self.end_column) >= (other.end_line, other.end_column)
            else other
        )
        return Span(
            first.line,
            first.column,
            last.end_line,
            last.end_column,
            first.start_pos,
            last.end_pos,
        )


UNKNOWN_SPAN = Span(1, 1, 1, 1)

# A line ends at LF, CRLF or a lone CR; nothing else ends one (not form feed, not U+2028).
LINE_END = re.compile(r"\r\n?|\n")
_LONE_CR = re.compile(r"\r(?!\n)")


def lexed(text: str) -> str:
    """`text` as the lexer reads it: each lone CR an LF (`Source.lexed_text`)."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts: 0, then just past each line end."""
    return [0, *(match.end() for match in LINE_END.finditer(text))]


def span_field() -> Span:
    """An attrs field for a node's span: keyword-only, defaulted, and ignored by `==` and `hash`."""
    return attrs.field(default=UNKNOWN_SPAN, eq=False, repr=False, kw_only=True)


@attrs.frozen(eq=False, repr=False, slots=False)
class Source(Frozen):
    """A ruleset's text and the path it is reported under."""

    path: str
    text: str
    # The file began with a UTF-8 byte order mark, which `text` leaves out; the file's
    # bytes (what `ruleset.sha256` hashes, SPEC §2.4) still hold it.
    byte_order_mark: bool = attrs.field(default=False, kw_only=True)

    def file_bytes(self) -> bytes:
        """The bytes of the file this text was read from."""
        data = self.text.encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.byte_order_mark else data

    @functools.cached_property
    def line_starts(self) -> list[int]:
        """Where each line starts (`line_starts`): the one reckoning of lines for spans,
        carets and the language server's positions."""
        return line_starts(self.text)

    @functools.cached_property
    def lexed_text(self) -> str:
        """The text the lexer reads: each lone CR read as an LF, so every offset stays.

        lark counts lines (and a comment or a text in quotes ends) at LF alone; given
        this text, its lines and columns are those of `position`.
        """
        return lexed(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column (from 1) of the character at `offset`."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        """Line `line` (from 1) without its line end; "" past the last line."""
        starts = self.line_starts
        if not 0 < line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r\n")
