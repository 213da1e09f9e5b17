"""Export layout: the platform's sheets (企业, 标准, 技术指标, 产品, …) as one Dataset (SPEC §3.3).

Takes the tables of an export (`workbook.Table`) and the ruleset whose
indicators name the 技术指标 rows; gives a `Dataset` and an `ExportSummary`.
Every row that cannot be read is rejected with its sheet (or file) and row, the
header as written, the cell's text and the reason; the record it belongs to
(a standard, or an enterprise for its events and withdrawals) is rejected once,
so every standard row ends up accepted or rejected. 指标名称 that name no
indicator of the ruleset are counted and become the dataset's warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from standards_rules.records.export.cells import (
    Cell,
    CellError,
    ExcelError,
    cell_text,
    excel_error,
    read_number,
)
from standards_rules.records.export.columns import (
    COLUMNS,
    ENTERPRISES,
    EVENTS,
    INDICATORS,
    KEYS,
    PRODUCTS,
    STANDARDS,
    TITLES,
    WITHDRAWALS,
    Reader,
    sheet_kind,
)
from standards_rules.records.export.names import IndicatorNames, is_higher, ruleset_id
from standards_rules.records.export.requirement import RequirementProblem, read_requirement
from standards_rules.records.export.workbook import SheetLater, Table, WorkbookProblem
from standards_rules.records.model import Dataset, Rejected
from standards_rules.records.validate import DatasetBuilder

_MORE_SHOWN = 3
# A column's memo is emptied when it reaches this size: it keeps what was read lately
# (the 标准编号 of a standard's consecutive 技术指标 rows) in bounded memory.
_MEMO_LIMIT = 1 << 16
_UNREAD = object()
_ORDER = {
    kind: n
    for n, kind in enumerate(
        (ENTERPRISES, STANDARDS, INDICATORS, PRODUCTS, EVENTS, WITHDRAWALS, TITLES)
    )
}


@attrs.frozen
class ExportSummary:
    """What an export held: files and encodings, rows per sheet, names mapped or not, rejections."""

    files: tuple[tuple[str, str], ...]
    rows: Mapping[str, int]
    standards: int | None  # 标准 rows read (None when the file is not an export)
    mapped: Mapping[tuple[str, str], int]
    unmapped: Mapping[str, int]
    rejections: tuple[Rejected, ...]
    ignored: tuple[str, ...]


@attrs.define
class _Record:
    """A record being assembled from its rows, with the problems found on the way."""

    path: str
    at: int
    key: str | None
    raw: dict[str, Any]
    problems: list[Rejected] = attrs.Factory(list)
    indicator_rows: dict[str, int] = attrs.Factory(dict)
    # Later rows of its sheet with the same key, and how many problems its own row had.
    repeats: list[_Record] = attrs.Factory(list)
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


class _Columns:
    """A table's headers: the field and reader of each column it knows, and the others.

    Each known column has a memo of the values its text cells read as: an export
    repeats the same few names, units and requirements down hundreds of thousands
    of rows, and each standard's number down its rows; readers are pure functions
    of the cell. Only text cells are kept (1, 1.0 and True are equal keys but not
    equal cells); a cell that fails is read again each time, so that each row
    gets its own error.
    """

    def __init__(self, table: Table, kind: str) -> None:
        known = COLUMNS[kind]
        self.fields: list[tuple[int, str, str, Reader, dict[str, object]]] = []
        self.others: list[tuple[int, str]] = []
        taken: set[str] = set()
        for index, header in enumerate(table.header):
            if not header:
                continue
            found = known.get(_normal(header))
            if found is None or found[0] in taken:
                self.others.append((index, header))
            else:
                taken.add(found[0])
                self.fields.append((index, header, *found, {}))
        self.names = frozenset(taken)
        self.key_field = KEYS[kind]
        # What a row without a key is told.
        self.no_key = (
            f"no {_header(self, self.key_field)} given"
            if self.key_field in taken
            else f"the sheet has no {self.key_field} column"
        )


def _normal(header: str) -> str:
    from standards_rules.records.export.names import normalised_name

    return normalised_name(header)


class ExportReader:
    """Reads the tables of one export into a `DatasetBuilder`; `finish()` gives the results."""

    def __init__(self, ruleset: object) -> None:
        from standards_rules.records.export.names import ruleset_indicators

        self._ruleset_id = ruleset_id(ruleset)
        self._names = IndicatorNames(ruleset_indicators(ruleset))
        self._tables: dict[str, list[Table | SheetLater]] = {}
        self._ignored: list[str] = []
        self._files: dict[str, str] = {}
        # (sheet's place in the layout, row, rejection): listed sheet by sheet, row by row.
        self._rejections: list[tuple[int, int, Rejected]] = []
        self._mapped: Counter[tuple[str, str]] = Counter()
        self._unmapped: Counter[str] = Counter()
        self._unmapped_first: dict[str, tuple[str, str | None]] = {}
        # The 技术指标 row of each value outside its indicator's range, which the evaluation
        # rejects (SPEC §4.0), by (number, field, indicator id): the row to correct.
        self._outside: dict[tuple[str, str, str], str] = {}
        # Rows of records that are not in the export (a product of an unknown standard).
        self._orphans: list[Rejected] = []

    def add(self, table: Table | SheetLater) -> None:
        kind = sheet_kind(table.name)
        self._files.setdefault(table.file, table.encoding or "xlsx")
        if kind is None:
            self._ignored.append(f"sheet '{table.name}' ({table.file})")
            return
        self._tables.setdefault(kind, []).append(table)

    def has(self, kind: str) -> bool:
        """Whether the export has a sheet of `kind` with a header (one still being read
        waited for)."""
        return bool(self._present(kind))

    def finish(self) -> tuple[Dataset, ExportSummary]:
        standard_tables = self._present(STANDARDS)
        if len(standard_tables) != 1:
            files = ", ".join(t.file for t in standard_tables) or "none"
            raise WorkbookProblem(
                standard_tables[-1].file if standard_tables else "export",
                f"an export has one 标准 (standards) sheet, found {len(standard_tables)} ({files})",
            )
        standards_table = standard_tables[0]
        # Decoded CSV text and calamine's strings cannot hold half surrogate pairs.
        builder = DatasetBuilder(standards_table.row_path, check_text=False)
        # The place of each record handed to the builder whole, which may still reject it
        # (a repeated number, an unknown enterprise): its rejection is a row of the summary too.
        handed: dict[str, tuple[int, int]] = {}
        enterprises = self._records(ENTERPRISES)
        self._attach(enterprises, EVENTS, "events", "企业")
        self._attach(enterprises, WITHDRAWALS, "withdrawals", "企业")
        for record in enterprises.values():
            record.share_rows(("events", "withdrawals"))
        for record in enterprises.values():
            if record.problems:
                first = record.problems[0]
                builder.reject_enterprise(first.path, record.key, _with_more(record.problems))
            else:
                builder.add_enterprise(record.raw, record.path)
                handed[record.path] = (_ORDER[ENTERPRISES], record.at)
        standards = self._records(STANDARDS)
        self._attach(standards, PRODUCTS, "products", "标准")
        self._indicators(standards)
        for record in standards.values():
            record.share_rows(("products", "indicators", "previous_indicators"))
        for record in standards.values():
            _shape_standard(record.raw)
            if record.problems:
                error = _with_more(record.problems)
                builder.reject_standard(record.at, record.key, error, record.problems[0].path)
            else:
                builder.add_standard(record.raw, record.at)
                handed[record.path] = (_ORDER[STANDARDS], record.at)
        for title in self._titles():
            if title.problems:
                builder.reject(title.problems[0].path, title.key, _with_more(title.problems))
            else:
                builder.add_title(title.raw, title.path)
                handed[title.path] = (_ORDER[TITLES], title.at)
        for (standard, field, key), row_path in self._outside.items():
            builder.value_at(standard, field, key, row_path)
        for orphan in self._orphans:
            builder.reject(orphan.path, orphan.record, orphan.error)
        for name, (path, number) in self._unmapped_first.items():
            count = self._unmapped[name]
            rows = f"{count} row" + ("s" if count > 1 else "")
            warning = (
                f"indicator name '{name}' ({rows}) is not an indicator of "
                f"{self._ruleset_id}{self._names.suggestion(name)}"
            )
            builder.warn(path, number, warning)
        dataset = builder.finish()
        self._rejections.extend(_rejected_whole(dataset.rejected, handed))
        row_counts: dict[str, int] = {}
        for kind in list(self._tables):
            present = self._present(kind)
            if present:
                row_counts[kind] = sum(len(table.rows) for table in present)
        summary = ExportSummary(
            files=tuple(self._files.items()),
            rows=row_counts,
            standards=row_counts.get(STANDARDS, 0),
            mapped=dict(self._mapped),
            unmapped=dict(self._unmapped),
            rejections=tuple(r for *_, r in sorted(self._rejections, key=lambda r: r[:2])),
            ignored=tuple(self._ignored),
        )
        return dataset, summary

    def _present(self, kind: str) -> list[Table]:
        """The tables of `kind`, any still being read waited for, and one found empty
        left out (as if the sheet had not been there: a kind left with none has no row
        count in the summary)."""
        tables = self._tables.get(kind)
        if tables is None:
            return []
        present = [t for t in (t if isinstance(t, Table) else t.table() for t in tables) if t]
        self._tables[kind] = [*present]
        return present

    def _tables_of(self, kind: str) -> Iterable[tuple[Table, _Columns]]:
        # Table by table, not row by row: a generator resumed for each of a million rows
        # was a tenth of reading an export.
        for table in self._present(kind):
            columns = _Columns(table, kind)
            for _, header in columns.others:
                # A title's column that names an indicator holds its level at award.
                if kind == TITLES and self._names.match(header) is not None:
                    continue
                self._ignored.append(f"column '{header}' of {table.place()}")
            yield table, columns

    def _read_row(
        self, table: Table, columns: _Columns, row: int, cells: Sequence[Cell], kind: str
    ) -> tuple[dict[str, Any], list[Rejected], str | None]:
        values: dict[str, Any] = {}
        # (header, cell text, reason): the path is only made for a row with a problem.
        found: list[tuple[str, str]] | None = None
        width = len(cells)
        for index, header, field, reader, memo in columns.fields:
            cell = cells[index] if index < width else None
            value = memo.get(cell, _UNREAD) if cell.__class__ is str else _UNREAD
            if value is _UNREAD:
                try:
                    if cell.__class__ is ExcelError:
                        excel_error(cell)
                    value = reader(cell)
                except CellError as exc:
                    found = found or []
                    found.append((header, f"'{cell_text(cell)}': {exc.reason}"))
                    continue
                if cell.__class__ is str:
                    if len(memo) >= _MEMO_LIMIT:
                        memo.clear()
                    memo[cell] = value
            if value is not None:
                values[field] = value
        key = values.get(columns.key_field)
        if key is None:
            found = found or []
            found.insert(0, ("", columns.no_key))
        if found is None:
            return values, [], key
        path = table.path_of(row)
        problems = [Rejected(path, key, f"{h} {e}" if h else e) for h, e in found]
        self._rejections.extend((_ORDER[kind], row, p) for p in problems)
        return values, problems, key

    def _records(self, kind: str) -> dict[str, _Record]:
        found: dict[str, _Record] = {}
        for table, columns in self._tables_of(kind):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, kind)
                record = _Record(table.path_of(row), row, key, values, problems)
                # A repeated or missing key keeps its own slot: the builder rejects it, naming
                # the first (first accepted wins), and later rows attach to the first, which
                # shares them with its repeats. The slot is the row's path: two sheets of one
                # kind may share a file.
                slot = key if key is not None and key not in found else f"\0{record.path}"
                if key is not None and key in found:
                    found[key].repeats.append(record)
                found[slot] = record
        return found

    def _attach(self, owners: dict[str, _Record], kind: str, field: str, owner_sheet: str) -> None:
        for table, columns in self._tables_of(kind):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, kind)
                owner = self._owner(owners, owner_sheet, table, kind, row, key, problems)
                if owner is None:
                    continue
                owner.problems.extend(problems)
                if kind == EVENTS and not problems:
                    for reason in _event_problems(values, columns):
                        self._problem(owner, table, kind, row, key, reason)
                values.pop(KEYS[kind], None)
                owner.raw.setdefault(field, []).append(values)

    def _owner(
        self,
        owners: dict[str, _Record],
        owner_sheet: str,
        table: Table,
        kind: str,
        row: int,
        key: str | None,
        problems: list[Rejected],
    ) -> _Record | None:
        """The record a row of `kind` belongs to; None for a row of no known record, which
        is rejected on its own (with its problems, or as not in `owner_sheet`)."""
        owner = owners.get(key) if key is not None else None
        if owner is None:
            if not problems:
                reason = f"{key} is not in the {owner_sheet} sheet"
                problem = Rejected(table.path_of(row), key, reason)
                self._rejections.append((_ORDER[kind], row, problem))
                problems = [problem]
            self._orphans.append(attrs.evolve(problems[0], error=_with_more(problems)))
        return owner

    def _indicators(self, standards: dict[str, _Record]) -> None:
        names = self._names
        for table, columns in self._tables_of(INDICATORS):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, INDICATORS)
                owner = self._owner(standards, "标准", table, INDICATORS, row, key, problems)
                if owner is None:
                    continue
                if problems:
                    owner.problems.extend(problems)
                    continue
                name = values.get("indicator")
                if name is None:
                    self._problem(
                        owner,
                        table,
                        INDICATORS,
                        row,
                        key,
                        f"no {_header(columns, 'indicator')} given",
                    )
                    continue
                indicator = names.match(name)
                if indicator is None:
                    self._unmapped[name] += 1
                    if name not in self._unmapped_first:
                        self._unmapped_first[name] = (table.path_of(row), key)
                    continue
                self._mapped[(name, indicator.id)] += 1
                first = owner.indicator_rows.get(indicator.id)
                if first is not None:
                    reason = f"indicator {indicator.id} given twice: rows {first} and {row}"
                    self._problem(owner, table, INDICATORS, row, key, reason)
                    continue
                owner.indicator_rows[indicator.id] = row
                text = values.get("requirement")
                if text is None:
                    header = _header(columns, "requirement")
                    self._problem(
                        owner, table, INDICATORS, row, key, f"no {header} given for {name}"
                    )
                    continue
                for field, target in (
                    ("requirement", "indicators"),
                    ("previous_requirement", "previous_indicators"),
                ):
                    written = values.get(field)
                    if written is None:
                        continue
                    try:
                        value = read_requirement(
                            written,
                            higher=is_higher(indicator),
                            unit=indicator.unit,
                            column_unit=values.get("unit"),
                        )
                    except RequirementProblem as exc:
                        reason = f"{_header(columns, field)}: {exc.reason}"
                        self._problem(owner, table, INDICATORS, row, key, reason)
                        break
                    owner.raw.setdefault(target, {})[indicator.id] = value
                    bounds = getattr(indicator, "range", None)
                    outside = bounds is not None and not bounds.low <= value <= bounds.high
                    if outside and key is not None:
                        self._outside[(key, target, indicator.id)] = table.path_of(row)

    def _problem(
        self, owner: _Record, table: Table, kind: str, row: int, key: str | None, reason: str
    ) -> None:
        problem = Rejected(table.path_of(row), key, reason)
        self._rejections.append((_ORDER[kind], row, problem))
        owner.problems.append(problem)

    def _titles(self) -> Iterable[_Record]:
        for table, columns in self._tables_of(TITLES):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, TITLES)
                record = _Record(table.path_of(row), row, key, values, problems)
                for index, header in columns.others:
                    indicator = self._names.match(header)
                    if indicator is None or index >= len(cells):
                        continue
                    try:
                        excel_error(cells[index])
                        number = read_number(cells[index])
                    except CellError as exc:
                        text = cell_text(cells[index])
                        self._problem(
                            record, table, TITLES, row, key, f"{header} '{text}': {exc.reason}"
                        )
                        continue
                    if number is not None:
                        record.raw.setdefault("indicators", {})[indicator.id] = number
                yield record


def _rejected_whole(
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


def _event_problems(values: Mapping[str, Any], columns: _Columns) -> list[str]:
    """What rejects an event row that reads, said at its row of 事件 (the enterprise's
    record would name only the event's place among its events)."""
    reasons = [f"no {_header(columns, f)} given" for f in ("kind", "date") if f not in values]
    found_on, date = values.get("found_on"), values.get("date")
    if found_on is not None and date is not None and found_on < date:  # ISO texts
        found_header, date_header = _header(columns, "found_on"), _header(columns, "date")
        reasons.append(f"found_on before date: {found_header} {found_on}, {date_header} {date}")
    return reasons


def _header(columns: _Columns, field: str) -> str:
    for _, header, name, *_ in columns.fields:
        if name == field:
            return header
    return field


def _with_more(problems: Sequence[Rejected]) -> str:
    error = problems[0].error
    rest = problems[1 : 1 + _MORE_SHOWN]
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


def _shape_standard(raw: dict[str, Any]) -> None:
    """The flat columns of a 标准 row as the nested fields of a §3 standard record."""
    report = {field: raw.pop(column) for column, field in _REPORT_FIELDS.items() if column in raw}
    if report:
        raw["conformity_report"] = report
    service = {field: raw.pop(field) for field in _SERVICE_FIELDS if field in raw}
    if service:
        raw["service"] = service
    raw.setdefault("indicators", {})
