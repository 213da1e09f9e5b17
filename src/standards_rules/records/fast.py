"""Fast path: structures a plain, well-formed standard record without the converter.

Takes a decoded JSON object; gives a `Standard`, or raises `NotFast` for
anything it does not handle (aliases, null lists, wrong types, bad dates, …),
and the caller then uses the converter, which accepts or explains. Only
`Standard` has a fast path: a dataset holds far more standards than anything
else, and per-field hook calls were most of the load time. This function
accepts nothing the converter rejects and builds equal records; a property
test keeps the two in step.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import Any

import attrs

from standards_rules.records.model import (
    ConformityReport,
    Product,
    Service,
    Standard,
    Status,
    Subject,
)


class NotFast(Exception):
    """The record needs the converter."""


def _keys(record_class: type) -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(record_class))


_STANDARD_KEYS = _keys(Standard)
_REQUIRED = frozenset(f.name for f in attrs.fields(Standard) if f.default is attrs.NOTHING)
_PRODUCT_KEYS = _keys(Product)
_REPORT_KEYS = _keys(ConformityReport)
_SERVICE_KEYS = _keys(Service)
_STATUS: Mapping[object, Status] = {s.value: s for s in Status}
_SUBJECT: Mapping[object, Subject] = {s.value: s for s in Subject}
_fromisoformat = datetime.date.fromisoformat


def _text(value: object) -> str | None:
    if value is None or type(value) is str:
        return value
    raise NotFast


def _flag(value: object) -> bool:
    if type(value) is bool:
        return value
    raise NotFast


def _date(value: object) -> datetime.date | None:
    if value is None:
        return None
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _fromisoformat(value)
        except ValueError:
            pass
    raise NotFast


def _numbers(value: object) -> dict[str, float]:
    if type(value) is not dict:
        raise NotFast
    result: dict[str, float] = {}
    for key, number in value.items():
        kind = type(number)
        if kind is float and math.isfinite(number):
            result[key] = number
        elif kind is int:
            result[key] = float(number)
        else:
            raise NotFast
    return result


def _products(value: object) -> tuple[Product, ...]:
    if type(value) is not list:
        raise NotFast
    products = []
    for item in value:
        if type(item) is not dict or not _PRODUCT_KEYS.issuperset(item):
            raise NotFast
        products.append(
            Product(
                name=_text(item.get("name")),
                model=_text(item.get("model")),
                mass_produced=_flag(item.get("mass_produced", False)),
            )
        )
    return tuple(products)


def _report(value: object) -> ConformityReport | None:
    if value is None:
        return None
    if type(value) is not dict or not _REPORT_KEYS.issuperset(value):
        raise NotFast
    return ConformityReport(
        passed=_flag(value.get("passed", False)),
        issued_on=_date(value.get("issued_on")),
        agency=_text(value.get("agency")),
    )


def _service(value: object) -> Service | None:
    if value is None:
        return None
    if type(value) is not dict or not _SERVICE_KEYS.issuperset(value):
        raise NotFast
    outlets = value.get("outlets")
    if outlets is not None and type(outlets) is not int:
        raise NotFast
    return Service(widely_provided=_flag(value.get("widely_provided", False)), outlets=outlets)


def _attributes(value: object) -> dict[str, Any]:
    if type(value) is not dict:
        raise NotFast
    for item in value.values():
        kind = type(item)
        if kind is float:
            if not math.isfinite(item):
                raise NotFast
        elif not (item is None or kind is str or kind is bool or kind is int):
            raise NotFast
    return dict(value)


def fast_standard(raw: object) -> Standard:
    """`raw` as a Standard, or `NotFast` when the converter must decide."""
    if type(raw) is not dict or not _STANDARD_KEYS.issuperset(raw) or not raw.keys() >= _REQUIRED:
        raise NotFast
    number, enterprise = raw["number"], raw["enterprise"]
    status_value, subject_value = raw["status"], raw["subject"]
    if not (type(number) is type(enterprise) is type(status_value) is type(subject_value) is str):
        raise NotFast
    status = _STATUS.get(status_value)
    subject = _SUBJECT.get(subject_value)
    if status is None or subject is None:
        raise NotFast
    get = raw.get
    previous = get("previous_indicators")
    attributes = get("attributes")
    products = get("products")
    return Standard(
        number=number,
        name=_text(get("name")),
        enterprise=enterprise,
        status=status,
        published_on=_date(get("published_on")),
        format_compliant=_flag(get("format_compliant", False)),
        category=_text(get("category")),
        subject=subject,
        products=() if products is None else _products(products),
        service=_service(get("service")),
        indicators=_numbers(raw["indicators"]),
        previous_indicators=None if previous is None else _numbers(previous),
        conformity_report=_report(get("conformity_report")),
        attributes={} if attributes is None else _attributes(attributes),
    )
