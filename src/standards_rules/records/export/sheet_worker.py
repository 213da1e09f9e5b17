"""A worker process that reads one sheet of a workbook while the reader reads the others.

Run as a worker (`records.worker`) with FILE SHEET: reads that sheet as
`workbook.read_sheet` does and writes `(header, rows)` to standard output as
`marshal` data, or None for an empty sheet. A sheet whose cells `marshal`
cannot write (dates and times, Excel errors) or any other failure makes it exit non-zero,
and the reader reads the sheet itself.
"""

from __future__ import annotations

import gc
import marshal
import sys
from typing import Any

from standards_rules.records.export.workbook import read_sheet


def main(argv: list[str]) -> int:
    # The rows are written once and the process ends: nothing for the collector to free.
    gc.disable()
    try:
        from python_calamine import CalamineWorkbook

        path, sheet_name = argv[1], argv[2]
        table = read_sheet(CalamineWorkbook.from_path(path), sheet_name, path)
        sent: Any = None if table is None else (table.header, table.rows)
        sys.stdout.buffer.write(marshal.dumps(sent))
        sys.stdout.buffer.flush()
    except Exception:  # the reader reads the sheet itself, and explains what is wrong
        return 1
    return 0
