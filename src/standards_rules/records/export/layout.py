"""Export layout: the platform's sheets (企业, 标准, 技术指标, 产品, …) as one Dataset (SPEC §3.3).

Takes the tables of an export (`workbook.Table`) and the ruleset whose
indicators name the 技术指标 rows; gives a `Dataset` and an `ExportSummary`.
Every row that cannot be read is rejected with its sheet (or file) and row, the
header as written, the cell's text and the reason; the record it belongs to
(a standard, or an enterprise for its events and withdrawals) is rejected once,
so every standard row ends up accepted or rejected. 指标名称 that name no
indicator of the ruleset are counted and become the dataset's warnings. A
table's headers are matched and its cells read by `headers.Columns`; the records
are assembled from their rows by `assembly`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from standards_rules.records.export.assembly import (
    Record,
    event_problems,
    rejected_whole,
    shape_standard,
    with_more,
)
from standards_rules.records.export.cells import (
    Cell,
    CellError,
    cell_text,
    excel_error,
    read_number,
)
from standards_rules.records.export.columns import (
    ENTERPRISES,
    EVENTS,
    INDICATORS,
    KEYS,
    PRODUCTS,
    STANDARDS,
    TITLES,
    WITHDRAWALS,
    sheet_kind,
)
from standards_rules.records.export.headers import Columns
from standards_rules.records.export.names import IndicatorNames, is_higher, ruleset_id
from standards_rules.records.export.requirement import RequirementProblem, read_requirement
from standards_rules.records.export.workbook import SheetLater, Table, WorkbookProblem
from standards_rules.records.model import Dataset, Rejected
from standards_rules.records.validate import DatasetBuilder

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
                builder.reject_enterprise(first.path, record.key, with_more(record.problems))
            else:
                builder.add_enterprise(record.raw, record.path)
                handed[record.path] = (_ORDER[ENTERPRISES], record.at)
        standards = self._records(STANDARDS)
        self._attach(standards, PRODUCTS, "products", "标准")
        self._indicators(standards)
        for record in standards.values():
            record.share_rows(("products", "indicators", "previous_indicators"))
        for record in standards.values():
            shape_standard(record.raw)
            if record.problems:
                error = with_more(record.problems)
                builder.reject_standard(record.at, record.key, error, record.problems[0].path)
            else:
                builder.add_standard(record.raw, record.at)
                handed[record.path] = (_ORDER[STANDARDS], record.at)
        for title in self._titles():
            if title.problems:
                builder.reject(title.problems[0].path, title.key, with_more(title.problems))
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
        self._rejections.extend(rejected_whole(dataset.rejected, handed))
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

    def _tables_of(self, kind: str) -> Iterable[tuple[Table, Columns]]:
        # Table by table, not row by row: a generator resumed for each of a million rows
        # was a tenth of reading an export.
        for table in self._present(kind):
            columns = Columns(table, kind)
            for _, header in columns.others:
                # A title's column that names an indicator holds its level at award.
                if kind == TITLES and self._names.match(header) is not None:
                    continue
                self._ignored.append(f"column '{header}' of {table.place()}")
            yield table, columns

    def _read_row(
        self, table: Table, columns: Columns, row: int, cells: Sequence[Cell], kind: str
    ) -> tuple[dict[str, Any], list[Rejected], str | None]:
        values, found = columns.read(cells)
        key = values.get(columns.key_field)
        if key is None:
            found = found or []
            found.insert(0, ("", columns.no_key))
        if found is None:
            return values, [], key
        # The path is only made for a row with a problem.
        path = table.path_of(row)
        problems = [Rejected(path, key, f"{h} {e}" if h else e) for h, e in found]
        self._rejections.extend((_ORDER[kind], row, p) for p in problems)
        return values, problems, key

    def _records(self, kind: str) -> dict[str, Record]:
        found: dict[str, Record] = {}
        for table, columns in self._tables_of(kind):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, kind)
                record = Record(table.path_of(row), row, key, values, problems)
                # A repeated or missing key keeps its own slot: the builder rejects it, naming
                # the first (first accepted wins), and later rows attach to the first, which
                # shares them with its repeats. The slot is the row's path: two sheets of one
                # kind may share a file.
                slot = key if key is not None and key not in found else f"\0{record.path}"
                if key is not None and key in found:
                    found[key].repeats.append(record)
                found[slot] = record
        return found

    def _attach(self, owners: dict[str, Record], kind: str, field: str, owner_sheet: str) -> None:
        for table, columns in self._tables_of(kind):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, kind)
                owner = self._owner(owners, owner_sheet, table, kind, row, key, problems)
                if owner is None:
                    continue
                owner.problems.extend(problems)
                if kind == EVENTS and not problems:
                    for reason in event_problems(values, columns):
                        self._problem(owner, table, kind, row, key, reason)
                values.pop(KEYS[kind], None)
                owner.raw.setdefault(field, []).append(values)

    def _owner(
        self,
        owners: dict[str, Record],
        owner_sheet: str,
        table: Table,
        kind: str,
        row: int,
        key: str | None,
        problems: list[Rejected],
    ) -> Record | None:
        """The record a row of `kind` belongs to; None for a row of no known record, which
        is rejected on its own (with its problems, or as not in `owner_sheet`)."""
        owner = owners.get(key) if key is not None else None
        if owner is None:
            if not problems:
                reason = f"{key} is not in the {owner_sheet} sheet"
                problem = Rejected(table.path_of(row), key, reason)
                self._rejections.append((_ORDER[kind], row, problem))
                problems = [problem]
            self._orphans.append(attrs.evolve(problems[0], error=with_more(problems)))
        return owner

    def _indicators(self, standards: dict[str, Record]) -> None:
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
                        f"no {columns.header('indicator')} given",
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
                    header = columns.header("requirement")
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
                        reason = f"{columns.header(field)}: {exc.reason}"
                        self._problem(owner, table, INDICATORS, row, key, reason)
                        break
                    owner.raw.setdefault(target, {})[indicator.id] = value
                    bounds = getattr(indicator, "range", None)
                    outside = bounds is not None and not bounds.low <= value <= bounds.high
                    if outside and key is not None:
                        self._outside[(key, target, indicator.id)] = table.path_of(row)

    def _problem(
        self, owner: Record, table: Table, kind: str, row: int, key: str | None, reason: str
    ) -> None:
        problem = Rejected(table.path_of(row), key, reason)
        self._rejections.append((_ORDER[kind], row, problem))
        owner.problems.append(problem)

    def _titles(self) -> Iterable[Record]:
        for table, columns in self._tables_of(TITLES):
            for row, cells in table.rows:
                values, problems, key = self._read_row(table, columns, row, cells, TITLES)
                record = Record(table.path_of(row), row, key, values, problems)
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
