"""JSON Lines: a file's lines, one record each, into a Dataset (SPEC §3.2).

Takes the lines (as the file's bytes, batch by batch, or as text); gives the
dataset, every line that is a record decoded and added in order; a line that is
not JSON raises `DatasetError` naming its line. A standard's line, millions of
them in a national file, takes the shortest way to the builder.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

from standards_rules.records.errors import DatasetError
from standards_rules.records.json_text import (
    REFUSED,
    SCAN,
    decode_json,
    escapes_surrogates,
    kind_of,
    orjson_bytes_line,
    orjson_text_line,
)
from standards_rules.records.lines import ByteRange, LineLimit, line_batches
from standards_rules.records.model import Dataset
from standards_rules.records.validate import LINE_PATH, DatasetBuilder


def load_lines(lines: Iterable[str], origin: str, *, raw_surrogates: bool = False) -> Dataset:
    builder = DatasetBuilder(LINE_PATH)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        raw = orjson_text_line(stripped)
        if raw is REFUSED:
            raw = _json_line(builder, line, stripped, origin, number, raw_surrogates)
        else:
            # orjson refuses every escaped half surrogate pair: none are left to find.
            builder.check_text = raw_surrogates
        _add_line(builder, raw, number)
    return builder.finish()


def load_byte_lines(batches: Iterable[list[bytes]], origin: str) -> Dataset:
    """A JSON Lines file's lines, handed to orjson as the bytes they are (no decoding to
    str first); a line orjson refuses (not UTF-8 too) is decoded and read as before."""
    builder = DatasetBuilder(LINE_PATH)
    read_byte_lines(builder, itertools.chain.from_iterable(batches), origin, 1)
    return builder.finish()


def read_byte_lines(
    builder: DatasetBuilder, lines: Iterable[bytes], origin: str, first: int
) -> int:
    """`lines` added to `builder`, the first of them numbered `first`; gives the number
    of the line after them."""
    add_standard = builder.add_standard
    number = first - 1
    for number, line in enumerate(lines, start=first):
        stripped_bytes = line.strip()
        if not stripped_bytes:
            continue
        raw = orjson_bytes_line(stripped_bytes)
        if raw is REFUSED:
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
    return number + 1


def _json_line(
    builder: DatasetBuilder, line: str, stripped: str, origin: str, number: int, surrogates: bool
) -> object:
    """A line orjson refused, decoded by json (or explained); marks what to check."""
    try:
        raw, end = SCAN(stripped, 0)
        if end != len(stripped):
            raise ValueError from None
    except (StopIteration, ValueError, RecursionError):
        raw = decode_json(line, origin, number)
    builder.check_text = surrogates or escapes_surrogates(stripped)
    return raw


def _add_line(builder: DatasetBuilder, raw: object, number: int) -> None:
    kind = raw.pop("type", None) if type(raw) is dict else None
    if kind == "standard":
        builder.add_standard(raw, number)
        return
    path = builder.path_at(number)
    if not isinstance(raw, dict):
        builder.reject(path, None, f"expected an object, got {kind_of(raw)}")
    elif kind == "enterprise":
        builder.add_enterprise(raw, path)
    elif kind == "title":
        builder.add_title(raw, path)
    elif kind is None:
        builder.reject(f"{path}.type", None, "required field missing")
    else:
        expected = "'enterprise', 'standard' or 'title'"
        builder.reject(f"{path}.type", None, f"unknown record type {kind!r}; expected {expected}")


def stream_batches(
    path: Path, start: int = 0, end: int | None = None, first: int = 1
) -> Iterator[list[bytes]]:
    """The lines of `path`, a batch at a time: all of them, or those in the bytes from
    `start` to `end` (each the start of a line, or the end), the first numbered `first`."""
    # Bytes: the loader decodes a line only where orjson refuses it, so that an
    # encoding error still names its line (`_decoded_line`).
    name = str(path)
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            batches = line_batches(handle if end is None else ByteRange(handle, end - start))
            head = next(batches, None)
            if head is not None:
                if start == 0:
                    head[0] = head[0].removeprefix(b"\xef\xbb\xbf")
                yield head
                yield from batches
    except LineLimit as exc:
        line = None if exc.line is None else exc.line + first - 1
        raise DatasetError(name, exc.message, line) from None
    except OSError as exc:
        raise DatasetError(name, f"cannot read: {exc.strerror or exc}") from None


def _decoded_line(line: bytes, origin: str, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = len(line[: exc.start].decode("utf-8", "replace")) + 1
        message = f"not UTF-8 text (byte 0x{line[exc.start]:02x})"
        raise DatasetError(origin, message, number, column) from None


__all__ = ["load_byte_lines", "load_lines", "read_byte_lines", "stream_batches"]
