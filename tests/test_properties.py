"""Every bundled ruleset and every clean plan passes every consistency property, under
several seeds; the decidable properties are proved on the bundled plans."""

from __future__ import annotations

from pathlib import Path

import hypothesis
import pytest

from standards_rules import evaluate, load_ruleset
from standards_rules.testing import (
    PROPERTIES,
    PROPERTY_NAMES,
    Scenario,
    check_all,
    check_property,
    property_params,
    run_property,
    scenarios,
)

ROOT = Path(__file__).parent.parent
BUNDLED = sorted(
    p for p in (ROOT / "rulesets" / "jincheng").glob("*.rules") if p.name != "common.rules"
)
CLEAN = sorted((ROOT / "tests" / "fixtures" / "verify" / "clean").glob("*.rules"))
EXAMPLES = 10
SEEDS = (1, 2, 3)
DECIDABLE = (
    "monotone",
    "stricter_than_reference",
    "entry_exit",
    "tier_coherence",
    "weights_effective",
)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", BUNDLED + CLEAN, ids=[p.name for p in BUNDLED + CLEAN])
def test_no_clean_plan_ever_fails(path: Path, seed: int) -> None:
    results = check_all(load_ruleset(path), max_examples=EXAMPLES, seed=seed)
    failures = [r for r in results if not r.ok]
    assert not failures, [(r.name, r.counterexample and r.counterexample.details) for r in failures]


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_decidable_properties_are_proved_on_bundled_plans(path: Path) -> None:
    results = check_all(load_ruleset(path), names=DECIDABLE, max_examples=1)
    for result in results:
        assert result.proved or not result.applicable, (result.name, result.note)


def test_spec_example_keeps_entry_exit_through_its_exclusion_rule() -> None:
    # SPEC §2.2's plan mirrors none of its triggers, but its `not_excluded` rule sees the
    # withdrawals decided in the same evaluation (SPEC §4.0), so no title is lost and won again.
    ruleset = load_ruleset(ROOT / "tests" / "fixtures" / "good" / "spec_example.rules")
    failed = [r.name for r in check_all(ruleset, max_examples=100) if not r.ok]
    assert failed == []


@pytest.mark.parametrize(
    ("ruleset", "name"), property_params(ROOT / "tests/fixtures/verify/base.rules")
)
def test_property_params_give_one_item_per_property(ruleset: object, name: str) -> None:
    assert name in PROPERTY_NAMES
    prop = next(p for p in PROPERTIES if p.name == name)
    assert run_property(prop, ruleset, max_examples=10).ok  # type: ignore[arg-type]


def test_same_seed_same_result() -> None:
    ruleset = load_ruleset(ROOT / "tests/fixtures/verify/planted_wrong_date.rules")
    first = check_all(ruleset, max_examples=30, seed=7, names=["withdrawal_excludes"])
    second = check_all(ruleset, max_examples=30, seed=7, names=["withdrawal_excludes"])
    assert first == second


def test_same_result_in_a_plain_script_as_under_pytest() -> None:
    # Hypothesis draws now and then a constant found in the loaded local modules,
    # which differ between pytest and a script: verify must not depend on them.
    import subprocess
    import sys

    from standards_rules.testing import check_property

    path = ROOT / "tests/fixtures/verify/planted_upper_bound.rules"
    code = (
        "from standards_rules import load_ruleset\n"
        "from standards_rules.testing import check_property\n"
        f"r = check_property('monotone', load_ruleset({str(path)!r}), max_examples=200)\n"
        "print(repr((r.ok, r.examples, r.counterexample.dataset_json())))\n"
    )
    script = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    here = check_property("monotone", load_ruleset(path), max_examples=200)
    assert here.counterexample is not None
    assert script.stdout.strip() == repr(
        (here.ok, here.examples, here.counterexample.dataset_json())
    )


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_generated_datasets_reach_the_ranking_of_each_bundled_plan(path: Path) -> None:
    # Sampling says something only when some generated standard is eligible: categories
    # come from the plan's own list and credit codes from the region it requires.
    ruleset = load_ruleset(path)

    def ranks_one(scenario: Scenario) -> bool:
        report = evaluate(ruleset, scenario.dataset, as_of=scenario.as_of)
        return bool(report.ranking)

    settings = hypothesis.settings(
        max_examples=300, database=None, deadline=None, phases=[hypothesis.Phase.generate]
    )
    found = hypothesis.find(scenarios(ruleset), ranks_one, settings=settings)
    assert evaluate(ruleset, found.dataset, as_of=found.as_of).ranking


PAIR = """
ruleset r {
  subject product
  indicator sulfur { class core  better lower  weight 1.0  national 1.0  industry none }
  indicator ash { class KIND  better lower  national 20.0  industry none }
  eligible {
    rule stricter: indicators.sulfur.value better_than indicators.sulfur.national
    rule ash:
      indicators.ash.value != none
      and indicators.ash.value no_worse_than indicators.ash.national
  }
  score weighted normalize relative to national
}
"""


@pytest.mark.parametrize(("kind", "ok"), [("basic", True), ("core", False)])
def test_stricter_than_reference_holds_core_indicators_to_it_not_basic_ones(
    tmp_path: Path, kind: str, ok: bool
) -> None:
    # A basic indicator is pass/fail against its limit: a value at the limit meets it.
    (tmp_path / "pair.rules").write_text(PAIR.replace("KIND", kind), encoding="utf-8")
    result = check_property("stricter_than_reference", load_ruleset(tmp_path / "pair.rules"))
    assert result.ok is ok
    if ok:
        assert result.proved
    else:
        assert result.counterexample is not None and "ash" in result.counterexample.details
