"""Where a report goes: the format `-o FILE` and `--format` ask for, and writing it (SPEC §6.1).

Takes the requested format (or None), the output path (or None), the report
with its `Plan` and `Records`, and the language; writes JSON, tables, the
notice page or the workbook to the file or to standard output. A format that
contradicts the file's extension, or a file that cannot be written, raises
`OutputError` with a message for the user (the command line exits 2).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import IO

from standards_rules.render import FORMATS
from standards_rules.render.context import Plan, Records
from standards_rules.render.words import Lang
from standards_rules.report import Report

EXTENSIONS = {".json": "json", ".html": "html", ".xlsx": "xlsx"}


class OutputError(Exception):
    """The output cannot be produced as asked; the message says why."""


def output_format(requested: str | None, output: str | None) -> str:
    """The format to write: `requested`, else the one `output`'s extension names, else json.

    Only `.json`, `.html` and `.xlsx` name a format (SPEC §6.1); another extension
    (or none) means table text unless `--format` says otherwise.
    """
    if output is None:
        return requested or "json"
    named = EXTENSIONS.get(Path(output).suffix.lower())
    if requested is None:
        return named or "table"
    if named is not None and named != requested:
        raise OutputError(
            f"--format {requested} contradicts {output}, whose extension means {named}"
        )
    return requested


def terminal_width(stream: IO[str]) -> int | None:
    """The terminal's width when `stream` is one; None (lay out unbroken) when piped."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return shutil.get_terminal_size().columns if interactive else None


def write_report(
    report: Report,
    plan: Plan,
    records: Records,
    *,
    fmt: str,
    output: str | None,
    lang: Lang,
) -> None:
    """Write `report` as `fmt` to the file `output`, or to standard output."""
    try:
        if fmt == "json":
            _write_json(report, output)
        elif fmt == "xlsx":
            from standards_rules.render.workbook import workbook_bytes

            _write_bytes(workbook_bytes(report, plan, records, lang=lang), output)
        elif fmt == "html":
            from standards_rules.render.notice import render_notice

            _write_text(render_notice(report, plan, records, lang=lang), output)
        else:
            from standards_rules.render.table import render_tables

            width = terminal_width(sys.stdout) if output is None else None
            _write_text(render_tables(report, plan, records, lang=lang, width=width), output)
    except OSError as exc:
        where = "standard output" if output is None else output
        raise OutputError(f"{where}: cannot be written ({exc.strerror})") from exc


def _write_json(report: Report, output: str | None) -> None:
    if output is None:
        report.write_json(sys.stdout)
        sys.stdout.write("\n")
        return
    # Streamed: a national-scale report is never held as one string (docs/performance.md).
    with Path(output).open("w", encoding="utf-8") as handle:
        report.write_json(handle)
        handle.write("\n")


def _write_text(text: str, output: str | None) -> None:
    ended = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(ended)
    else:
        Path(output).write_text(ended, encoding="utf-8")


def _write_bytes(data: bytes, output: str | None) -> None:
    if output is not None:
        Path(output).write_bytes(data)
        return
    if terminal_width(sys.stdout) is not None:
        raise OutputError("a workbook is not shown on a terminal: give -o FILE.xlsx")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


__all__ = ["EXTENSIONS", "FORMATS", "OutputError", "output_format", "write_report"]
