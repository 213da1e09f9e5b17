"""Report stage: the result of `evaluate` as frozen attrs, and its JSON (SPEC §6.3).

Takes the entries the evaluation stages computed; gives `Report.to_dict()` and
`Report.to_json()`, byte for byte the format of SPEC §6.3 (see docs/report.md):
keys in the SPEC's order, scores and parts rounded to 6 decimals with `-0.0`
shown as `0.0`, ISO dates, `ensure_ascii=False`, two-space indentation.

`to_json()` is by definition `json.dumps(to_dict(), ensure_ascii=False,
indent=2)`, but it is written without building `to_dict()`: with `indent` the
json module falls back to its pure-Python encoder, which took longer than the
whole evaluation. The two large lists (eligibility, ranking) are written from
per-entry templates with the C string encoder; the small sections go through
`json.dumps` itself. `write_json` streams the same text to a file, so a
national-scale report never exists as one string. Tests check byte equality.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from json.encoder import encode_basestring
from typing import IO, Any

import attrs

from standards_rules.collector import collector_paused
from standards_rules.records.model import Rejected
from standards_rules.verdicts import EligibilityEntry, FailedRule, Verdicts, rows_of


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
    group: str
    rank: int
    standard: str
    enterprise: str
    name: str | None = None
    enterprise_name: str | None = None


@attrs.frozen
class PassedOverEntry:
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
        return self.standard if self.current is None else self.current


@attrs.frozen
class Report:
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
            ("ruleset", lambda: _dumped(self._ruleset_dict(), 1)),
            ("as_of", lambda: _dumped(self.as_of.isoformat(), 1)),
            ("eligibility", lambda: _eligibility_chunks(self.eligibility)),
            ("ranking", lambda: _ranking_chunks(self.ranking)),
            ("leaders", lambda: _dumped(self._leaders_list(), 1)),
            ("passed_over", lambda: _dumped(self._passed_over_list(), 1)),
            ("bands", lambda: _bands_chunks(self.bands)),
            ("publicity", lambda: _dumped(self._publicity_dict(), 1)),
            ("withdrawals", lambda: _dumped(self._withdrawals_list(), 1)),
            ("titles", lambda: _dumped(self._titles_list(), 1)),
            ("rejected", lambda: _dumped(self._rejected_list(), 1)),
            ("warnings", lambda: _dumped(self._warnings_list(), 1)),
        )
        for n, (key, chunks) in enumerate(sections):
            yield ("{\n  " if n == 0 else ",\n  ") + encode_basestring(key) + ": "
            yield from chunks()
        yield "\n}"


# `write_json` writes about this much text at a time: few calls, and little held at once.
_BATCH_CHARACTERS = 1 << 19


def rounded(value: float) -> float | None:
    """`value` rounded to 6 decimals as a float; -0.0 becomes 0.0; a non-finite value is null."""
    if not math.isfinite(value):
        return None
    result = float(round(value, 6))
    return 0.0 if result == 0 else result


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


# ------------------------------------------------------------ JSON text without to_dict()


def _dumped(value: object, level: int) -> Iterator[str]:
    """`value` as json.dumps(indent=2) writes it nested `level` deep (strings hold no newline)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    yield text.replace("\n", "\n" + "  " * level) if level else text


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


def _scalar(value: object, level: int) -> str:
    """One value as json.dumps(indent=2) writes it `level` deep; the same test order as json."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return "".join(_dumped(value, level))


def _list_chunks(items: Iterator[str]) -> Iterator[str]:
    """A list of already written items nested one deep (items at 4 spaces, `]` at 2),
    a block of items per piece: a national list has millions of them."""
    block = list(islice(items, _ITEMS_PER_PIECE))
    if not block:
        yield "[]"
        return
    yield "[\n    " + ",\n    ".join(block)
    while block := list(islice(items, _ITEMS_PER_PIECE)):
        yield ",\n    " + ",\n    ".join(block)
    yield "\n  ]"


_ITEMS_PER_PIECE = 512


def _failed_text(failed: tuple[FailedRule, ...]) -> str:
    if not failed:
        return "[]"
    items = ",\n".join(
        "        {\n"
        f'          "rule": {_scalar(f.rule, 5)},\n'
        f'          "label": {_scalar(f.label, 5)},\n'
        f'          "cite": {_scalar(f.cite, 5)}\n'
        "        }"
        for f in failed
    )
    return f"[\n{items}\n      ]"


def _eligibility_tail(eligible: object, failed: tuple[FailedRule, ...]) -> str:
    """An entry's text after its enterprise: the flag and the failed rules."""
    if eligible is True:
        flag = "true"
    elif eligible is False:
        flag = "false"
    else:
        flag = _scalar(eligible, 3)
    return f',\n      "eligible": {flag},\n      "failed": {_failed_text(failed)}\n    }}'


