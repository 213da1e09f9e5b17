"""Headers: which field each column of an export's table holds, and a row read by them.

Takes a `workbook.Table` and its sheet's kind; gives the columns it knows (the
field and cell reader of each header, Chinese or English, matched like
indicator names) and the others, and reads a row's cells into the values of
their fields with the reason of each cell that does not read (SPEC §3.2, §3.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from standards_rules.records.export.cells import Cell, CellError, ExcelError, cell_text, excel_error
from standards_rules.records.export.columns import COLUMNS, KEYS, Reader
from standards_rules.records.export.names import normalised_name
from standards_rules.records.export.workbook import Table

# A column's memo is emptied when it reaches this size: it keeps what was read lately
# (the 标准编号 of a standard's consecutive 技术指标 rows) in bounded memory.
_MEMO_LIMIT = 1 << 16
_UNREAD = object()


class Columns:
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
            found = known.get(normalised_name(header))
            if found is None or found[0] in taken:
                self.others.append((index, header))
            else:
                taken.add(found[0])
                self.fields.append((index, header, *found, {}))
        self.names = frozenset(taken)
        self.key_field = KEYS[kind]
        # What a row without a key is told.
        self.no_key = (
            f"no {self.header(self.key_field)} given"
            if self.key_field in taken
            else f"the sheet has no {self.key_field} column"
        )

    def header(self, field: str) -> str:
        """The header of the column holding `field`, as written; the field's name if none."""
        for _, header, name, *_ in self.fields:
            if name == field:
                return header
        return field

    def read(self, cells: Sequence[Cell]) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        """A row's cells as the values of their fields (empty cells left out), and the
        (header, `'text': reason`) of each cell that does not read, None if all do."""
        values: dict[str, Any] = {}
        found: list[tuple[str, str]] | None = None
        width = len(cells)
        for index, header, field, reader, memo in self.fields:
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
        return values, found


__all__ = ["Columns"]
