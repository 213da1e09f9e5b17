"""Reading an export: its files (a workbook, CSV files, folders) into a Dataset and a summary.

Takes the paths a user gave and the ruleset; gives `(Dataset, ExportSummary)`
through `layout.ExportReader`. Raises `WorkbookProblem` when a file cannot be
read at all or is not part of the export layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from standards_rules.collector import collector_paused
from standards_rules.records.export.columns import INDICATORS, STANDARDS, sheet_kind
from standards_rules.records.export.layout import ExportReader, ExportSummary
from standards_rules.records.export.workbook import (
    SheetLater,
    WorkbookProblem,
    export_files,
    read_csv_table,
    read_workbook,
)
from standards_rules.records.model import Dataset


def is_export(path: Path) -> bool:
    """Is `path` in the export layout: a folder, a workbook, or a CSV file named like a sheet?

    A `standards.csv` (or `标准.csv`) with no other sheet's file beside it is a dataset in
    the one-row-per-standard layout, which is what a file of that name alone holds.
    """
    suffix = path.suffix.lower()
    if suffix != ".csv":
        return path.is_dir() or suffix == ".xlsx"
    kind = sheet_kind(path.stem)
    if kind is None:
        return False
    return kind != STANDARDS or len(export_paths(path)) > 1


def export_paths(path: Path) -> list[Path]:
    """The files one path stands for: a sheet's CSV file brings its sibling sheets' files."""
    if path.suffix.lower() == ".csv" and path.is_file():
        siblings = sorted(
            p
            for p in path.parent.iterdir()
            if p.suffix.lower() == ".csv" and sheet_kind(p.stem) is not None
        )
        return siblings or [path]
    return [path]


def read_export(paths: Sequence[str | Path], ruleset: object) -> tuple[Dataset, ExportSummary]:
    """The export in `paths` read with the indicators of `ruleset`; one sheet's CSV file
    alone brings its sibling sheets' files."""
    given = [Path(p) for p in paths]
    with collector_paused():
        return _read(given, export_paths(given[0]) if len(given) == 1 else given, ruleset)


def _indicator_sheet(name: str) -> bool:
    # The largest sheet by far (several rows per standard): read beside the others.
    return sheet_kind(name) == INDICATORS


def _read(
    given: Sequence[Path], paths: Sequence[Path], ruleset: object
) -> tuple[Dataset, ExportSummary]:
    later: list[SheetLater] = []
    try:
        reader = _read_all(paths, ruleset, later)
        if not reader.has(STANDARDS):
            raise WorkbookProblem(*_no_standards(given))
        return reader.finish()
    finally:
        for sheet in later:
            sheet.close()


def _no_standards(given: Sequence[Path]) -> tuple[str, str]:
    """The export as the user gave it, and what it lacks, when it has no 标准 sheet (an
    empty one counts as none)."""
    where = ", ".join(str(p) for p in given) or "the export"
    suffixes = {p.suffix.lower() for p in given}
    if len(given) == 1 and given[0].is_dir():
        lacks = "the folder has no 标准.csv file and no workbook with a 标准 (standards) sheet"
    elif suffixes == {".xlsx"}:
        lacks = "no 标准 (standards) sheet in the workbook" + ("s" if len(given) > 1 else "")
    elif suffixes == {".csv"}:
        lacks = "no 标准.csv (standards) file beside " + ("it" if len(given) == 1 else "them")
    else:
        lacks = "no 标准.csv file and no workbook with a 标准 (standards) sheet among them"
    return where, lacks


def _read_all(paths: Sequence[Path], ruleset: object, later: list[SheetLater]) -> ExportReader:
    reader = ExportReader(ruleset)
    for path in export_files(paths):
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            for table in read_workbook(path, aside=_indicator_sheet):
                if isinstance(table, SheetLater):
                    later.append(table)
                reader.add(table)
        elif suffix == ".csv":
            if sheet_kind(path.stem) is None:
                raise WorkbookProblem(
                    str(path), "a CSV file of the export is named like its sheet (标准.csv, …)"
                )
            sheet = read_csv_table(path)
            if sheet is not None:
                reader.add(sheet)
        elif not path.exists():
            raise WorkbookProblem(str(path), "cannot read: No such file or directory")
        else:
            raise WorkbookProblem(str(path), "not an export file (.xlsx or .csv)")
    return reader
