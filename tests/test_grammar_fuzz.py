"""Fuzzing the front end with strings generated from the grammar itself (hypothesis `from_lark`)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from standards_rules.diagnostics import Diagnostic
from standards_rules.frontend import analyse
from standards_rules.source import Source
from standards_rules.syntax.parser import build_parser

NAMES = st.sampled_from(
    ["standard", "enterprise", "indicators", "as_of", "i", "sulfur", "value", "全硫", "_x"]
)
EXPLICIT = {
    "NAME": NAMES,
    "STRING": st.sampled_from(['"current"', '"Q/[A-Z]+"', '"("', '"a\\qb"', '"全硫"']),
    "DATE": st.sampled_from(["2021-04-22", "2021-02-30"]),
    "NUMBER": st.sampled_from(["0", "1", "0.5", "1e-3"]),
    "DURATION_UNIT": st.sampled_from(["days", "working days", "year"]),
    "WHITESPACE": st.just(" "),
    "COMMENT": st.just("# c\n"),
}

# Keywords and punctuation with a space after them, so generated rulesets mostly parse
# and reach the checker.
SPACED = {
    terminal.name: st.just(terminal.pattern.value + " ")
    for terminal in build_parser().terminals
    if terminal.pattern.type == "str"
}
SPACED.update({name: strategy.map(lambda s: s + " ") for name, strategy in EXPLICIT.items()})


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_lark(build_parser(), explicit=SPACED))
def test_checker_never_raises_on_parsed_grammar_strings(text: str) -> None:
    ruleset, diagnostics = analyse(Source("fuzz.rules", text))
    assert all(isinstance(d, Diagnostic) for d in diagnostics)
    if not any(d.code.startswith("E1") for d in diagnostics):
        assert ruleset is not None


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_lark(build_parser(), explicit=EXPLICIT))
def test_front_end_never_raises_on_grammar_strings(text: str) -> None:
    # from_lark puts no space between tokens, so keywords may run together: a
    # diagnostic then, never an exception.
    _, diagnostics = analyse(Source("fuzz.rules", text))
    assert all(isinstance(d, Diagnostic) for d in diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ruleset{}()[]:.,=<>!+-*/ \n"#abc01全_', max_size=200))
def test_front_end_never_raises_on_arbitrary_text(text: str) -> None:
    _, diagnostics = analyse(Source("fuzz.rules", text))
    assert all(isinstance(d, Diagnostic) for d in diagnostics)
