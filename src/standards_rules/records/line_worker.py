"""The loader's worker process: the tail of a JSON Lines file, read ahead of the loader.

Run as a worker (`records.worker`) with FILE START. Reads FILE's lines from
byte START (the start of a line) to its end; writes to standard output, for
each batch of lines, a frame: its length (8 bytes, little-endian) and
`marshal` data `(restart, entries, lines)`, where each line is None (blank), a
tuple (a plain standard, built by the fast path and sent as values, see
`records.transfer`) or the line's own bytes (anything else: the loader reads
it as if it had read it itself, and so explains what is wrong with it). A last
frame holds the number of lines sent and of bytes read. It rejects nothing and
explains nothing: on any failure (a line past the limit, a write error) it
exits non-zero and the loader reads the tail itself.
"""

from __future__ import annotations

import gc
import marshal
import sys
from typing import Any, BinaryIO

from standards_rules.records.fast import NotFast, Shared, fast_standard
from standards_rules.records.json_text import orjson_bytes_line
from standards_rules.records.lines import line_batches
from standards_rules.records.transfer import Encoder, can_send

FRAME_HEADER = 8


def write_frame(out: BinaryIO, value: Any) -> None:
    data = marshal.dumps(value)
    out.write(len(data).to_bytes(FRAME_HEADER, "little"))
    out.write(data)


def send_lines(source: BinaryIO, out: BinaryIO) -> None:
    """Every line of `source` from where it stands, as frames on `out`."""
    encoder = Encoder()
    shared = Shared()
    send = encoder.standard
    start = source.tell()
    count = 0
    for batch in line_batches(source):
        sent: list[object] = []
        for line in batch:
            stripped = line.strip()
            if not stripped:
                sent.append(None)
                continue
            raw = orjson_bytes_line(stripped)
            # REFUSED, or anything but a standard, is sent as its line.
            if type(raw) is dict and raw.get("type") == "standard":
                del raw["type"]
                try:
                    standard = fast_standard(raw, shared)
                except NotFast:
                    pass
                else:
                    if can_send(standard):
                        sent.append(send(standard))
                        continue
            sent.append(line)
        count += len(batch)
        restart, entries = encoder.entries()
        write_frame(out, (restart, entries, sent))
    write_frame(out, (count, source.tell() - start))


def main(argv: list[str]) -> int:
    # A short-lived process whose records are dropped as they are sent: nothing for
    # the collector to find, and its passes over the shared values would cost.
    gc.disable()
    try:
        path, start = argv[1], int(argv[2])
        with open(path, "rb") as source:
            source.seek(start)
            send_lines(source, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    except Exception:  # the loader reads the tail itself, and explains what is wrong
        return 1
    return 0
