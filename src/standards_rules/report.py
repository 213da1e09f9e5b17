"""Report stage: the result of `evaluate` as frozen attrs, and its JSON (SPEC §6.3).

Takes the entries the evaluation stages computed; gives `Report.to_dict()` and
`Report.to_json()`, byte for byte the format of SPEC §6.3 (see docs/report.md):
keys in the SPEC's order, scores and parts rounded to 6 decimals with `-0.0`
shown as `0.0`, ISO dates, `ensure_ascii=False`, two-space indentation.

`to_json()` is by definition `json.dumps(to_dict(), ensure_ascii=False,
indent=2)`, but it is written without building `to_dict()`, by
`report_json.py`. `write_json` streams the same text to a file, so a
national-scale report never exists as one string. Tests check byte equality.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import IO, Any

import attrs

from standards_rules.collector import collector_paused
from standards_rules.records.model import Rejected
from standards_rules.report_json import (
    bands_chunks,
    dumped,
    eligibility_chunks,
    ranking_chunks,
    rounded,
)
from standards_rules.verdicts import EligibilityEntry, FailedRule, rows_of


@attrs.frozen
class RankingEntry:
    """One ranked standard; `score` and `parts` are unrounded (rounding is for output only)."""

    group: str
    rank: int
    standard: str
    score: float
    parts: Mapping[str, float]
    name: str | None = None
    enterprise_name: str | None = None


@attrs.frozen
class LeaderEntry:
    """A leader of a group (领跑者, SPEC §4.4)."""

    group: str
    rank: int
    standard: str
    enterprise: str
    name: str | None = None
    enterprise_name: str | None = None


@attrs.frozen
class PassedOverEntry:
    """A ranked entry the leaders walk passed over, with the requires it failed (SPEC §4.4)."""

    group: str
    rank: int
    standard: str
    failed: tuple[str, ...]
    name: str | None = None
    enterprise_name: str | None = None


@attrs.frozen
class BandEntry:
    """One band of a single-indicator band list (单指标排行榜, SPEC §4.7)."""

    indicator: str
    group: str
    band: str
    standards: tuple[str, ...]


@attrs.frozen
class TitleEntry:
    """A proposed title (SPEC §4.8): a §3 title record for next year's dataset."""

    standard: str
    ruleset: str
    awarded_on: datetime.date
    expires_on: datetime.date
    indicators: Mapping[str, float]


@attrs.frozen
class ReportWarning:
    """Something that loaded but the ruleset cannot use (SPEC §6.3 `warnings`)."""

    path: str
    record: str | None
    warning: str


@attrs.frozen
class Publicity:
    """The public notice period: first and last day, and its number of working days (SPEC §4.5)."""

    start: datetime.date
    end: datetime.date
    working_days: int


@attrs.frozen
class WithdrawalEntry:
    """A withdrawn title: `standard` is the title's, `current` its current version's number."""

    standard: str
    enterprise: str
    triggers: tuple[str, ...]
    decided_on: datetime.date
    excluded_until: datetime.date | None
    current: str | None = None
    name: str | None = None
    enterprise_name: str | None = None

    @property
    def current_number(self) -> str:
        """The number of the title's current standard (the title's own without a later one)."""
        return self.standard if self.current is None else self.current


