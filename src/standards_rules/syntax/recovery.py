"""Parsing stage, error recovery: every syntax error of a file in one run, without cascades.

Takes the LALR parser and the text; gives the parse tree of everything that could
be parsed, one problem per syntax error, and the regions the recovery had to
rewrite. lark's interactive parser is driven by hand: at an error the error is
described (while the parser still stands where it failed), then the smallest
repair that lets the next few tokens parse is applied, trying in turn

1. a full-width character read as its ASCII twin (`：` as `:`, `“…”` as `"…"`),
2. missing closers or a missing punctuation token inserted (`}`, `)`, `:`, `then`, …),
3. the offending token deleted, or replaced by one the parser expects,
4. resynchronising: skipping to the next keyword that starts a section, property,
   rule or example line (read off the grammar, `syntax.keywords`) or to a `}`, and
   dropping what the parser held of the broken item.

A repair is taken only when the tokens after it parse, so one mistake gives one
error. The semantic checker still runs on the repaired tree; `Damage` then holds
back what the rewritten regions may explain (an unknown rule id defined in a
dropped rule, a weight sum missing a dropped weight).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from copy import copy

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import LexerState
from lark.parsers.lalr_interactive_parser import InteractiveParser

from standards_rules.diagnostics import Diagnostic
from standards_rules.frozen import Frozen
from standards_rules.source import LINE_END, line_starts
from standards_rules.syntax.grammar import scan
from standards_rules.syntax.keywords import item_keywords, keyword_text

# Tokens that must parse after a repair for it to count as the right one.
_LOOKAHEAD = 4
# Bounds that keep recovery linear in practice on any input.
_MAX_SYNC_CANDIDATES = 40
_MAX_POPS = 64
_MAX_CLOSERS = 4

# Full-width punctuation that Chinese input methods give, and the terminal meant.
FULL_WIDTH: dict[str, tuple[str, str, str]] = {
    "：": (":", "COLON", "colon"),
    "，": (",", "COMMA", "comma"),
    "、": (",", "COMMA", "enumeration comma"),
    "（": ("(", "LPAR", "parenthesis"),
    "）": (")", "RPAR", "parenthesis"),
    "【": ("[", "LSQB", "bracket"),
    "】": ("]", "RSQB", "bracket"),
    "［": ("[", "LSQB", "bracket"),
    "］": ("]", "RSQB", "bracket"),
    "｛": ("{", "LBRACE", "brace"),
    "｝": ("}", "RBRACE", "brace"),
    "．": (".", "DOT", "full stop"),
    "＝": ("=", "", "equals sign"),
    "＜": ("<", "LESSTHAN", "less-than sign"),
    "＞": (">", "MORETHAN", "greater-than sign"),
    "％": ("%", "PERCENT", "percent sign"),
    "“": ('"', "STRING", "quotation mark"),
    "”": ('"', "STRING", "quotation mark"),
    "‘": ('"', "STRING", "quotation mark"),
    "’": ('"', "STRING", "quotation mark"),
}
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
_TEXTS = {
    "RBRACE": "}",
    "RPAR": ")",
    "RSQB": "]",
    "COLON": ":",
    "LBRACE": "{",
    "COMMA": ",",
    "IN": "in",
    "THEN": "then",
    "ELSE": "else",
    "BY": "by",
    "TO": "to",
}
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


@attrs.frozen(eq=False, repr=False, slots=False)
class _Scanned(Frozen):
    """A token of the whole text as the root lexer sees it, for finding where items start."""

    type: str
    start: int
    end: int
    after_dot: bool


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


def as_keyword(token: Token) -> Token:
    """`token`, or the item keyword it is spelled as when the lexer read it as a name.

    Where a name may follow (a tier's number may be followed by the next tier name of
    `normalize tiers`), the contextual lexer reads `indicator` as a name.
    """
    if token.type != "NAME":
        return token
    for terminal in item_keywords():
        if keyword_text(terminal) == str(token):
            return Token.new_borrow_pos(terminal, str(token), token)
    return token


def keyword_read_as_name(exc: UnexpectedInput, text: str) -> Token | None:
    """The name just parsed, when it is spelled like an item keyword and starts its line.

    In an unfinished expression (`rule a: x and` then `rule b: …` on the next line) the
    contextual lexer reads `rule` as a name, and the error only comes at `b`; the
    mistake is before `rule`.
    """
    history = getattr(exc, "token_history", None) or []
    previous = history[-1] if history else None
    if not isinstance(previous, Token) or previous.type != "NAME":
        return None
    if str(previous) not in {keyword_text(k) for k in item_keywords()}:
        return None
    start = previous.start_pos or 0
    line_start = text.rfind("\n", 0, start) + 1
    return previous if not text[line_start:start].strip() else None


def fork(interactive: InteractiveParser) -> InteractiveParser:
    """A copy to try tokens on: it builds no tree, so it cannot touch the parse's own values.

    (lark's tree builder extends a left-recursive list in place, and `copy` shares the
    values; lark's copy also leaves the parser state reading the old lexer.)
    """
    forked: InteractiveParser = interactive.copy(deepcopy_values=False)  # type: ignore[no-untyped-call]
    forked.parser_state.lexer = forked.lexer_thread
    conf = copy(forked.parser_state.parse_conf)
    conf.callbacks = {}
    forked.parser_state.parse_conf = conf
    return forked


def accepts_after(interactive: InteractiveParser, *types: str) -> bool:
    """Whether tokens of `types`, fed in turn, are accepted where `interactive` stands."""
    probe = fork(interactive)
    try:
        for kind in types:
            probe.feed_token(Token(kind, _TEXTS.get(kind, "")))
    except UnexpectedInput:
        return False
    return True


def _lexer_state(interactive: InteractiveParser) -> LexerState:
    state = interactive.lexer_thread.state
    assert state is not None  # an interactive parser made from a text always has one
    return state


def _position(interactive: InteractiveParser) -> int:
    return int(_lexer_state(interactive).line_ctr.char_pos)


def _lookahead(interactive: InteractiveParser) -> tuple[int, bool]:
    """How many of the next tokens parse from where `interactive` stands (all, if the text
    ends), and whether parsing stopped at an item keyword that closing the open block would
    accept: a separate problem (a missing `}`), not a sign that this repair is wrong."""
    count = 0
    last: Token | None = None
    try:
        tokens = interactive.lexer_thread.lex(interactive.parser_state)  # type: ignore[no-untyped-call]
        for token in tokens:
            last = token
            interactive.feed_token(token)
            count += 1
            if count >= _LOOKAHEAD:
                return count, False
        interactive.feed_eof(last)  # type: ignore[no-untyped-call]
    except UnexpectedToken as exc:
        token = as_keyword(exc.token)
        text = _lexer_state(interactive).text.text
        end = token.end_pos or 0
        glued = end < len(text) and (text[end].isalnum() or text[end] == "_")
        if token.type not in item_keywords() or glued:
            return count, False
        closable = any(
            accepts_after(interactive, *["RBRACE"] * closers, token.type)
            for closers in range(1, _MAX_CLOSERS)
        )
        return count, closable
    except (UnexpectedInput, LarkError):
        return count, False
    return _LOOKAHEAD, False


# A repair: what to do to the parser (and its lexer) standing at an error.
Recipe = Callable[[InteractiveParser], None]


def _feeding(*tokens: Token) -> Recipe:
    def apply(interactive: InteractiveParser) -> None:
        for token in tokens:
            interactive.feed_token(token)

    return apply


class _Recovery:
    def __init__(self, parser: Lark, text: str) -> None:
        self.parser = parser
        self.text = text
        self.regions: list[tuple[int, int]] = []
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
            starts = [p for p in (_start_of(v) for v in values[keep - 1 :]) if p >= 0]
            self._dropped_from = min([self._dropped_from, *starts])
            del interactive.parser_state.state_stack[keep:]
            del values[keep - 1 :]

        return apply

    def _moving(self, target: int) -> Recipe:
        """Move the lexer to offset `target`, back or forward."""

        def apply(interactive: InteractiveParser) -> None:
            counter = _lexer_state(interactive).line_ctr
            if target < counter.char_pos:
                line = bisect.bisect_right(self._line_starts(), target)
                counter.char_pos = target
                counter.line = line
                counter.line_start_pos = self._line_starts()[line - 1]
                counter.column = target - counter.line_start_pos + 1
            elif target > counter.char_pos:
                counter.feed(self.text[counter.char_pos : target])

        return apply

    def damage(self) -> Damage:
        words = {w for low, high in self.regions for w in _NAME.findall(self.text[low:high])}
        return Damage(tuple(self.regions), frozenset(words))

    # ------------------------------------------------------------ choosing a repair
    def _tried(self, interactive: InteractiveParser, *steps: Recipe) -> InteractiveParser | None:
        """A probe with `steps` applied, or None when they do not apply."""
        probe = fork(interactive)
        try:
            for step in steps:
                step(probe)
        except UnexpectedInput:
            return None
        return probe

    def _works(self, interactive: InteractiveParser, steps: tuple[Recipe, ...]) -> bool:
        probe = self._tried(interactive, *steps)
        return probe is not None and _good(*_lookahead(probe))

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
        end = max(_position(interactive), start + 1)
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
        return (_feeding(token), self._moving(end))

    def _token_repairs(self, exc: UnexpectedToken) -> Iterator[tuple[Recipe, ...]]:
        token = exc.token
        at_end = token.type == "$END"
        expected = set(exc.expected)
        # At the end of the text the parser is left before the end, which resuming feeds.
        then = () if at_end else (as_keyword(token),)
        for closer in ("RBRACE", "RPAR", "RSQB"):
            if closer in expected:
                for count in range(1, _MAX_CLOSERS + 1):
                    yield (_feeding(*[_virtual(closer, token)] * count, *then),)
        for kind in _INSERTABLE[3:]:
            if kind in expected:
                yield (_feeding(_virtual(kind, token), *then),)
        if at_end:
            return
        yield ()  # the offending token deleted: the lexer is already past it
        for kind in _INSERTABLE:
            if kind in expected:
                yield (_feeding(_virtual(kind, token)),)

    # ------------------------------------------------------------ resynchronising
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
                count, at_item = _lookahead(probe)
                if count >= _LOOKAHEAD or (count and at_item):
                    return steps
                if count and (fallback is None or count > fallback[0]):
                    fallback = (count, steps)
        return None if fallback is None else fallback[1]

    def _closing_at_end(self, interactive: InteractiveParser, pop: Recipe) -> Recipe | None:
        end = self._end_token()
        for count in range(_MAX_CLOSERS + 1):
            closing = _feeding(*[_virtual("RBRACE", end)] * count)
            probe = self._tried(interactive, pop, closing, _feeding(end))
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
        while depth > 1 and _start_of(values[depth - 2]) >= target:
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


def _good(count: int, at_item: bool) -> bool:
    return count >= _LOOKAHEAD or at_item


def _start_of(value: object) -> int:
    """Where a value of the parser's stack (a token or a subtree) starts; -1 if unknown."""
    if isinstance(value, Token):
        return value.start_pos if value.start_pos is not None else -1
    if isinstance(value, Tree) and not getattr(value.meta, "empty", True):
        return int(value.meta.start_pos)
    return -1


def _virtual(kind: str, where: Token) -> Token:
    """A token recovery inserts: its fixed text, placed where `where` starts, with no width."""
    token = Token.new_borrow_pos(kind, _TEXTS.get(kind, ""), where)
    token.end_line, token.end_column, token.end_pos = token.line, token.column, token.start_pos
    return token


__all__ = [
    "FULL_WIDTH",
    "Damage",
    "Recovered",
    "accepts_after",
    "as_keyword",
    "fork",
    "keyword_read_as_name",
    "parse_recovering",
]
