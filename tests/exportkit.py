"""Writing exports in the platform's layout for tests: one workbook, or CSV files per sheet."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import xlsxwriter

Sheets = Mapping[str, Sequence[Sequence[object]]]  # sheet name → rows, header first


class Failed(NamedTuple):
    """A workbook cell whose formula failed: Excel shows (and saves) `error`, as `#N/A`."""

    formula: str
    error: str


def write_xlsx(path: Path, sheets: Sheets) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    # A fixed creation time: the same sheets give the same bytes.
    workbook.set_properties({"created": datetime.datetime(2021, 1, 1)})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    moment = datetime.datetime.combine(value, datetime.time())
                    sheet.write_datetime(r, c, moment, dates)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, Failed):
                    sheet.write_formula(r, c, value.formula, None, value.error)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return path


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _shown(v) for v in row])
    return out.getvalue()


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return f"{value.year}/{value.month}/{value.day}"
    return str(value)


def write_csv_folder(folder: Path, sheets: Sheets, encoding: str = "gb18030") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        (folder / f"{name}.csv").write_bytes(csv_text(rows).encode(encoding))
    return folder
