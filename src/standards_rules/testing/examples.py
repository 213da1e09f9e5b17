"""Testing: running a ruleset's `example` blocks (SPEC §2.2) against their data.

Takes a `CheckedRuleset`; for each example loads its data (a path relative to
the ruleset file), evaluates on its `as_of`, and checks every `expect`; gives
`ExampleResult`s with, for each failed expectation, what was expected, what
happened, and the rule outcomes that decided it. Also gives W505 warnings for
standard numbers an example names that are not in its data. Unknown ids in
`because` are the checker's E206; they never reach here.

Decisions: `because` lists are a subset check: the named rules (or triggers)
must be among those that failed (fired); others may fail too, and are shown.
An expectation about a standard that is not in the data fails, besides W505.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic, warning
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.load import DatasetError, load_dataset
from standards_rules.records.model import Dataset

SCORE_TOLERANCE = 1e-6


@attrs.frozen
class ExpectationFailure:
    """One `expect` that did not hold: the line as written, expected, actual, and why."""

    expect: ast.Expect
    expected: str
    actual: str
    decided_by: str | None = None

    @property
    def line(self) -> int:
        """The line of the `expect` in the ruleset file."""
        return self.expect.span.line


@attrs.frozen
class ExampleResult:
    """The outcome of one `example`: whether it held, and each expectation that did not."""

    name: str
    ok: bool
    failures: tuple[ExpectationFailure, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    error: str | None = None  # the data could not be read: nothing was checked

    def __bool__(self) -> bool:
        return self.ok


def example_data_path(ruleset: CheckedRuleset, example: ast.Example) -> Path | None:
    """Where the example's `data` file is: relative to the ruleset file's directory."""
    if example.data is None:
        return None
    return Path(ruleset.source.path).parent / example.data


def example_as_of(ruleset: CheckedRuleset, example: ast.Example) -> datetime.date:
    """The example's `as_of`, else the ruleset's `effective` date, else today."""
    return example.as_of or ruleset.ast.metadata.effective or datetime.date.today()


def run_example(ruleset: CheckedRuleset, example: ast.Example) -> ExampleResult:
    """Evaluate one example and check each of its expectations."""
    from standards_rules.evaluate import evaluate

    path = example_data_path(ruleset, example)
    try:
        dataset = Dataset() if path is None else load_dataset(path, ruleset)
    except DatasetError as exc:
        return ExampleResult(example.name, False, error=f"cannot read data: {exc}")
    as_of = example_as_of(ruleset, example)
    report = evaluate(
        ruleset, dataset, as_of=as_of, publicity_start=example.publicity_start
    ).to_dict()
    facts = _Facts(report)
    warnings = tuple(_unknown_numbers(ruleset, example, facts))
    failures = tuple(f for e in example.expectations if (f := _check(e, facts)) is not None)
    return ExampleResult(example.name, not failures, failures, warnings)


def run_examples(ruleset: CheckedRuleset) -> tuple[ExampleResult, ...]:
    """Every example of `ruleset`, in source order."""
    return tuple(run_example(ruleset, example) for example in ruleset.ast.examples)


class _Facts:
    """The report's rows by standard number, for the checks to look up."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.eligibility = {r["standard"]: r for r in report["eligibility"]}
        self.ranking = {r["standard"]: r for r in report["ranking"]}
        self.groups = list(report["ranking"])
        self.leaders = [r["standard"] for r in report["leaders"]]
        self.passed_over = report["passed_over"]
        self.withdrawals = {r["standard"]: r for r in report["withdrawals"]}
        self.rejected = {r["record"]: r for r in report["rejected"] if r.get("record")}

    def known(self, number: str) -> bool:
        return number in self.eligibility or number in self.withdrawals

    def missing(self, number: str) -> str:
        if number in self.rejected:
            return f"rejected by the loader ({self.rejected[number]['error']})"
        return "not in the data"


def _unknown_numbers(
    ruleset: CheckedRuleset, example: ast.Example, facts: _Facts
) -> list[Diagnostic]:
    out = []
    for expect in example.expectations:
        for number in expect.standards:
            if not facts.known(number):
                message = (
                    f"example {example.name!r} names {number!r}, which is {facts.missing(number)}"
                )
                out.append(warning("W505", message, expect.span, ruleset.source.path))
    return out


def _failed_rules(row: Mapping[str, Any]) -> str:
    parts = [f["rule"] + (f" ({f['label']})" if f.get("label") else "") for f in row["failed"]]
    return "failed " + ", ".join(parts) if parts else "passed every rule"


