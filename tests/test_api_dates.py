"""The library's dates (SPEC §5): keyword-only, `date` or ISO text, TypeError naming the type."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from standards_rules import evaluate, load_dataset, load_ruleset
from standards_rules.explain import explain

PLAN = Path(__file__).parents[1] / "rulesets" / "jincheng" / "coal.rules"
SPEC = load_ruleset(PLAN)
DATA = load_dataset(PLAN.parent / "data" / "coal.json")
AS_OF = datetime.date(2021, 6, 1)
NUMBER = "Q/HYMY 0001-2021"


def test_an_iso_string_means_the_date() -> None:
    by_text = evaluate(SPEC, DATA, as_of="2021-06-01", publicity_start="2021-06-02")
    by_date = evaluate(SPEC, DATA, as_of=AS_OF, publicity_start=datetime.date(2021, 6, 2))
    assert by_text.to_json() == by_date.to_json()


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (datetime.datetime(2021, 6, 1, 12, 0), r"datetime\.datetime"),
        (20210601, "not int"),
        (None, "not NoneType"),
        (b"2021-06-01", "not bytes"),
    ],
)
def test_anything_else_is_a_type_error_naming_the_type(value: object, named: str) -> None:
    with pytest.raises(TypeError, match=named):
        evaluate(SPEC, DATA, as_of=value)  # type: ignore[arg-type]
    if value is not None:  # publicity_start=None means as_of
        with pytest.raises(TypeError, match=named):
            evaluate(SPEC, DATA, as_of=AS_OF, publicity_start=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["2021-6-1", "2021-02-30", "١٠٢١-٠٦-٠١", "yesterday", "2021-W22-2", "20210601"]
)
def test_text_that_is_not_an_iso_date_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="ISO date"):
        evaluate(SPEC, DATA, as_of=text)


def test_dates_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        evaluate(SPEC, DATA, AS_OF)  # type: ignore[misc]
    with pytest.raises(TypeError):
        explain(SPEC, DATA, AS_OF, NUMBER)  # type: ignore[misc]


def test_explain_takes_the_number_then_the_dates_by_keyword() -> None:
    by_text = explain(SPEC, DATA, NUMBER, as_of="2021-06-01")
    assert by_text.to_json() == explain(SPEC, DATA, NUMBER, as_of=AS_OF).to_json()
    with pytest.raises(TypeError, match=r"datetime\.datetime"):
        explain(SPEC, DATA, NUMBER, as_of=datetime.datetime(2021, 6, 1))
