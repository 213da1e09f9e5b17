"""Datasets at and past their limits: numbers, texts, nesting and size (docs/limits.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from standards_rules.records import DatasetError, load_dataset, load_dataset_from_text
from standards_rules.records.fast import NotFast, fast_standard
from standards_rules.records.model import Dataset

CODE = "91140500MA0GRBLW1" + "0"
DATA = Path(__file__).parents[1] / "rulesets" / "jincheng" / "data" / "coal.json"


def base() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def first_indicator(data: dict[str, Any]) -> str:
    return next(iter(data["standards"][0]["indicators"]))


def replace_first_value(text: str, data: dict[str, Any], literal: str) -> str:
    key = first_indicator(data)
    old = f'"{key}": {json.dumps(data["standards"][0]["indicators"][key])}'
    assert old in text
    return text.replace(old, f'"{key}": {literal}', 1)


def rejected(dataset: Dataset) -> list[tuple[str, str]]:
    return [(r.path, r.error) for r in dataset.rejected]


@pytest.mark.parametrize("literal", ["9" * 310, "9" * 5000, "-" + "9" * 5000, "1e400"])
def test_an_indicator_value_past_the_float_range_rejects_its_standard(literal: str) -> None:
    data = base()
    text = replace_first_value(json.dumps(data, ensure_ascii=False), data, literal)
    loaded = load_dataset_from_text(text)
    key = first_indicator(data)
    assert rejected(loaded) == [
        (
            f"standards[0].indicators.{key}",
            "the number is beyond the range of numbers (about ±1.8e308)",
        )
    ]
    assert len(loaded.standards) == len(data["standards"]) - 1


@pytest.mark.parametrize("literal", ["9" * 400, "9" * 5000])
def test_the_same_in_json_lines(literal: str) -> None:
    data = base()
    lines = [
        json.dumps({"type": "enterprise", **e}, ensure_ascii=False) for e in data["enterprises"]
    ]
    lines += [json.dumps({"type": "standard", **s}, ensure_ascii=False) for s in data["standards"]]
    text = replace_first_value("\n".join(lines), data, literal)
    ((path, reason),) = rejected(load_dataset_from_text(text, format="jsonl"))
    assert path.startswith(f"line {len(data['enterprises']) + 1}.indicators.")
    assert "beyond the range" in reason


def test_the_fast_path_leaves_a_huge_value_to_the_converter() -> None:
    raw = base()["standards"][0]
    raw["indicators"] = {"sulfur": 10**400}
    with pytest.raises(NotFast):
        fast_standard(raw)


@pytest.mark.parametrize(
    ("field", "value"),
    [("attributes", {"x": 10**309}), ("service", {"widely_provided": True, "outlets": 10**309})],
)
def test_a_huge_integer_anywhere_rejects_its_record(field: str, value: object) -> None:
    data = base()
    data["standards"][0][field] = value
    ((path, reason),) = rejected(load_dataset_from_text(json.dumps(data)))
    assert path.startswith(f"standards[0].{field}")
    assert "beyond the range" in reason


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda d: d["standards"][0].__setitem__("name", "煤\ud800"), "standards[0].name"),
        (lambda d: d["enterprises"][0].__setitem__("name", "\udfff"), "enterprises[0].name"),
        (
            lambda d: d["standards"][0].__setitem__("attributes", {"\ud801": 1}),
            "standards[0].attributes",
        ),
    ],
)
def test_half_a_surrogate_pair_rejects_its_record_with_the_path(where: Any, path: str) -> None:
    data = base()
    where(data)
    text = json.dumps(data)  # ensure_ascii: the halves arrive as \\uD800 escapes
    found = rejected(load_dataset_from_text(text))
    assert found and found[0][0].startswith(path)
    assert "surrogate" in found[0][1]
    # what is left can be written as UTF-8
    json.dumps([r.path for r in load_dataset_from_text(text).rejected], ensure_ascii=False).encode()


def test_json_nested_a_thousand_deep_is_unreadable_not_a_recursion_error() -> None:
    text = '{"titles": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(DatasetError, match="nested too deeply"):
        load_dataset_from_text(text)
    with pytest.raises(DatasetError, match="nested too deeply") as info:
        load_dataset_from_text(
            '{"type": "title", "x": ' + "[" * 5000 + "]" * 5000 + "}", format="jsonl"
        )
    assert info.value.line == 1


def test_an_endless_device_is_refused_without_reading_it_whole() -> None:
    with pytest.raises(DatasetError, match="malformed JSON"):
        load_dataset("/dev/zero")
    for layout in ("jsonl", "csv"):
        with pytest.raises(DatasetError, match="line longer than 16 MB"):
            load_dataset("/dev/zero", format=layout)  # type: ignore[arg-type]


def test_a_file_past_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from standards_rules.records import load

    path = tmp_path / "big.json"
    path.write_text(json.dumps(base()))
    monkeypatch.setattr(load, "MAX_JSON_DATASET_BYTES", 100)
    with pytest.raises(DatasetError, match="is larger than"):
        load_dataset(path)
