"""Report stage: the JSON text of a report, written without building `to_dict()`.

Takes a report's entries; gives the text `json.dumps(report.to_dict(),
ensure_ascii=False, indent=2)` would give, in pieces. With `indent`, the json
module falls back to its pure-Python encoder, which took longer than the whole
evaluation; the long lists (eligibility, ranking, band lists) are written here
from per-entry templates with the C string encoder, a block of items per piece,
and the short sections go through `json.dumps` itself. Tests check byte
equality.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from standards_rules.verdicts import EligibilityEntry, FailedRule, Verdicts

if TYPE_CHECKING:
    from standards_rules.report import BandEntry, RankingEntry


def rounded(value: float) -> float | None:
    """`value` rounded to 6 decimals as a float; -0.0 becomes 0.0; a non-finite value is null."""
    if not math.isfinite(value):
        return None
    result = float(round(value, 6))
    return 0.0 if result == 0 else result


def dumped(value: object, level: int) -> Iterator[str]:
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
    return "".join(dumped(value, level))


def _text(value: object, level: int = 3) -> str:
    """A value as json writes it `level` deep: a plain str (the common case) first."""
    return encode_basestring(value) if value.__class__ is str else _scalar(value, level)


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


def eligibility_chunks(entries: Sequence[EligibilityEntry]) -> Iterator[str]:
    # Entries share their `failed` tuples (one per failure pattern): each tail is written once.
    text = _text

    def compact_items(verdicts: Verdicts) -> Iterator[str]:
        tails = [_eligibility_tail(not failed, failed) for failed in verdicts.patterns]
        quoted = encode_basestring  # `_text`'s common case, inline: millions of entries
        for standard, kind in verdicts.layout():
            number, code = standard.number, standard.enterprise
            number_text = quoted(number) if number.__class__ is str else text(number)
            code_text = quoted(code) if code.__class__ is str else text(code)
            yield (
                f'{{\n      "standard": {number_text},\n'
                f'      "enterprise": {code_text}{tails[kind]}'
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


def bands_chunks(bands: tuple[BandEntry, ...]) -> Iterator[str]:
    """`dumped(_bands_list(), 1)` piece by piece: a national band holds hundreds of
    thousands of numbers, written a few thousand at a time rather than as one text."""
    text = _text
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
            numbers = ",\n        ".join(text(n, 4) for n in piece)
            yield ("[\n        " if start == 0 else ",\n        ") + numbers
        yield "\n      ]\n    }"
    yield "\n  ]"


_NUMBERS_PER_PIECE = 4096


def _key(key: object) -> str:
    """A dict key as json writes it (str as is; numbers, booleans and None as text)."""
    if isinstance(key, str):
        return encode_basestring(key)
    return "".join(dumped({key: 0}, 0))[4:-5]


def ranking_chunks(entries: tuple[RankingEntry, ...]) -> Iterator[str]:
    text = _text
    # Scores and parts repeat (declared values do): each distinct one is written once,
    # up to `_MOST_REMEMBERED` of each, so that the memory they take stays bounded.
    keys: dict[object, str] = {}
    scores: dict[float, str] = {}
    parts_texts: dict[tuple[tuple[str, float], ...], str] = {}

    def number_text(value: float) -> str:
        known = scores.get(value)
        if known is None:
            shown = rounded(value)  # finite or None
            known = "null" if shown is None else float.__repr__(shown)
            if len(scores) < _MOST_REMEMBERED:
                scores[value] = known
        return known

    def written_parts(parts: Mapping[str, float]) -> str:
        items = []
        for name, value in parts.items():
            key = keys.get(name)
            if key is None or name.__class__ is not str:
                key = keys[name] = _key(name)
            items.append(f"        {key}: {number_text(value)}")
        return "{\n" + ",\n".join(items) + "\n      }"

    def parts_text(parts: Mapping[str, float]) -> str:
        if not parts:
            return "{}"
        seen = tuple(parts.items())
        known = parts_texts.get(seen)
        if known is None:
            known = written_parts(parts)
            # Only names that are text are remembered: `1`, `1.0` and `True` are one key.
            if len(parts_texts) < _MOST_REMEMBERED and all(name.__class__ is str for name in parts):
                parts_texts[seen] = known
        return known

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


# The most distinct scores, and sets of parts, whose texts one report remembers.
_MOST_REMEMBERED = 1 << 16


__all__ = ["bands_chunks", "dumped", "eligibility_chunks", "ranking_chunks", "rounded"]
