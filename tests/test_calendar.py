"""The Chinese working-day calendar and date arithmetic, against hand-counted dates."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules import calendar

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2021, 9, 18), True),  # Saturday, adjusted working day for Mid-Autumn
        (D(2021, 9, 20), False),  # Monday, day off (Mid-Autumn)
        (D(2021, 9, 21), False),  # Mid-Autumn Festival
        (D(2021, 9, 26), True),  # Sunday, adjusted working day for National Day
        (D(2021, 10, 1), False),
        (D(2021, 10, 7), False),  # Thursday, still the National Day holiday
        (D(2021, 10, 8), True),
        (D(2021, 10, 9), True),  # Saturday, adjusted working day
        (D(2021, 10, 10), False),  # ordinary Sunday
        (D(2021, 6, 14), False),  # Dragon Boat Festival
    ],
)
def test_working_days_of_2021(day: datetime.date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


def test_publicity_across_national_day_2021() -> None:
    # Start Tue 28 Sep, 10 working days, the start counting:
    # 28(1) 29(2) 30(3) | 1-7 Oct off | Fri 8(4) Sat 9(5, adjusted) | Sun 10 off |
    # Mon 11(6) 12(7) 13(8) 14(9) 15(10) → 15 October.
    assert calendar.publicity_end(D(2021, 9, 28), 10) == D(2021, 10, 15)


def test_publicity_starting_on_the_adjusted_sunday() -> None:
    # Sun 26 Sep is a working day, so it counts: 26(1) 27(2) 28(3) 29(4) 30(5)
    # 8(6) 9(7) 11(8) 12(9) 13(10) → 13 October.
    assert calendar.publicity_end(D(2021, 9, 26), 10) == D(2021, 10, 13)


def test_publicity_starting_on_a_holiday_does_not_count_the_start() -> None:
    # Fri 1 Oct is off: 8(1) 9(2) 11(3) → 11 October.
    assert calendar.publicity_end(D(2021, 10, 1), 3) == D(2021, 10, 11)


def test_spec_example_publicity() -> None:
    # Tue 1 Jun 2021: 1..4 (4), 7..11 (9), Mon 14 Jun is the Dragon Boat holiday,
    # Tue 15 (10) → 15 June, as in SPEC §6.3.
    assert calendar.publicity_end(D(2021, 6, 1), 10) == D(2021, 6, 15)


def test_add_working_days_forwards_and_back() -> None:
    # After Thu 30 Sep the next working day is Fri 8 Oct; the 2nd is Sat 9 Oct.
    assert calendar.add_working_days(D(2021, 9, 30), 1) == D(2021, 10, 8)
    assert calendar.add_working_days(D(2021, 9, 30), 2) == D(2021, 10, 9)
    # Counting back from Mon 11 Oct: Sat 9 (1), Fri 8 (2), Thu 30 Sep (3).
    assert calendar.add_working_days(D(2021, 10, 11), -3) == D(2021, 9, 30)
    assert calendar.add_working_days(D(2021, 10, 3), 0) == D(2021, 10, 3)


def test_working_days_between_excludes_start_includes_end() -> None:
    # (30 Sep, 11 Oct]: 8, 9, 11 → 3.
    assert calendar.working_days_between(D(2021, 9, 30), D(2021, 10, 11)) == 3
    assert calendar.working_days_between(D(2021, 10, 11), D(2021, 9, 30)) == -3
    assert calendar.working_days_between(D(2021, 6, 1), D(2021, 6, 1)) == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2021, 3, 31), -1, D(2021, 2, 28)),
        (D(2021, 12, 15), 1, D(2022, 1, 15)),
        (D(2021, 1, 15), -13, D(2019, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(
    day: datetime.date, months: int, expected: datetime.date
) -> None:
    assert calendar.add_months(day, months) == expected


def test_leap_day_plus_years() -> None:
    assert calendar.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert calendar.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert calendar.add_years(D(2021, 6, 1), 3) == D(2024, 6, 1)


# ---------------------------------------------------------------- arithmetic over the tables


def _walk(day: datetime.date, count: int) -> datetime.date | None:
    """The definition, one day at a time: the `count`-th working day after `day`."""
    step = datetime.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    try:
        while remaining:
            day += step
            remaining -= calendar.is_working_day(day)
    except OverflowError:
        return None
    return day


def _counted(start: datetime.date, end: datetime.date) -> int:
    if end < start:
        return -_counted(end, start)
    return sum(
        calendar.is_working_day(start + datetime.timedelta(days=n))
        for n in range(1, (end - start).days + 1)
    )


_DAYS = st.one_of(
    st.dates(D(2015, 1, 1), D(2030, 12, 31)),
    st.dates(D(1948, 1, 1), D(2103, 12, 31)),
    st.dates(D(1, 1, 1), D(9999, 12, 31)),
)


@settings(max_examples=150, deadline=None)
@given(day=_DAYS, count=st.integers(-600, 600))
def test_add_working_days_is_the_day_by_day_count(day: datetime.date, count: int) -> None:
    try:
        found: datetime.date | None = calendar.add_working_days(day, count)
    except OverflowError:
        found = None
    assert found == _walk(day, count)


@settings(max_examples=100, deadline=None)
@given(day=_DAYS, span=st.integers(-800, 800))
def test_working_days_between_is_the_day_by_day_count(day: datetime.date, span: int) -> None:
    try:
        end = day + datetime.timedelta(days=span)
    except OverflowError:
        return
    assert calendar.working_days_between(day, end) == _counted(day, end)


def test_a_billion_working_days_is_past_the_calendar_at_once() -> None:
    with pytest.raises(OverflowError):
        calendar.add_working_days(D(2021, 6, 1), 1_000_000_000)
    with pytest.raises(OverflowError):
        calendar.add_working_days(D(2021, 6, 1), -1_000_000_000)


def test_far_working_days_agree_with_the_counts() -> None:
    # 100,000 working days on: the count between the two ends is exactly that.
    end = calendar.add_working_days(D(2021, 6, 1), 100_000)
    assert calendar.is_working_day(end)
    assert calendar.working_days_between(D(2021, 6, 1), end) == 100_000
    back = calendar.add_working_days(end, -100_000)
    assert back == D(2021, 6, 1)


def test_the_ends_of_the_calendar() -> None:
    assert calendar.add_working_days(D(1, 1, 1), 1) == D(1, 1, 2)
    assert calendar.add_working_days(D(9999, 12, 31), -1) == D(9999, 12, 30)
    with pytest.raises(OverflowError):
        calendar.add_working_days(D(1, 1, 1), -1)
    with pytest.raises(OverflowError):
        calendar.add_working_days(D(9999, 12, 31), 1)
    with pytest.raises(OverflowError):
        calendar.add_months(D(9999, 12, 1), 1)
