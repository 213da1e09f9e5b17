"""`verify` catches each planted ruleset mistake with a readable, reproducible counterexample,
says how each property was settled, and never fails a clean plan."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_rules import load_ruleset, parse_ruleset
from standards_rules.evaluate import evaluate
from standards_rules.records import load_dataset
from standards_rules.testing import PROPERTIES, check_property, run_property
from standards_rules.testing.commands import verify_command
from standards_rules.testing.findings import Failure, Property
from standards_rules.testing.progress import progress_bar

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "verify"

# (file, property, words of the finding): each caught at the default settings.
PLANTED = [
    ("planted_upper_bound.rules", "monotone", "fails ash_floor"),
    ("planted_no_worse_than.rules", "stricter_than_reference", "not better than"),
    ("planted_unrewarded_weight.rules", "weights_effective", "cannot reward it"),
    ("planted_wrong_date.rules", "withdrawal_excludes", "is excluded until"),
    ("planted_tier_on_limit.rules", "tier_coherence", "reaches tier advanced"),
    ("planted_unmirrored_trigger.rules", "entry_exit", "trigger(s) inspection fire"),
]


@pytest.mark.parametrize(("file", "name", "words"), PLANTED)
def test_each_planted_mistake_is_caught_and_reproduced(
    file: str, name: str, words: str, tmp_path: Path
) -> None:
    # At the default settings, on the right property alone, with a dataset evaluate reproduces.
    ruleset = FIXTURES / file
    out = CliRunner().invoke(verify_command, [str(ruleset), "--save", str(tmp_path)])
    assert out.exit_code == 1
    failed = [line.split()[1] for line in out.output.splitlines() if line.startswith("FAIL ")]
    assert failed == [name]
    assert words in out.output
    assert "reproduce: standards-rules evaluate" in out.output
    # The shrunk counterexample is printed as well as saved (SPEC §7).
    shown = out.output.split("  counterexample dataset:\n")[1].split("  counterexample saved")[0]
    saved = (tmp_path / f"{name}.json").read_text(encoding="utf-8")
    assert [line.removeprefix("    ") for line in shown.splitlines()] == saved.splitlines()
    dataset = load_dataset(tmp_path / f"{name}.json")
    assert dataset.rejected == ()
    as_of = datetime.date.fromisoformat(out.output.split("--as-of ")[1].split()[0])
    report = json.loads(evaluate(load_ruleset(ruleset), dataset, as_of=as_of).to_json())
    eligible = {row["standard"] for row in report["eligibility"] if row["eligible"]}
    if name == "entry_exit":
        assert {w["standard"] for w in report["withdrawals"]} & eligible
    elif name == "tier_coherence":
        assert any(f["rule"] == "stricter" for row in report["eligibility"] for f in row["failed"])
    elif name == "weights_effective":
        parts = [row["parts"]["ash"] for row in report["ranking"]]
        assert len(parts) == 2 and parts[0] == parts[1]
    else:
        assert eligible


def test_the_tier_on_the_limit_is_decided_from_the_plan_alone() -> None:
    # No sample is needed: the solver finds the value 0.8 from the plan's own numbers.
    prop = next(p for p in PROPERTIES if p.name == "tier_coherence")
    result = run_property(prop, load_ruleset(FIXTURES / "planted_tier_on_limit.rules"))
    assert not result.ok and result.examples == 0
    assert result.counterexample is not None
    standard = result.counterexample.dataset.standards[0]
    assert standard.indicators["sulfur"] == 0.8


def test_a_tier_worse_than_the_national_limit_is_a_tier_coherence_failure() -> None:
    # Outside `bands` such a tier is no static error (SPEC §2.6 forbids it there only):
    # `check` warns, and verify decides the property from the plan's numbers.
    text = (FIXTURES / "planted_tier_on_limit.rules").read_text(encoding="utf-8")
    worse = parse_ruleset(text.replace("tier advanced 0.80", "tier advanced 1.20"))
    assert [d.code for d in worse.warnings] == ["W504", "W504"]
    prop = next(p for p in PROPERTIES if p.name == "tier_coherence")
    result = run_property(prop, worse)
    assert not result.ok and result.examples == 0
    assert result.counterexample is not None
    assert "reaches tier advanced" in result.counterexample.details


def test_the_base_ruleset_passes_and_says_how() -> None:
    out = CliRunner().invoke(verify_command, [str(FIXTURES / "base.rules"), "--examples", "20"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "ok monotone (proved)"
    assert "ok weights_effective (proved)" in lines
    assert "ok tier_coherence (proved)" in lines
    assert any(line.startswith("ok order_independent (tested: ") for line in lines)
    # Its exclusion rule sees the withdrawal a firing trigger adds (SPEC §4.0).
    assert "ok entry_exit (proved)" in lines
    assert all(line.startswith("ok ") for line in lines)


def test_entry_exit_without_an_exclusion_rule_samples_and_says_why() -> None:
    text = (FIXTURES / "base.rules").read_text(encoding="utf-8")
    text = text.replace("w.excluded_until > as_of", "w.excluded_until > as_of + 5 years")
    result = check_property("entry_exit", parse_ruleset(text), max_examples=10)
    assert result.ok and not result.proved
    assert result.note is not None
    assert result.note.endswith("sampled because trigger accident reads events")


def test_a_range_keeps_out_what_would_break_monotone() -> None:
    # `ash > 5` bounds ash on the wrong side, but ash cannot be real below 5.5: a
    # standard improved there is rejected, not made ineligible.
    text = (FIXTURES / "planted_upper_bound.rules").read_text(encoding="utf-8")
    assert check_property("monotone", parse_ruleset(text), max_examples=5).ok is False
    ranged = text.replace(
        "    national 25.0\n    industry none",
        "    range 5.5 60\n    national 25.0\n    industry none",
    )
    result = check_property("monotone", parse_ruleset(ranged), max_examples=5)
    assert result.ok and result.proved


def test_a_mistake_inside_a_define_against_a_named_reference_is_caught() -> None:
    text = (FIXTURES / "clean" / "second_edition.rules").read_text(encoding="utf-8")
    on_limit = parse_ruleset(text.replace("tier leader 0.50", "tier leader 0.80"))
    assert [d.code for d in on_limit.warnings] == ["W504"]
    result = check_property("tier_coherence", on_limit, max_examples=5)
    assert not result.ok
    assert result.counterexample is not None
    assert "references.group limit 0.8" in result.counterexample.details


def test_a_rule_outside_the_fragment_is_named_where_it_falls_back() -> None:
    text = (
        (FIXTURES / "base.rules")
        .read_text(encoding="utf-8")
        .replace(
            "    rule applied: enterprise.applied\n",
            "    rule applied: enterprise.applied\n"
            "    rule product: indicators.ash.value * indicators.sulfur.value < 25\n",
        )
    )
    result = check_property("monotone", parse_ruleset(text), max_examples=10)
    assert result.ok and not result.proved
    assert result.note is not None
    assert result.note.startswith("tested: ")
    assert "sampled because rule product multiplies two values" in result.note


def test_a_failure_that_evaluate_does_not_show_is_no_failure() -> None:
    # A check that claims a failure its own counterexample does not bear out.
    def claims(ruleset: object, scenario: object, choices: object) -> Failure:
        return Failure("something is wrong", lambda replay: False)

    prop = Property("claims", "always claims a failure", lambda tree: None, claims)  # type: ignore[arg-type]
    result = run_property(prop, load_ruleset(FIXTURES / "base.rules"), max_examples=10)
    assert result.ok
    assert result.note is not None and result.note.startswith("tested: ")


def test_the_false_alarm_on_tier_points_is_gone() -> None:
    # A leader tier only, plus `otherwise`: values between the limit and the tier score less.
    ruleset = load_ruleset(FIXTURES / "clean" / "tier_points_service.rules")
    result = check_property("weights_effective", ruleset, max_examples=10)
    assert result.ok and result.proved and result.note == "proved"


def test_weights_effective_is_never_refuted_by_sampling() -> None:
    prop = next(p for p in PROPERTIES if p.name == "weights_effective")
    ruleset = load_ruleset(FIXTURES / "planted_unrewarded_weight.rules")
    assert not run_property(prop, ruleset).ok  # the solver proves it
    assert run_property(prop, ruleset, max_examples=10, decide=False).ok


def test_sampling_goes_past_the_floor_until_every_threshold_case_is_met() -> None:
    prop = next(p for p in PROPERTIES if p.name == "order_independent")
    result = run_property(prop, load_ruleset(FIXTURES / "base.rules"), max_examples=5)
    assert result.ok
    assert result.examples > 5


def test_not_applicable_properties_pass_with_a_note(tmp_path: Path) -> None:
    text = (ROOT / "rulesets" / "spec" / "coal.rules").read_text(encoding="utf-8")
    untiered = "".join(
        line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("tier ")
    )
    assert untiered != text
    (tmp_path / "untiered.rules").write_text(untiered, encoding="utf-8")
    ruleset = load_ruleset(tmp_path / "untiered.rules")
    result = check_property("tier_coherence", ruleset, max_examples=5)
    assert result.ok and not result.applicable
    assert result.note is not None and result.note.startswith("not applicable: ")


def test_unreadable_ruleset_exits_2(tmp_path: Path) -> None:
    out = CliRunner().invoke(verify_command, [str(tmp_path / "missing.rules")])
    assert out.exit_code == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_only() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        with progress_bar(stream) as progress:
            progress("monotone", 3, 10)
            progress("monotone", 12, 10)
    assert "monotone" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_check_does_not_load_the_solver() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from standards_rules.cli import main\n"
        f"out = CliRunner().invoke(main, ['check', {str(FIXTURES / 'base.rules')!r}])\n"
        "assert out.exit_code == 0, out.output\n"
        "print('z3' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert run.stdout.strip() == "False"


def test_a_sampled_property_keeps_the_line_of_spec_and_gives_its_reason_below() -> None:
    from standards_rules.testing import PropertyResult
    from standards_rules.testing.verify import render_result

    note = "tested: 12 examples; sampled because trigger accident reads events"
    result = PropertyResult("entry_exit", True, "…", note=note, examples=12)
    shown = render_result(load_ruleset(FIXTURES / "base.rules"), result)
    assert shown.splitlines() == [
        "ok entry_exit (tested: 12 examples)",
        "  sampled because trigger accident reads events",
    ]
