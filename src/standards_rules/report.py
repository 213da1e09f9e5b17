"""Report stage: the result of `evaluate` as frozen attrs, and its JSON (SPEC §6.3).

Takes the entries the evaluation stages computed; gives `Report.to_dict()` and
`Report.to_json()`, byte for byte the format of SPEC §6.3 (see docs/report.md):
keys in the SPEC's order, scores and parts rounded to 6 decimals with `-0.0`
shown as `0.0`, ISO dates, `ensure_ascii=False`, two-space indentation.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Mapping
from typing import Any

import attrs

from standards_rules.records.model import Rejected


@attrs.frozen
class FailedRule:
    rule: str
    label: str | None
    cite: str | None


@attrs.frozen
class EligibilityEntry:
    standard: str
    enterprise: str
    eligible: bool
    failed: tuple[FailedRule, ...]


@attrs.frozen
class RankingEntry:
    """One ranked standard; `score` and `parts` are unrounded (rounding is for output only)."""

    group: str
    rank: int
    standard: str
    score: float
    parts: Mapping[str, float]


@attrs.frozen
class LeaderEntry:
    group: str
    rank: int
    standard: str
    enterprise: str


@attrs.frozen
class PassedOverEntry:
    group: str
    rank: int
    standard: str
    failed: tuple[str, ...]


@attrs.frozen
class Publicity:
    start: datetime.date
    end: datetime.date
    working_days: int


@attrs.frozen
class WithdrawalEntry:
    standard: str
    enterprise: str
    triggers: tuple[str, ...]
    decided_on: datetime.date
    excluded_until: datetime.date | None


@attrs.frozen
class Report:
    ruleset_id: str
    ruleset_version: str | None
    ruleset_sha256: str
    as_of: datetime.date
    eligibility: tuple[EligibilityEntry, ...] = ()
    ranking: tuple[RankingEntry, ...] = ()
    leaders: tuple[LeaderEntry, ...] = ()
    passed_over: tuple[PassedOverEntry, ...] = ()
    publicity: Publicity | None = None
    withdrawals: tuple[WithdrawalEntry, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values, keys in SPEC §6.3 order."""
        return {
            "ruleset": {
                "id": self.ruleset_id,
                "version": self.ruleset_version,
                "sha256": self.ruleset_sha256,
            },
            "as_of": self.as_of.isoformat(),
            "eligibility": [
                {
                    "standard": e.standard,
                    "enterprise": e.enterprise,
                    "eligible": e.eligible,
                    "failed": [
                        {"rule": f.rule, "label": f.label, "cite": f.cite} for f in e.failed
                    ],
                }
                for e in self.eligibility
            ],
            "ranking": [
                {
                    "group": r.group,
                    "rank": r.rank,
                    "standard": r.standard,
                    "score": rounded(r.score),
                    "parts": {name: rounded(value) for name, value in r.parts.items()},
                }
                for r in self.ranking
            ],
            "leaders": [
                {
                    "group": x.group,
                    "rank": x.rank,
                    "standard": x.standard,
                    "enterprise": x.enterprise,
                }
                for x in self.leaders
            ],
            "passed_over": [
                {"group": p.group, "rank": p.rank, "standard": p.standard, "failed": list(p.failed)}
                for p in self.passed_over
            ],
            "publicity": None
            if self.publicity is None
            else {
                "start": self.publicity.start.isoformat(),
                "end": self.publicity.end.isoformat(),
                "working_days": self.publicity.working_days,
            },
            "withdrawals": [
                {
                    "standard": w.standard,
                    "enterprise": w.enterprise,
                    "triggers": list(w.triggers),
                    "decided_on": w.decided_on.isoformat(),
                    "excluded_until": _iso(w.excluded_until),
                }
                for w in self.withdrawals
            ],
            "rejected": [
                {"path": r.path, "record": r.record, "error": r.error} for r in self.rejected
            ],
        }

    def to_json(self) -> str:
        """SPEC §6.3: `json.dumps(to_dict(), ensure_ascii=False, indent=2)`, no trailing newline."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def rounded(value: float) -> float | None:
    """`value` rounded to 6 decimals as a float; -0.0 becomes 0.0; a non-finite value is null."""
    if not math.isfinite(value):
        return None
    result = float(round(value, 6))
    return 0.0 if result == 0 else result


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


__all__ = [
    "EligibilityEntry",
    "FailedRule",
    "LeaderEntry",
    "PassedOverEntry",
    "Publicity",
    "RankingEntry",
    "Report",
    "WithdrawalEntry",
    "rounded",
]
