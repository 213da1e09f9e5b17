"""Parsing stage, the lexer's regular expressions compiled once and kept with the parser.

Every scanner of the lexer is one regular expression, an alternation of up to a
hundred terminals, and Python compiles a regular expression in Python code: the
dozen a plan reaches took ~7 ms of a first `check`, a tenth of it. `KeptPatterns`
stands in for the `re` module in lark's lexer configuration. When the parser is
made, every pattern its lexers can compile is compiled once (`keep_every_scanner`
in `syntax.lexer`) and its program kept: what `re.compile` hands `_sre.compile`
last, after parsing and compiling the pattern's text. The parser is then pickled
with the programs (`syntax.parser_cache`), and a later start makes each pattern
from its program alone.

A program is kept only when the pattern made from it equals the one `re.compile`
makes (patterns compare by their compiled code, so the two match alike), and the
kept parser's key names the Python version, whose programs these are. A pattern
not kept, or one that cannot be made from its program, is compiled as usual.
"""

from __future__ import annotations

import importlib
import re
from array import array
from typing import Any, cast

_sre: Any = importlib.import_module("_sre")
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")

# A pattern's program: its flags as compiled, its code, group count, names both ways.
Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def program_of(pattern: str, flags: int) -> Program | None:
    """What `re.compile(pattern, flags)` makes its pattern from (`re._compiler.compile`),
    or None when a pattern made from it would not equal the one `re.compile` makes."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = array("I", _compiler._code(parsed, flags))
    except Exception:  # what `re.compile` would refuse, or code no array holds
        return None
    groupindex: dict[str, int] = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    program = (
        flags | parsed.state.flags,
        code.tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    try:
        same = _made(pattern, program) == re.compile(pattern, flags)
    except Exception:
        return None
    return program if same else None


def _made(pattern: str, program: Program) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = program
    made = _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)
    return cast("re.Pattern[str]", made)


class KeptPatterns:
    """The `re` module to lark's lexer: `compile` makes a kept pattern from its program.

    While `keeping`, every pattern compiled is kept; a pickle holds the programs only.
    """

    error = re.error

    def __init__(self) -> None:
        self.programs: dict[tuple[str, int], Program] = {}
        self.keeping = False
        self._made: dict[tuple[str, int], re.Pattern[str]] = {}

    def keep(self, keeping: bool) -> None:
        """Start keeping every pattern compiled from now on (those compiled before too,
        when compiled again), or stop."""
        self.keeping = keeping
        self._made.clear()

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        key = (pattern, flags)
        made = self._made.get(key)
        if made is not None:
            return made
        program = self.programs.get(key)
        if program is None and self.keeping and isinstance(pattern, str):
            program = program_of(pattern, flags)
            if program is not None:
                self.programs[key] = program
        if program is not None:
            try:
                made = _made(pattern, program)
            except Exception:  # a program this interpreter does not take: compiled anew
                made = None
        if made is None:
            made = re.compile(pattern, flags)
        self._made[key] = made
        return made

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def __getstate__(self) -> dict[str, Any]:
        return {"programs": self.programs, "keeping": False, "_made": {}}


__all__ = ["KeptPatterns", "Program", "program_of"]
