"""Laws of evaluation: record order never matters; improving indicators keeps eligibility."""

from __future__ import annotations

import random
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules import evaluate, load_dataset, load_ruleset
from standards_rules.records.model import Dataset

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
SPEC = load_ruleset(FIXTURES / "spec_example.rules")
DATA = load_dataset(FIXTURES / "coal-small.json")
AS_OF = __import__("datetime").date(2021, 6, 1)
BASELINE = evaluate(SPEC, DATA, as_of=AS_OF).to_dict()


def _without_rejected(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "rejected"}


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_records_never_changes_the_json(rnd: random.Random) -> None:
    shuffled = Dataset(
        tuple(rnd.sample(DATA.enterprises, len(DATA.enterprises))),
        tuple(rnd.sample(DATA.standards, len(DATA.standards))),
        tuple(rnd.sample(DATA.titles, len(DATA.titles))),
        DATA.rejected,
    )
    report = evaluate(SPEC, shuffled, as_of=AS_OF)
    assert _without_rejected(report.to_dict()) == _without_rejected(BASELINE)
    assert report.to_json() == evaluate(SPEC, DATA, as_of=AS_OF).to_json()


# Lower is better for sulfur and ash, higher for calorific.
_DIRECTION = {"sulfur": -1.0, "calorific": 1.0, "ash": -1.0}
_values = st.fixed_dictionaries(
    {
        "sulfur": st.floats(0.1, 1.2, allow_nan=False),
        "calorific": st.floats(20.0, 28.0, allow_nan=False),
        "ash": st.floats(5.0, 30.0, allow_nan=False),
    }
)


@settings(max_examples=100, deadline=None)
@given(_values, st.floats(0.0, 5.0, allow_nan=False), st.sampled_from(range(len(DATA.standards))))
def test_improving_every_indicator_never_loses_eligibility(
    values: dict[str, float], step: float, which: int
) -> None:
    base = DATA.standards[which]
    better = {k: v + _DIRECTION[k] * step for k, v in values.items()}
    before = attrs.evolve(base, indicators=values)
    after = attrs.evolve(base, indicators=better)
    ent = DATA.enterprise(base.enterprise)
    assert ent is not None
    verdicts = []
    for candidate in (before, after):
        ds = Dataset((ent,), (candidate,), ())
        verdicts.append(evaluate(SPEC, ds, as_of=AS_OF).eligibility[0].eligible)
    assert not (verdicts[0] and not verdicts[1])
