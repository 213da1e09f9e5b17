"""Assembly: an export's records as they are built from their rows (SPEC §3.3).

Takes what the rows of a record read as (its own row's values, then the rows of
the sheets that name it) and its problems; gives the record as §3 nests it (a
standard's report and service), its rejection's reason with the other problems
after `also`, and the rows of the records the dataset itself rejects whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from standards_rules.records.export.headers import Columns
from standards_rules.records.model import Rejected

MORE_SHOWN = 3


@attrs.define
class Record:
    """A record being assembled from its rows, with the problems found on the way."""

    path: str
    at: int
    key: str | None
    raw: dict[str, Any]
    problems: list[Rejected] = attrs.Factory(list)
    indicator_rows: dict[str, int] = attrs.Factory(dict)
    # Later rows of its sheet with the same key, and how many problems its own row had.
    repeats: list[Record] = attrs.Factory(list)
    own_problems: int = attrs.field(init=False, default=0)

    def __attrs_post_init__(self) -> None:
        self.own_problems = len(self.problems)

    def share_rows(self, fields: Sequence[str]) -> None:
        """Give the rows attached to this record (products, indicators, events) to its
        repeats too: whichever of them is accepted first is the record with that key."""
        from_rows = self.problems[self.own_problems :]
        for repeat in self.repeats:
            repeat.problems.extend(from_rows)
            for field in fields:
                if field in self.raw:
                    repeat.raw[field] = self.raw[field]


def rejected_whole(
    rejected: Iterable[Rejected], handed: Mapping[str, tuple[int, int]]
) -> Iterable[tuple[int, int, Rejected]]:
    """The rejections of records handed whole to the builder, with their sheet and row: the
    builder's path is the record's row and the field (`标准!R3.number`, `企业.csv:4.name`)."""
    for rejection in rejected:
        row_path = rejection.path
        while row_path not in handed and "." in row_path:
            row_path = row_path.rsplit(".", 1)[0]
        place = handed.get(row_path)
        if place is not None:
            yield (*place, rejection)


def event_problems(values: Mapping[str, Any], columns: Columns) -> list[str]:
    """What rejects an event row that reads, said at its row of 事件 (the enterprise's
    record would name only the event's place among its events)."""
    reasons = [f"no {columns.header(f)} given" for f in ("kind", "date") if f not in values]
    found_on, date = values.get("found_on"), values.get("date")
    if found_on is not None and date is not None and found_on < date:  # ISO texts
        found_header, date_header = columns.header("found_on"), columns.header("date")
        reasons.append(f"found_on before date: {found_header} {found_on}, {date_header} {date}")
    return reasons


def with_more(problems: Sequence[Rejected]) -> str:
    error = problems[0].error
    rest = problems[1 : 1 + MORE_SHOWN]
    if rest:
        hidden = len(problems) - 1 - len(rest)
        shown = "; ".join(f"{p.path}: {p.error}" for p in rest)
        error += f" (also {shown}{f'; and {hidden} more' if hidden else ''})"
    return error


_REPORT_FIELDS = {
    "report_passed": "passed",
    "report_issued_on": "issued_on",
    "report_agency": "agency",
}
_SERVICE_FIELDS = ("widely_provided", "outlets")


def shape_standard(raw: dict[str, Any]) -> None:
    """The flat columns of a 标准 row as the nested fields of a §3 standard record."""
    report = {field: raw.pop(column) for column, field in _REPORT_FIELDS.items() if column in raw}
    if report:
        raw["conformity_report"] = report
    service = {field: raw.pop(field) for field in _SERVICE_FIELDS if field in raw}
    if service:
        raw["service"] = service
    raw.setdefault("indicators", {})


__all__ = ["Record", "event_problems", "rejected_whole", "shape_standard", "with_more"]
