"""Parsing stage, the lexer: lark's contextual lexer, reading with a few shared scanners.

lark's contextual lexer gives each parser state a scanner of its own, one regular
expression holding the terminals that state accepts, compiled the first time the
state is reached: some 70 compilations for one plan and its library, a quarter of
a first `check`. Here the states share a scanner instead, one per set of *hosts*
(the regex terminals, such as NAME, that keywords are read through), compiled once;
a state's scanner is compiled only when the shared one cannot decide for it.

Why a shared scanner reads as the state's own would: both are alternations of the
same terminal patterns in the same order (lark's sort by priority and width), the
state's alternatives a subset of the shared one's, and an alternation takes the
first alternative that matches. So when the shared scanner's match is one of the
state's own alternatives, every alternative before it, the state's included, did
not match, and the state's scanner would give the same terminal and text. When it
is not (a keyword the state does not accept, say), the state's own scanner reads.
Keywords read through a host are then retyped as lark does, but by a table.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from copy import copy
from typing import Any

from lark import Token
from lark.common import LexerConf
from lark.lexer import (
    AbstractBasicLexer,
    BasicLexer,
    ContextualLexer,
    PatternStr,
    Scanner,
    TerminalDef,
)
from lark.utils import TextSlice

from standards_rules.syntax.kept_patterns import KeptPatterns

# A shared scanner tries more alternatives per token than a state's own; after this many
# reads the state's own is compiled (~0.3 ms, about what 500 reads through a shared one lose).
OWN_SCANNER_AFTER = 500


class KeywordRetype:
    """A host terminal's callback: a token spelled as one of the keywords becomes it.

    lark's own (`UnlessCallback`) full-matches the token against a compiled
    alternation of the keywords; for keywords without flags that is a lookup.
    """

    def __init__(self, keywords: Iterable[TerminalDef]) -> None:
        self.types = {keyword.pattern.value: keyword.name for keyword in keywords}

    def __call__(self, token: Token) -> Token:
        keyword = self.types.get(token.value)
        if keyword is not None:
            token.type = keyword
        return token


class _Terminals:
    """What lark's scanner construction (`_create_unless`) decides, decided once for all states.

    `reads[host]` are the keywords (string terminals) that the regex terminal `host`
    reads whole at the same priority, and `embeds[host]` those of them it also stands
    in for (a keyword with flags of its own is kept as an alternative).
    """

    def __init__(self, conf: LexerConf, order: list[TerminalDef]) -> None:
        patterns = [t for t in conf.terminals if not isinstance(t.pattern, PatternStr)]
        keywords = [t for t in conf.terminals if isinstance(t.pattern, PatternStr)]
        self.conf = conf
        self.reads: dict[str, list[TerminalDef]] = {}
        self.embeds: dict[str, set[str]] = {}
        for host in patterns:
            regexp = host.pattern.to_regexp()
            read = [
                keyword
                for keyword in keywords
                if keyword.priority == host.priority
                and _reads_whole(conf, regexp, keyword.pattern.value)
            ]
            if read:
                self.reads[host.name] = read
                flags = set(host.pattern.flags)
                self.embeds[host.name] = {k.name for k in read if set(k.pattern.flags) <= flags}
        self.order = order
        self._shared: dict[frozenset[str], SharedScanner] = {}

    def hosts(self, names: Collection[str]) -> frozenset[str]:
        return frozenset(host for host in self.reads if host in names)

    def forget_scanners(self) -> None:
        self._shared.clear()

    def shared(self, hosts: frozenset[str]) -> SharedScanner:
        """The scanner of every terminal but the hosts not in `hosts`, in scanning order."""
        found = self._shared.get(hosts)
        if found is None:
            left_out = set(self.reads) - hosts
            found = SharedScanner(self, [t for t in self.order if t.name not in left_out], hosts)
            self._shared[hosts] = found
        return found


def _reads_whole(conf: LexerConf, regexp: str, text: str) -> bool:
    match = conf.re_module.match(regexp, text, conf.g_regex_flags)
    return match is not None and match.group(0) == text


class SharedScanner:
    """One compiled scanner for all the states whose hosts are `hosts`."""

    def __init__(self, terminals: _Terminals, ordered: list[TerminalDef], hosts: frozenset[str]):
        embedded = set().union(*(terminals.embeds[h] for h in hosts))
        self.alternatives = [t for t in ordered if t.name not in embedded]
        conf = terminals.conf
        self.scanner = Scanner(  # type: ignore[no-untyped-call]
            self.alternatives, conf.g_regex_flags, conf.re_module, conf.use_bytes
        )


class SharingLexer(BasicLexer):
    """The lexer of one set of parser states; reads with a shared scanner where it decides."""

    terminal_table: _Terminals | None = None
    # Filled on first use: the shared scanner, and the terminals it decides for this lexer.
    _shared: Scanner | None = None
    _decides: frozenset[str] = frozenset()
    _planned: bool = False
    _shared_reads: int = 0

    @property
    def planned(self) -> bool:
        """Whether this lexer has read anything yet."""
        return self._planned

    @property
    def compiled_own(self) -> bool:
        """Whether this lexer compiled a scanner of its own (lark builds it on first use)."""
        return self._scanner is not None

    def _plan(self) -> None:
        self._planned = True
        table = self.terminal_table
        if table is None or self.user_callbacks:
            return
        names = {t.name for t in self.terminals}
        hosts = table.hosts(names)
        reads = {host: [k for k in table.reads[host] if k.name in names] for host in hosts}
        if any(keyword.pattern.flags for read in reads.values() for keyword in read):
            return  # lark's callback full-matches with the flags: let it build its own
        shared = table.shared(hosts)
        self._decides = frozenset(t.name for t in shared.alternatives if t.name in names)
        self._shared = shared.scanner
        self.callback = {host: KeywordRetype(read) for host, read in reads.items() if read}

    def match(self, text: TextSlice[str], pos: int) -> Any:
        if not self._planned:
            self._plan()
        shared = self._shared
        if shared is not None:
            self._shared_reads += 1
            if self._shared_reads > OWN_SCANNER_AFTER:
                # Read this often, the state's own (smaller) scanner pays for its compilation.
                self._shared = shared = None
                return self.scanner.match(text, pos)
            found = shared.match(text, pos)
            if found is None or found[1] in self._decides:
                return found
        return self.scanner.match(text, pos)


class SharingContextualLexer(ContextualLexer):
    """lark's contextual lexer with `SharingLexer`s: install with
    `Lark(..., lexer="contextual", _plugins={"ContextualLexer": SharingContextualLexer})`.

    Loaded from lark's cache (terminals already validated), a state's lexer is made
    when the state is first reached: a plan reaches about 70 of the grammar's 110.
    """

    BasicLexer = SharingLexer

    def __init__(
        self,
        conf: LexerConf,
        states: Mapping[int, Collection[str]],
        always_accept: Collection[str] = (),
    ) -> None:
        # Every scanner's pattern is compiled through this (see `keep_every_scanner`).
        self.patterns = KeptPatterns()
        conf.re_module = self.patterns  # type: ignore[assignment]
        prototype: AbstractBasicLexer
        if conf.skip_validation:
            # Every terminal, sorted in lark's scanning order; never read with itself.
            prototype = SharingLexer(copy(conf))
            # Many states accept the same terminals: one set for each (and a smaller pickle).
            sets: dict[frozenset[str], frozenset[str]] = {}
            accepts = {
                state: sets.setdefault(frozenset(names), frozenset(names))
                for state, names in states.items()
            }
            self.lexers = StateLexers(prototype, accepts, {*conf.ignore, *always_accept})
        else:
            # lark validates each state's terminals as it makes its lexer: let it.
            super().__init__(conf, dict(states), always_accept)
            prototype = self.root_lexer
        assert isinstance(prototype, SharingLexer)
        table = _Terminals(conf, list(prototype.terminals))
        prototype.terminal_table = table
        for lexer in self.lexers.values():
            assert isinstance(lexer, SharingLexer)
            lexer.terminal_table = table
        if isinstance(self.lexers, StateLexers):
            self.root_lexer = copy(prototype)

    def keep_every_scanner(self) -> None:
        """Compile every scanner a state (or the root lexer) can read with, keeping their
        programs (`syntax.kept_patterns`), then forget the scanners: the lexer is as made,
        and a later start, unpickling it, compiles none of them again."""
        lexers = self.lexers
        if not isinstance(lexers, StateLexers):
            return  # made from the grammar itself: every state's lexer is made already
        self.patterns.keep(True)
        try:
            for lexer in [*(lexers[state] for state in lexers.accepts), self.root_lexer]:
                assert isinstance(lexer, SharingLexer)
                lexer.match(TextSlice.cast_from(""), 0)  # plans it: the shared scanner
                lexer.scanner  # noqa: B018 (the state's own, built on first use)
        finally:
            self.patterns.keep(False)
        prototype = lexers.prototype
        assert prototype.terminal_table is not None
        prototype.terminal_table.forget_scanners()
        self.lexers = StateLexers(prototype, lexers.accepts, lexers.extra)
        self.root_lexer = copy(prototype)


class StateLexers(dict[int, AbstractBasicLexer]):
    """The lexer of each parser state, made on first use, one per set of accepted terminals.

    Each is a copy of `prototype` (lark's lexer of every terminal) cut down to the
    state's terminals: what lark's own constructor would make of them, without
    sorting the terminals and reading their patterns again for each state.
    """

    def __init__(
        self, prototype: SharingLexer, accepts: dict[int, frozenset[str]], extra: set[str]
    ) -> None:
        super().__init__()
        self.prototype = prototype
        self.accepts = accepts
        self.extra = extra
        self.by_accepts: dict[frozenset[str], SharingLexer] = {}

    def __missing__(self, state: int) -> SharingLexer:
        accepts = self.accepts[state]
        lexer = self.by_accepts.get(accepts)
        if lexer is None:
            names = accepts | self.extra
            prototype = self.prototype
            lexer = self.by_accepts[accepts] = copy(prototype)
            lexer.terminals = [t for t in prototype.terminals if t.name in names]
            lexer.newline_types = prototype.newline_types & names
        self[state] = lexer
        return lexer


__all__ = [
    "KeywordRetype",
    "SharedScanner",
    "SharingContextualLexer",
    "SharingLexer",
    "StateLexers",
]
