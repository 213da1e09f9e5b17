"""`verify` on a plan whose limits sit near ±1.8e308, the largest finite float: the values it
tries and the solver's models stay numbers a dataset can hold, so it runs without a
traceback, clean properties pass, and the one real failure comes with a counterexample
that `evaluate` reproduces from its saved JSON."""

from __future__ import annotations

import math
import sys
from pathlib import Path

from standards_rules import parse_ruleset
from standards_rules.evaluate import evaluate
from standards_rules.records import load_dataset
from standards_rules.testing import threshold_points
from standards_rules.testing.verify import verify

LARGEST = sys.float_info.max

# a: limits at ±1.79e308; b: a tiny limit beside a tier at 1.79e308. `stricter` asks only
# no_worse_than the national limit: a real stricter_than_reference failure.
PLAN = """ruleset largest "极大值" {
  subject product
  indicator a { better lower weight 0.5 national 1.79e308 industry -1.79e308 tier leader -1.7e308 }
  indicator b { better higher weight 0.5 national 1e-300 industry 1.7e308 tier leader 1.79e308 }
  eligible {
    rule stricter: all i in indicators: i.value no_worse_than i.national
    rule not_excluded: not (any w in enterprise.withdrawals: w.excluded_until > as_of)
  }
  score weighted normalize relative to national
  leaders { top 1 }
  withdraw {
    trigger lowered: any i in indicators: i.previous != none and i.value worse_than i.previous
    exclude 3 years
  }
}
"""


def test_the_values_tried_are_finite_numbers() -> None:
    ruleset = parse_ruleset(PLAN, "largest.rules")
    for indicator in ("a", "b"):
        points = threshold_points(ruleset, indicator)
        assert points and all(math.isfinite(p) and abs(p) <= LARGEST for p in points)
    assert -LARGEST in threshold_points(ruleset, "a")  # the best: beyond every limit


def test_every_failure_is_real_and_reproduces_from_its_saved_dataset(tmp_path: Path) -> None:
    ruleset = parse_ruleset(PLAN, str(tmp_path / "largest.rules"))
    results, text = verify(ruleset, max_examples=15, seed=3, save=tmp_path)
    outcome = {r.name: r.ok for r in results}
    assert outcome["deterministic"] and outcome["order_independent"], text
    assert [name for name, ok in outcome.items() if not ok] == ["stricter_than_reference"], text
    (failure,) = [r for r in results if not r.ok]
    assert failure.counterexample is not None
    saved = load_dataset(tmp_path / "stricter_than_reference.json")
    assert not saved.rejected
    report = evaluate(ruleset, saved, as_of=failure.counterexample.as_of)
    at_limit = [s.number for s in saved.standards if s.indicators.get("a") == 1.79e308]
    assert at_limit and any(e.eligible for e in report.eligibility if e.standard in at_limit)