def _eligibility_chunks(entries: Sequence[EligibilityEntry]) -> Iterator[str]:
    # Entries share their `failed` tuples (one per failure pattern): each tail is written once.
    enc = encode_basestring

    def text(value: object) -> str:
        # Plain strings inline; anything else the way json writes it.
        return enc(value) if value.__class__ is str else _scalar(value, 3)

    def compact_items(verdicts: Verdicts) -> Iterator[str]:
        tails = [_eligibility_tail(not failed, failed) for failed in verdicts.patterns]
        for standard, kind in verdicts.layout():
            number, code = standard.number, standard.enterprise
            yield (
                '{\n      "standard": '
                + (enc(number) if number.__class__ is str else _scalar(number, 3))
                + ',\n      "enterprise": '
                + (enc(code) if code.__class__ is str else _scalar(code, 3))
                + tails[kind]
            )

    def items() -> Iterator[str]:
        tails: dict[tuple[object, int], tuple[tuple[FailedRule, ...], str]] = {}
        for e in entries:
            failed = e.failed
            key = (e.eligible, id(failed))
            known = tails.get(key)
            if known is None or known[0] is not failed:
                known = tails[key] = (failed, _eligibility_tail(e.eligible, failed))
            yield (
                f'{{\n      "standard": {text(e.standard)},\n'
                f'      "enterprise": {text(e.enterprise)}{known[1]}'
            )

    return _list_chunks(compact_items(entries) if isinstance(entries, Verdicts) else items())


def _bands_chunks(bands: tuple[BandEntry, ...]) -> Iterator[str]:
    """`_dumped(_bands_list(), 1)` piece by piece: a national band holds hundreds of
    thousands of numbers, written a few thousand at a time rather than as one text."""
    enc = encode_basestring

    def text(value: object) -> str:
        return enc(value) if value.__class__ is str else _scalar(value, 3)

    if not bands:
        yield "[]"
        return
    for n, b in enumerate(bands):
        yield (
            ("[\n    " if n == 0 else ",\n    ") + "{\n"
            f'      "indicator": {text(b.indicator)},\n'
            f'      "group": {text(b.group)},\n'
            f'      "band": {text(b.band)},\n'
            '      "standards": '
        )
        if not b.standards:
            yield "[]\n    }"
            continue
        for start in range(0, len(b.standards), _NUMBERS_PER_PIECE):
            piece = b.standards[start : start + _NUMBERS_PER_PIECE]
            numbers = ",\n        ".join(
                enc(n) if n.__class__ is str else _scalar(n, 4) for n in piece
            )
            yield ("[\n        " if start == 0 else ",\n        ") + numbers
        yield "\n      ]\n    }"
    yield "\n  ]"


_NUMBERS_PER_PIECE = 4096


def _key(key: object) -> str:
    """A dict key as json writes it (str as is; numbers, booleans and None as text)."""
    if isinstance(key, str):
        return encode_basestring(key)
    return "".join(_dumped({key: 0}, 0))[4:-5]


def _ranking_chunks(entries: tuple[RankingEntry, ...]) -> Iterator[str]:
    enc = encode_basestring
    # The parts' names are the plan's weighted indicators: each written once.
    keys: dict[object, str] = {}

    def text(value: object) -> str:
        return enc(value) if value.__class__ is str else _scalar(value, 3)

    def number_text(value: float) -> str:
        shown = rounded(value)  # finite or None
        return "null" if shown is None else float.__repr__(shown)

    def parts_text(parts: Mapping[str, float]) -> str:
        if not parts:
            return "{}"
        items = []
        for name, value in parts.items():
            key = keys.get(name)
            if key is None:
                key = keys[name] = _key(name)
            items.append(f"        {key}: {number_text(value)}")
        return "{\n" + ",\n".join(items) + "\n      }"

    def items() -> Iterator[str]:
        for r in entries:
            rank = r.rank
            rank_text = int.__repr__(rank) if rank.__class__ is int else _scalar(rank, 3)
            yield (
                "{\n"
                f'      "group": {text(r.group)},\n'
                f'      "rank": {rank_text},\n'
                f'      "standard": {text(r.standard)},\n'
                f'      "name": {text(r.name)},\n'
                f'      "enterprise_name": {text(r.enterprise_name)},\n'
                f'      "score": {number_text(r.score)},\n'
                f'      "parts": {parts_text(r.parts)}\n'
                "    }"
            )

    return _list_chunks(items())


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
