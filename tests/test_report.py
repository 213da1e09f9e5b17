"""The report's JSON (SPEC §6.3): keys, order, rounding, dates, null publicity."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from evalkit import D
from standards_rules.records.model import Rejected
from standards_rules.report import (
    EligibilityEntry,
    FailedRule,
    LeaderEntry,
    PassedOverEntry,
    Publicity,
    RankingEntry,
    Report,
    WithdrawalEntry,
    rounded,
)

REPORT = Report(
    ruleset_id="jincheng_coal",
    ruleset_version="2021.1",
    ruleset_sha256="abc",
    as_of=D(2021, 6, 1),
    eligibility=(EligibilityEntry("Q/A", "E", False, (FailedRule("stricter", "严于", "三.4"),)),),
    ranking=(RankingEntry("动力煤", 1, "Q/A", 0.35902173913043, {"sulfur": 0.55, "x": -1e-9}),),
    leaders=(LeaderEntry("动力煤", 1, "Q/A", "E"),),
    passed_over=(PassedOverEntry("动力煤", 2, "Q/B", ("report",)),),
    publicity=Publicity(D(2021, 6, 1), D(2021, 6, 15), 10),
    withdrawals=(WithdrawalEntry("Q/C", "E", ("accident",), D(2021, 6, 1), D(2024, 6, 1)),),
    rejected=(Rejected("standards[7].enterprise", "Q/D", "unknown enterprise"),),
)


def test_keys_in_spec_order() -> None:
    data = REPORT.to_dict()
    assert list(data) == [
        "ruleset", "as_of", "eligibility", "ranking", "leaders", "passed_over", "bands",
        "publicity", "withdrawals", "titles", "rejected", "warnings",
    ]  # fmt: skip
    assert list(data["ruleset"]) == ["id", "version", "sha256"]
    assert list(data["ranking"][0]) == [
        "group", "rank", "standard", "name", "enterprise_name", "score", "parts",
    ]  # fmt: skip
    assert list(data["withdrawals"][0]) == [
        "standard", "current", "enterprise", "name", "enterprise_name", "triggers",
        "decided_on", "excluded_until",
    ]  # fmt: skip
    assert data["rejected"] == [
        {"path": "standards[7].enterprise", "record": "Q/D", "error": "unknown enterprise"}
    ]


def test_rounding_and_negative_zero() -> None:
    ranking = REPORT.to_dict()["ranking"][0]
    assert ranking["score"] == 0.359022
    assert ranking["parts"] == {"sulfur": 0.55, "x": 0.0}
    assert '"x": 0.0' in REPORT.to_json()
    assert rounded(-0.0) == 0.0 and str(rounded(-0.0)) == "0.0"
    assert rounded(1) == 1.0 and isinstance(rounded(1), float)


def test_json_text_is_utf8_indented_and_parses_back() -> None:
    text = REPORT.to_json()
    assert "动力煤" in text and "\\u" not in text
    assert text.startswith('{\n  "ruleset": {\n    "id": "jincheng_coal"')
    assert json.loads(text) == REPORT.to_dict()
    assert json.loads(text)["publicity"] == {
        "start": "2021-06-01", "end": "2021-06-15", "working_days": 10,
    }  # fmt: skip


def test_publicity_null_without_section() -> None:
    import attrs

    assert attrs.evolve(REPORT, publicity=None).to_dict()["publicity"] is None


def test_long_lists_are_written_as_json_writes_them() -> None:
    """National lists and bands are written in pieces of many items: still the same bytes."""
    import io

    from standards_rules.report import BandEntry

    long_band = tuple(f"Q/JC{n:06d} 0001-2021" for n in range(10_000))
    failed = REPORT.eligibility[0].failed
    report = attrs.evolve(
        REPORT,
        eligibility=tuple(
            EligibilityEntry(number, "E", n % 3 == 0, () if n % 3 == 0 else failed)
            for n, number in enumerate(long_band[:1300])
        ),
        bands=(
            BandEntry("sulfur", "动力煤", "leader", long_band),
            BandEntry("sulfur", "动力煤", "advanced", ()),
            BandEntry("calorific", "", "leader", ("Q/A",)),
        ),
    )
    expected = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    assert report.to_json() == expected
    stream = io.StringIO()
    report.write_json(stream)
    assert stream.getvalue() == expected
    assert attrs.evolve(report, bands=()).to_json() == json.dumps(
        attrs.evolve(report, bands=()).to_dict(), ensure_ascii=False, indent=2
    )


@pytest.mark.parametrize("most_remembered", [2, 1 << 16])
def test_repeated_scores_and_parts_are_written_as_json_writes_them(
    monkeypatch: pytest.MonkeyPatch, most_remembered: int
) -> None:
    """Texts of repeated scores and parts are remembered (up to a bound): the same bytes,
    keys that are equal but not text (1, 1.0, True) written each as itself."""
    from standards_rules import report_json

    monkeypatch.setattr(report_json, "_MOST_REMEMBERED", most_remembered)
    odd_parts: list[dict[Any, float]] = [{1: 0.5}, {True: 0.5}, {1.0: 0.5}, {"1": 0.5}]
    parts = [{"sulfur": 0.25, "ash": -0.0}, {"sulfur": 0.25}, *odd_parts, {}]
    scores = [0.1234567, 0.1234567, -0.0, 0.0, 1, float("nan"), 2 / 3]
    ranking = tuple(
        RankingEntry("动力煤", n + 1, f"Q/{n}", scores[n % len(scores)], parts[n % len(parts)])
        for n in range(60)
    )
    report = attrs.evolve(REPORT, ranking=ranking)
    text = report.to_json()
    assert text == json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    assert '"1": 0.5' in text and '"true": 0.5' in text and '"1.0": 0.5' in text
