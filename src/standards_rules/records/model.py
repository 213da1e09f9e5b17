"""Records: the typed form of a dataset, and the record schema the ruleset checker reads.

Takes nothing (pure definitions); gives frozen attrs classes for enterprises,
standards, titles and the dataset that holds them. The loader (`load.py`)
builds them from JSON, JSON Lines or CSV; the checker reads their fields with
`record_schema()` or `attrs.fields` plus `typing.get_type_hints`, which
resolve without forward references. No cattrs here.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Iterator, Mapping, Sequence

import attrs

Scalar = str | int | float | bool | None


@typing.final
class _EmptyMapping(Mapping[str, Scalar]):
    """The empty, immutable `attributes` every record without attributes shares.

    One object instead of a new `{}` per record (64 bytes each, millions of
    records). Equal to `{}`, shown as `{}`; copies and pickles as itself.
    """

    __slots__ = ()

    def __getitem__(self, key: str) -> Scalar:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "EMPTY_ATTRIBUTES"


EMPTY_ATTRIBUTES: Mapping[str, Scalar] = _EmptyMapping()


class Status(enum.StrEnum):
    """A standard's status on the platform: `current` (现行) or `abolished` (废止)."""

    CURRENT = "current"
    ABOLISHED = "abolished"


class Subject(enum.StrEnum):
    """What a standard is about: a `product` or a `service`."""

    PRODUCT = "product"
    SERVICE = "service"


class EventKind(enum.StrEnum):
    """The kinds of event an enterprise's record can hold (SPEC §3)."""

    PROCESS_CHANGE = "process_change"
    ENVIRONMENTAL_ACCIDENT = "environmental_accident"
    SAFETY_ACCIDENT = "safety_accident"
    QUALITY_PROBLEM = "quality_problem"
    INSPECTION_FAILED = "inspection_failed"
    IP_INFRINGEMENT = "ip_infringement"
    FRAUD = "fraud"
    INTEGRITY = "integrity"
    OTHER = "other"


@attrs.frozen
class Event:
    """An event in an enterprise's record; `found_on` (when it became known) defaults to `date`."""

    kind: EventKind
    date: datetime.date
    major: bool = False
    note: str | None = None
    found_on: datetime.date | None = None

    def __attrs_post_init__(self) -> None:
        if self.found_on is None:  # absent or null: found when it happened (SPEC §3.1)
            object.__setattr__(self, "found_on", self.date)


@attrs.frozen
class Withdrawal:
    """A title withdrawn from an enterprise: when it was decided and until when it is excluded."""

    decided_on: datetime.date | None = None
    excluded_until: datetime.date | None = None
    reason: str | None = None


