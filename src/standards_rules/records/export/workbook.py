"""Workbooks: the sheets of an `.xlsx` export, or its CSV files, as tables of cells.

Takes an export's files (one workbook, CSV files named like its sheets, or a
folder of them); gives each sheet as a `Table`: its name, where each row is
(`技术指标!R14`, `技术指标.csv:14`), its header and its rows with their numbers,
plus the encoding each CSV file was read in. Workbooks are read with
python-calamine (cells come typed: numbers, booleans, Excel dates); CSV files in
UTF-8 (with or without a BOM) or GB18030. Raises `WorkbookProblem` when a file
cannot be read at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from standards_rules.limits import MAX_STREAMED_DATASET_BYTES
from standards_rules.records.export.cells import Cell
from standards_rules.records.export.encoding import EncodingProblem, decode_text


class WorkbookProblem(Exception):
    """An export file cannot be read: `path`, `message` and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line


@attrs.frozen
class Table:
    """One sheet: `rows` are (row number as the user sees it, cells), header excluded."""

    name: str
    file: str
    row_path: str  # `{}` is the row number: `标准!R{}` or `标准.csv:{}`
    header: tuple[str, ...]
    rows: Sequence[tuple[int, Sequence[Cell]]]
    encoding: str | None = None

    def path_of(self, row: int) -> str:
        return self.row_path.format(row)


def read_workbook(path: Path) -> list[Table]:
    """Every non-empty sheet of an `.xlsx` workbook."""
    from python_calamine import CalamineError, CalamineWorkbook

    name = str(path)
    try:
        workbook = CalamineWorkbook.from_path(name)
        tables = []
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            # iter_rows starts at the sheet's first row, empty rows included: n + 1 is its number.
            rows = [(n, row) for n, row in enumerate(sheet.iter_rows(), start=1)]
            table = _table(sheet_name, name, f"{sheet_name}!R{{}}", rows, None)
            if table is not None:
                tables.append(table)
        return tables
    except OSError as exc:
        raise WorkbookProblem(name, f"cannot read: {exc.strerror or exc}") from None
    except (CalamineError, ValueError, TypeError) as exc:
        raise WorkbookProblem(name, f"not a readable .xlsx workbook ({exc})") from None
    except Exception as exc:  # the reader's own error classes vary between its releases
        raise WorkbookProblem(name, f"not a readable .xlsx workbook ({exc})") from None


def read_csv_table(path: Path) -> Table | None:
    """One CSV file of the export, named like its sheet (`技术指标.csv`)."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_STREAMED_DATASET_BYTES:
            raise WorkbookProblem(name, "is larger than the most a dataset may be")
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookProblem(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        text, encoding = decode_text(data)
    except EncodingProblem as exc:
        raise WorkbookProblem(name, exc.message, exc.line) from None
    return csv_table(text, path.stem, name, f"{path.name}:{{}}", encoding)


def csv_table(text: str, sheet: str, file: str, row_path: str, encoding: str) -> Table | None:
    """CSV text as a table; rows are numbered by the line they start on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, Sequence[Cell]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise WorkbookProblem(file, f"malformed CSV: {exc}", reader.line_num) from None
    return _table(sheet, file, row_path, rows, encoding)


def _table(
    sheet: str,
    file: str,
    row_path: str,
    rows: Sequence[tuple[int, Sequence[Cell]]],
    encoding: str | None,
) -> Table | None:
    body = iter(rows)
    for _, header in body:
        if _filled(header):
            titles = tuple("" if cell is None else str(cell).strip() for cell in header)
            kept = [(n, cells) for n, cells in body if _filled(cells)]
            return Table(sheet, file, row_path, titles, kept, encoding)
    return None


def _filled(cells: Sequence[Cell]) -> bool:
    """Whether any cell of a row holds something."""
    # A loop, not any() over a generator: most rows' first cell is filled, so this returns
    # at once, and the generator was a tenth of reading a workbook.
    for cell in cells:  # noqa: SIM110
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return True
    return False


def export_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files of an export: folders are opened to their `.xlsx` and `.csv` files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix.lower() in {".xlsx", ".csv"})
        else:
            yield path
