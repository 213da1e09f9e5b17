"""Strategies built from a ruleset: valid records, values clustered at the thresholds."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given, settings

from standards_rules import load_ruleset
from standards_rules.records import dump_dataset, is_valid_credit_code, load_dataset_from_dict
from standards_rules.testing import (
    credit_codes,
    datasets,
    indicator_values,
    scenarios,
    threshold_points,
)
from standards_rules.testing.analysis import reference_comparisons, thresholds

FIXTURES = Path(__file__).parent / "fixtures"
RULESET = load_ruleset(FIXTURES / "verify" / "base.rules")
UPPER = load_ruleset(FIXTURES / "verify" / "planted_upper_bound.rules")


def test_thresholds_hold_limits_tiers_and_literals() -> None:
    assert thresholds(RULESET.ast, "sulfur") == (0.5, 0.7, 0.8, 1.0)
    assert thresholds(UPPER.ast, "ash") == (5.0, 25.0)


def test_threshold_points_start_clearly_best_and_hold_neighbours() -> None:
    points = threshold_points(RULESET, "calorific")
    assert points[0] > 26.0  # better higher: beyond every threshold
    for t in (23.0, 24.0, 26.0):
        assert t in points
        assert math.nextafter(t, math.inf) in points
        assert math.nextafter(t, -math.inf) in points


def test_reference_comparisons_read_direction_and_negation() -> None:
    demands = {(c.indicator, c.reference, c.demand) for c in reference_comparisons(RULESET.ast)}
    assert ("sulfur", "national", "better_than") in demands
    assert ("ash", "industry", "better_than") in demands


@settings(max_examples=40, deadline=None)
@given(credit_codes())
def test_credit_codes_are_valid(code: str) -> None:
    assert is_valid_credit_code(code)


@settings(max_examples=40, deadline=None)
@given(indicator_values(RULESET, "sulfur"))
def test_indicator_values_stay_in_range(value: float | None) -> None:
    assert value is not None and 0.0 <= value <= 2.0


@settings(max_examples=30, deadline=None)
@given(datasets(RULESET, max_standards=4))
def test_datasets_round_trip_through_the_loader(dataset: object) -> None:
    loaded = load_dataset_from_dict(dump_dataset(dataset))  # type: ignore[arg-type]
    assert loaded.rejected == ()
    assert loaded == dataset


@settings(max_examples=30, deadline=None)
@given(scenarios(RULESET))
def test_scenario_titles_belong_to_generated_standards(scenario: object) -> None:
    dataset = scenario.dataset  # type: ignore[attr-defined]
    numbers = {s.number for s in dataset.standards}
    assert {t.standard for t in dataset.titles} <= numbers
    assert all(t.ruleset == RULESET.id for t in dataset.titles)
