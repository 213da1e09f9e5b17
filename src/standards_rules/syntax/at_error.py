"""Parsing stage, the parser standing at a syntax error: what it holds and would accept.

Shared by the wording of an error (`syntax.messages`) and its repair (`syntax.recovery`,
`syntax.resync`): a copy of lark's interactive parser to try tokens on, whether tokens
would be accepted and how far the text parses from a point, a keyword the lexer read
as a name, and the ASCII character a full-width one stands for.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, UnexpectedToken
from lark.lexer import LexerState
from lark.parsers.lalr_interactive_parser import InteractiveParser

from standards_rules.syntax.keywords import item_keywords, keyword_text

# Tokens that must parse after a repair for it to count as the right one.
LOOKAHEAD = 4
# How many `}` a repair or a message tries closing an unfinished block with.
MAX_CLOSERS = 4

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
TEXTS = {
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
            probe.feed_token(Token(kind, TEXTS.get(kind, "")))
    except UnexpectedInput:
        return False
    return True


def lexer_state(interactive: InteractiveParser) -> LexerState:
    state = interactive.lexer_thread.state
    assert state is not None  # an interactive parser made from a text always has one
    return state


def position(interactive: InteractiveParser) -> int:
    return int(lexer_state(interactive).line_ctr.char_pos)


def lookahead(interactive: InteractiveParser) -> tuple[int, bool]:
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
            if count >= LOOKAHEAD:
                return count, False
        interactive.feed_eof(last)  # type: ignore[no-untyped-call]
    except UnexpectedToken as exc:
        token = as_keyword(exc.token)
        text = lexer_state(interactive).text.text
        end = token.end_pos or 0
        glued = end < len(text) and (text[end].isalnum() or text[end] == "_")
        if token.type not in item_keywords() or glued:
            return count, False
        closable = any(
            accepts_after(interactive, *["RBRACE"] * closers, token.type)
            for closers in range(1, MAX_CLOSERS)
        )
        return count, closable
    except (UnexpectedInput, LarkError):
        return count, False
    return LOOKAHEAD, False


# A repair: what to do to the parser (and its lexer) standing at an error.
Recipe = Callable[[InteractiveParser], None]


def feeding(*tokens: Token) -> Recipe:
    def apply(interactive: InteractiveParser) -> None:
        for token in tokens:
            interactive.feed_token(token)

    return apply


def good(count: int, at_item: bool) -> bool:
    return count >= LOOKAHEAD or at_item


def start_of(value: object) -> int:
    """Where a value of the parser's stack (a token or a subtree) starts; -1 if unknown."""
    if isinstance(value, Token):
        return value.start_pos if value.start_pos is not None else -1
    if isinstance(value, Tree) and not getattr(value.meta, "empty", True):
        return int(value.meta.start_pos)
    return -1


def virtual(kind: str, where: Token) -> Token:
    """A token recovery inserts: its fixed text, placed where `where` starts, with no width."""
    token = Token.new_borrow_pos(kind, TEXTS.get(kind, ""), where)
    token.end_line, token.end_column, token.end_pos = token.line, token.column, token.start_pos
    return token


__all__ = [
    "FULL_WIDTH",
    "LOOKAHEAD",
    "MAX_CLOSERS",
    "TEXTS",
    "Recipe",
    "accepts_after",
    "as_keyword",
    "feeding",
    "fork",
    "good",
    "keyword_read_as_name",
    "lexer_state",
    "lookahead",
    "position",
    "start_of",
    "virtual",
]
