"""Loading: reads a dataset (JSON, JSON Lines, CSV, an `.xlsx` export) into a `Dataset`.

Takes a path, text or an in-memory object, and for the platform's export
layout the ruleset whose indicators name its rows; gives a `Dataset` of
accepted records plus the rejected ones with their paths and reasons. Raises
`DatasetError` only when the input cannot be read or parsed at all (missing
file, not UTF-8 (or for CSV GB18030), malformed JSON, top level not an
object), with the file name and the line and column.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from json.scanner import make_scanner
from pathlib import Path
from typing import Any, BinaryIO, Literal

import orjson

from standards_rules.collector import collector_paused
from standards_rules.diagnostics import StandardsRulesError
from standards_rules.limits import (
    MAX_JSON_DATASET_BYTES,
    MAX_NUMBER_DIGITS,
    MAX_RECORD_LINE_BYTES,
    MAX_STREAMED_DATASET_BYTES,
)
from standards_rules.records.convert import make_converter
from standards_rules.records.csv_layout import CsvLayoutError, read_csv_rows
from standards_rules.records.export.encoding import EncodingProblem, decode_text
from standards_rules.records.export.layout import ExportSummary
from standards_rules.records.export.reader import export_paths, is_export, read_export
from standards_rules.records.export.workbook import WorkbookProblem
from standards_rules.records.lines import LineLimit, line_batches, size_text
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
# The C scanner behind json.loads, called directly: the per-call overhead of
# json.loads was a third of the JSON Lines load time.
_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_ORJSON_LOADS = orjson.loads
_CHUNK = 1 << 20
# What a JSON text can start with, after whitespace: anything else is refused unread.
_JSON_STARTS = frozenset(b'{["-0123456789tfnNI')
_WHITESPACE = b" \t\r\n"


def _holds_surrogates(text: str) -> bool:
    """Whether `text` holds half a surrogate pair as a character (only text handed over
    as a str can: a file's text is decoded UTF-8). Encoding is the fast test."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _escapes_surrogates(text: str) -> bool:
    """Whether JSON `text` may write half a surrogate pair as an escape (`\\uD800`).

    One search with a literal prefix per line: about a tenth of decoding the line.
    """
    return _HALF_ESCAPE.search(text) is not None


_HALF_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _parse_int(digits: str) -> int | float:
    """A JSON integer; one too long to be finite as a float is infinite, hence rejected."""
    if len(digits.lstrip("-").lstrip("0")) > MAX_NUMBER_DIGITS:
        return float("-inf") if digits.startswith("-") else float("inf")
    return int(digits)


# Used where the fast decoder refuses an integer of 4,300 digits or more (Python's
# limit on converting text to int): such a number is then rejected with its record.
_TOLERANT = json.JSONDecoder(parse_int=_parse_int)


class DatasetError(StandardsRulesError):
    """A dataset file cannot be read or parsed at all."""

    def __init__(
        self, path: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        where = ":".join(str(part) for part in (path, line, column) if part is not None)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line
        self.column = column


def load_dataset(
    source: str | Path | Mapping[str, Any],
    ruleset: object | None = None,
    *,
    format: Format | None = None,
) -> Dataset:
    """Read a dataset: a file (SPEC §3.2) or a mapping shaped like §3.

    The format follows the suffix: `.jsonl`/`.ndjson`, `.csv`, `.xlsx`, else
    JSON; a folder, an `.xlsx` workbook or a CSV file named like a sheet (标准.csv)
    is the platform's export layout (§3.3), which needs `ruleset` (a
    `CheckedRuleset` or `ast.Ruleset`) to map indicator names to ids. With a
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
        files = chosen if len(chosen) > 1 else export_paths(chosen[0])
        try:
            return read_export(files, ruleset)
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
            return _load_byte_lines(_stream_batches(path), name), "UTF-8"
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
    raw_surrogates = _holds_surrogates(text)
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
            return _load_lines(text.split("\n"), origin, raw_surrogates=raw_surrogates)
        if format == "csv":
            builder = DatasetBuilder(LINE_PATH, check_text=raw_surrogates)
            try:
                read_csv_rows(text, builder, ruleset)
            except CsvLayoutError as exc:
                raise DatasetError(origin, exc.message, exc.line) from None
            return builder.finish()
        obj = _decode_json(text, origin)
        surrogates = raw_surrogates or _escapes_surrogates(text)
        return load_dataset_from_dict(obj, origin=origin, check_text=surrogates)


def _decode_json(text: str, origin: str, line: int | None = None) -> Any:
    """`text` as JSON, or `DatasetError`; `line`: the JSON Lines line it is."""
    try:
        return _decode_with(json.loads, text)
    except json.JSONDecodeError as exc:
        where = (exc.lineno, exc.colno) if line is None else (line, exc.colno)
        raise DatasetError(origin, f"malformed JSON: {exc.msg}", *where) from None
    except RecursionError:
        message = "JSON nested too deeply to read (records nest a few levels at most)"
        raise DatasetError(origin, message, line) from None


def _decode_with(decode: Any, text: str) -> Any:
    try:
        return decode(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of 4,300 digits or more: decoded as infinite
        return _TOLERANT.decode(text)


def load_dataset_from_dict(
    obj: object, *, origin: str = "<data>", check_text: bool = True
) -> Dataset:
    """A dataset from an object holding `enterprises`, `standards` and `titles` lists.

    `check_text`: look for half surrogate pairs in every text (off only where the
    caller knows there are none), rejecting the records that hold one.
    """
    if not isinstance(obj, Mapping):
        raise DatasetError(origin, f"expected a JSON object at the top level, got {_kind(obj)}")
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
            raise DatasetError(origin, f"{key!r} must be a list, got {_kind(value)}")
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


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "null" if value is None else type(value).__name__


def _load_lines(lines: Iterable[str], origin: str, *, raw_surrogates: bool = False) -> Dataset:
    builder = DatasetBuilder(LINE_PATH)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        raw = _orjson_text_line(stripped)
        if raw is _REFUSED:
            raw = _json_line(builder, line, stripped, origin, number, raw_surrogates)
        else:
            # orjson refuses every escaped half surrogate pair: none are left to find.
            builder.check_text = raw_surrogates
        _add_line(builder, raw, number)
    return builder.finish()


def _load_byte_lines(batches: Iterable[list[bytes]], origin: str) -> Dataset:
    """A JSON Lines file's lines, handed to orjson as the bytes they are (no decoding to
    str first); a line orjson refuses (not UTF-8 too) is decoded and read as before."""
    builder = DatasetBuilder(LINE_PATH)
    add_standard = builder.add_standard
    for number, line in enumerate(itertools.chain.from_iterable(batches), start=1):
        stripped_bytes = line.strip()
        if not stripped_bytes:
            continue
        raw = _orjson_bytes_line(stripped_bytes)
        if raw is _REFUSED:
            text = _decoded_line(line, origin, number)
            stripped = text.strip()
            if not stripped:
                continue
            raw = _json_line(builder, text, stripped, origin, number, False)
        else:
            builder.check_text = False  # decoded UTF-8, and orjson refuses escaped halves
            # `_add_line`'s common case inline: a national file is millions of standards.
            if type(raw) is dict and raw.get("type") == "standard":
                del raw["type"]
                add_standard(raw, number)
                continue
        _add_line(builder, raw, number)
    return builder.finish()


def _json_line(
    builder: DatasetBuilder, line: str, stripped: str, origin: str, number: int, surrogates: bool
) -> object:
    """A line orjson refused, decoded by json (or explained); marks what to check."""
    try:
        raw, end = _SCAN(stripped, 0)
        if end != len(stripped):
            raise ValueError from None
    except (StopIteration, ValueError, RecursionError):
        raw = _decode_json(line, origin, number)
    builder.check_text = surrogates or _escapes_surrogates(stripped)
    return raw


_REFUSED = object()
# A run of 20 digits may be an integer past 64 bits, which orjson reads as a float
# where json keeps an int: such lines (rare) are left to json.
_LONG_DIGITS = re.compile(r"[0-9]{20}")
# The same test on bytes, a few times faster than the regular expression (whose
# search tries each digit of a line full of numbers): every digit becomes "0".
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")
_TWENTY_DIGITS = b"0" * 20


def _orjson_text_line(line: str) -> object:
    """The line decoded by orjson, the same values json gives, a few times faster; or
    `_REFUSED` for what orjson refuses or may read differently (NaN, long integers,
    escaped half surrogate pairs, malformed text), which json then decodes or explains."""
    if _LONG_DIGITS.search(line) is not None:
        return _REFUSED
    try:
        return _ORJSON_LOADS(line)
    except orjson.JSONDecodeError:
        return _REFUSED


def _orjson_bytes_line(line: bytes) -> object:
    """`_orjson_text_line` for a line of bytes (refused too when it is not UTF-8)."""
    if _TWENTY_DIGITS in line.translate(_DIGITS_AS_ZERO):
        return _REFUSED
    try:
        return _ORJSON_LOADS(line)
    except orjson.JSONDecodeError:
        return _REFUSED


def _add_line(builder: DatasetBuilder, raw: object, number: int) -> None:
    kind = raw.pop("type", None) if type(raw) is dict else None
    if kind == "standard":
        builder.add_standard(raw, number)
        return
    path = builder.path_at(number)
    if not isinstance(raw, dict):
        builder.reject(path, None, f"expected an object, got {_kind(raw)}")
    elif kind == "enterprise":
        builder.add_enterprise(raw, path)
    elif kind == "title":
        builder.add_title(raw, path)
    elif kind is None:
        builder.reject(f"{path}.type", None, "required field missing")
    else:
        expected = "'enterprise', 'standard' or 'title'"
        builder.reject(f"{path}.type", None, f"unknown record type {kind!r}; expected {expected}")


def _stream_batches(path: Path) -> Iterator[list[bytes]]:
    # Bytes: the loader decodes a line only where orjson refuses it, so that an
    # encoding error still names its line (`_decoded_line`).
    name = str(path)
    try:
        with path.open("rb") as handle:
            batches = line_batches(handle)
            first = next(batches, None)
            if first is not None:
                first[0] = first[0].removeprefix(b"\xef\xbb\xbf")
                yield first
                yield from batches
    except LineLimit as exc:
        raise DatasetError(name, exc.message, exc.line) from None
    except OSError as exc:
        raise DatasetError(name, f"cannot read: {exc.strerror or exc}") from None


def _decoded_line(line: bytes, origin: str, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = len(line[: exc.start].decode("utf-8", "replace")) + 1
        message = f"not UTF-8 text (byte 0x{line[exc.start]:02x})"
        raise DatasetError(origin, message, number, column) from None


def dump_dataset(dataset: Dataset) -> dict[str, list[Any]]:
    """The dataset's accepted records as JSON values, in the layout `load_dataset` reads."""
    return {key: unstructure(getattr(dataset, key)) for key in _LISTS}
