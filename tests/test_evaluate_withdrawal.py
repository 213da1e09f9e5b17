"""Withdrawal (SPEC §4.6): every trigger form of the SPEC example, windows and exclusion."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from evalkit import E1, D, dataset, enterprise, standard
from standards_rules import evaluate, load_ruleset
from standards_rules.records.model import Event, Title

SPEC = load_ruleset(Path(__file__).parent / "fixtures" / "eval" / "spec_example.rules")
AS_OF = D(2021, 6, 1)
TITLE = Title("Q/A 0001-2020", "jincheng_coal", D(2020, 6, 1), D(2021, 6, 30))


def withdrawn(*events: Event, previous: dict | None = None, title: Title = TITLE) -> tuple:
    st = standard("Q/A 0001-2020", sulfur=0.45, calorific=25.1, ash=12.0)
    st = attrs.evolve(st, previous_indicators=previous)
    ds = dataset(st, enterprises=(enterprise(E1, events=events),), titles=(title,))
    report = evaluate(SPEC, ds, as_of=AS_OF)
    return tuple(t for w in report.withdrawals for t in w.triggers)


@pytest.mark.parametrize(
    ("kind", "major", "expected"),
    [
        ("process_change", True, ("process_change",)),
        ("process_change", False, ()),
        ("environmental_accident", True, ("accident",)),
        ("safety_accident", True, ("accident",)),
        ("quality_problem", True, ("accident",)),
        ("quality_problem", False, ()),
        ("inspection_failed", False, ("inspection",)),
        ("ip_infringement", False, ("ip",)),
        ("fraud", False, ("integrity",)),
        ("integrity", False, ("integrity",)),
        ("other", False, ("other",)),
    ],
)
def test_each_event_trigger(kind: str, major: bool, expected: tuple) -> None:
    assert withdrawn(Event(kind, D(2021, 1, 1), major)) == expected  # type: ignore[arg-type]


def test_events_window_is_inclusive_on_both_ends() -> None:
    on_award = Event("fraud", D(2020, 6, 1))  # type: ignore[arg-type]
    on_as_of = Event("other", D(2021, 6, 1))  # type: ignore[arg-type]
    before = Event("ip_infringement", D(2020, 5, 31))  # type: ignore[arg-type]
    after = Event("inspection_failed", D(2021, 6, 2))  # type: ignore[arg-type]
    assert withdrawn(on_award, on_as_of, before, after) == ("integrity", "other")


def test_lowered_indicator_trigger() -> None:
    # sulfur is better lower: previous 0.40, now 0.45 → worse → lowered.
    assert withdrawn(previous={"sulfur": 0.40}) == ("lowered",)
    # calorific better higher: previous 25.0, now 25.1 → better; sulfur same → not lowered.
    assert withdrawn(previous={"sulfur": 0.45, "calorific": 25.0}) == ()
    assert withdrawn(previous={"calorific": 26.0}) == ("lowered",)


def test_triggers_in_declaration_order_and_excluded_until() -> None:
    events = (
        Event("other", D(2021, 2, 1)),  # type: ignore[arg-type]
        Event("safety_accident", D(2021, 3, 1), True),  # type: ignore[arg-type]
    )
    st = standard("Q/A 0001-2020", sulfur=0.45, calorific=25.1, ash=12.0)
    ds = dataset(st, enterprises=(enterprise(E1, events=events),), titles=(TITLE,))
    (entry,) = evaluate(SPEC, ds, as_of=AS_OF).withdrawals
    assert entry.triggers == ("accident", "other")
    assert (entry.decided_on, entry.excluded_until) == (AS_OF, D(2024, 6, 1))  # + 3 years
    assert entry.enterprise == E1


@pytest.mark.parametrize(
    "title",
    [
        attrs.evolve(TITLE, expires_on=D(2021, 5, 31)),  # expired the day before
        attrs.evolve(TITLE, awarded_on=D(2021, 6, 2)),  # not yet awarded
        attrs.evolve(TITLE, ruleset="other_plan"),  # another ruleset's title
        attrs.evolve(TITLE, standard="Q/ZZ 9999-2020"),  # standard not in the dataset
    ],
)
def test_inactive_or_foreign_titles_are_not_evaluated(title: Title) -> None:
    assert withdrawn(Event("other", D(2021, 1, 1)), title=title) == ()  # type: ignore[arg-type]


def test_title_active_on_its_last_day() -> None:
    title = attrs.evolve(TITLE, expires_on=AS_OF)
    assert withdrawn(Event("other", D(2021, 1, 1)), title=title) == ("other",)  # type: ignore[arg-type]


def test_leap_day_exclusion() -> None:
    # as_of 2024-02-29 + 3 years = 2027-02-28 (clamped).
    st = standard("Q/A 0001-2020", sulfur=0.45)
    title = attrs.evolve(TITLE, expires_on=D(2025, 1, 1))
    events = (Event("other", D(2024, 1, 1)),)  # type: ignore[arg-type]
    ds = dataset(st, enterprises=(enterprise(E1, events=events),), titles=(title,))
    (entry,) = evaluate(SPEC, ds, as_of=D(2024, 2, 29)).withdrawals
    assert entry.excluded_until == D(2027, 2, 28)
