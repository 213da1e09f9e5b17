"""Validation: turns raw records into an accepted Dataset plus the rejected ones.

Takes decoded records one at a time (each with its path in the input, such as
`standards[7]` or `line 12`) in input order; gives a `Dataset`. A record that
does not fit its class, has a bad credit code, repeats a credit code or
standard number already accepted, or names an enterprise that is missing or
was rejected, becomes a `Rejected` entry instead: nothing is dropped.
Enterprise references are resolved at the end, so a standard may come before
its enterprise (JSON Lines). A text holding half of a surrogate pair (a `\\uD800`
escape with no partner) is no text: its record is rejected where it enters, so
that no output ever has to encode it.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs

from standards_rules.records.convert import ALIASES, explain, key_path, make_converter
from standards_rules.records.credit_code import credit_code_problem
from standards_rules.records.fast import NotFast, Shared, fast_standard
from standards_rules.records.model import (
    Dataset,
    DatasetWarning,
    Enterprise,
    Rejected,
    Standard,
    Title,
)

T = TypeVar("T")

_FAST = make_converter(detailed_validation=False)
_DETAILED = make_converter(detailed_validation=True)

_ID_FIELD: Mapping[type, str] = {Enterprise: "credit_code", Standard: "number", Title: "standard"}
_MORE_PROBLEMS_SHOWN = 3
LINE_PATH = "line {}"
_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_problem(raw: object) -> tuple[str, str] | None:
    """(path within `raw`, reason) of the first text holding half a surrogate pair."""
    stack: list[tuple[str, object]] = [("", raw)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found is not None:
                code = f"\\u{ord(found.group()):04X}"
                return path, f"the text holds {code}, half of a surrogate pair, not a character"
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                inner = path + key_path(key)
                if isinstance(key, str) and _SURROGATE.search(key):
                    return inner, "the key holds half of a surrogate pair, not a character"
                stack.append((inner, item))
        elif isinstance(value, list | tuple):
            stack.extend((f"{path}[{n}]", item) for n, item in reversed(list(enumerate(value))))
    return None


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
    """Collects records in input order and builds the Dataset at `finish()`.

    Standards are given with their position (`standard_path` formats it: the
    index in `standards`, or the line of a JSON Lines or CSV file); the path
    text is only made for a standard that is rejected.
    """

    def __init__(self, standard_path: str = "standards[{}]", *, check_text: bool = True) -> None:
        self._standard_path = standard_path
        # Whether records may hold half surrogate pairs (the loader knows when they cannot).
        self.check_text = check_text
        self._shared = Shared()
        self._enterprises: list[Enterprise] = []
        self._accepted_codes: dict[str, str] = {}
        self._rejected_codes: dict[str, str] = {}
        self._standards: list[Standard | Rejected] = []
        self._standard_at = array("q")
        self._titles: list[Title | Rejected] = []
        self._rejected_enterprises: list[Rejected] = []
        self._rejected_other: list[Rejected] = []
        self._warnings: list[DatasetWarning] = []
        self._value_paths: dict[tuple[str, str, str], str] = {}

    def path_at(self, at: int) -> str:
        """The path of the standard at position `at`, such as `standards[7]` or `line 12`."""
        return self._standard_path.format(at)

    def _unreadable_text(self, raw: object, path: str, cls: type) -> Rejected | None:
        if not self.check_text:
            return None
        problem = surrogate_problem(raw)
        if problem is None:
            return None
        where, reason = problem
        return Rejected(path + where, _printable(record_id(raw, cls)), reason)

    def add_enterprise(self, raw: object, path: str) -> None:
        unreadable = self._unreadable_text(raw, path, Enterprise)
        if unreadable is not None:
            self._rejected_enterprises.append(unreadable)
            return
        result = structure(raw, Enterprise, path)
        if isinstance(result, Enterprise):
            result = self._check_enterprise(result, path)
        if isinstance(result, Rejected):
            self._rejected_enterprises.append(result)
            if result.record is not None:
                self._rejected_codes.setdefault(result.record, path)
            return
        code = result.credit_code
        self._accepted_codes[code] = path
        self._shared.codes[code] = code
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
        for n, event in enumerate(enterprise.events):
            if event.found_on is not None and event.found_on < event.date:
                where = _join(path, f"events[{n}].found_on")
                return Rejected(where, code, "found_on before date")
        return enterprise

    def add_standard(self, raw: object, at: int) -> None:
        # The path is made only where the text must be checked (not for every record).
        unreadable = (
            self._unreadable_text(raw, self.path_at(at), Standard) if self.check_text else None
        )
        if unreadable is not None:
            self._standards.append(unreadable)
            self._standard_at.append(at)
            return
        try:
            result: Standard | Rejected = fast_standard(raw, self._shared)
        except NotFast:
            result = structure(raw, Standard, self.path_at(at))
        self._standards.append(result)
        self._standard_at.append(at)

    def add_built_standard(self, standard: Standard, at: int) -> None:
        """A standard read and built elsewhere, as the fast path builds it (`records.transfer`)."""
        self._standards.append(standard)
        self._standard_at.append(at)

    @property
    def shared(self) -> Shared:
        """The values this load shares between its records."""
        return self._shared

    def add_title(self, raw: object, path: str) -> None:
        unreadable = self._unreadable_text(raw, path, Title)
        self._titles.append(structure(raw, Title, path) if unreadable is None else unreadable)

    def reject_standard(
        self, at: int, record: str | None, error: str, path: str | None = None
    ) -> None:
        """A standard record that could not even be read as one (`path`: where, if not `at`)."""
        self._standards.append(Rejected(path or self.path_at(at), record, error))
        self._standard_at.append(at)

    def reject_enterprise(self, path: str, code: str | None, error: str) -> None:
        """An enterprise record that could not be read; its standards are rejected with it."""
        self._rejected_enterprises.append(Rejected(path, code, error))
        if code is not None:
            self._rejected_codes.setdefault(code, path)

    def warn(self, path: str, record: str | None, warning: str) -> None:
        """Something read that no record holds (an unknown indicator name, say)."""
        self._warnings.append(DatasetWarning(path, record, warning))

    def value_at(self, number: str, field: str, key: str, path: str) -> None:
        """Where the value `field`.`key` of the standard `number` was read, when not at the
        standard's own path (`Dataset.value_path`)."""
        self._value_paths[(number, field, key)] = path

    def reject(self, path: str, record: str | None, error: str) -> None:
        """A record whose kind is unknown: listed after enterprises, standards and titles."""
        self._rejected_other.append(Rejected(path, record, error))

    def finish(self) -> Dataset:
        standards: list[Standard] = []
        positions = array("q")
        rejected: list[Rejected | None] = list(self._rejected_enterprises)
        by_number: dict[str, Standard] = {}
        # A repeated number is rejected naming where the first one was; that
        # path is looked up afterwards, for the few repeated numbers only.
        duplicates: list[tuple[int, Standard, int]] = []
        accepted_codes = self._accepted_codes
        for result, at in zip(self._standards, self._standard_at, strict=True):
            if isinstance(result, Standard):
                # `_check`'s common case, without a call for each of millions of standards.
                fine = result.enterprise in accepted_codes and result.number.strip()
                problem = None if fine else self._check(result, at)
                if problem is not None:
                    rejected.append(problem)
                elif result.number in by_number:
                    duplicates.append((len(rejected), result, at))
                    rejected.append(None)
                else:
                    by_number[result.number] = result
                    standards.append(result)
                    positions.append(at)
            else:
                rejected.append(result)
        if duplicates:
            self._reject_duplicates(duplicates, by_number, rejected)
        titles: list[Title] = []
        for title in self._titles:
            if isinstance(title, Rejected):
                rejected.append(title)
            else:
                titles.append(title)
        rejected.extend(self._rejected_other)
        listed = tuple(r for r in rejected if r is not None)
        return Dataset._indexed(
            tuple(self._enterprises),
            tuple(standards),
            tuple(titles),
            listed,
            by_number,
            positions,
            self._standard_path,
            tuple(self._warnings),
            self._value_paths,
        )

    def _reject_duplicates(
        self,
        duplicates: list[tuple[int, Standard, int]],
        by_number: Mapping[str, Standard],
        rejected: list[Rejected | None],
    ) -> None:
        first_at: dict[str, int] = {}
        for result, at in zip(self._standards, self._standard_at, strict=True):
            if isinstance(result, Standard) and by_number.get(result.number) is result:
                first_at.setdefault(result.number, at)
        for index, standard, at in duplicates:
            number = standard.number
            first = self.path_at(first_at[number])
            reason = f"duplicate standard number {number!r} (first at {first})"
            rejected[index] = Rejected(_join(self.path_at(at), "number"), number, reason)

    def _check(self, standard: Standard, at: int) -> Rejected | None:
        number = standard.number
        if not number.strip():
            path = self.path_at(at)
            return Rejected(_join(path, "number"), number, "number must not be empty")
        code = standard.enterprise
        if code not in self._accepted_codes:
            where = _join(self.path_at(at), "enterprise")
            rejected_at = self._rejected_codes.get(code)
            if rejected_at is not None:
                return Rejected(where, number, f"enterprise {code!r} was rejected ({rejected_at})")
            return Rejected(where, number, f"unknown enterprise {code!r}")
        return None


def _printable(record: str | None) -> str | None:
    if record is None or _SURROGATE.search(record) is None:
        return record
    return record.encode("utf-8", "backslashreplace").decode("utf-8")


def converter() -> cattrs.Converter:
    """The module's detailed-validation converter, for unstructuring records to JSON values."""
    return _DETAILED


def unstructure(value: Any) -> Any:
    """A record (or tuple of records) as JSON values: dates ISO, enums by value."""
    return _DETAILED.unstructure(value)
