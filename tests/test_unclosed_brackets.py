"""E102 names the bracket that is really open, counted on the tokens the parser read."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards_rules.frontend import analyse
from standards_rules.source import Source

PLAN = Path(__file__).parents[1] / "rulesets" / "jincheng" / "coal.rules"


def e102(text: str) -> str:
    _, diagnostics = analyse(Source(str(PLAN), text))  # the plan's library resolves beside it
    (diagnostic,) = [d for d in diagnostics if d.code.startswith("E1")]
    assert diagnostic.code == "E102"
    return diagnostic.message


def test_a_missing_final_brace_blames_the_ruleset_not_a_balanced_call() -> None:
    text = PLAN.read_text(encoding="utf-8").rstrip()
    assert "basic_met(indicators.volatile)" in text
    message = e102(text.removesuffix("}"))
    assert "ruleset 'jincheng_coal' opened on line" in message


@pytest.mark.parametrize(
    ("text", "opener"),
    [
        ("ruleset r { eligible { rule x: len(standard.products) > 0 ", "the eligible block"),
        ("ruleset r { eligible { rule x: len(standard.products", "'(' on line 1"),
        ('ruleset r { eligible { rule x: standard.number in ["products"', "'[' on line 1"),
    ],
)
def test_the_innermost_open_bracket_is_named(text: str, opener: str) -> None:
    assert opener in e102(text)
