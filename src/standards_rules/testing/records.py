"""Testing, records: hypothesis strategies for every record class and for whole datasets.

Takes keyword options (sizes, fixed values or strategies); gives strategies
of valid records, the kind `load_dataset` accepts. Every strategy shrinks
toward a simple record: empty lists, `None` optionals, `False` flags, the
first sample of every choice. Ruleset-aware strategies build on these.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from standards_rules.records.credit_code import CHARSET, LENGTH, complete_credit_code
from standards_rules.records.model import (
    ConformityReport,
    Dataset,
    Enterprise,
    Event,
    EventKind,
    Product,
    Scalar,
    Service,
    Standard,
    Status,
    Subject,
    Title,
    Withdrawal,
)

__all__ = [
    "attributes",
    "conformity_reports",
    "credit_codes",
    "datasets",
    "dates",
    "enterprises",
    "events",
    "indicator_values",
    "plan_credit_codes",
    "products",
    "services",
    "standard_numbers",
    "standards",
    "titles",
    "withdrawals",
]

_CHARSET = frozenset(CHARSET)
_NAMES = ("动力煤", "晋城市某某煤业有限公司", "Coal Co.", "无烟煤")
_IDENTIFIER = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)


def dates(
    *, min_value: datetime.date = datetime.date(2015, 1, 1), max_value: datetime.date | None = None
) -> st.SearchStrategy[datetime.date]:
    """Dates in a plausible range for the programme (2015 to 2030 by default)."""
    return st.dates(min_value=min_value, max_value=max_value or datetime.date(2030, 12, 31))


def _texts(*, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_NAMES), st.text(min_size=max(min_size, 1), max_size=20).filter(str.strip)
    )


def _optional_texts() -> st.SearchStrategy[str | None]:
    return st.none() | _texts()


def credit_codes() -> st.SearchStrategy[str]:
    """Valid 18-character unified social credit codes (right GB 32100 check character)."""
    body = st.text(alphabet=CHARSET, min_size=17, max_size=17)
    return body.map(complete_credit_code)


def plan_credit_codes(patterns: Sequence[str]) -> st.SearchStrategy[str]:
    """Valid credit codes, about half of them matching every one of `patterns` (the region
    of registration a plan requires) where such codes can be drawn."""
    if not patterns:
        return credit_codes()
    try:
        compiled = re.compile(patterns[0])
    except re.error:
        return credit_codes()
    usable = st.from_regex(compiled, fullmatch=True).filter(
        lambda text: len(text) >= LENGTH - 1 and set(text) <= _CHARSET
    )

    def completed(text: str) -> str:
        return complete_credit_code(text[: LENGTH - 1])

    matching = usable.map(completed).filter(lambda code: all(_matches(p, code) for p in patterns))
    return st.one_of(matching, credit_codes())


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return False


def standard_numbers() -> st.SearchStrategy[str]:
    """Enterprise standard numbers such as `Q/JCMY 0001-2021`."""
    return st.builds(
        "Q/{} {:04d}-{}".format,
        st.from_regex(r"[A-Z]{2,6}", fullmatch=True),
        st.integers(min_value=1, max_value=9999),
        st.integers(min_value=2015, max_value=2030),
    )


def indicator_values() -> st.SearchStrategy[float]:
    """Finite indicator values."""
    return st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def attributes() -> st.SearchStrategy[dict[str, Scalar]]:
    """Extra scalar fields of a standard."""
    scalars: st.SearchStrategy[Scalar] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**53), max_value=2**53),
        indicator_values(),
        _texts(),
    )
    return st.dictionaries(_IDENTIFIER, scalars, max_size=3)


def events(*, kinds: Sequence[EventKind] = tuple(EventKind)) -> st.SearchStrategy[Event]:
    """Events of the given kinds (all kinds by default), found when they happened or later."""
    return st.builds(
        Event,
        kind=st.sampled_from(tuple(kinds)),
        date=dates(),
        major=st.booleans(),
        note=_optional_texts(),
        found_on=st.none(),
    ).flatmap(
        lambda event: st.sampled_from([0, 1, 30, 400]).map(
            lambda days: attrs.evolve(event, found_on=event.date + datetime.timedelta(days=days))
        )
    )


def withdrawals() -> st.SearchStrategy[Withdrawal]:
    """Earlier withdrawals with their exclusion periods."""
    return st.builds(
        Withdrawal,
        decided_on=st.none() | dates(),
        excluded_until=st.none() | dates(),
        reason=_optional_texts(),
    )


def enterprises(
    *, credit_code: str | st.SearchStrategy[str] | None = None, max_events: int = 3
) -> st.SearchStrategy[Enterprise]:
    """Enterprises; `credit_code` fixes the code (a value) or draws it (a strategy)."""
    codes = credit_codes() if credit_code is None else credit_code
    return st.builds(
        Enterprise,
        credit_code=codes if isinstance(codes, st.SearchStrategy) else st.just(codes),
        name=_texts(min_size=1),
        county=_optional_texts(),
        applied=st.booleans(),
        consent=st.booleans(),
        events=st.lists(events(), max_size=max_events).map(tuple),
        withdrawals=st.lists(withdrawals(), max_size=2).map(tuple),
    )


def products() -> st.SearchStrategy[Product]:
    """Products a standard may cover, with or without names and mass production."""
    return st.builds(
        Product, name=_optional_texts(), model=_optional_texts(), mass_produced=st.booleans()
    )


def services() -> st.SearchStrategy[Service]:
    """Services a service standard may cover."""
    return st.builds(
        Service,
        widely_provided=st.booleans(),
        outlets=st.none() | st.integers(min_value=0, max_value=10_000),
    )


def conformity_reports() -> st.SearchStrategy[ConformityReport]:
    """Conformity reports, passing or not, with or without a date."""
    return st.builds(
        ConformityReport,
        passed=st.booleans(),
        issued_on=st.none() | dates(),
        agency=_optional_texts(),
    )


def standards(
    *,
    enterprise: str | st.SearchStrategy[str] | None = None,
    number: str | st.SearchStrategy[str] | None = None,
    indicators: Sequence[str] = ("sulfur", "calorific", "ash"),
    values: st.SearchStrategy[float] | None = None,
    subject: Subject | None = None,
) -> st.SearchStrategy[Standard]:
    """Standards declaring some of `indicators` (ids) with values drawn from `values`.

    `enterprise` and `number` fix (a value) or draw (a strategy) those fields;
    `subject` fixes the subject, else it is drawn.
    """
    numbers = standard_numbers() if number is None else number
    codes = credit_codes() if enterprise is None else enterprise
    value_strategy = indicator_values() if values is None else values
    ids = tuple(indicators)
    subjects = st.sampled_from(tuple(Subject)) if subject is None else st.just(subject)
    indicator_maps = (
        st.fixed_dictionaries({}, optional=dict.fromkeys(ids, value_strategy))
        if ids
        else st.just({})
    )
    return st.builds(
        Standard,
        number=numbers if isinstance(numbers, st.SearchStrategy) else st.just(numbers),
        name=_optional_texts(),
        enterprise=codes if isinstance(codes, st.SearchStrategy) else st.just(codes),
        status=st.sampled_from(tuple(Status)),
        published_on=st.none() | dates(),
        format_compliant=st.booleans(),
        category=_optional_texts(),
        subject=subjects,
        products=st.lists(products(), max_size=2).map(tuple),
        service=st.none() | services(),
        indicators=indicator_maps,
        previous_indicators=st.none() | indicator_maps,
        conformity_report=st.none() | conformity_reports(),
        attributes=attributes(),
    )


def titles(
    *, standard: str | st.SearchStrategy[str] | None = None, ruleset: str = "jincheng_coal"
) -> st.SearchStrategy[Title]:
    """Titles of `ruleset` held by `standard` (a number or a strategy of numbers), with the
    levels recorded at award (`indicators`) or none."""
    numbers = standard_numbers() if standard is None else standard
    levels = st.none() | st.dictionaries(_IDENTIFIER, indicator_values(), max_size=3)

    @st.composite
    def build(draw: st.DrawFn) -> Title:
        awarded_on = draw(dates())
        expires_on = draw(dates(min_value=awarded_on))
        held = draw(numbers) if isinstance(numbers, st.SearchStrategy) else numbers
        return Title(held, ruleset, awarded_on, expires_on, draw(levels))

    return build()


@st.composite
def _datasets(
    draw: st.DrawFn, max_enterprises: int, max_standards: int, max_titles: int
) -> Dataset:
    codes = draw(st.lists(credit_codes(), min_size=1, max_size=max_enterprises, unique=True))
    firms = tuple(draw(enterprises(credit_code=code)) for code in codes)
    numbers = draw(st.lists(standard_numbers(), max_size=max_standards, unique=True))
    records = tuple(
        draw(standards(number=number, enterprise=st.sampled_from(codes))) for number in numbers
    )
    held = st.sampled_from(numbers) if numbers else standard_numbers()
    awarded = tuple(draw(st.lists(titles(standard=held), max_size=max_titles)))
    return Dataset(enterprises=firms, standards=records, titles=awarded)


def datasets(
    *, max_enterprises: int = 3, max_standards: int = 6, max_titles: int = 2
) -> st.SearchStrategy[Dataset]:
    """Consistent datasets: unique codes and numbers, every standard's enterprise present."""
    return _datasets(max_enterprises, max_standards, max_titles)
