"""Reading a JSON Lines file: its lines as bytes, a batch at a time, within the limits.

Takes an open binary file; gives lists of its lines (without their newlines),
about a megabyte of text per list, so that the loader's loop over millions of
lines runs without a generator step per line. A line of more than
MAX_RECORD_LINE_BYTES (its newline counted) or a file of more than
MAX_STREAMED_DATASET_BYTES raises `LineLimit` naming the line where it
happens, as when read line by line, and a line never grows past the limit in
memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, Protocol

from standards_rules.limits import MAX_RECORD_LINE_BYTES, MAX_STREAMED_DATASET_BYTES

CHUNK_BYTES = 1 << 20


class LineLimit(Exception):
    """A line, or the file, is larger than a dataset may be; `line` is where (1-based)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def size_text(count: int) -> str:
    """A byte limit as people read it: `16 MB`, `2 GB`."""
    return f"{count // 1024**3} GB" if count >= 1024**3 else f"{count // 1024**2} MB"


def _too_long(number: int) -> LineLimit:
    limit = size_text(MAX_RECORD_LINE_BYTES)
    return LineLimit(f"line longer than {limit}, the most a record may be", number)


def _too_large() -> LineLimit:
    limit = size_text(MAX_STREAMED_DATASET_BYTES)
    return LineLimit(f"is larger than {limit}, the most a dataset may be")


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class ByteRange:
    """The next `size` bytes of a binary file, read as a file of their own."""

    def __init__(self, handle: BinaryIO, size: int) -> None:
        self._handle = handle
        self._left = size

    def read(self, size: int, /) -> bytes:
        data = self._handle.read(min(size, self._left))
        self._left -= len(data)
        return data


def line_batches(handle: Readable) -> Iterator[list[bytes]]:
    """The file's lines in order, in lists (see the module docstring)."""
    total = 0
    number = 0
    rest = b""
    while chunk := handle.read(CHUNK_BYTES):
        pieces = (rest + chunk if rest else chunk).split(b"\n")
        rest = pieces.pop()
        if pieces:
            size = sum(map(len, pieces)) + len(pieces)
            if max(map(len, pieces)) >= MAX_RECORD_LINE_BYTES or (
                total + size > MAX_STREAMED_DATASET_BYTES
            ):
                _refuse(pieces, number, total)
            number += len(pieces)
            total += size
            yield pieces
        if len(rest) > MAX_RECORD_LINE_BYTES:
            raise _too_long(number + 1)
    if rest:
        total += len(rest)
        if total > MAX_STREAMED_DATASET_BYTES:
            raise _too_large()
        yield [rest]


def _refuse(pieces: list[bytes], number: int, total: int) -> None:
    """Raise for the first of `pieces` past a limit, counting as if read line by line."""
    for line in pieces:
        number += 1
        size = len(line) + 1
        total += size
        if size > MAX_RECORD_LINE_BYTES:
            raise _too_long(number)
        if total > MAX_STREAMED_DATASET_BYTES:
            raise _too_large()


__all__ = ["CHUNK_BYTES", "ByteRange", "LineLimit", "Readable", "line_batches", "size_text"]
