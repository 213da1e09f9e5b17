"""`standards-rules test`: example blocks pass, fail with expected vs actual, and warn W505."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_rules import load_ruleset
from standards_rules.testing import example_params, run_example, run_examples
from standards_rules.testing.commands import test_command as examples_command

ROOT = Path(__file__).parent.parent
JINCHENG = ROOT / "rulesets" / "jincheng"
SPEC_EXAMPLE = ROOT / "rulesets" / "spec" / "coal.rules"


@pytest.mark.parametrize(("ruleset", "example"), example_params(JINCHENG, SPEC_EXAMPLE))
def test_bundled_examples_pass(ruleset: object, example: object) -> None:
    result = run_example(ruleset, example)  # type: ignore[arg-type]
    assert result.ok, result.failures


def _broken(tmp_path: Path) -> Path:
    """The coal plan with one example whose expectations are wrong."""
    shutil.copytree(JINCHENG / "data", tmp_path / "data")
    shutil.copy(JINCHENG / "common.rules", tmp_path / "common.rules")
    text = (JINCHENG / "coal.rules").read_text(encoding="utf-8")
    cut = text.rstrip().rstrip("}")
    ruleset = load_ruleset(JINCHENG / "coal.rules")
    first = ruleset.ast.examples[0]
    data = first.data
    extra = f'''
  example "deliberately wrong" {{
    data "{data}"
    as_of {first.as_of}
    expect eligible "NO SUCH STANDARD"
    expect leaders []
  }}
}}
'''
    path = tmp_path / "coal.rules"
    path.write_text(cut + extra, encoding="utf-8")
    return path


def test_failing_example_shows_expected_and_actual(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    out = CliRunner().invoke(examples_command, [str(path)])
    assert out.exit_code == 1
    assert "FAIL deliberately wrong" in out.output
    assert "expected: eligible" in out.output
    assert "actual:   not in the data" in out.output
    assert "W505" in out.output


def test_run_examples_reports_w505(tmp_path: Path) -> None:
    results = run_examples(load_ruleset(_broken(tmp_path)))
    wrong = results[-1]
    assert not wrong.ok
    assert [w.code for w in wrong.warnings] == ["W505"]


def test_missing_ruleset_exits_2(tmp_path: Path) -> None:
    out = CliRunner().invoke(examples_command, [str(tmp_path / "nope.rules")])
    assert out.exit_code == 2


def test_ruleset_with_errors_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rules"
    bad.write_text("ruleset x { }", encoding="utf-8")
    out = CliRunner().invoke(examples_command, [str(bad)])
    assert out.exit_code == 1


def test_a_library_named_beside_its_rulesets_is_checked_not_run(tmp_path: Path) -> None:
    plans = ROOT / "rulesets" / "jincheng"
    out = CliRunner().invoke(
        examples_command, [str(plans / "common.rules"), str(plans / "millet.rules")]
    )
    assert out.exit_code == 0, out.output
    assert "library jincheng_common, checked" in out.stderr
    broken = tmp_path / "common.rules"
    broken.write_text("library l {\n  define d: standard.nope\n}\n", encoding="utf-8")
    out = CliRunner().invoke(examples_command, [str(broken)])
    assert out.exit_code == 1 and "nope" in out.stderr
