"""Loading: reads a dataset (JSON, JSON Lines, CSV, an `.xlsx` export) into a `Dataset`.

Takes a path, text or an in-memory object, and for the platform's export
layout the ruleset whose indicators name its rows; gives a `Dataset` of
accepted records plus the rejected ones with their paths and reasons. Raises
`DatasetError` only when the input cannot be read or parsed at all (missing
file, not UTF-8 (or for CSV GB18030), malformed JSON, top level not an
object), with the file name and the line and column.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Literal

from standards_rules.collector import collector_paused
from standards_rules.limits import (
    MAX_JSON_DATASET_BYTES,
    MAX_RECORD_LINE_BYTES,
    MAX_STREAMED_DATASET_BYTES,
)
from standards_rules.records.convert import make_converter
from standards_rules.records.csv_layout import CsvLayoutError, read_csv_rows
from standards_rules.records.errors import DatasetError
from standards_rules.records.export.encoding import EncodingProblem, decode_text
from standards_rules.records.export.layout import ExportSummary
from standards_rules.records.export.reader import is_export, read_export
from standards_rules.records.export.workbook import WorkbookProblem
from standards_rules.records.json_lines import load_lines
from standards_rules.records.json_text import (
    decode_json,
    escapes_surrogates,
    holds_surrogates,
    kind_of,
)
from standards_rules.records.jsonl_file import load_jsonl_file
from standards_rules.records.lines import size_text
from standards_rules.records.model import Dataset
from standards_rules.records.validate import LINE_PATH, DatasetBuilder, unstructure

__all__ = [
    "DatasetError",
    "Format",
    "dump_dataset",
    "load_dataset",
    "load_dataset_from_dict",
    "load_dataset_from_text",
    "make_converter",
    "read_dataset",
]

Format = Literal["json", "jsonl", "csv"]

_LISTS = ("enterprises", "standards", "titles")
_SUFFIXES: Mapping[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_CHUNK = 1 << 20
# What a JSON text can start with, after whitespace: anything else is refused unread.
_JSON_STARTS = frozenset(b'{["-0123456789tfnNI')
_WHITESPACE = b" \t\r\n"


def load_dataset(
    source: str | Path | Mapping[str, Any],
    ruleset: object | None = None,
    *,
    format: Format | None = None,
) -> Dataset:
    """Read a dataset: a file (SPEC §3.2) or a mapping shaped like §3.

    The format follows the suffix: `.jsonl`/`.ndjson`, `.csv`, `.xlsx`, else
    JSON; a folder, an `.xlsx` workbook or a CSV file named like a sheet (技术指标.csv;
    标准.csv when another sheet's file is beside it) is the platform's export layout
    (§3.3), which needs `ruleset` (a `CheckedRuleset` or `ast.Ruleset`) to map
    indicator names to ids. With a
    ruleset, the columns of a one-row-per-standard CSV may also be named by the
    indicators' labels and aliases.
    """
    if isinstance(source, Mapping):
        return load_dataset_from_dict(source)
    return read_dataset([source], ruleset, format=format)[0]


def read_dataset(
    paths: Iterable[str | Path], ruleset: object | None = None, *, format: Format | None = None
) -> tuple[Dataset, ExportSummary]:
    """The dataset in `paths` (one file, or the files of one export) and what was read.

    The summary names each file with the encoding it was read in, and for an
    export the rows, indicator names mapped and not, and every rejected row.
    """
    chosen = [Path(p) for p in paths]
    if format is None and chosen and all(is_export(p) for p in chosen):
        if ruleset is None:
            raise DatasetError(str(chosen[0]), "the export layout needs the ruleset to read it")
        try:
            return read_export(chosen, ruleset)
        except WorkbookProblem as exc:
            raise DatasetError(exc.path, exc.message, exc.line) from None
    if len(chosen) != 1:
        raise DatasetError(str(chosen[0]) if chosen else "<data>", "expected one dataset file")
    dataset, encoding = _load_file(chosen[0], ruleset, format)
    summary = ExportSummary(
        files=((str(chosen[0]), encoding),),
        rows={},
        standards=None,
        mapped={},
        unmapped={},
        rejections=dataset.rejected,
        ignored=(),
    )
    return dataset, summary


def _load_file(path: Path, ruleset: object | None, format: Format | None) -> tuple[Dataset, str]:
    name = str(path)
    chosen = format or _SUFFIXES.get(path.suffix.lower(), "json")
    if chosen == "jsonl":
        with collector_paused():
            return load_jsonl_file(path), "UTF-8"
    limit = MAX_JSON_DATASET_BYTES if chosen == "json" else MAX_STREAMED_DATASET_BYTES
    try:
        with path.open("rb") as handle:
            data = _read_bounded(handle, name, limit, sniff_json=chosen == "json")
    except IsADirectoryError:
        raise DatasetError(name, "is a folder, not a dataset file") from None
    except OSError as exc:
        raise DatasetError(name, f"cannot read: {exc.strerror or exc}") from None
    if chosen == "csv":
        try:
            text, encoding = decode_text(data)
        except EncodingProblem as exc:
            raise DatasetError(name, exc.message, exc.line, exc.column) from None
        # Decoded from bytes, so no half surrogate pairs.
        return _load_text(text, "csv", name, raw_surrogates=False, ruleset=ruleset), encoding
    text = _decode(data, name)
    return _load_text(text, chosen, name, raw_surrogates=False), "UTF-8"


def _read_bounded(handle: BinaryIO, name: str, limit: int, *, sniff_json: bool) -> bytes:
    """The whole file, or `DatasetError` as soon as it is too large or cannot be JSON."""
    status = os.fstat(handle.fileno())
    if stat.S_ISREG(status.st_mode) and status.st_size > limit:
        raise DatasetError(name, f"is larger than {size_text(limit)}, the most a dataset may be")
    chunks: list[bytes] = []
    total = 0
    line = 0  # bytes since the last newline: a CSV row is bounded like a JSON Lines line
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        if sniff_json and not chunks:
            _sniff_json(chunk, name)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            message = f"is larger than {size_text(limit)}, the most a dataset may be"
            raise DatasetError(name, message)
        newline = chunk.rfind(b"\n")
        line = line + len(chunk) if newline < 0 else len(chunk) - newline - 1
        if not sniff_json and line > MAX_RECORD_LINE_BYTES:
            number = sum(c.count(b"\n") for c in chunks) + 1
            limit_text = size_text(MAX_RECORD_LINE_BYTES)
            raise DatasetError(
                name, f"line longer than {limit_text}, the most a record may be", number
            )


def _sniff_json(chunk: bytes, name: str) -> None:
    body = chunk.removeprefix(b"\xef\xbb\xbf")
    stripped = body.lstrip(_WHITESPACE)
    if stripped and stripped[0] not in _JSON_STARTS:
        offset = len(body) - len(stripped)
        line = body[:offset].count(b"\n") + 1
        column = offset - (body.rfind(b"\n", 0, offset) + 1) + 1
        raise DatasetError(name, "malformed JSON: Expecting value", line, column)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        raise DatasetError(name, message, line, column) from None


def load_dataset_from_text(
    text: str, *, format: Format = "json", origin: str = "<data>", ruleset: object | None = None
) -> Dataset:
    """Parse dataset text of the given format; `origin` names it in errors.

    `ruleset`: for CSV, the indicators whose labels and aliases may name columns.
    """
    raw_surrogates = holds_surrogates(text)
    return _load_text(text, format, origin, raw_surrogates=raw_surrogates, ruleset=ruleset)


def _load_text(
    text: str,
    format: Format,
    origin: str,
    *,
    raw_surrogates: bool,
    ruleset: object | None = None,
) -> Dataset:
    with collector_paused():
        if format == "jsonl":
            # Only "\n" ends a JSON line; str.splitlines would also split at U+0085 or U+2028.
            return load_lines(text.split("\n"), origin, raw_surrogates=raw_surrogates)
        if format == "csv":
            builder = DatasetBuilder(LINE_PATH, check_text=raw_surrogates)
            try:
                read_csv_rows(text, builder, ruleset)
            except CsvLayoutError as exc:
                raise DatasetError(origin, exc.message, exc.line) from None
            return builder.finish()
        obj = decode_json(text, origin)
        surrogates = raw_surrogates or escapes_surrogates(text)
        return load_dataset_from_dict(obj, origin=origin, check_text=surrogates)


def load_dataset_from_dict(
    obj: object, *, origin: str = "<data>", check_text: bool = True
) -> Dataset:
    """A dataset from an object holding `enterprises`, `standards` and `titles` lists.

    `check_text`: look for half surrogate pairs in every text (off only where the
    caller knows there are none), rejecting the records that hold one.
    """
    if not isinstance(obj, Mapping):
        raise DatasetError(origin, f"expected a JSON object at the top level, got {kind_of(obj)}")
    unknown = [k for k in obj if k not in _LISTS]
    if unknown:
        expected = ", ".join(repr(k) for k in _LISTS)
        raise DatasetError(origin, f"unknown top-level key {unknown[0]!r}; expected {expected}")
    lists: dict[str, list[Any]] = {}
    for key in _LISTS:
        value = obj.get(key)
        if value is None:
            value = []
        if not isinstance(value, list | tuple):
            raise DatasetError(origin, f"{key!r} must be a list, got {kind_of(value)}")
        lists[key] = list(value)
    with collector_paused():
        builder = DatasetBuilder(check_text=check_text)
        for index, raw in enumerate(lists["enterprises"]):
            builder.add_enterprise(raw, f"enterprises[{index}]")
        for index, raw in enumerate(lists["standards"]):
            builder.add_standard(raw, index)
        for index, raw in enumerate(lists["titles"]):
            builder.add_title(raw, f"titles[{index}]")
        return builder.finish()


def dump_dataset(dataset: Dataset) -> dict[str, list[Any]]:
    """The dataset's accepted records as JSON values, in the layout `load_dataset` reads."""
    return {key: unstructure(getattr(dataset, key)) for key in _LISTS}
