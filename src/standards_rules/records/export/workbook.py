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

import contextlib
import csv
import io
import marshal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from standards_rules.limits import MAX_STREAMED_DATASET_BYTES
from standards_rules.records.export.cells import Cell, ExcelError
from standards_rules.records.export.encoding import EncodingProblem, decode_text
from standards_rules.records.export.excel_errors import error_cells
from standards_rules.records.worker import Worker, cores


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

    def place(self) -> str:
        """The sheet as its rows' paths name it, without a row: `技术指标`, `技术指标.csv`."""
        return self.row_path.split("{}")[0].removesuffix("!R").removesuffix(":")


# Below this a worker's start-up outweighs the one sheet it reads meanwhile.
SHEET_WORKER_MIN_BYTES = 4 * 1024**2
_SHEET_WORKER = "standards_rules.records.export.sheet_worker"


def read_workbook(
    path: Path, aside: Callable[[str], bool] | None = None
) -> list[Table | SheetLater]:
    """Every non-empty sheet of an `.xlsx` workbook, in order.

    `aside`: which sheet (the first it accepts) a worker process may read while
    this process goes on, in a workbook of SHEET_WORKER_MIN_BYTES or more on a
    machine of two cores. That sheet is then a `SheetLater` in the list, whose
    `table()` is the sheet (None if it is empty): the worker's reading, or, where
    the worker failed, the sheet read then.
    """
    from python_calamine import CalamineWorkbook

    name = str(path)
    with _workbook_errors(name):
        workbook = CalamineWorkbook.from_path(name)
        names = list(workbook.sheet_names)
        later = _sheet_later(path, workbook, names, aside)
        try:
            tables: list[Table | SheetLater] = []
            for sheet_name in names:
                if later is not None and later.name == sheet_name:
                    tables.append(later)
                    continue
                table = read_sheet(workbook, sheet_name, name)
                if table is not None:
                    tables.append(table)
        except BaseException:
            if later is not None:
                later.close()
            raise
        return tables


@contextlib.contextmanager
def _workbook_errors(name: str) -> Iterator[None]:
    from python_calamine import CalamineError

    try:
        yield
    except OSError as exc:
        raise WorkbookProblem(name, f"cannot read: {exc.strerror or exc}") from None
    except (CalamineError, ValueError, TypeError) as exc:
        raise WorkbookProblem(name, f"not a readable .xlsx workbook ({exc})") from None
    except Exception as exc:  # the reader's own error classes vary between its releases
        raise WorkbookProblem(name, f"not a readable .xlsx workbook ({exc})") from None


def read_sheet(workbook: Any, sheet_name: str, name: str) -> Table | None:
    """One sheet of an open calamine workbook (of the file `name`), None if it is empty.

    A cell holding an Excel error, which calamine reads as an empty text, is an
    `ExcelError` (`excel_errors` finds them in the sheet's XML).
    """
    sheet = workbook.get_sheet_by_name(sheet_name)
    # iter_rows starts at the sheet's first row, empty rows included: n + 1 is its number;
    # a row's cells start at the sheet's first column.
    rows = [(n, row) for n, row in enumerate(sheet.iter_rows(), start=1)]
    errors = error_cells(name, sheet_name)
    if errors:
        first_column = (sheet.start or (0, 0))[1] + 1
        for (row, column), text in errors.items():
            cells = rows[row - 1][1] if 0 < row <= len(rows) else []
            if 0 <= column - first_column < len(cells):
                cells[column - first_column] = ExcelError(text)
    return _table(sheet_name, name, _row_path(sheet_name), rows, None)


def _row_path(sheet_name: str) -> str:
    return f"{sheet_name}!R{{}}"


class SheetLater:
    """A sheet a worker process is reading: its name and file now, its table on request."""

    encoding = None

    def __init__(self, worker: Worker, workbook: Any, name: str, file: str) -> None:
        self.name = name
        self.file = file
        self._worker: Worker | None = worker
        self._workbook = workbook
        self._table: Table | None = None

    def table(self) -> Table | None:
        """The sheet, None if it is empty; waits for the worker the first time."""
        worker = self._worker
        if worker is None:
            return self._table
        with worker, _workbook_errors(self.file):
            self._worker = None
            sent = _sent_table(worker, self.name, self.file)
            self._table = (
                read_sheet(self._workbook, self.name, self.file) if sent is False else sent
            )
        return self._table

    def close(self) -> None:
        """Stops the worker, if the table was not asked for."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None


def _sheet_later(
    path: Path, workbook: Any, names: list[str], aside: Callable[[str], bool] | None
) -> SheetLater | None:
    apart = next((n for n in names if aside(n)), None) if aside is not None else None
    if apart is None or len(names) < 2 or cores() < 2:
        return None
    if path.stat().st_size < SHEET_WORKER_MIN_BYTES:
        return None
    worker = Worker.start(_SHEET_WORKER, str(path), apart)
    return None if worker is None else SheetLater(worker, workbook, apart, str(path))


def _sent_table(worker: Worker, sheet_name: str, name: str) -> Any:
    """The sheet the worker sent (None if empty), or False where it failed."""
    output = worker.output()
    if output is None:
        return False
    try:
        # marshal.load would read the file a few bytes at a time.
        sent = marshal.loads(output.read())
    except (EOFError, ValueError, TypeError):
        return False
    if sent is None:
        return None
    if type(sent) is tuple and len(sent) == 2:
        header, rows = sent
        return Table(sheet_name, name, _row_path(sheet_name), header, rows, None)
    return False


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
