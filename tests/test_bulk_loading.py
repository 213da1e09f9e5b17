"""Bulk loading: the fast JSON Lines decoder reads what json reads, and frozen objects."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from standards_rules.collector import collector_paused
from standards_rules.records import load_dataset_from_text

EXAMPLE = json.loads(
    (Path(__file__).parent.parent / "rulesets/spec/examples/coal-small.json").read_text("utf-8")
)


def _lines(*attributes: str) -> str:
    """The example's enterprises, then one copy of its first standard per `attributes`."""
    lines = [json.dumps({"type": "enterprise", **e}) for e in EXAMPLE["enterprises"]]
    first = EXAMPLE["standards"][0]
    for index, written in enumerate(attributes):
        record = {**first, "type": "standard", "number": f"Q/T {index}-2024", "attributes": {}}
        lines.append(json.dumps(record).replace('"attributes": {}', f'"attributes": {written}'))
    return "\n".join(lines)


def test_an_integer_past_64_bits_stays_an_integer() -> None:
    big = 12345678901234567890123
    dataset = load_dataset_from_text(_lines('{"size": ' + str(big) + "}"), format="jsonl")
    assert dataset.standards[0].attributes["size"] == big
    assert type(dataset.standards[0].attributes["size"]) is int


def test_lines_the_fast_decoder_refuses_are_still_read_or_rejected_with_their_line() -> None:
    dataset = load_dataset_from_text(_lines('{"size": 3}', '{"size": NaN}'), format="jsonl")
    assert [s.number for s in dataset.standards] == ["Q/T 0-2024"]
    assert dataset.standards[0].attributes["size"] == 3
    line = len(EXAMPLE["enterprises"]) + 2
    assert [r.path.split(".")[0] for r in dataset.rejected] == [f"line {line}"]


def test_a_long_pause_freezes_what_it_built_instead_of_scanning_it_again() -> None:
    gc.unfreeze()
    with collector_paused():
        kept = [[index] for index in range(200_000)]
    assert gc.get_freeze_count() >= len(kept)
    gc.unfreeze()
