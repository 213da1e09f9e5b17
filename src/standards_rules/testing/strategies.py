"""Testing: hypothesis strategies for datasets built from a ruleset, for users' own tests.

Takes a ruleset (a `CheckedRuleset` or its `ast.Ruleset`); gives strategies for
indicator values, enterprises, standards, titles and whole datasets whose
values cluster where the ruleset decides something: exactly at, just above
and just below every threshold it mentions (reference limits, tiers, numbers
compared with indicator values), plus random values; dates cluster at title
windows and at `as_of`. Every choice lists its simplest option first, so a
failing example shrinks toward a short dataset of plain, passing records.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset
from standards_rules.limits import MAX_NUMBER
from standards_rules.records.model import (
    ConformityReport,
    Dataset,
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
from standards_rules.testing.analysis import (
    attribute_names,
    compared_texts,
    matched_patterns,
    string_literals,
    thresholds,
)
from standards_rules.testing.records import credit_codes, plan_credit_codes

RulesetLike = CheckedRuleset | ast.Ruleset

DEFAULT_AS_OF = datetime.date(2021, 6, 1)
_DAY = datetime.timedelta(days=1)
# Relative offsets around a threshold: rounding-sized, visible, and clearly apart.
_OFFSETS = (1e-9, 1e-6, 1e-3, 0.05, 0.5)


@attrs.frozen
class Scenario:
    """A generated dataset and the date it is evaluated on."""

    dataset: Dataset
    as_of: datetime.date


def _ast(ruleset: RulesetLike) -> ast.Ruleset:
    return ruleset.ast if isinstance(ruleset, CheckedRuleset) else ruleset


def _years(date: datetime.date, years: int) -> datetime.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def threshold_points(ruleset: RulesetLike, indicator_id: str) -> tuple[float, ...]:
    """The values `indicator_values` favours: each threshold, its neighbours, and beyond.

    A value clearly better than every threshold comes first, then the
    thresholds, best first (the most readable counterexamples), then the values
    just beside them (`math.nextafter` and small relative offsets),
    then values between and beyond them. Negative values appear only when
    some threshold is negative.
    """
    tree = _ast(ruleset)
    ts = thresholds(tree, indicator_id)
    indicator = tree.indicator(indicator_id)
    if not ts:
        return tuple(dict.fromkeys(_within_range(indicator, [1.0, 0.0, 10.0, 100.0])))
    lower_is_better = indicator is not None and indicator.better is ast.Better.LOWER
    near: list[float] = []
    for t in ts:
        near += [math.nextafter(t, -math.inf), math.nextafter(t, math.inf)]
        scale = abs(t) or 1.0
        for rel in _OFFSETS:
            near += [t - rel * scale, t + rel * scale]
    span = (ts[-1] - ts[0]) or abs(ts[0]) or 1.0
    low, high = ts[0] - span, ts[-1] + span
    between = [a / 2 + b / 2 for a, b in itertools.pairwise(ts)]  # (a + b) / 2 overflows
    # Best first: a value clearly better than every threshold keeps the simplest
    # standard passing, so shrunk counterexamples fail only where they must.
    best, worst = (low, high) if lower_is_better else (high, low)
    ordered = ts if lower_is_better else tuple(reversed(ts))
    # Near ±1.8e308 the offsets overflow: every point stays a number a dataset can hold.
    points = [_finite(p) for p in (best, *ordered, *near, *between, worst, 0.0)]
    if ts[0] >= 0:
        points = [max(p, 0.0) for p in points]
    return tuple(dict.fromkeys(_within_range(indicator, points)))


def _finite(value: float) -> float:
    """`value` moved into the numbers a dataset can hold (|x| <= MAX_NUMBER, SPEC limits)."""
    return min(max(value, -MAX_NUMBER), MAX_NUMBER)


def _within_range(indicator: ast.Indicator | None, points: list[float]) -> list[float]:
    """`points` moved into the indicator's `range` (SPEC §2.5), where it has one: a value
    outside it rejects the standard, which then shows nothing of the rules."""
    bounds = None if indicator is None else indicator.range
    if bounds is None:
        return points
    low, high = float(bounds.low), float(bounds.high)
    return [min(max(p, low), high) for p in points]


def _mostly(value: object, other: object) -> st.SearchStrategy[Any]:
    """`value` seven times in eight, else `other`; shrinks to `value`.

    Most generated records pass most rules, so that standards reach scoring,
    ranking and withdrawal often; a failing example still shrinks to passing fields.
    """
    return st.sampled_from([value] * 7 + [other])


def indicator_values(
    ruleset: RulesetLike,
    indicator_id: str,
    *,
    allow_none: bool = False,
    focus: Sequence[float] = (),
) -> st.SearchStrategy[float | None]:
    """Values of one indicator, clustered around the thresholds the ruleset compares it with.

    More than half the draws are the value clearly better than every threshold
    (so that whole standards, which must pass on every indicator, pass often),
    most others a threshold point (at, just beside, between, beyond), the rest
    any float in range. Values in `focus` (cases a run has not met yet) come
    as often as the threshold points.
    """
    points = threshold_points(ruleset, indicator_id)
    low, high = min(points), max(points)
    chosen = st.sampled_from(points)
    kinds = ("best",) * 4 + ("point",) * 2 + ("any",) + (("focus",) * 2 if focus else ())
    anywhere = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)

    # `one_of` would merge repeated branches, and a long `sampled_from` is not
    # uniform: a short list says how often each kind of value comes.
    @st.composite
    def build(draw: st.DrawFn) -> float:
        kind = draw(st.sampled_from(kinds))
        if kind == "best":
            return points[0]
        if kind == "focus":
            return draw(st.sampled_from(tuple(focus)))
        return draw(chosen if kind == "point" else anywhere)

    values: st.SearchStrategy[float | None] = build()
    return st.one_of(values, st.none()) if allow_none else values


def as_of_dates(ruleset: RulesetLike) -> st.SearchStrategy[datetime.date]:
    """Evaluation dates: soon after the ruleset takes effect, or any day in its first 3 years."""
    start = _ast(ruleset).metadata.effective or DEFAULT_AS_OF - datetime.timedelta(days=40)
    usual = start + datetime.timedelta(days=40)
    return st.one_of(st.just(usual), st.dates(min_value=start, max_value=_years(start, 3)))


def _award_dates(as_of: datetime.date) -> list[datetime.date]:
    return [_years(as_of, -1), as_of - 30 * _DAY, as_of, _years(as_of, -3), as_of + _DAY]


def events(*, around: Sequence[datetime.date]) -> st.SearchStrategy[Event]:
    """Events dated at or just beside the given dates (title windows, `as_of`), or near them."""
    if not around:
        raise ValueError("events() needs at least one date to cluster around")
    dates = sorted({d + k * _DAY for d in around for k in (0, -1, 1)})
    date = st.one_of(
        st.sampled_from(dates),
        st.dates(min_value=dates[0] - 400 * _DAY, max_value=dates[-1] + 30 * _DAY),
    )

    @st.composite
    def event(draw: st.DrawFn) -> Event:
        happened = draw(date)
        # Found when it happened (none), or later: at a clustered date or some days after.
        later = [d for d in dates if d >= happened]
        found = draw(
            st.none()
            | (st.sampled_from(later) if later else st.nothing())
            | st.integers(0, 400).map(lambda days: happened + days * _DAY)
        )
        kind = draw(st.sampled_from(EventKind))
        return Event(kind, happened, draw(st.booleans()), None, found)

    return event()


def withdrawals(*, as_of: datetime.date = DEFAULT_AS_OF) -> st.SearchStrategy[Withdrawal]:
    """Past withdrawals whose exclusion ends before, at, just after or long after `as_of`."""

    @st.composite
    def build(draw: st.DrawFn) -> Withdrawal:
        decided = draw(st.sampled_from([_years(as_of, -1), _years(as_of, -3), as_of - _DAY]))
        until = draw(
            st.sampled_from(
                [_years(decided, 3), as_of + _DAY, as_of, as_of - _DAY, _years(as_of, 2), None]
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


Focus = Mapping[str, Sequence[float]]


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
    tree = _ast(ruleset)
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
        issued_on=st.just(as_of - 60 * _DAY),
        agency=st.just("检验机构"),
    )
    default_number = f"Q/SR 0001-{as_of.year}"
    return st.builds(
        Standard,
        number=number if number is not None else st.just(default_number),
        name=st.just("测试标准"),
        enterprise=enterprise if enterprise is not None else credit_codes(),
        status=_mostly(Status.CURRENT, Status.ABOLISHED),
        published_on=st.sampled_from([as_of - 120 * _DAY, as_of - 400 * _DAY, as_of]),
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
    tree = _ast(ruleset)
    levels = st.one_of(_indicator_map(tree), st.none())

    @st.composite
    def build(draw: st.DrawFn) -> Title:
        awarded = draw(st.sampled_from(_award_dates(as_of)))
        expires = draw(st.sampled_from([_years(as_of, 1), as_of, as_of - _DAY]))
        return Title(standard, tree.id, awarded, max(expires, awarded), draw(levels))

    return build()


def _shift_date(day: datetime.date | None, delta: datetime.timedelta) -> datetime.date | None:
    return None if day is None else day + delta


def shift_dataset(dataset: Dataset, delta: datetime.timedelta) -> Dataset:
    """`dataset` with every date moved by `delta` (equal dates stay equal)."""

    def enterprise(e: Enterprise) -> Enterprise:
        return attrs.evolve(
            e,
            events=tuple(
                attrs.evolve(v, date=v.date + delta, found_on=_shift_date(v.found_on, delta))
                for v in e.events
            ),
            withdrawals=tuple(
                attrs.evolve(
                    w,
                    decided_on=_shift_date(w.decided_on, delta),
                    excluded_until=_shift_date(w.excluded_until, delta),
                )
                for w in e.withdrawals
            ),
        )

    def standard(s: Standard) -> Standard:
        report = s.conformity_report
        if report is not None:
            report = attrs.evolve(report, issued_on=_shift_date(report.issued_on, delta))
        return attrs.evolve(
            s, published_on=_shift_date(s.published_on, delta), conformity_report=report
        )

    return attrs.evolve(
        dataset,
        enterprises=tuple(enterprise(e) for e in dataset.enterprises),
        standards=tuple(standard(s) for s in dataset.standards),
        titles=tuple(
            attrs.evolve(t, awarded_on=t.awarded_on + delta, expires_on=t.expires_on + delta)
            for t in dataset.titles
        ),
    )


def datasets(
    ruleset: RulesetLike,
    *,
    as_of: datetime.date = DEFAULT_AS_OF,
    min_standards: int = 1,
    max_standards: int = 6,
    max_enterprises: int | None = None,
    focus: Focus | None = None,
) -> st.SearchStrategy[Dataset]:
    """Valid datasets for `ruleset`: every record is one the loader accepts.

    Standards are numbered `Q/SR 0001-YYYY`, `Q/SR 0002-YYYY`, …; each belongs
    to one of the generated enterprises and may hold a title of this ruleset
    (whose award date its enterprise's events cluster around, as around `as_of`).
    """
    if min_standards < 0 or max_standards < min_standards:
        raise ValueError("need 0 <= min_standards <= max_standards")
    tree = _ast(ruleset)
    # Built once: records are drawn for DEFAULT_AS_OF, then every date moves to `as_of`.
    body = standards(tree, number=st.just(""), enterprise=st.just(""), focus=focus)
    firm = enterprises(credit_code=st.just(""))
    title = titles(tree, standard="")
    delta = as_of - DEFAULT_AS_OF
    codes_of_plan = plan_credit_codes(matched_patterns(tree, "enterprise", "credit_code"))

    @st.composite
    def build(draw: st.DrawFn) -> Dataset:
        # A list (not a drawn count) so the shrinker can drop any one standard;
        # owners are indices taken modulo the number of enterprises drawn after.
        most = max(1, max_standards if max_enterprises is None else max_enterprises)
        entry = st.tuples(st.integers(0, most - 1), body, st.none() | title)
        drawn = draw(st.lists(entry, min_size=min_standards, max_size=max_standards))
        limit = max(1, min(len(drawn), most))
        n_enterprises = draw(st.integers(1, limit))
        codes = draw(
            st.lists(codes_of_plan, min_size=n_enterprises, max_size=n_enterprises, unique=True)
        )
        standard_list: list[Standard] = []
        title_list: list[Title] = []
        for k, (owner, made_standard, made_title) in enumerate(drawn):
            number = f"Q/SR {k + 1:04d}-{(as_of - 120 * _DAY).year}"
            standard_list.append(
                attrs.evolve(made_standard, number=number, enterprise=codes[owner % n_enterprises])
            )
            if made_title is not None:
                title_list.append(attrs.evolve(made_title, standard=number))
        enterprise_list = [attrs.evolve(draw(firm), credit_code=code) for code in codes]
        made = Dataset(tuple(enterprise_list), tuple(standard_list), tuple(title_list))
        return shift_dataset(made, delta) if delta else made

    return build()


def scenarios(
    ruleset: RulesetLike,
    *,
    min_standards: int = 1,
    max_standards: int = 6,
    focus: Focus | None = None,
) -> st.SearchStrategy[Scenario]:
    """A dataset together with the date to evaluate it on (see `as_of_dates`, `datasets`)."""
    base = datasets(ruleset, min_standards=min_standards, max_standards=max_standards, focus=focus)

    @st.composite
    def build(draw: st.DrawFn) -> Scenario:
        day = draw(as_of_dates(ruleset))
        return Scenario(shift_dataset(draw(base), day - DEFAULT_AS_OF), day)

    return build()


__all__ = [
    "DEFAULT_AS_OF",
    "Focus",
    "RulesetLike",
    "Scenario",
    "as_of_dates",
    "credit_codes",
    "datasets",
    "enterprises",
    "events",
    "indicator_values",
    "plan_categories",
    "scenarios",
    "shift_dataset",
    "standards",
    "threshold_points",
    "titles",
    "withdrawals",
]
