"""Conversion: the private cattrs converter between JSON values and record classes.

Takes decoded JSON values (dicts, lists, strings, numbers; from a Python mapping
also `datetime.date` values and tuples); gives record
instances, or for a record that does not fit, the path and reason of its first
problem. Strict where JSON is loose: a string is never a number, a bool is
never a number, dates are real ISO dates, unknown keys are refused. The Chinese
column names of the platform export are accepted as aliases of the English
field names.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from standards_rules.dates import iso_date
from standards_rules.limits import number_problem
from standards_rules.records.model import (
    EMPTY_ATTRIBUTES,
    ConformityReport,
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

T = TypeVar("T")

ALIASES: Mapping[type, Mapping[str, str]] = {
    Enterprise: {
        "统一社会信用代码": "credit_code",
        "企业名称": "name",
        "所属地区": "county",
        "行政区划": "county",
        "所在区县": "county",
        "是否申报": "applied",
        "同意入榜": "consent",
        "企业事件": "events",
        "退出记录": "withdrawals",
    },
    Event: {
        "事件类型": "kind",
        "日期": "date",
        "发生日期": "date",
        "重大": "major",
        "说明": "note",
        "发现日期": "found_on",
    },
    Withdrawal: {"退出日期": "decided_on", "禁入期至": "excluded_until", "退出原因": "reason"},
    Standard: {
        "标准编号": "number",
        "标准名称": "name",
        "统一社会信用代码": "enterprise",
        "标准状态": "status",
        "公开时间": "published_on",
        "发布日期": "published_on",
        "格式规范": "format_compliant",
        "产品类别": "category",
        "类别": "category",
        "标准类型": "subject",
        "产品": "products",
        "服务": "service",
        "核心指标": "indicators",
        "上一版核心指标": "previous_indicators",
        "标准符合性报告": "conformity_report",
        "其他属性": "attributes",
        "代替标准号": "replaces",
    },
    Product: {"产品名称": "name", "规格型号": "model", "是否量产": "mass_produced"},
    Service: {"广泛提供": "widely_provided", "网点数": "outlets"},
    ConformityReport: {"是否通过": "passed", "出具日期": "issued_on", "出具机构": "agency"},
    Title: {
        "标准编号": "standard",
        "规则集": "ruleset",
        "授予日期": "awarded_on",
        "有效期至": "expires_on",
        "获评时指标": "indicators",
    },
}

ENUM_ALIASES: Mapping[type, Mapping[object, str]] = {
    Status: {
        "现行": "current",
        "废止": "abolished",
        0: "current",
        1: "abolished",
        "0": "current",
        "1": "abolished",
    },
    Subject: {"产品": "product", "服务": "service"},
}


class RecordError(Exception):
    """A record did not fit its class: `path` (relative to the record) and `reason`."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


