"""Testing: hypothesis strategies for the records of one ruleset's datasets.

Takes a ruleset (for standards and titles) and dates; gives strategies for
enterprises, their events and withdrawals, standards and titles, whose
indicator values cluster at the ruleset's thresholds (`values`) and whose
dates cluster at title windows and at `as_of`. Most records pass most rules,
so that standards reach scoring, ranking and withdrawal often; every choice
lists its simplest option first, so a failing example shrinks toward plain,
passing records. Whole datasets are assembled in `strategies`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from standards_rules import ast
from standards_rules.records.model import (
    ConformityReport,
    Enterprise,
    Event,
    EventKind,
    Product,
    Service,
    Standard,
    Status,
    Subject,
    Title,
    Withdrawal,
)
from standards_rules.testing.analysis import attribute_names, compared_texts, string_literals
from standards_rules.testing.records import credit_codes
from standards_rules.testing.values import (
    DEFAULT_AS_OF,
    Focus,
    RulesetLike,
    indicator_values,
    tree_of,
    years_after,
)

DAY = datetime.timedelta(days=1)


def _mostly(value: object, other: object) -> st.SearchStrategy[Any]:
    """`value` seven times in eight, else `other`; shrinks to `value`.

    Most generated records pass most rules, so that standards reach scoring,
    ranking and withdrawal often; a failing example still shrinks to passing fields.
    """
    return st.sampled_from([value] * 7 + [other])


def _award_dates(as_of: datetime.date) -> list[datetime.date]:
    return [years_after(as_of, -1), as_of - 30 * DAY, as_of, years_after(as_of, -3), as_of + DAY]


def events(*, around: Sequence[datetime.date]) -> st.SearchStrategy[Event]:
    """Events dated at or just beside the given dates (title windows, `as_of`), or near them."""
    if not around:
        raise ValueError("events() needs at least one date to cluster around")
    dates = sorted({d + k * DAY for d in around for k in (0, -1, 1)})
    date = st.one_of(
        st.sampled_from(dates),
        st.dates(min_value=dates[0] - 400 * DAY, max_value=dates[-1] + 30 * DAY),
    )

    @st.composite
    def event(draw: st.DrawFn) -> Event:
        happened = draw(date)
        # Found when it happened (none), or later: at a clustered date or some days after.
        later = [d for d in dates if d >= happened]
        found = draw(
            st.none()
            | (st.sampled_from(later) if later else st.nothing())
            | st.integers(0, 400).map(lambda days: happened + days * DAY)
        )
        kind = draw(st.sampled_from(EventKind))
        return Event(kind, happened, draw(st.booleans()), None, found)

    return event()


def withdrawals(*, as_of: datetime.date = DEFAULT_AS_OF) -> st.SearchStrategy[Withdrawal]:
    """Past withdrawals whose exclusion ends before, at, just after or long after `as_of`."""

    @st.composite
    def build(draw: st.DrawFn) -> Withdrawal:
        decided = draw(
            st.sampled_from([years_after(as_of, -1), years_after(as_of, -3), as_of - DAY])
        )
        until = draw(
            st.sampled_from(
                [
                    years_after(decided, 3),
                    as_of + DAY,
                    as_of,
                    as_of - DAY,
                    years_after(as_of, 2),
                    None,
                ]
            )
        )
        return Withdrawal(decided_on=decided, excluded_until=until, reason="fraud")

    return build()


def enterprises(
    *,
    credit_code: st.SearchStrategy[str] | None = None,
    as_of: datetime.date = DEFAULT_AS_OF,
    event_dates: Sequence[datetime.date] = (),
    max_events: int = 3,
) -> st.SearchStrategy[Enterprise]:
    """Enterprises that mostly applied and consent, with events and past withdrawals.

    Events cluster at `as_of`, at the award dates titles get (see `titles`)
    and at `event_dates`, each exactly or one day off.
    """
    around = [*_award_dates(as_of), *event_dates]
    return st.builds(
        Enterprise,
        credit_code=credit_code if credit_code is not None else credit_codes(),
        name=st.just("晋城市测试企业有限公司"),
        county=st.none(),
        applied=_mostly(True, False),
        consent=_mostly(True, False),
        events=st.lists(events(around=around), max_size=max_events).map(tuple),
        withdrawals=st.one_of(
            st.just(()), st.lists(withdrawals(as_of=as_of), min_size=1, max_size=2).map(tuple)
        ),
    )


def _indicator_map(
    ruleset: ast.Ruleset, focus: Focus | None = None
) -> st.SearchStrategy[dict[str, float]]:
    # Now and then (one in sixteen) an indicator is missing, which rules and scores must survive.
    present = st.sampled_from([True] * 15 + [False])
    values = {
        i.id: st.tuples(present, indicator_values(ruleset, i.id, focus=(focus or {}).get(i.id, ())))
        for i in ruleset.indicators
    }
    return st.fixed_dictionaries(values).map(
        lambda found: {k: v for k, (present, v) in found.items() if present and v is not None}
    )


def _attributes(ruleset: ast.Ruleset) -> st.SearchStrategy[dict[str, object]]:
    names = attribute_names(ruleset)
    words = [s for s in string_literals(ruleset) if len(s) < 40] or ["x"]
    scalar = st.one_of(st.sampled_from(words), st.none(), st.booleans(), st.integers(0, 100))
    return st.fixed_dictionaries({name: scalar for name in names})


def plan_categories(tree: ast.Ruleset) -> tuple[str, ...]:
    """The categories eligible rules admit (`standard.category in [...]`), then one outside
    them; `A`, `B` for a plan that does not restrict them."""
    admitted = compared_texts(tree, "standard", "category")
    return (*admitted, "A") if admitted else ("A", "B")


def standards(
    ruleset: RulesetLike,
    *,
    number: st.SearchStrategy[str] | None = None,
    enterprise: st.SearchStrategy[str] | None = None,
    as_of: datetime.date = DEFAULT_AS_OF,
    categories: Sequence[str] | None = None,
    focus: Focus | None = None,
) -> st.SearchStrategy[Standard]:
    """Standards of the ruleset's subject (mostly) with indicator values around its thresholds.

    The simplest standard is current, format-compliant, about one mass-produced
    product (or a widely provided service), with a passing conformity report
    and every indicator clearly better than every threshold. `focus` adds
    values, per indicator id, to draw as often as the threshold points.
    `categories` defaults to those the plan's rules admit, and one they do not.
    """
    tree = tree_of(ruleset)
    if categories is None:
        categories = plan_categories(tree)
    subject = Subject(tree.subject.value) if tree.subject is not None else Subject.PRODUCT
    other = Subject.SERVICE if subject is Subject.PRODUCT else Subject.PRODUCT
    product = st.builds(
        Product, name=st.just("产品"), model=st.just("M1"), mass_produced=_mostly(True, False)
    )
    report = st.builds(
        ConformityReport,
        passed=_mostly(True, False),
        issued_on=st.just(as_of - 60 * DAY),
        agency=st.just("检验机构"),
    )
    default_number = f"Q/SR 0001-{as_of.year}"
    return st.builds(
        Standard,
        number=number if number is not None else st.just(default_number),
        name=st.just("测试标准"),
        enterprise=enterprise if enterprise is not None else credit_codes(),
        status=_mostly(Status.CURRENT, Status.ABOLISHED),
        published_on=st.sampled_from([as_of - 120 * DAY, as_of - 400 * DAY, as_of]),
        format_compliant=_mostly(True, False),
        category=st.sampled_from(list(categories)),
        subject=_mostly(subject, other),
        products=st.one_of(
            st.just((Product("产品", "M1", True),)),
            st.lists(product, max_size=3).map(tuple),
        ),
        service=st.one_of(
            st.just(Service(True, 12)),
            st.none(),
            st.builds(Service, widely_provided=st.booleans(), outlets=st.integers(0, 50)),
        ),
        indicators=_indicator_map(tree, focus),
        previous_indicators=st.one_of(st.none(), _indicator_map(tree, focus)),
        conformity_report=st.one_of(report, st.none()),
        attributes=_attributes(tree),
        replaces=st.none(),
    )


def titles(
    ruleset: RulesetLike, *, standard: str, as_of: datetime.date = DEFAULT_AS_OF
) -> st.SearchStrategy[Title]:
    """Titles of this ruleset for `standard`: active on `as_of` (mostly), expired, or not begun,
    recording levels at award around the ruleset's thresholds (or none)."""
    tree = tree_of(ruleset)
    levels = st.one_of(_indicator_map(tree), st.none())

    @st.composite
    def build(draw: st.DrawFn) -> Title:
        awarded = draw(st.sampled_from(_award_dates(as_of)))
        expires = draw(st.sampled_from([years_after(as_of, 1), as_of, as_of - DAY]))
        return Title(standard, tree.id, awarded, max(expires, awarded), draw(levels))

    return build()


__all__ = [
    "DAY",
    "enterprises",
    "events",
    "plan_categories",
    "standards",
    "titles",
    "withdrawals",
]
