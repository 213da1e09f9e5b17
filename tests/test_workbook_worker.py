"""A workbook's indicator sheet read by a worker process while the reader goes on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exportkit import Failed, write_xlsx
from standards_rules.records import read_dataset, worker
from standards_rules.records.export import workbook as workbook_module
from standards_rules.records.export.workbook import SheetLater, read_workbook
from test_records_export import COAL, ENTERPRISES, INDICATORS, PRODUCTS, SHEETS, STANDARDS

DAY = datetime.date(2021, 1, 1)


@pytest.fixture
def beside() -> Iterator[list[SheetLater]]:
    """Every workbook's indicator sheet read by a worker; yields the sheets so read."""
    made: list[SheetLater] = []
    init = SheetLater.__init__

    def spy(self: SheetLater, *args: object) -> None:
        init(self, *args)  # type: ignore[arg-type]
        made.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workbook_module, "SHEET_WORKER_MIN_BYTES", 0)
        patch.setattr(SheetLater, "__init__", spy)
        yield made


def _alone(path: Path) -> tuple[Any, Any]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workbook_module, "SHEET_WORKER_MIN_BYTES", 1 << 62)
        return read_dataset([path], COAL)


@pytest.mark.parametrize(
    "sheets",
    [
        SHEETS,
        # The indicator sheet first, or last, or empty, or holding a date the worker
        # cannot send (so the sheet is read here after all).
        {"技术指标": INDICATORS, "企业": ENTERPRISES, "标准": STANDARDS, "产品": PRODUCTS},
        {"企业": ENTERPRISES, "标准": STANDARDS, "产品": PRODUCTS, "技术指标": INDICATORS},
        {"企业": ENTERPRISES, "标准": STANDARDS, "技术指标": [[None], []], "产品": PRODUCTS},
        {
            **SHEETS,
            "技术指标": [*INDICATORS, ["Q/JCMY 0001-2021", "全硫", datetime.date(2021, 1, 1)]],
        },
        {"企业": ENTERPRISES, "标准": STANDARDS, "其他": [["说明"], ["x"]], "技术指标": INDICATORS},
        {**SHEETS, "技术指标": [*INDICATORS, ["Q/JCMY 0001-2021", "全硫", Failed("=A1", "#N/A")]]},
    ],
    ids=["usual", "first", "last", "empty", "a-date", "an-unknown-sheet", "an-excel-error"],
)
def test_the_export_reads_the_same_with_the_sheet_read_beside(
    tmp_path: Path, sheets: dict[str, list[list[object]]], beside: list[SheetLater]
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", sheets)
    alone = _alone(path)
    read = read_dataset([path], COAL)
    assert read == alone
    assert list(read[1].rows.items()) == list(alone[1].rows.items())  # in the same order
    assert [sheet.name for sheet in beside] == ["技术指标"]


@pytest.mark.parametrize(
    "program", ["import sys; sys.exit(2)", "import sys; sys.stdout.write('x')"]
)
def test_a_worker_that_fails_leaves_the_sheet_to_the_reader(
    tmp_path: Path, program: str, beside: list[SheetLater]
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", SHEETS)
    alone = _alone(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worker, "_RUN", program)
        assert read_dataset([path], COAL) == alone
    assert len(beside) == 1


def test_the_sheet_comes_back_as_the_reader_reads_it(
    tmp_path: Path, beside: list[SheetLater]
) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", SHEETS)
    tables = read_workbook(path, aside=lambda name: name == "技术指标")
    later = tables[2]
    assert isinstance(later, SheetLater)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workbook_module, "SHEET_WORKER_MIN_BYTES", 1 << 62)
        assert later.table() == read_workbook(path)[2]
    assert later.table() is later.table()  # asked again, not read again


def test_a_sheet_not_asked_for_stops_its_worker(tmp_path: Path, beside: list[SheetLater]) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", SHEETS)
    tables = read_workbook(path, aside=lambda name: name == "技术指标")
    later = tables[2]
    assert isinstance(later, SheetLater)
    later.close()
    assert later.table() is None