def describe(value: object) -> str:
    """A short description of a JSON value for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return f"string {text!r}"
    if isinstance(value, int | float):
        shown = repr(value) if abs(value) < 10**30 else f"of {len(str(abs(value)))} digits"
        return f"number {shown}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _structure_str(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {describe(value)}")


def _structure_bool(value: object, _: type) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected true or false, got {describe(value)}")


def _in_range(value: int | float) -> None:
    problem = number_problem(value)
    if problem is not None:
        raise ValueError(problem)


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        _in_range(value)
        return value
    if isinstance(value, float):
        _in_range(value)
        if value.is_integer():
            return int(value)
    raise TypeError(f"expected a whole number, got {describe(value)}")


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, float):
        _in_range(value)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        _in_range(value)
        return float(value)
    raise TypeError(f"expected a number, got {describe(value)}")


def _structure_date(value: object, _: type) -> datetime.date:
    # A mapping of Python data (SPEC §5) may hold dates as `datetime.date`; a
    # `datetime` carries a time of day no record speaks of.
    if type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        raise TypeError("expected a date, got a datetime with a time of day")
    if not isinstance(value, str):
        raise TypeError(f"expected a date 'YYYY-MM-DD', got {describe(value)}")
    day = iso_date(value)
    if day is None:
        raise ValueError(f"not a valid date {value!r}")
    return day


def _or_none(hook: Callable[[object, type], T]) -> Callable[[object, Any], T | None]:
    def structure(value: object, type_: Any) -> T | None:
        return None if value is None else hook(value, type_)

    return structure


def _required(hook: Callable[[object, Any], T | None]) -> Callable[[object, Any], T]:
    def structure(value: object, type_: Any) -> T:
        result = hook(value, type_)
        if result is None:
            raise TypeError("expected a value, got null")
        return result

    return structure


def _structure_scalar(value: object, _: object) -> Scalar:
    if isinstance(value, int) and not isinstance(value, bool):
        _in_range(value)
        return value
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, float):
        return _structure_float(value, float)
    raise TypeError(f"expected a string, number, boolean or null, got {describe(value)}")


def _enum_hook(cls: type[enum.StrEnum]) -> Callable[[object, type], enum.StrEnum]:
    aliases = ENUM_ALIASES.get(cls, {})
    members = {m.value: m for m in cls}
    allowed = ", ".join(repr(v) for v in members)

    def structure(value: object, _: type) -> enum.StrEnum:
        if isinstance(value, str | int) and not isinstance(value, bool):
            member = members.get(aliases.get(value, value))  # type: ignore[arg-type]
            if member is not None:
                return member
        raise ValueError(f"expected one of {allowed}, got {describe(value)}")

    return structure


def _structure_items(
    converter: cattrs.Converter,
    pairs: Iterable[tuple[Any, object]],
    hook: Callable[[object, Any], Any],
    item_type: Any,
    whole: Any,
) -> list[tuple[Any, Any]]:
    if not converter.detailed_validation:
        return [(key, hook(v, item_type)) for key, v in pairs]
    errors: list[Exception] = []
    items = []
    for key, v in pairs:
        try:
            items.append((key, hook(v, item_type)))
        except Exception as exc:
            note = IterableValidationNote(f"item @ {key!r}", key, item_type)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        raise IterableValidationError("items", errors, whole)
    return items


def _tuple_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(tuple_type: Any) -> Callable[[object, Any], tuple[Any, ...]]:
        item_type = tuple_type.__args__[0]
        item_hook = converter.get_structure_hook(item_type)

        def structure(value: object, _: Any) -> tuple[Any, ...]:
            if value is None:
                return ()
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a list, got {describe(value)}")
            pairs = _structure_items(converter, enumerate(value), item_hook, item_type, tuple_type)
            return tuple([item for _, item in pairs])

        return structure

    return factory


def _mapping_hook(
    converter: cattrs.Converter, mapping_type: Any, *, empty: Mapping[str, Any] | None
) -> Callable[[object, Any], Mapping[str, Any] | None]:
    # `empty`: the shared mapping for null and for `{}`; None leaves null as None.
    value_type = mapping_type.__args__[1]
    value_hook = converter.get_structure_hook(value_type)

    def structure(value: object, _: Any) -> Mapping[str, Any] | None:
        if value is None:
            return empty
        if not isinstance(value, dict):
            raise TypeError(f"expected an object mapping names to values, got {describe(value)}")
        items = value.items()
        result = dict(_structure_items(converter, items, value_hook, value_type, mapping_type))
        return result if result or empty is None else empty

    return structure


def _renamed(value: Mapping[str, object], aliases: Mapping[str, str]) -> dict[str, object]:
    """`value` with its Chinese column names made field names; a field named twice (as
    `number` and as 标准编号) is an error, not one of the two values silently kept."""
    renamed: dict[str, object] = {}
    named: dict[str, str] = {}
    for key, item in value.items():
        field = aliases.get(key, key)
        if field in renamed:
            raise ValueError(f"{field} given twice, as {named[field]!r} and {key!r}")
        renamed[field], named[field] = item, key
    return renamed


def _record_hook_factory(converter: cattrs.Converter) -> Callable[[type[T]], Callable[..., T]]:
    def factory(cls: type[T]) -> Callable[[object, type], T]:
        generated = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
        aliases = ALIASES.get(cls, {})
        alias_keys = frozenset(aliases)

        def structure(value: object, _: type) -> T:
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {describe(value)}")
            if not alias_keys.isdisjoint(value):
                value = _renamed(value, aliases)
            return generated(value, cls)

        return structure

    return factory


def _is(expected: object) -> Callable[[Any], bool]:
    return lambda type_: bool(type_ == expected)


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """A converter for records and JSON: ISO dates, enums by value, strict scalars.

    `detailed_validation=False` is the fast path; use it first and structure
    again with detailed validation only to explain a failure.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(datetime.date, _structure_date)
    for optional, hook in (
        (str | None, _structure_str),
        (int | None, _structure_int),
        (datetime.date | None, _structure_date),
    ):
        # Direct hooks: cattrs' generic optional hook dispatches on every call.
        converter.register_structure_hook(optional, _or_none(hook))
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_structure_hook(Scalar, _structure_scalar)
    for enum_cls in (Status, Subject, EventKind):
        converter.register_structure_hook(enum_cls, _enum_hook(enum_cls))
        converter.register_unstructure_hook(enum_cls, str)
    converter.register_structure_hook_factory(
        lambda t: getattr(t, "__origin__", None) is tuple, _tuple_hook(converter)
    )
    indicators = _mapping_hook(converter, Mapping[str, float], empty=None)
    attributes = _mapping_hook(converter, Mapping[str, Scalar], empty=EMPTY_ATTRIBUTES)
    for mapping_type, mapping_hook in (
        (Mapping[str, float], _required(indicators)),
        (Mapping[str, float] | None, indicators),
        (Mapping[str, Scalar], attributes),
    ):
        # Generic aliases cannot be registered by class, only by predicate.
        converter.register_structure_hook_func(_is(mapping_type), mapping_hook)
    converter.register_structure_hook_factory(attrs.has, _record_hook_factory(converter))
    return converter


def key_path(key: object) -> str:
    if isinstance(key, str):
        return f".{key}" if key.isidentifier() else f"[{key!r}]"
    return f"[{key}]"


def explain(exc: BaseException, path: str = "") -> list[tuple[str, str]]:
    """Every (path, reason) in an exception raised by a detailed-validation converter."""
    found: list[tuple[str, str]] = []
    if isinstance(exc, ClassValidationError):
        fields, others = exc.group_exceptions()
        for inner, field in fields:
            found.extend(explain(inner, path + key_path(field.name)))
        for inner in others:
            found.extend(explain(inner, path))
        return found
    if isinstance(exc, IterableValidationError):
        items, others = exc.group_exceptions()
        for inner, item in items:
            found.extend(explain(inner, path + key_path(item.index)))
        for inner in others:
            found.extend(explain(inner, path))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        return [(path + key_path(k), f"unknown key {k!r}") for k in sorted(exc.extra_fields)]
    if isinstance(exc, KeyError):
        return [(path, "required field missing")]
    if isinstance(exc, TypeError | ValueError) and exc.args:
        return [(path, str(exc.args[0]))]
    return [(path, f"invalid value ({exc!r})")]
