"""Testing: fixed scenarios built from a ruleset's own numbers, checked before any sampling.

Takes a ruleset; gives the plain standard (the one that passes every usual
rule: current, format-compliant, one mass-produced product or a widely
provided service, a passing conformity report, every indicator clearly better
than every threshold) of a plain enterprise, and `probes`: that standard with
one indicator exactly at, just above or just below each of its thresholds,
and with one event of each kind, so every threshold and every trigger is
met at least once whatever a sample happens to draw. The solver path also
turns its models into datasets through `plain_dataset`.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator, Mapping, Sequence

from standards_rules import ast
from standards_rules.records.credit_code import check_character
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
)
from standards_rules.testing.analysis import compared_texts, thresholds
from standards_rules.testing.strategies import Scenario
from standards_rules.testing.values import DEFAULT_AS_OF, threshold_points

_BODY = "91140500MA0GRBLW"


def plain_credit_code(k: int = 0) -> str:
    """A valid credit code, one for each `k`."""
    body = f"{_BODY}{k % 10}"
    return body + check_character(body)


def plain_enterprise(code: str, events: tuple[Event, ...] = ()) -> Enterprise:
    return Enterprise(
        credit_code=code, name="晋城市测试企业有限公司", applied=True, consent=True, events=events
    )


def best_values(tree: ast.Ruleset) -> dict[str, float]:
    """Each indicator's value clearly better than every threshold of it."""
    return {i.id: threshold_points(tree, i.id)[0] for i in tree.indicators}


def plain_standard(
    tree: ast.Ruleset,
    number: str,
    enterprise: str,
    as_of: datetime.date,
    values: Mapping[str, float | None] | None = None,
    previous: Mapping[str, float | None] | None = None,
) -> Standard:
    """The plain standard with `values` (None: not declared) over the best values."""
    merged = {**best_values(tree), **(values or {})}
    subject = Subject(tree.subject.value) if tree.subject is not None else Subject.PRODUCT
    return Standard(
        number=number,
        name="测试标准",
        enterprise=enterprise,
        status=Status.CURRENT,
        published_on=as_of - datetime.timedelta(days=120),
        format_compliant=True,
        category=next(iter(compared_texts(tree, "standard", "category")), "A"),
        subject=subject,
        products=(Product("产品", "M1", True),),
        service=Service(True, 12),
        indicators={k: v for k, v in merged.items() if v is not None},
        previous_indicators=None
        if previous is None
        else {k: v for k, v in previous.items() if v is not None},
        conformity_report=ConformityReport(True, as_of - datetime.timedelta(days=60), "检验机构"),
    )


def plain_number(k: int, as_of: datetime.date) -> str:
    return f"Q/SR {k + 1:04d}-{(as_of - datetime.timedelta(days=120)).year}"


def plain_dataset(
    tree: ast.Ruleset,
    as_of: datetime.date,
    rows: Sequence[tuple[Mapping[str, float | None], Mapping[str, float | None] | None]],
    events: tuple[Event, ...] = (),
) -> Dataset:
    """One plain enterprise holding one plain standard per (values, previous values) row."""
    code = plain_credit_code()
    standards = tuple(
        plain_standard(tree, plain_number(k, as_of), code, as_of, values, previous)
        for k, (values, previous) in enumerate(rows)
    )
    return Dataset((plain_enterprise(code, events),), standards, ())


def as_of_of(tree: ast.Ruleset) -> datetime.date:
    """The date probes are evaluated on: 40 days after the ruleset takes effect."""
    start = tree.metadata.effective or DEFAULT_AS_OF - datetime.timedelta(days=40)
    return start + datetime.timedelta(days=40)


def near(t: float) -> tuple[float, float, float]:
    """`t`, then the nearest numbers below and above it."""
    return t, math.nextafter(t, -math.inf), math.nextafter(t, math.inf)


def probes(tree: ast.Ruleset) -> Iterator[Scenario]:
    """The fixed scenarios: the plain standard alone, at each threshold, with each event."""
    as_of = as_of_of(tree)
    yield Scenario(plain_dataset(tree, as_of, [({}, None)]), as_of)
    for indicator in tree.indicators:
        for t in thresholds(tree, indicator.id):
            for value in near(t):
                rows: list[tuple[Mapping[str, float | None], Mapping[str, float | None] | None]]
                rows = [({indicator.id: value}, None)]
                yield Scenario(plain_dataset(tree, as_of, rows), as_of)
    for kind in EventKind:
        event = Event(kind=kind, date=as_of - datetime.timedelta(days=30), major=True)
        yield Scenario(plain_dataset(tree, as_of, [({}, None)], (event,)), as_of)


__all__ = [
    "as_of_of",
    "best_values",
    "near",
    "plain_credit_code",
    "plain_dataset",
    "plain_enterprise",
    "plain_number",
    "plain_standard",
    "probes",
]
