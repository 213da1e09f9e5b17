"""The fuzzing suite: no input gets a traceback, and every record is accounted for.

Generated rulesets (typed by construction, token mutations of the bundled plans)
go through check, compile, evaluate and explain; mutated datasets through load
and evaluate; both through the command line. Only the library's own errors may
come out, only the exit codes of SPEC §6.1, never a `Traceback`, and accepted +
rejected records = the records given. `make fuzz` runs the same generators
longer (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import (
    AS_OF,
    COAL,
    FUZZ,
    as_json_lines,
    fuzz_settings,
    mutated_datasets,
    mutated_plans,
    record_count,
    typed_rulesets,
)
from standards_rules import RulesetError, evaluate, parse_ruleset
from standards_rules.cli import main
from standards_rules.explain import explain
from standards_rules.frontend import CheckedRuleset
from standards_rules.records import DatasetError, load_dataset_from_text
from standards_rules.records.model import Dataset
from standards_rules.render.context import Plan, Records
from standards_rules.render.explain_text import render_explanation

DATA = load_dataset_from_text(
    (Path(__file__).parents[1] / "rulesets/jincheng/data/coal.json").read_text("utf-8")
)
PLAN = parse_ruleset(COAL, str(Path(__file__).parents[1] / "rulesets/jincheng/coal.rules"))
DAYS = st.sampled_from(AS_OF)


def check(text: str) -> CheckedRuleset | None:
    try:
        # beside the coal plan, so that its `use "common.rules"` resolves
        return parse_ruleset(text, str(Path(__file__).parents[1] / "rulesets/jincheng/fuzz.rules"))
    except RulesetError as exc:
        assert exc.diagnostics
        return None


def run_everything(checked: CheckedRuleset, dataset: Dataset, as_of: str) -> None:
    report = evaluate(checked, dataset, as_of=as_of)
    report.to_json().encode("utf-8")  # every text can be written
    for entry in report.eligibility[:1]:
        explained = explain(checked, dataset, entry.standard, as_of=as_of)
        render_explanation(explained, Plan.of(checked), Records.of(dataset)).encode("utf-8")
        explained.to_json().encode("utf-8")


@FUZZ
@given(text=st.one_of(typed_rulesets(), mutated_plans()), as_of=DAYS)
def test_generated_rulesets_check_and_evaluate_without_a_traceback(text: str, as_of: str) -> None:
    # typed by construction (most reach evaluation) or a bundled plan with tokens mutated
    checked = check(text)
    if checked is not None:
        run_everything(checked, DATA, as_of)


@FUZZ
@given(data=mutated_datasets(), lines=st.booleans(), as_of=DAYS)
def test_mutated_datasets_account_for_every_record(
    data: dict[str, object], lines: bool, as_of: str
) -> None:
    text = as_json_lines(data) if lines else json.dumps(data)
    try:
        dataset = load_dataset_from_text(text, format="jsonl" if lines else "json")
    except DatasetError:
        return  # the file as a whole is unreadable: nothing was taken from it
    accepted = len(dataset.enterprises) + len(dataset.standards) + len(dataset.titles)
    assert accepted + len(dataset.rejected) == record_count(data)  # type: ignore[arg-type]
    json.dumps([r.path for r in dataset.rejected], ensure_ascii=False).encode("utf-8")
    run_everything(PLAN, dataset, as_of)


@fuzz_settings(0.3)
@given(text=st.one_of(typed_rulesets(), mutated_plans()), data=mutated_datasets(), as_of=DAYS)
def test_the_command_line_answers_with_an_exit_code_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, text: str, data: dict[str, object], as_of: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    plan, records = folder / "plan.rules", folder / "data.json"
    plan.write_text(text, encoding="utf-8", errors="surrogatepass")
    records.write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["check", str(plan)],
        ["evaluate", str(plan), str(records), "--as-of", as_of, "--strict"],
        ["evaluate", str(plan), str(records), "--as-of", as_of, "--format", "table"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code in (0, 1, 2, 3), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert "Traceback" not in result.output


def test_the_suite_reaches_evaluation() -> None:
    # The generators are meant to get past the checker: one typed ruleset does.
    from hypothesis import find, settings

    found = find(
        typed_rulesets(), lambda text: check(text) is not None, settings=settings(deadline=None)
    )
    assert check(found) is not None
    assert datetime.date.fromisoformat(AS_OF[1])
