"""`verify` catches each planted ruleset mistake with a readable, reproducible counterexample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_rules import load_ruleset
from standards_rules.records import load_dataset
from standards_rules.testing import check_property
from standards_rules.testing.commands import verify_command

FIXTURES = Path(__file__).parent / "fixtures" / "verify"
EXAMPLES = 200

PLANTED = [
    ("planted_upper_bound.rules", "monotone", "fails ash_floor"),
    ("planted_no_worse_than.rules", "stricter_than_reference", "not better than"),
    ("planted_unrewarded_weight.rules", "weights_effective", "cannot reward it"),
    ("planted_wrong_date.rules", "withdrawal_excludes", "is excluded until"),
]


@pytest.mark.parametrize(("file", "name", "words"), PLANTED)
def test_each_planted_mistake_is_caught(file: str, name: str, words: str) -> None:
    result = check_property(name, load_ruleset(FIXTURES / file), max_examples=EXAMPLES)
    assert not result.ok
    assert result.counterexample is not None
    assert words in result.counterexample.details


def test_the_base_ruleset_passes_every_property() -> None:
    runner = CliRunner()
    out = runner.invoke(verify_command, [str(FIXTURES / "base.rules"), "--examples", "50"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == "ok monotone"
    assert all(line.startswith("ok ") for line in out.output.splitlines())


def test_verify_saves_a_dataset_that_evaluate_reproduces(tmp_path: Path) -> None:
    from standards_rules.evaluate import evaluate

    ruleset = FIXTURES / "planted_wrong_date.rules"
    args = [str(ruleset), "--examples", str(EXAMPLES), "--save", str(tmp_path)]
    out = CliRunner().invoke(verify_command, args)
    assert out.exit_code == 1
    assert "FAIL withdrawal_excludes" in out.output
    assert "reproduce: standards-rules evaluate" in out.output
    saved = tmp_path / "withdrawal_excludes.json"
    dataset = load_dataset(saved)
    assert dataset.rejected == ()
    as_of_text = out.output.split("--as-of ")[1].split()[0]
    import datetime

    report = json.loads(
        evaluate(
            load_ruleset(ruleset), dataset, as_of=datetime.date.fromisoformat(as_of_text)
        ).to_json()
    )
    assert any(row["eligible"] for row in report["eligibility"])


def test_not_applicable_properties_pass_with_a_note() -> None:
    result = check_property("tier_coherence", load_ruleset(FIXTURES / "base.rules"), max_examples=5)
    assert result.ok
    ruleset = load_ruleset(Path("rulesets/jincheng/coalbed_methane.rules"))
    result = check_property("tier_coherence", ruleset, max_examples=5)
    assert result.ok and not result.applicable
    assert result.note is not None and result.note.startswith("not applicable")


def test_unreadable_ruleset_exits_2(tmp_path: Path) -> None:
    out = CliRunner().invoke(verify_command, [str(tmp_path / "missing.rules")])
    assert out.exit_code == 2