def _check(expect: ast.Expect, facts: _Facts) -> ExpectationFailure | None:
    kind = expect.kind
    if kind is ast.ExpectKind.LEADERS:
        wanted, got = set(expect.standards), set(facts.leaders)
        if wanted == got:
            return None
        over = "; ".join(
            f"{p['standard']} passed over ({', '.join(p['failed'])})" for p in facts.passed_over
        )
        return ExpectationFailure(
            expect, f"leaders {_list(wanted)}", f"leaders {_list(got)}", over or None
        )
    number = expect.standards[0]
    if kind is ast.ExpectKind.NOT_WITHDRAWN:
        row = facts.withdrawals.get(number)
        if row is None:
            return None
        return ExpectationFailure(
            expect, "not withdrawn", "withdrawn", f"triggers fired: {', '.join(row['triggers'])}"
        )
    if kind is ast.ExpectKind.WITHDRAWN:
        return _withdrawn(expect, number, facts)
    elig = facts.eligibility.get(number)
    if elig is None:
        return ExpectationFailure(expect, _describe(expect), facts.missing(number))
    if kind is ast.ExpectKind.ELIGIBLE:
        if elig["eligible"]:
            return None
        return ExpectationFailure(expect, "eligible", "ineligible", _failed_rules(elig))
    if kind is ast.ExpectKind.INELIGIBLE:
        failed = [f["rule"] for f in elig["failed"]]
        if not elig["eligible"] and set(expect.because) <= set(failed):
            return None
        actual = "eligible" if elig["eligible"] else "ineligible"
        return ExpectationFailure(expect, _describe(expect), actual, _failed_rules(elig))
    return _ranked(expect, number, facts)


def _withdrawn(expect: ast.Expect, number: str, facts: _Facts) -> ExpectationFailure | None:
    row = facts.withdrawals.get(number)
    if row is not None and set(expect.because) <= set(row["triggers"]):
        return None
    if row is None:
        actual = "not withdrawn" if number in facts.eligibility else facts.missing(number)
        return ExpectationFailure(expect, _describe(expect), actual, "no trigger fired")
    fired = ", ".join(row["triggers"])
    return ExpectationFailure(expect, _describe(expect), f"withdrawn because {fired}")


def _ranked(expect: ast.Expect, number: str, facts: _Facts) -> ExpectationFailure | None:
    row = facts.ranking.get(number)
    elig = facts.eligibility[number]
    if row is None:
        why = _failed_rules(elig) if not elig["eligible"] else "the ruleset ranks nothing"
        return ExpectationFailure(expect, _describe(expect), "not ranked", why)
    group = [r for r in facts.groups if r["group"] == row["group"]]
    shown = ", ".join(f"{r['rank']}. {r['standard']} ({r['score']})" for r in group)
    context = f"group {row['group']!r}: {shown}"
    if expect.kind is ast.ExpectKind.RANK:
        if row["rank"] == expect.value:
            return None
        return ExpectationFailure(expect, f"rank {expect.value}", f"rank {row['rank']}", context)
    assert expect.value is not None
    if abs(row["score"] - expect.value) <= SCORE_TOLERANCE:
        return None
    parts = ", ".join(f"{k} {v}" for k, v in row["parts"].items())
    return ExpectationFailure(
        expect, f"score {expect.value}", f"score {row['score']}", f"parts: {parts}"
    )


def _describe(expect: ast.Expect) -> str:
    text = expect.kind.value
    if expect.because:
        text += " because " + ", ".join(expect.because)
    if expect.value is not None:
        text += f" {expect.value}"
    return text


def _list(numbers: set[str]) -> str:
    return "[" + ", ".join(sorted(numbers)) + "]"


def format_expect(expect: ast.Expect) -> str:
    """The expectation as written in the ruleset (canonical spacing)."""
    if expect.kind is ast.ExpectKind.LEADERS:
        return "expect leaders [" + ", ".join(f'"{n}"' for n in expect.standards) + "]"
    text = f'expect {expect.kind.value} "{expect.standards[0]}"'
    if expect.value is not None:
        text += f" {expect.value}"
    if expect.because:
        text += " because " + ", ".join(expect.because)
    return text


__all__ = [
    "SCORE_TOLERANCE",
    "ExampleResult",
    "ExpectationFailure",
    "example_as_of",
    "example_data_path",
    "format_expect",
    "run_example",
    "run_examples",
]