@attrs.frozen
class Enterprise:
    """An enterprise: its unified social credit code, name, application, consent and record."""

    credit_code: str
    name: str
    county: str | None = None
    applied: bool = False
    consent: bool = False
    events: tuple[Event, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()


@attrs.frozen
class Product:
    """A product a standard covers, and whether it is a mass-produced finalised model."""

    name: str | None = None
    model: str | None = None
    mass_produced: bool = False


@attrs.frozen
class Service:
    """The service a service standard covers: whether widely provided, and at how many outlets."""

    widely_provided: bool = False
    outlets: int | None = None


@attrs.frozen
class ConformityReport:
    """A standard's conformity report (标准符合性报告): its conclusion, date and agency."""

    passed: bool = False
    issued_on: datetime.date | None = None
    agency: str | None = None


@attrs.frozen(kw_only=True)
class Standard:
    """A self-declared enterprise standard with its declared indicator values (SPEC §3, §3.1)."""

    number: str
    name: str | None = None
    enterprise: str
    status: Status
    published_on: datetime.date | None = None
    format_compliant: bool = False
    category: str | None = None
    subject: Subject
    products: tuple[Product, ...] = ()
    service: Service | None = None
    indicators: Mapping[str, float]
    previous_indicators: Mapping[str, float] | None = None
    conformity_report: ConformityReport | None = None
    attributes: Mapping[str, Scalar] = EMPTY_ATTRIBUTES
    # The number of the earlier version this standard supersedes (代替标准号).
    replaces: str | None = None


@attrs.frozen
class Title:
    """A leader title awarded to a standard under a ruleset, with the levels it was awarded at."""

    standard: str
    ruleset: str
    awarded_on: datetime.date
    expires_on: datetime.date
    # The standard's indicator values when the title was awarded (what 三.7(2) compares with).
    indicators: Mapping[str, float] | None = None


@attrs.frozen
class Rejected:
    """A record the loader could not accept: where it was, which it was, and why."""

    path: str
    record: str | None
    error: str

    def __str__(self) -> str:
        return f"{self.path}: {self.error}"


@attrs.frozen
class DatasetWarning:
    """Something the loader read but could not place, such as an unknown indicator name."""

    path: str
    record: str | None
    warning: str

    def __str__(self) -> str:
        return f"{self.path}: {self.warning}"


@attrs.frozen
class Dataset:
    """A loaded dataset: the accepted records, the rejected ones and the loader's warnings."""

    enterprises: tuple[Enterprise, ...] = ()
    standards: tuple[Standard, ...] = ()
    titles: tuple[Title, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    warnings: tuple[DatasetWarning, ...] = ()
    _by_credit_code: Mapping[str, Enterprise] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _by_number: Mapping[str, Standard] = attrs.field(init=False, eq=False, repr=False, hash=False)
    # Where each standard was in the input (its index, or its line), for rejection paths.
    _positions: Sequence[int] | None = attrs.field(
        default=None, init=False, eq=False, repr=False, hash=False
    )
    _path_format: str = attrs.field(
        default="standards[{}]", init=False, eq=False, repr=False, hash=False
    )
    # Where a value was read when not at its standard's path, by (number, field, key): the
    # row of an export's 技术指标 sheet of a value outside its indicator's range.
    _value_paths: Mapping[tuple[str, str, str], str] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )
    # `by_number()`, made on first use.
    _sorted: tuple[Standard, ...] | None = attrs.field(
        default=None, init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        # First wins, as in the loader, so a hand-built Dataset behaves the same.
        by_code: dict[str, Enterprise] = {}
        for e in self.enterprises:
            by_code.setdefault(e.credit_code, e)
        by_number: dict[str, Standard] = {}
        for s in self.standards:
            by_number.setdefault(s.number, s)
        object.__setattr__(self, "_by_credit_code", types.MappingProxyType(by_code))
        object.__setattr__(self, "_by_number", types.MappingProxyType(by_number))

    @classmethod
    def _indexed(
        cls,
        enterprises: tuple[Enterprise, ...],
        standards: tuple[Standard, ...],
        titles: tuple[Title, ...],
        rejected: tuple[Rejected, ...],
        by_number: dict[str, Standard],
        positions: Sequence[int] | None = None,
        path_format: str = "standards[{}]",
        warnings: tuple[DatasetWarning, ...] = (),
        value_paths: Mapping[tuple[str, str, str], str] | None = None,
    ) -> Dataset:
        """A dataset whose standards index the loader already built (numbers unique).

        `positions[k]` is where `standards[k]` was in the input, as `path_format` shows it.
        """
        dataset = object.__new__(cls)
        by_code: dict[str, Enterprise] = {}
        for e in enterprises:
            by_code.setdefault(e.credit_code, e)
        for name, value in (
            ("enterprises", enterprises),
            ("standards", standards),
            ("titles", titles),
            ("rejected", rejected),
            ("warnings", warnings),
            ("_by_credit_code", types.MappingProxyType(by_code)),
            ("_by_number", types.MappingProxyType(by_number)),
            ("_positions", positions),
            ("_path_format", path_format),
            ("_value_paths", value_paths or {}),
            ("_sorted", None),
        ):
            object.__setattr__(dataset, name, value)
        return dataset

    def enterprise(self, credit_code: str) -> Enterprise | None:
        """The enterprise with this credit code, or None."""
        return self._by_credit_code.get(credit_code)

    def enterprises_by_code(self) -> Mapping[str, Enterprise]:
        """Every accepted enterprise by its credit code (the first of a repeated code)."""
        return self._by_credit_code

    def standard(self, number: str) -> Standard | None:
        """The standard with this number, or None."""
        return self._by_number.get(number)

    def by_number(self) -> tuple[Standard, ...]:
        """Each number's standard (the first of a repeated number), sorted by number.

        Sorted once and kept: every stage of an evaluation walks the standards in this
        order, and a national dataset's millions of numbers take seconds to sort.
        """
        if self._sorted is None:
            index = self._by_number
            numbers = sorted(index)
            # Records often come in number order: then the index is in that order already,
            # and its values need no lookup each (a second of a national dataset).
            in_order = numbers == list(index)
            ordered = tuple(index.values() if in_order else map(index.__getitem__, numbers))
            object.__setattr__(self, "_sorted", ordered)
        assert self._sorted is not None
        return self._sorted

    def standard_path(self, k: int) -> str:
        """Where `standards[k]` was in the input: `standards[N]` or the line of a file."""
        position = k if self._positions is None else self._positions[k]
        return self._path_format.format(position)

    def value_path(self, k: int, field: str, key: str) -> str:
        """Where `standards[k]`'s `field` value for `key` (`indicators`, `sulfur`) was read:
        the row of an export's 技术指标 sheet that holds it where the loader noted one
        (`技术指标!R14`), else the standard's path and the field
        (`standards[3].indicators.sulfur`)."""
        paths = self._value_paths
        found = paths.get((self.standards[k].number, field, key)) if paths else None
        return found or f"{self.standard_path(k)}.{field}.{key}"


RECORD_CLASSES: tuple[type, ...] = (
    Enterprise,
    Event,
    Withdrawal,
    Standard,
    Product,
    Service,
    ConformityReport,
    Title,
)


def record_schema() -> dict[str, dict[str, object]]:
    """Each record class's public fields and their resolved types, by class name.

    Types are the annotations as `typing.get_type_hints` resolves them
    (`str | None`, `tuple[Product, ...]`, `Mapping[str, float]`, an enum class, …).
    """
    schema: dict[str, dict[str, object]] = {}
    for cls in RECORD_CLASSES:
        hints = typing.get_type_hints(cls)
        schema[cls.__name__] = {
            f.name: hints[f.name] for f in attrs.fields(cls) if not f.name.startswith("_")
        }
    return schema
