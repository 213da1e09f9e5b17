"""`make demo`: evaluate every bundled Jincheng plan against its sample data.

Each plan's first `example` block names its data file and the `as_of` date;
the demo evaluates the plan there and prints its ranking, leaders, public
notice and withdrawals, so a new user sees the whole programme at work.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from standards_rules import evaluate, load_dataset, load_ruleset
from standards_rules.report_table import print_tables

PLANS = Path(__file__).resolve().parent.parent / "rulesets" / "jincheng"
RANKING_ROWS_PER_GROUP = 8


def main() -> int:
    console = Console(width=max(Console().width, 110))
    for path in sorted(PLANS.glob("*.rules")):
        ruleset = load_ruleset(path)
        example = next((e for e in ruleset.ast.examples if e.data and e.as_of), None)
        if example is None or example.data is None or example.as_of is None:
            console.print(f"{path.name}: no example with data and as_of; skipped")
            continue
        dataset = load_dataset(path.parent / example.data)
        report = evaluate(
            ruleset, dataset, as_of=example.as_of, publicity_start=example.publicity_start
        )
        console.print(Rule(f"{ruleset.ast.title or ruleset.id}  ({path.name})"))
        print_tables(
            report,
            console=console,
            brief=True,
            ranking_rows_per_group=RANKING_ROWS_PER_GROUP,
        )
        console.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
