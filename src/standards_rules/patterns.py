"""Regular expressions of `matches`, matched in bounded time (docs/limits.md).

Takes a pattern in Python syntax; gives a compiled pattern with `fullmatch`, or
the reason it cannot be matched in bounded time. Python's engine backtracks,
and a pattern such as `(a+)+$` takes exponential time on a 30-character text,
so each pattern is measured first, on the tree Python's own parser gives:

- a pattern with at most one unbounded repeat, no repeat around a part that can
  vary, and at most `MAX_BACKTRACKING_CHOICES` ways to match its bounded parts
  backtracks at most linearly: Python's `re` matches it (most plans' patterns);
- any other pattern is translated to RE2 syntax with Python's meaning kept
  (`\\d`, `\\w`, `\\s` as the code points Python gives them) and matched by RE2, in
  time linear in the text;
- a pattern that is neither (a backreference, lookaround, possessive repeat or
  `\\b` in a pattern that needs RE2) is refused by the checker (E330).

For `fullmatch` the answer does not depend on the order a backtracking engine
tries things in, only on the set of texts the pattern describes, which RE2
computes exactly.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from typing import Any, Protocol

from standards_rules.limits import MAX_BACKTRACKING_CHOICES, MAX_REGEX_REPEAT

# Python's regular-expression parser; `re` offers no public access to the tree.
_parser: Any = getattr(re, "_parser")  # noqa: B009
_c: Any = getattr(re, "_constants")  # noqa: B009


class CompiledPattern(Protocol):
    def fullmatch(self, text: str) -> object: ...


class PatternError(ValueError):
    """A pattern that cannot be matched in bounded time; the message says why."""


# ---------------------------------------------------------------- measuring


class _Measure:
    """How much a part can make a backtracking engine try."""

    __slots__ = ("choices", "unbounded", "varies")

    def __init__(self, unbounded: int = 0, choices: int = 1, varies: bool = False) -> None:
        self.unbounded = unbounded  # unbounded repeats in sequence
        self.choices = min(choices, MAX_BACKTRACKING_CHOICES + 1)  # ways to match the rest
        self.varies = varies  # whether the part can match in more than one way


def _then(first: _Measure, second: _Measure) -> _Measure:
    return _Measure(
        first.unbounded + second.unbounded,
        first.choices * second.choices,
        first.varies or second.varies,
    )


_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_FIXED_WIDTH = frozenset({"LITERAL", "NOT_LITERAL", "ANY", "IN", "AT", "CATEGORY", "GROUPREF"})


def _measure(items: Iterable[tuple[Any, Any]]) -> _Measure | None:
    """The measure of a sequence; None where a repeat encloses a part that varies."""
    total = _Measure()
    for op, value in items:
        name = str(op)
        part: _Measure | None
        if name in _FIXED_WIDTH:
            part = _Measure()
        elif name == "BRANCH":
            branches = [_measure(b) for b in value[1]]
            if any(b is None for b in branches):
                return None
            found = [b for b in branches if b is not None]
            part = _Measure(
                max(b.unbounded for b in found), sum(b.choices for b in found), len(found) > 1
            )
        elif name == "SUBPATTERN":
            part = _measure(value[3])
        elif name == "ATOMIC_GROUP":
            part = _measure(value)
        elif name in ("ASSERT", "ASSERT_NOT"):
            part = _measure(value[1])
        elif name == "GROUPREF_EXISTS":
            yes, no = _measure(value[1]), _measure(value[2] or ())
            if yes is None or no is None:
                return None
            part = _Measure(max(yes.unbounded, no.unbounded), yes.choices + no.choices, True)
        elif name in _REPEATS:
            part = _repeat(value)
        else:
            return None
        if part is None:
            return None
        total = _then(total, part)
    return total


def _repeat(value: tuple[int, int, Any]) -> _Measure | None:
    low, high, item = value
    body = _measure(item)
    if body is None:
        return None
    if low == high:
        return _Measure(body.unbounded * low, body.choices**low if body.varies else 1, body.varies)
    if body.varies or body.unbounded:
        return None  # (a+)+, (a|ab)*, (.*a){2,5}: the classic exponential forms
    if high == _c.MAXREPEAT:
        return _Measure(1, 1, True)
    return _Measure(0, high - low + 1, True)


def _backtracks_linearly(parsed: Any) -> bool:
    found = _measure(parsed)
    return found is not None and found.unbounded <= 1 and found.choices <= MAX_BACKTRACKING_CHOICES


# ---------------------------------------------------------------- translating to RE2


class _Untranslatable(Exception):
    """The form has no RE2 equivalent (the message names it)."""


def _hex(code: int) -> str:
    return f"\\x{{{code:x}}}"


@functools.cache
def _category_ranges(category: str) -> tuple[tuple[int, int], ...]:
    """The code points Python's `\\d`, `\\w` or `\\s` matches (Unicode), as ranges."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    runs = re.finditer(f"\\{category}+", every)
    return tuple((ord(m.group()[0]), ord(m.group()[-1])) for m in runs)