@attrs.frozen
class Report:
    """The result of `evaluate`; `to_json()` is the JSON of SPEC §6.3."""

    ruleset_id: str
    ruleset_version: str | None
    ruleset_sha256: str
    as_of: datetime.date
    # A tuple, or `Verdicts` (the same entries, compactly) from `evaluate`.
    eligibility: Sequence[EligibilityEntry] = ()
    ranking: tuple[RankingEntry, ...] = ()
    leaders: tuple[LeaderEntry, ...] = ()
    passed_over: tuple[PassedOverEntry, ...] = ()
    publicity: Publicity | None = None
    withdrawals: tuple[WithdrawalEntry, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    bands: tuple[BandEntry, ...] = ()
    titles: tuple[TitleEntry, ...] = ()
    warnings: tuple[ReportWarning, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values, keys in SPEC §6.3 order."""
        return {
            "ruleset": self._ruleset_dict(),
            "as_of": self.as_of.isoformat(),
            "eligibility": [
                {
                    "standard": standard,
                    "enterprise": enterprise,
                    "eligible": eligible,
                    "failed": [{"rule": f.rule, "label": f.label, "cite": f.cite} for f in failed],
                }
                for standard, enterprise, eligible, failed in rows_of(self.eligibility)
            ],
            "ranking": [
                {
                    "group": r.group,
                    "rank": r.rank,
                    "standard": r.standard,
                    "name": r.name,
                    "enterprise_name": r.enterprise_name,
                    "score": rounded(r.score),
                    "parts": {name: rounded(value) for name, value in r.parts.items()},
                }
                for r in self.ranking
            ],
            "leaders": self._leaders_list(),
            "passed_over": self._passed_over_list(),
            "bands": self._bands_list(),
            "publicity": self._publicity_dict(),
            "withdrawals": self._withdrawals_list(),
            "titles": self._titles_list(),
            "rejected": self._rejected_list(),
            "warnings": self._warnings_list(),
        }

    def _ruleset_dict(self) -> dict[str, Any]:
        return {
            "id": self.ruleset_id,
            "version": self.ruleset_version,
            "sha256": self.ruleset_sha256,
        }

    def _leaders_list(self) -> list[dict[str, Any]]:
        return [
            {
                "group": x.group,
                "rank": x.rank,
                "standard": x.standard,
                "enterprise": x.enterprise,
                "name": x.name,
                "enterprise_name": x.enterprise_name,
            }
            for x in self.leaders
        ]

    def _passed_over_list(self) -> list[dict[str, Any]]:
        return [
            {
                "group": p.group,
                "rank": p.rank,
                "standard": p.standard,
                "name": p.name,
                "enterprise_name": p.enterprise_name,
                "failed": list(p.failed),
            }
            for p in self.passed_over
        ]

    def _bands_list(self) -> list[dict[str, Any]]:
        return [
            {
                "indicator": b.indicator,
                "group": b.group,
                "band": b.band,
                "standards": list(b.standards),
            }
            for b in self.bands
        ]

    def _titles_list(self) -> list[dict[str, Any]]:
        return [
            {
                "standard": t.standard,
                "ruleset": t.ruleset,
                "awarded_on": t.awarded_on.isoformat(),
                "expires_on": t.expires_on.isoformat(),
                "indicators": dict(t.indicators),
            }
            for t in self.titles
        ]

    def _warnings_list(self) -> list[dict[str, Any]]:
        return [{"path": w.path, "record": w.record, "warning": w.warning} for w in self.warnings]

    def _publicity_dict(self) -> dict[str, Any] | None:
        if self.publicity is None:
            return None
        return {
            "start": self.publicity.start.isoformat(),
            "end": self.publicity.end.isoformat(),
            "working_days": self.publicity.working_days,
        }

    def _withdrawals_list(self) -> list[dict[str, Any]]:
        return [
            {
                "standard": w.standard,
                "current": w.current_number,
                "enterprise": w.enterprise,
                "name": w.name,
                "enterprise_name": w.enterprise_name,
                "triggers": list(w.triggers),
                "decided_on": w.decided_on.isoformat(),
                "excluded_until": _iso(w.excluded_until),
            }
            for w in self.withdrawals
        ]

    def _rejected_list(self) -> list[dict[str, Any]]:
        return [{"path": r.path, "record": r.record, "error": r.error} for r in self.rejected]

    def to_json(self) -> str:
        """SPEC §6.3: `json.dumps(to_dict(), ensure_ascii=False, indent=2)`, no trailing newline."""
        with collector_paused():
            return "".join(self.json_chunks())

    def write_json(self, stream: IO[str]) -> None:
        """Write `to_json()` to a text stream piece by piece (no trailing newline)."""
        with collector_paused():
            batch: list[str] = []
            size = 0
            for chunk in self.json_chunks():
                batch.append(chunk)
                size += len(chunk)
                if size >= _BATCH_CHARACTERS:
                    stream.write("".join(batch))
                    batch.clear()
                    size = 0
            stream.write("".join(batch))

    def json_chunks(self) -> Iterator[str]:
        """The text of `to_json()` in pieces whose concatenation is exactly that text."""
        sections: tuple[tuple[str, Callable[[], Iterator[str]]], ...] = (
            ("ruleset", lambda: dumped(self._ruleset_dict(), 1)),
            ("as_of", lambda: dumped(self.as_of.isoformat(), 1)),
            ("eligibility", lambda: eligibility_chunks(self.eligibility)),
            ("ranking", lambda: ranking_chunks(self.ranking)),
            ("leaders", lambda: dumped(self._leaders_list(), 1)),
            ("passed_over", lambda: dumped(self._passed_over_list(), 1)),
            ("bands", lambda: bands_chunks(self.bands)),
            ("publicity", lambda: dumped(self._publicity_dict(), 1)),
            ("withdrawals", lambda: dumped(self._withdrawals_list(), 1)),
            ("titles", lambda: dumped(self._titles_list(), 1)),
            ("rejected", lambda: dumped(self._rejected_list(), 1)),
            ("warnings", lambda: dumped(self._warnings_list(), 1)),
        )
        for n, (key, chunks) in enumerate(sections):
            yield ("{\n  " if n == 0 else ",\n  ") + encode_basestring(key) + ": "
            yield from chunks()
        yield "\n}"


# `write_json` writes about this much text at a time: few calls, and little held at once.
_BATCH_CHARACTERS = 1 << 19


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


__all__ = [
    "BandEntry",
    "EligibilityEntry",
    "FailedRule",
    "LeaderEntry",
    "PassedOverEntry",
    "Publicity",
    "RankingEntry",
    "Report",
    "ReportWarning",
    "TitleEntry",
    "WithdrawalEntry",
    "rounded",
]
