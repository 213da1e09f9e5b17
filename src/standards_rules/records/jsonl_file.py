"""A JSON Lines file into a Dataset, its tail read by a worker process when it is large.

Takes a file's path; gives the dataset `load_byte_lines` gives for the file:
the same records, rejections and warnings, in the same order. A file of at
least `WORKER_MIN_BYTES`, on a machine with a second core, is read in two parts
at once: this process reads the head while a worker process
(`records.line_worker`) reads the tail and sends its plain standards already
built (`records.transfer`). This process then adds the tail's lines in order,
reading for itself every line the worker sent as it is: whatever is wrong with
a line is found and explained here, as if there were no worker. Where the
worker cannot start, or fails, this process reads the tail itself.
"""

from __future__ import annotations

import itertools
import marshal
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from standards_rules.limits import MAX_RECORD_LINE_BYTES, MAX_STREAMED_DATASET_BYTES
from standards_rules.records.errors import DatasetError
from standards_rules.records.json_lines import load_byte_lines, read_byte_lines, stream_batches
from standards_rules.records.line_worker import FRAME_HEADER
from standards_rules.records.model import Dataset
from standards_rules.records.transfer import Decoder
from standards_rules.records.validate import LINE_PATH, DatasetBuilder
from standards_rules.records.worker import Worker, cores

# Below this a worker's start-up (a tenth of a second) outweighs what it saves.
WORKER_MIN_BYTES = 16 * 1024**2
# The head's share of the file: the worker reads a line about 1.16 times as long as
# this process does (it also sends what it read), so with 0.53 of the lines here both
# parts end about together; this process then takes in the worker's lines, at about
# half the cost of reading them.
HEAD_SHARE = 0.53
_WORKER = "standards_rules.records.line_worker"


def load_jsonl_file(path: Path) -> Dataset:
    """The dataset in the JSON Lines file at `path` (SPEC §3.2)."""
    name = str(path)
    split = split_point(path)
    worker = None if split is None else Worker.start(_WORKER, name, str(split))
    if split is None or worker is None:
        return load_byte_lines(stream_batches(path), name)
    with worker:
        builder = DatasetBuilder(LINE_PATH)
        head = itertools.chain.from_iterable(stream_batches(path, 0, split))
        after = read_byte_lines(builder, head, name, 1)
        output = worker.output()
        sent = None if output is None else _frames(output, _size(path) - split)
        if sent is None:
            tail = itertools.chain.from_iterable(stream_batches(path, split, None, after))
            read_byte_lines(builder, tail, name, after)
        else:
            _take_tail(builder, sent[1], sent[0], name, after)
        return builder.finish()


def split_point(path: Path) -> int | None:
    """Where the worker's part of the file starts (the start of a line), if it has one."""
    try:
        size = path.stat().st_size
        if size < WORKER_MIN_BYTES or size > MAX_STREAMED_DATASET_BYTES or cores() < 2:
            return None
        with path.open("rb") as handle:
            handle.seek(int(size * HEAD_SHARE))
            rest_of_line = handle.readline(MAX_RECORD_LINE_BYTES)
            at = handle.tell()
    except OSError:
        return None  # reading it as one part says what is wrong
    return at if rest_of_line.endswith(b"\n") and at < size else None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1  # no tail to match: this process reads it, and says what is wrong


def _frames(output: IO[bytes], size: int) -> tuple[int, Iterator[Any]] | None:
    """The number of lines the worker sent and its frames of them, if it read the `size`
    bytes of the tail and said so last."""
    try:
        end = output.seek(0, os.SEEK_END)
        last = _last_frame(output, end)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if last is None:
        return None
    at, (count, read) = last
    if read != size:
        return None
    output.seek(0)
    return count, _read_frames(output, at)


def _last_frame(output: IO[bytes], end: int) -> tuple[int, tuple[int, int]] | None:
    """Where the last frame starts and what it holds, if the frames fill the file exactly
    and it is the worker's last word: (lines sent, bytes read)."""
    at = 0
    output.seek(0)
    while True:
        size = int.from_bytes(output.read(FRAME_HEADER), "little")
        if size == 0 or at + FRAME_HEADER + size > end:
            return None
        if at + FRAME_HEADER + size == end:
            last = marshal.loads(output.read(size))
            if last.__class__ is tuple and len(last) == 2 and {*map(type, last)} == {int}:
                return at, last
            return None
        at += FRAME_HEADER + size
        output.seek(at)


def _read_frames(output: IO[bytes], end: int) -> Iterator[Any]:
    """The frames before `end`, in order."""
    while output.tell() < end:
        size = int.from_bytes(output.read(FRAME_HEADER), "little")
        yield marshal.loads(output.read(size))


def _take_tail(
    builder: DatasetBuilder, frames: Iterator[Any], sent: int, name: str, first: int
) -> None:
    """The worker's `sent` lines added in order, the first numbered `first`."""
    decoder = Decoder(builder.shared.holder)
    codes = builder.shared.codes
    build = decoder.standard
    add_built = builder.add_built_standard
    number = first
    for restart, entries, lines in frames:
        decoder.add(entries)
        for line in lines:
            if line.__class__ is tuple:
                add_built(build(line, codes), number)
            elif line is not None:
                read_byte_lines(builder, (line,), name, number)
            number += 1
        if restart:
            decoder.restart()
    if number - first != sent:
        raise DatasetError(name, "the lines read ahead by the worker process were incomplete")


__all__ = ["HEAD_SHARE", "WORKER_MIN_BYTES", "load_jsonl_file", "split_point"]
