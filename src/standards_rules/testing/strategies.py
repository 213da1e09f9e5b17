"""Testing: hypothesis strategies for whole datasets built from a ruleset, for users' own tests.

Takes a ruleset (a `CheckedRuleset` or its `ast.Ruleset`); gives strategies
for whole datasets, and for scenarios (a dataset with the date to evaluate it
on), whose values cluster where the ruleset decides something: exactly at,
just above and just below every threshold it mentions (reference limits,
tiers, numbers compared with indicator values), plus random values; dates
cluster at title windows and at `as_of`. Every choice lists its simplest
option first, so a failing example shrinks toward a short dataset of plain,
passing records. The strategies for single records (`plan_records`) and for
indicator values and dates (`values`) are importable from here too.
"""

from __future__ import annotations

import datetime

import attrs
from hypothesis import strategies as st

from standards_rules.records.model import Dataset, Enterprise, Standard, Title
from standards_rules.testing.analysis import matched_patterns
from standards_rules.testing.plan_records import (
    DAY,
    enterprises,
    events,
    plan_categories,
    standards,
    titles,
    withdrawals,
)
from standards_rules.testing.records import credit_codes, plan_credit_codes
from standards_rules.testing.values import (
    DEFAULT_AS_OF,
    Focus,
    RulesetLike,
    as_of_dates,
    indicator_values,
    threshold_points,
    tree_of,
)


@attrs.frozen
class Scenario:
    """A generated dataset and the date it is evaluated on."""

    dataset: Dataset
    as_of: datetime.date


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
    tree = tree_of(ruleset)
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
            number = f"Q/SR {k + 1:04d}-{(as_of - 120 * DAY).year}"
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
