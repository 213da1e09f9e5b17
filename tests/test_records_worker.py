"""A large JSON Lines file read in two parts, its tail by a worker process: the same dataset."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.records import (
    Dataset,
    DatasetError,
    dump_dataset,
    jsonl_file,
    line_worker,
    lines,
    load_dataset,
    transfer,
    worker,
)
from standards_rules.records.json_lines import load_byte_lines, stream_batches
from standards_rules.records.validate import LINE_PATH, DatasetBuilder
from standards_rules.testing.records import datasets

CODE = "91140500MA0GRBLW1K"
ENTERPRISE = {"type": "enterprise", "credit_code": CODE, "name": "晋城市某某煤业有限公司"}


def _standard(number: int, **fields: Any) -> dict[str, Any]:
    return {
        "type": "standard",
        "number": f"Q/JCMY {number:04d}-2021",
        "enterprise": CODE,
        "status": "current",
        "subject": "product",
        "products": [{"name": "动力煤", "model": f"Q{number % 3}", "mass_produced": True}],
        "conformity_report": {"passed": True, "issued_on": "2021-03-01"},
        "published_on": "2021-02-17",
        "indicators": {"sulfur": 0.45, "ash": float(number % 4)},
        **fields,
    }


# Lines the worker must leave to the loader (or read exactly as the loader would).
ODD_LINES = [
    json.dumps(ENTERPRISE).encode(),
    b"",
    b"   ",
    b"[1, 2]",
    b'{"type": "standard", "number": 5}',
    b'{"type": "moon"}',
    b'{"no": "type"}',
    json.dumps(_standard(9000, indicators={"sulfur": -0.0, "ash": 0.0})).encode(),
    json.dumps(_standard(9001, indicators={"sulfur": 12345678901234567890})).encode(),
    json.dumps(_standard(9002, attributes={"coal_kind": "无烟煤"})).encode(),
    json.dumps(_standard(9003, subject="service", service={"widely_provided": True})).encode(),
    json.dumps(_standard(9004, products=[{"name": "x", "mass_produced": 1}])).encode(),
    json.dumps(_standard(9005, previous_indicators={"sulfur": 0.5})).encode(),
    json.dumps(_standard(9006, published_on="2021-02-30")).encode(),
    json.dumps(_standard(9007, enterprise="91140500MA0XXXXXXX")).encode(),
    json.dumps(
        _standard(
            9008,
            replaces="Q/JCMY 9008-2018",
            products=[{"name": "块煤", "model": "K1"}, {"name": "末煤", "mass_produced": True}],
            conformity_report={"passed": False, "agency": "检测中心"},
        )
    ).encode(),
    json.dumps(_standard(1)).encode(),  # a repeated number, when the plain lines hold 1
    b'{"type": "standard", "number": "Q/X 1-2021", "name": "\\ud800"}',
]


KINDS = (("standards", "standard"), ("enterprises", "enterprise"), ("titles", "title"))
# Lines that make the whole file unreadable, read alone or not.
FATAL_LINES = [b"not json", b"\xff\xfe{}"]


def _plain_lines(dataset: Dataset) -> list[bytes]:
    plain = dump_dataset(dataset)
    return [
        json.dumps({"type": kind, **record}, ensure_ascii=False).encode()
        for key, kind in (
            ("standards", "standard"),
            ("enterprises", "enterprise"),
            ("titles", "title"),
        )
        for record in plain[key]
    ]


@contextlib.contextmanager
def _worker_for_every_file(head_share: float = 0.5) -> Iterator[list[bool]]:
    """Every file read with a worker; yields a list that records whether its lines were taken."""
    taken: list[bool] = []
    take = jsonl_file._take_tail

    def spy(*args: Any) -> None:
        taken.append(True)
        take(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonl_file, "WORKER_MIN_BYTES", 0)
        patch.setattr(jsonl_file, "HEAD_SHARE", head_share)
        patch.setattr(jsonl_file, "_take_tail", spy)
        yield taken


def _alone(path: Path) -> Dataset:
    return load_byte_lines(stream_batches(path), str(path))


def _outcome(read: Any, path: Path) -> Dataset | str:
    try:
        dataset: Dataset = read(path)
    except DatasetError as exc:
        return str(exc)
    return dataset


def _same(read: Dataset, alone: Dataset) -> None:
    assert read == alone
    assert [read.standard_path(k) for k in range(len(read.standards))] == [
        alone.standard_path(k) for k in range(len(alone.standards))
    ]


def _written(directory: str, content: bytes) -> Path:
    path = Path(directory) / "standards.jsonl"
    path.write_bytes(content)
    return path


@settings(max_examples=25, deadline=None)
@given(
    datasets(max_enterprises=3, max_standards=10, max_titles=2),
    st.lists(st.sampled_from(ODD_LINES), max_size=8),
    st.one_of(
        st.just([]), st.just([]), st.just([]), st.sampled_from(FATAL_LINES).map(lambda b: [b])
    ),
    st.randoms(use_true_random=False),
    st.floats(0.05, 0.95),
)
def test_a_file_read_with_a_worker_is_the_file_read_alone(
    dataset: Dataset, odd: list[bytes], fatal: list[bytes], random: Any, head_share: float
) -> None:
    records = _plain_lines(dataset) + odd + fatal
    random.shuffle(records)
    with tempfile.TemporaryDirectory() as directory:
        path = _written(directory, b"\n".join(records) + b"\n")
        alone = _outcome(_alone, path)
        with _worker_for_every_file(head_share) as taken:
            split = jsonl_file.split_point(path)
            read = _outcome(jsonl_file.load_jsonl_file, path)
    if isinstance(alone, str):
        assert read == alone
        return
    assert isinstance(read, Dataset)
    _same(read, alone)
    assert taken == ([] if split is None else [True])


def test_the_worker_sends_the_plain_standards_built() -> None:
    records = [json.dumps(ENTERPRISE).encode()] + [
        json.dumps(_standard(n)).encode() for n in range(1, 400)
    ]
    with tempfile.TemporaryDirectory() as directory:
        path = _written(directory, b"\n".join(records))
        alone = _alone(path)
        built: list[int] = []
        add_built = DatasetBuilder.add_built_standard

        def count(self: DatasetBuilder, standard: Any, at: int) -> None:
            built.append(at)
            add_built(self, standard, at)

        with _worker_for_every_file(0.3) as taken, pytest.MonkeyPatch.context() as patch:
            patch.setattr(DatasetBuilder, "add_built_standard", count)
            read = jsonl_file.load_jsonl_file(path)
    _same(read, alone)
    assert taken == [True]
    # The tail's standards came built: about seven in ten of them, lines 122 to 400.
    assert len(built) > 250
    assert built == list(range(built[0], 401))


def test_tables_that_start_again_still_give_the_same_records() -> None:
    # Unique model names fill the table; both sides forget it and go on.
    records = [json.dumps(ENTERPRISE).encode()] + [
        json.dumps(_standard(n, products=[{"name": "煤", "model": f"M{n}"}])).encode()
        for n in range(1, 3000)
    ]
    source = io.BytesIO(b"\n".join(records))
    sent = io.BytesIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transfer, "TABLE_LIMIT", 500)
        patch.setattr(lines, "CHUNK_BYTES", 8192)  # many batches, as in a large file
        line_worker.send_lines(source, sent)
    output = io.BytesIO(sent.getvalue())
    last = jsonl_file._last_frame(output, len(sent.getvalue()))
    assert last is not None
    at, (count, read) = last
    assert (count, read) == (len(records), source.tell())
    output.seek(0)
    frames = list(jsonl_file._read_frames(output, at))
    assert sum(1 for frame in frames if frame[0]) >= 5  # the table started again
    builder = DatasetBuilder(LINE_PATH)
    jsonl_file._take_tail(builder, iter(frames), count, "standards.jsonl", 1)
    with tempfile.TemporaryDirectory() as directory:
        alone = _alone(_written(directory, b"\n".join(records)))
    _same(builder.finish(), alone)


def _plain_file(directory: str, count: int = 300) -> Path:
    records = [json.dumps(ENTERPRISE).encode()] + [
        json.dumps(_standard(n)).encode() for n in range(1, count)
    ]
    return _written(directory, b"\n".join(records) + b"\n")


@pytest.mark.parametrize(
    "program",
    [
        "import sys; sys.exit(3)",  # fails
        "import sys; sys.stdout.write('not frames'); sys.exit(0)",  # writes nonsense
        # Frames cut short: the last one (the count) is missing.
        "import sys, marshal; d = marshal.dumps((False, [], [None]));"
        " sys.stdout.buffer.write(len(d).to_bytes(8, 'little') + d)",
        # The last word, but with too few bytes read.
        "import sys, marshal; d = marshal.dumps((299, 10));"
        " sys.stdout.buffer.write(len(d).to_bytes(8, 'little') + d)",
    ],
)
def test_a_worker_that_fails_leaves_the_tail_to_the_loader(program: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        alone = _alone(path)
        with _worker_for_every_file(), pytest.MonkeyPatch.context() as patch:
            patch.setattr(worker, "_RUN", program)
            read = jsonl_file.load_jsonl_file(path)
    _same(read, alone)


def test_a_worker_that_sent_fewer_lines_than_it_counted_is_an_error() -> None:
    # Not a failure to recover from by reading again: some lines were already taken.
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        with _worker_for_every_file(), pytest.MonkeyPatch.context() as patch:
            tail = path.stat().st_size - (jsonl_file.split_point(path) or 0)
            program = (
                f"import sys, marshal; d = marshal.dumps((7, {tail}));"
                " sys.stdout.buffer.write(len(d).to_bytes(8, 'little') + d)"
            )
            patch.setattr(worker, "_RUN", program)
            with pytest.raises(DatasetError, match="incomplete"):
                jsonl_file.load_jsonl_file(path)


def test_no_worker_without_an_interpreter_to_start() -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        with _worker_for_every_file() as taken, pytest.MonkeyPatch.context() as patch:
            patch.setattr(worker.sys, "executable", "")
            read = jsonl_file.load_jsonl_file(path)
        assert taken == []
        _same(read, _alone(path))


def test_no_worker_where_the_environment_says_so() -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        with _worker_for_every_file() as taken, pytest.MonkeyPatch.context() as patch:
            patch.setenv(worker.SWITCH, "0")
            read = jsonl_file.load_jsonl_file(path)
            assert taken == []
            patch.setenv(worker.SWITCH, "1")
            jsonl_file.load_jsonl_file(path)
            assert taken == [True]
        _same(read, _alone(path))


def test_a_line_past_the_limit_in_the_tail_is_named_by_its_line() -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        content = path.read_bytes().split(b"\n")
        content[250] = b'{"type": "standard", "number": "' + b"x" * 5000 + b'"}'
        path.write_bytes(b"\n".join(content))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(lines, "MAX_RECORD_LINE_BYTES", 4096)
            with pytest.raises(DatasetError) as alone:
                _alone(path)
            # The worker has the real limit; one that fails makes the loader read the tail.
            with _worker_for_every_file(0.3):
                patch.setattr(worker, "_RUN", "import sys; sys.exit(1)")
                with pytest.raises(DatasetError) as read:
                    jsonl_file.load_jsonl_file(path)
    assert alone.value.line == 251
    assert str(read.value) == str(alone.value)


def test_the_split_falls_at_the_start_of_a_line() -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        content = path.read_bytes()
        with _worker_for_every_file(0.37):
            split = jsonl_file.split_point(path)
        assert split is not None
        assert content[split - 1 : split] == b"\n"
        assert abs(split - 0.37 * len(content)) <= max(map(len, content.split(b"\n"))) + 1
        # Small files, and machines of one core, are read alone.
        assert jsonl_file.split_point(path) is None
        with _worker_for_every_file(), pytest.MonkeyPatch.context() as patch:
            patch.setattr(jsonl_file, "cores", lambda: 1)
            assert jsonl_file.split_point(path) is None


def test_load_dataset_reads_a_large_file_with_a_worker() -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = _plain_file(directory)
        with _worker_for_every_file() as taken:
            read = load_dataset(path)
        assert taken == [True]
        _same(read, _alone(path))
