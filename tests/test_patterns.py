"""`matches` patterns: Python's meaning, matched in bounded time, or refused (E330)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules import RulesetError, parse_ruleset
from standards_rules.patterns import PatternError, compile_pattern


def ruleset(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "ruleset r { subject product indicator a { better lower } "
        f'eligible {{ rule x: standard.number matches "{escaped}" }} }}'
    )


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)*", "(x+x+)+y", "(.*a){20}", r"(\w+\s?)+$"])
def test_catastrophic_patterns_answer_at_once_on_long_texts(pattern: str) -> None:
    # Python's backtracking engine takes 2**64 steps here: this would never finish.
    compiled = compile_pattern(pattern)
    assert compiled.fullmatch("a" * 64 + "!") is None
    parse_ruleset(ruleset(pattern))  # and the checker accepts them


def test_the_plans_pattern_stays_on_pythons_engine() -> None:
    pattern = "Q/[A-Z0-9]+ [0-9]{4}[A-Z]?-[0-9]{4}"
    assert isinstance(compile_pattern(pattern), re.Pattern)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (r"(\w+\s?)+", "煤炭 标准", True),  # \w is Unicode, as in Python
        (r"(\d+-)+\d+", "٣٤-12", True),  # so is \d
        (r"[^\d]+x+\d*", "煤x١", True),
        (r"(?i)(q/[a-z]+ )+\d+", "Q/JCMY 0001", True),
        (r"(a|b)+c$", "ababc", True),
        (r"(a|b)+c$", "ababc\n", False),
        (r"(?s)(.|x)+", "a\nb", True),
        (r"(.|x)+", "a\nb", False),
    ],
)
def test_the_linear_engine_keeps_pythons_meaning(pattern: str, text: str, expected: bool) -> None:
    assert (re.fullmatch(pattern, text) is not None) is expected
    assert (compile_pattern(pattern).fullmatch(text) is not None) is expected


@pytest.mark.parametrize(
    ("pattern", "construct"),
    [
        (r"(a+)+\1", "backreference"),
        (r"(?=.*\d).*x.*", "lookahead"),
        (r"\b(a+)+\b", "word boundaries"),
        (r"(a*)*b{1001}", "repeat count above 1000"),
        (r"(a+)++x*y*", "possessive"),
    ],
)
def test_a_costly_pattern_without_an_rE2_form_is_e330(pattern: str, construct: str) -> None:
    with pytest.raises(PatternError, match=construct):
        compile_pattern(pattern)
    with pytest.raises(RulesetError) as info:
        parse_ruleset(ruleset(pattern))
    assert [d.code for d in info.value.diagnostics] == ["E330"]


def test_a_backreference_in_a_cheap_pattern_is_fine() -> None:
    assert compile_pattern(r"(ab)-\1").fullmatch("ab-ab") is not None


_ATOMS = st.sampled_from(["a", "b", ".", "[ab]", "[^a]", r"\d", r"\w", r"\s", "(?:ab)", "煤"])


@st.composite
def patterns(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(_ATOMS)
    kind = draw(st.sampled_from(["seq", "alt", "star", "plus", "opt", "count"]))
    inner = draw(patterns(depth - 1))
    if kind == "seq":
        return inner + draw(patterns(depth - 1))
    if kind == "alt":
        return f"(?:{inner}|{draw(patterns(depth - 1))})"
    suffix = {"star": "*", "plus": "+", "opt": "?", "count": "{1,3}"}[kind]
    return f"(?:{inner}){suffix}"


_TEXTS = st.text(st.sampled_from(["a", "b", "1", "٣", " ", "\n", "煤", "x"]), max_size=8)


@settings(max_examples=200, deadline=None)
@given(pattern=patterns(), text=_TEXTS)
def test_every_pattern_means_what_python_means(pattern: str, text: str) -> None:
    expected = re.fullmatch(pattern, text) is not None
    assert (compile_pattern(pattern).fullmatch(text) is not None) is expected
