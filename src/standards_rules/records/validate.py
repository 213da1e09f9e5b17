"""Validation: turns raw records into an accepted Dataset plus the rejected ones.

Takes decoded records one at a time (each with its path in the input, such as
`standards[7]` or `line 12`) in input order; gives a `Dataset`. A record that
does not fit its class, has a bad credit code, repeats a credit code or
standard number already accepted, or names an enterprise that is missing or
was rejected, becomes a `Rejected` entry instead: nothing is dropped.
Enterprise references are resolved at the end, so a standard may come before
its enterprise (JSON Lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs

from standards_rules.records.convert import ALIASES, explain, make_converter
from standards_rules.records.credit_code import credit_code_problem
from standards_rules.records.fast import NotFast, fast_standard
from standards_rules.records.model import Dataset, Enterprise, Rejected, Standard, Title

T = TypeVar("T")

_FAST = make_converter(detailed_validation=False)
_DETAILED = make_converter(detailed_validation=True)

_ID_FIELD: Mapping[type, str] = {Enterprise: "credit_code", Standard: "number", Title: "standard"}
_MORE_PROBLEMS_SHOWN = 3


def record_id(raw: object, cls: type) -> str | None:
    """The identifying field of a raw record (credit code, number), as given, or None."""
    if not isinstance(raw, dict):
        return None
    field = _ID_FIELD[cls]
    value = raw.get(field)
    if value is None:
        for alias, target in ALIASES[cls].items():
            if target == field and raw.get(alias) is not None:
                value = raw[alias]
                break
    if value is None:
        return None
    return value if isinstance(value, str) else repr(value)


def structure(raw: object, cls: type[T], path: str) -> T | Rejected:
    """`raw` as an instance of `cls`, or why not, as a `Rejected` at `path`."""
    try:
        return _FAST.structure(raw, cls)
    except Exception:  # the detailed pass below explains any failure
        pass
    try:
        _DETAILED.structure(raw, cls)
    except Exception as exc:  # a hook may raise anything
        problems = explain(exc)
    else:
        problems = [("", "invalid record")]
    where, reason = problems[0]
    if len(problems) > 1:
        shown = [f"{path}{p}: {r}" for p, r in problems[1 : 1 + _MORE_PROBLEMS_SHOWN]]
        hidden = len(problems) - 1 - len(shown)
        reason += f" (also {'; '.join(shown)}{f'; and {hidden} more' if hidden else ''})"
    return Rejected(path + where, record_id(raw, cls), reason)


def _join(path: str, field: str) -> str:
    return f"{path}.{field}"


class DatasetBuilder:
    """Collects records in input order and builds the Dataset at `finish()`."""

    def __init__(self) -> None:
        self._enterprises: list[Enterprise] = []
        self._accepted_codes: dict[str, str] = {}
        self._rejected_codes: dict[str, str] = {}
        self._standards: list[tuple[str, Standard | Rejected]] = []
        self._titles: list[Title | Rejected] = []
        self._rejected_enterprises: list[Rejected] = []
        self._rejected_other: list[Rejected] = []

    def add_enterprise(self, raw: object, path: str) -> None:
        result = structure(raw, Enterprise, path)
        if isinstance(result, Enterprise):
            result = self._check_enterprise(result, path)
        if isinstance(result, Rejected):
            self._rejected_enterprises.append(result)
            if result.record is not None:
                self._rejected_codes.setdefault(result.record, path)
            return
        self._accepted_codes[result.credit_code] = path
        self._enterprises.append(result)

    def _check_enterprise(self, enterprise: Enterprise, path: str) -> Enterprise | Rejected:
        code = enterprise.credit_code
        problem = credit_code_problem(code)
        if problem is not None:
            return Rejected(_join(path, "credit_code"), code, problem)
        first = self._accepted_codes.get(code)
        if first is not None:
            reason = f"duplicate credit code {code!r} (first at {first})"
            return Rejected(_join(path, "credit_code"), code, reason)
        if not enterprise.name.strip():
            return Rejected(_join(path, "name"), code, "name must not be empty")
        return enterprise

    def add_standard(self, raw: object, path: str) -> None:
        try:
            result: Standard | Rejected = fast_standard(raw)
        except NotFast:
            result = structure(raw, Standard, path)
        self._standards.append((path, result))

    def add_title(self, raw: object, path: str) -> None:
        self._titles.append(structure(raw, Title, path))

    def reject_standard(self, path: str, record: str | None, error: str) -> None:
        """A standard record that could not even be read as one."""
        self._standards.append((path, Rejected(path, record, error)))

    def reject(self, path: str, record: str | None, error: str) -> None:
        """A record whose kind is unknown: listed after enterprises, standards and titles."""
        self._rejected_other.append(Rejected(path, record, error))

    def finish(self) -> Dataset:
        standards: list[Standard] = []
        rejected = list(self._rejected_enterprises)
        numbers: dict[str, str] = {}
        for path, result in self._standards:
            checked = result if isinstance(result, Rejected) else self._check(result, path, numbers)
            if isinstance(checked, Rejected):
                rejected.append(checked)
            else:
                numbers[checked.number] = path
                standards.append(checked)
        titles: list[Title] = []
        for title in self._titles:
            if isinstance(title, Rejected):
                rejected.append(title)
            else:
                titles.append(title)
        rejected.extend(self._rejected_other)
        return Dataset(tuple(self._enterprises), tuple(standards), tuple(titles), tuple(rejected))

    def _check(self, standard: Standard, path: str, numbers: dict[str, str]) -> Standard | Rejected:
        number = standard.number
        if not number.strip():
            return Rejected(_join(path, "number"), number, "number must not be empty")
        code = standard.enterprise
        if code not in self._accepted_codes:
            where = _join(path, "enterprise")
            rejected_at = self._rejected_codes.get(code)
            if rejected_at is not None:
                return Rejected(where, number, f"enterprise {code!r} was rejected ({rejected_at})")
            return Rejected(where, number, f"unknown enterprise {code!r}")
        first = numbers.get(number)
        if first is not None:
            reason = f"duplicate standard number {number!r} (first at {first})"
            return Rejected(_join(path, "number"), number, reason)
        return standard


def converter() -> cattrs.Converter:
    """The module's detailed-validation converter, for unstructuring records to JSON values."""
    return _DETAILED


def unstructure(value: Any) -> Any:
    """A record (or tuple of records) as JSON values: dates ISO, enums by value."""
    return _DETAILED.unstructure(value)