_ASCII_RANGES = {
    "d": ((0x30, 0x39),),
    "w": ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)),
    "s": ((0x09, 0x0D), (0x20, 0x20)),
}
_CATEGORIES = {
    "CATEGORY_DIGIT": ("d", False),
    "CATEGORY_NOT_DIGIT": ("d", True),
    "CATEGORY_WORD": ("w", False),
    "CATEGORY_NOT_WORD": ("w", True),
    "CATEGORY_SPACE": ("s", False),
    "CATEGORY_NOT_SPACE": ("s", True),
}


def _complement(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out, start = [], 0
    for lo, hi in sorted(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= sys.maxunicode:
        out.append((start, sys.maxunicode))
    return _without_surrogates(out)


def _without_surrogates(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """RE2 reads UTF-8, where the surrogate code points do not exist."""
    out = []
    for lo, hi in ranges:
        if hi < 0xD800 or lo > 0xDFFF:
            out.append((lo, hi))
            continue
        if lo < 0xD800:
            out.append((lo, 0xD7FF))
        if hi > 0xDFFF:
            out.append((0xE000, hi))
    return out


def _category(name: str, ascii_only: bool) -> list[tuple[int, int]]:
    letter, negated = _CATEGORIES[name]
    ranges = list(_ASCII_RANGES[letter] if ascii_only else _category_ranges(letter))
    return _complement(ranges) if negated else ranges


def _class_text(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(_hex(lo) if lo == hi else f"{_hex(lo)}-{_hex(hi)}" for lo, hi in ranges)


class _Translator:
    def __init__(self, flags: int) -> None:
        self.ascii = bool(flags & re.ASCII)
        self.dotall = bool(flags & re.DOTALL)
        self.multiline = bool(flags & re.MULTILINE)

    def sequence(self, items: Any, last: bool) -> str:
        items = list(items)
        return "".join(
            self.item(op, value, last and n == len(items) - 1)
            for n, (op, value) in enumerate(items)
        )

    def item(self, op: Any, value: Any, last: bool) -> str:
        name = str(op)
        if name == "LITERAL":
            return _hex(value)
        if name == "NOT_LITERAL":
            return f"[^{_hex(value)}]"
        if name == "ANY":
            return "(?s:.)" if self.dotall else "[^\\n]"
        if name == "IN":
            return self.klass(value)
        if name == "BRANCH":
            return "(?:" + "|".join(self.sequence(b, last) for b in value[1]) + ")"
        if name == "SUBPATTERN":
            return self.group(value, last)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, item = value
            if low > MAX_REGEX_REPEAT or (high != _c.MAXREPEAT and high > MAX_REGEX_REPEAT):
                raise _Untranslatable(f"a repeat count above {MAX_REGEX_REPEAT}")
            count = f"{{{low},}}" if high == _c.MAXREPEAT else f"{{{low},{high}}}"
            return f"(?:{self.sequence(item, False)}){count}"
        if name == "AT":
            return self.at(str(value), last)
        raise _Untranslatable(_FORMS.get(name, name.lower()))

    def klass(self, items: Any) -> str:
        negate = False
        ranges: list[tuple[int, int]] = []
        for op, value in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                ranges.append((value, value))
            elif name == "RANGE":
                ranges.append((value[0], value[1]))
            elif name == "CATEGORY":
                ranges.extend(_category(str(value), self.ascii))
            else:
                raise _Untranslatable(name.lower())
        ranges = _without_surrogates(ranges)
        if not ranges:
            return "[^\\x{0}-\\x{10ffff}]" if not negate else "(?s:.)"
        return f"[{'^' if negate else ''}{_class_text(ranges)}]"

    def group(self, value: Any, last: bool) -> str:
        _group, add, remove, items = value
        saved = (self.ascii, self.dotall, self.multiline)
        for flag, on in ((add, True), (remove, False)):
            if flag & re.ASCII:
                self.ascii = on
            if flag & re.DOTALL:
                self.dotall = on
            if flag & re.MULTILINE:
                self.multiline = on
        case = ("i" if add & re.IGNORECASE else "") + ("-i" if remove & re.IGNORECASE else "")
        try:
            inner = self.sequence(items, last)
        finally:
            self.ascii, self.dotall, self.multiline = saved
        return f"(?{case}:{inner})" if case else f"(?:{inner})"

    def at(self, where: str, last: bool) -> str:
        if where == "AT_BEGINNING_STRING" or (where == "AT_BEGINNING" and not self.multiline):
            return "\\A"
        if where == "AT_BEGINNING":
            return "(?m:^)"
        if where == "AT_END_STRING" or (where == "AT_END" and last and not self.multiline):
            return "\\z"
        if where == "AT_END" and self.multiline:
            return "(?m:$)"
        if where == "AT_END":
            raise _Untranslatable("'$' before the end of the pattern")
        if self.ascii:
            return "\\b" if where == "AT_BOUNDARY" else "\\B"
        raise _Untranslatable("'\\b' or '\\B' (word boundaries)")


_FORMS = {
    "GROUPREF": "a backreference",
    "GROUPREF_EXISTS": "a conditional group",
    "ASSERT": "a lookahead or lookbehind",
    "ASSERT_NOT": "a negative lookahead or lookbehind",
    "POSSESSIVE_REPEAT": "a possessive repeat",
    "ATOMIC_GROUP": "an atomic group",
}


def _to_re2(parsed: Any) -> str:
    flags = parsed.state.flags
    case = "(?i)" if flags & re.IGNORECASE else ""
    return case + _Translator(flags).sequence(parsed, True)


# ---------------------------------------------------------------- the public face


@functools.lru_cache(maxsize=256)
def compile_pattern(text: str) -> CompiledPattern:
    """`text` compiled for `fullmatch` in bounded time; `re.error` or `PatternError` if not."""
    python = re.compile(text)
    parsed = _parser.parse(text)
    if _backtracks_linearly(parsed):
        return python
    try:
        translated = _to_re2(parsed)
    except _Untranslatable as exc:
        raise PatternError(
            "this regular expression needs the linear-time engine (it has more than one "
            "unbounded repeat, or a repeat around a part that can vary), which cannot match "
            f"{exc}; write the pattern without it"
        ) from None
    import re2  # only here: most plans' patterns never need it, and `check` need not load it

    options = re2.Options()
    options.max_mem = 64 << 20
    try:
        return re2.compile(translated, options)  # type: ignore[no-any-return]
    except re2.error as exc:
        message = f"this regular expression cannot be matched in linear time: {exc}"
        raise PatternError(message) from None


def pattern_problem(text: str) -> str | None:
    """Why `text` cannot be a `matches` pattern (E330), or None; a compile error is E305."""
    try:
        compile_pattern(text)
    except re.error:
        return None
    except PatternError as exc:
        return str(exc)
    return None


__all__ = ["CompiledPattern", "PatternError", "compile_pattern", "pattern_problem"]
