"""W504: a tier that an eligibility rule's comparison with a limit cannot admit."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards_rules.frontend import analyse
from standards_rules.source import Source

ROOT = Path(__file__).parent.parent
BUNDLED = sorted((ROOT / "rulesets" / "jincheng").glob("*.rules"))


def _codes(indicator: str, rule: str) -> list[str]:
    text = (
        "ruleset r {\n  subject product\n"
        f"  indicator a {{\n{indicator}\n  }}\n"
        f"  eligible {{\n    rule x: {rule}\n  }}\n}}\n"
    )
    _, diagnostics = analyse(Source("r.rules", text))
    return [d.code for d in diagnostics]


LOWER = "    better lower\n    national 1.0\n    industry 0.8"


@pytest.mark.parametrize(
    ("tiers", "rule", "expected"),
    [
        # On the industry limit that the rule must beat: warned.
        ("tier leader 0.8", "indicators.a.value better_than indicators.a.industry", ["W504"]),
        # The same through `all`, and written with `<`.
        ("tier leader 0.8", "all i in indicators: i.value < i.industry", ["W504"]),
        # Past the limit, or a rule that admits the limit itself: nothing.
        ("tier leader 0.7", "indicators.a.value better_than indicators.a.industry", []),
        ("tier leader 0.8", "indicators.a.value no_worse_than indicators.a.industry", []),
        # Worse than the industry limit, even under `no_worse_than`: warned.
        ("tier leader 0.9", "not (indicators.a.value worse_than indicators.a.industry)", ["W504"]),
        # Worse than the national limit a rule demands: warned (an error only in bands).
        ("tier leader 1.2", "indicators.a.value better_than indicators.a.national", ["W504"]),
        # On the national limit that the rule must beat: warned.
        ("tier leader 1.0", "indicators.a.value better_than indicators.a.national", ["W504"]),
    ],
)
def test_tier_against_the_limit_a_rule_demands(tiers: str, rule: str, expected: list[str]) -> None:
    assert _codes(f"{LOWER}\n    {tiers}", rule) == expected


@pytest.mark.parametrize(
    ("indicator_class", "rule", "expected"),
    [
        # A guard on the class leaves the comparison to the classes it names.
        ("basic", 'all i in indicators: i.class != "core" or i.value < i.industry', []),
        ("core", 'all i in indicators: i.class != "core" or i.value < i.industry', ["W504"]),
        ("basic", 'all i in indicators: i.value < i.industry or i.class == "basic"', []),
        ("basic", 'all i in indicators: i.class in ["core"] and i.value < i.industry', []),
        ("innovation", 'all i in indicators: not (i.class == "core") or i.value < i.industry', []),
        (
            "basic",
            'all i in indicators: if i.class == "basic" then true else i.value < i.industry',
            [],
        ),
        (
            "core",
            'all i in indicators: if i.class == "basic" then true else i.value < i.industry',
            ["W504"],
        ),
        # Written the other way round; two texts compared are no guard (and no loop).
        ("basic", 'all i in indicators: "core" != i.class or i.value < i.industry', []),
        ("basic", 'all i in indicators: "a" == "b" or i.value < i.industry', ["W504"]),
        # A test of something else is no guard.
        ("basic", 'all i in indicators: i.unit != "%" or i.value < i.industry', ["W504"]),
    ],
)
def test_a_class_guard_narrows_the_comparison(
    indicator_class: str, rule: str, expected: list[str]
) -> None:
    indicator = f"{LOWER}\n    class {indicator_class}\n    tier leader 0.8"
    assert _codes(indicator, rule) == expected


def test_better_higher_is_read_the_other_way() -> None:
    higher = "    better higher\n    national 23\n    industry 24\n    tier leader 24"
    assert _codes(higher, "all i in indicators: i.value better_than i.industry") == ["W504"]
    past = higher.replace("tier leader 24", "tier leader 24.5")
    assert _codes(past, "all i in indicators: i.value better_than i.industry") == []


def test_read_through_a_define_and_against_a_named_reference() -> None:
    text = (
        "ruleset r {\n  subject product\n"
        "  indicator a {\n    better lower\n    national 1.0\n    reference group 0.8\n"
        "    tier leader 0.8\n  }\n"
        "  define stricter_all: all i in indicators: i.value better_than i.references.group\n"
        "  eligible {\n    rule stricter: stricter_all\n  }\n}\n"
    )
    _, diagnostics = analyse(Source("r.rules", text))
    (found,) = [d for d in diagnostics if d.code == "W504"]
    assert "its 'group' reference limit (0.8)" in found.message


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_plans_have_no_tier_limit_conflict(path: Path) -> None:
    _, diagnostics = analyse(Source(str(path), path.read_text(encoding="utf-8")))
    assert [d for d in diagnostics if d.code == "W504"] == []
