"""The bundled plans, each evaluated on the data and date of its first example with both.

Tests of what people read run over every plan found here, so they hold for
whatever plans are bundled, not for one plan's current content.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs

from standards_rules import evaluate, load_dataset, load_ruleset
from standards_rules.frontend import CheckedRuleset, is_library
from standards_rules.records.model import Dataset
from standards_rules.render.context import Plan, Records
from standards_rules.report import Report

PLANS = Path(__file__).resolve().parent.parent / "rulesets" / "jincheng"


@attrs.frozen
class Evaluated:
    path: Path
    ruleset: CheckedRuleset
    dataset: Dataset
    report: Report

    @property
    def plan(self) -> Plan:
        return Plan.of(self.ruleset)

    @property
    def records(self) -> Records:
        return Records.of(self.dataset)


def plan_paths() -> list[Path]:
    """Every bundled ruleset (a shared library file is not a plan)."""
    return [path for path in sorted(PLANS.rglob("*.rules")) if not is_library(path)]


@cache
def evaluated(path: Path) -> Evaluated:
    ruleset = load_ruleset(path)
    example = next(e for e in ruleset.ast.examples if e.data and e.as_of)
    assert example.data is not None and example.as_of is not None
    dataset = load_dataset(path.parent / example.data)
    report = evaluate(
        ruleset, dataset, as_of=example.as_of, publicity_start=example.publicity_start
    )
    return Evaluated(path, ruleset, dataset, report)
