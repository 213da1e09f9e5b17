"""Fast path: structures a plain, well-formed standard record without the converter.

Takes a decoded JSON object; gives a `Standard`, or raises `NotFast` for
anything it does not handle (aliases, null lists, wrong types, bad dates, …),
and the caller then uses the converter, which accepts or explains. Only
`Standard` has a fast path: a dataset holds far more standards than anything
else, and per-field hook calls were most of the load time. This function
accepts nothing the converter rejects and builds equal records; a property
test keeps the two in step.

Repeated values are shared through a `Shared` cache (one per load): texts,
dates, numbers, products and conformity reports that occur again and again in
a national file become one object each instead of one per record, and a
standard's `enterprise` is the enterprise's own credit code string. Records
are frozen, so sharing changes nothing but the memory they take.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import Any

import attrs

from standards_rules.compact import holder_class
from standards_rules.limits import MAX_NUMBER
from standards_rules.records.construct import slot_builder
from standards_rules.records.model import (
    EMPTY_ATTRIBUTES,
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
# The records as their attrs `__init__` builds them, from values in field order.
_new_standard = slot_builder(Standard)
_new_product = slot_builder(Product)
_new_report = slot_builder(ConformityReport)


# Past this many distinct values a cache stops growing: values that hardly
# repeat (unique model names, say) would cost more in the cache than they save.
_CACHE_LIMIT = 1 << 16


class Shared:
    """The values already seen while loading one dataset, shared between records."""

    __slots__ = (
        "codes",
        "dates",
        "holder",
        "numbers",
        "products",
        "reports",
        "texts",
    )

    def __init__(self) -> None:
        # Accepted enterprises' credit codes, each mapped to itself (filled by the loader).
        self.codes: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.dates: dict[str, datetime.date] = {}
        self.numbers: dict[float, float] = {}
        self.products: dict[tuple[str | None, str | None, bool], tuple[Product, ...]] = {}
        # Conformity reports by (passed, the text of issued_on, agency): a date is accepted
        # only as YYYY-MM-DD, so equal texts are equal dates and equal dates equal texts.
        self.reports: dict[tuple[bool, str | None, str | None], ConformityReport] = {}
        # Indicator values are compact dicts (`standards_rules.compact`) sharing these keys.
        self.holder = holder_class()

    def text(self, value: object) -> str | None:
        if value is None:
            return None
        if type(value) is not str:
            raise NotFast
        texts = self.texts
        shared = texts.get(value)
        if shared is not None:
            return shared
        if len(texts) < _CACHE_LIMIT:
            texts[value] = value
        return value

    def date(self, value: object) -> datetime.date | None:
        if value is None:
            return None
        if type(value) is not str:
            raise NotFast
        dates = self.dates
        day = dates.get(value)
        if day is not None:
            return day
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                day = _fromisoformat(value)
            except ValueError:
                pass
            else:
                if len(dates) < _CACHE_LIMIT:
                    dates[value] = day
                return day
        raise NotFast

    def numbers_of(self, value: object) -> dict[str, float]:
        if type(value) is not dict:
            raise NotFast
        numbers = self.numbers
        # A compact dict: millions of standards hold one or two each.
        kept: dict[str, float] = self.holder().__dict__
        for key, number in value.items():
            kind = type(number)
            if kind is int and -MAX_NUMBER <= number <= MAX_NUMBER:
                number = float(number)
            elif kind is not float or not math.isfinite(number):
                raise NotFast  # the converter rejects it with the reason
            if number:  # 0.0 and -0.0 are equal as keys: zeros are not shared
                shared = numbers.get(number)
                if shared is not None:
                    number = shared
                elif len(numbers) < _CACHE_LIMIT:
                    numbers[number] = number
            kept[key] = number
        return kept

    def products_of(self, value: object) -> tuple[Product, ...]:
        if type(value) is not list:
            raise NotFast
        products = []
        known = self.products
        for item in value:
            if type(item) is not dict or not _PRODUCT_KEYS.issuperset(item):
                raise NotFast
            get = item.get
            key = (get("name"), get("model"), get("mass_produced", False))
            # Looked up before the texts are checked: a key is kept only once they were,
            # and only a text equals a text. A flag is checked each time (1 == True).
            if key[2].__class__ is not bool:
                raise NotFast
            try:
                shared = known.get(key)
            except TypeError:  # a list or an object where a text belongs
                raise NotFast from None
            if shared is None:
                shared = (_new_product(self.text(key[0]), self.text(key[1]), key[2]),)
                if len(known) < _CACHE_LIMIT:
                    known[key] = shared
            if len(value) == 1:
                return shared
            products.append(shared[0])
        return tuple(products)

    def report(self, value: object) -> ConformityReport | None:
        if value is None:
            return None
        if type(value) is not dict or not _REPORT_KEYS.issuperset(value):
            raise NotFast
        get = value.get
        key = passed, issued, agency = get("passed", False), get("issued_on"), get("agency")
        if passed.__class__ is not bool:  # 1 == True: the flag is checked each time
            raise NotFast
        # As with products: only checked texts are kept as keys, and only texts equal them.
        try:
            shared = self.reports.get(key)
        except TypeError:
            raise NotFast from None
        if shared is None:
            if not (_is_text(issued) and _is_text(agency)):
                raise NotFast
            shared = _new_report(passed, self.date(issued), self.text(agency))
            if len(self.reports) < _CACHE_LIMIT:
                self.reports[key] = shared
        return shared


def _is_text(value: object) -> bool:
    return value is None or value.__class__ is str


def _flag(value: object) -> bool:
    if type(value) is bool:
        return value
    raise NotFast


def _service(value: object) -> Service | None:
    if value is None:
        return None
    if type(value) is not dict or not _SERVICE_KEYS.issuperset(value):
        raise NotFast
    outlets = value.get("outlets")
    if outlets is not None and (
        type(outlets) is not int or not -MAX_NUMBER <= outlets <= MAX_NUMBER
    ):
        raise NotFast
    return Service(widely_provided=_flag(value.get("widely_provided", False)), outlets=outlets)


def _attributes(value: object) -> Mapping[str, Any]:
    if type(value) is not dict:
        raise NotFast
    for item in value.values():
        kind = type(item)
        if kind is float:
            if not math.isfinite(item):
                raise NotFast
        elif kind is int:
            if not -MAX_NUMBER <= item <= MAX_NUMBER:
                raise NotFast
        elif not (item is None or kind is str or kind is bool):
            raise NotFast
    return dict(value) if value else EMPTY_ATTRIBUTES


def fast_standard(raw: object, shared: Shared | None = None) -> Standard:
    """`raw` as a Standard, or `NotFast` when the converter must decide.

    `shared`: the cache of one load, so that repeated values are one object.
    """
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
    if shared is None:
        shared = Shared()
    text = shared.text
    get = raw.get
    previous = get("previous_indicators")
    attributes = get("attributes")
    products = get("products")
    service = get("service")
    replaces = get("replaces")
    compliant = get("format_compliant", False)
    if compliant.__class__ is not bool:
        raise NotFast
    # Absent fields (None) are decided here, without a call each.
    return _new_standard(
        number=number,
        name=text(get("name")),
        enterprise=shared.codes.get(enterprise, enterprise),
        status=status,
        published_on=shared.date(get("published_on")),
        format_compliant=compliant,
        category=text(get("category")),
        subject=subject,
        products=() if products is None else shared.products_of(products),
        service=None if service is None else _service(service),
        indicators=shared.numbers_of(raw["indicators"]),
        previous_indicators=None if previous is None else shared.numbers_of(previous),
        conformity_report=shared.report(get("conformity_report")),
        attributes=EMPTY_ATTRIBUTES if attributes is None else _attributes(attributes),
        replaces=None if replaces is None else text(replaces),
    )
