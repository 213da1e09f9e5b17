"""Generators for the fuzzing suite (tests/test_fuzz.py, `make fuzz`).

Rulesets typed by construction (every body well typed, so most of them reach
evaluation), token mutations of the bundled plans, and mutated datasets. The
values lean on the edges: numbers at and past the float range, the calendar's
first and last days, half surrogate pairs, digits that are not ASCII, costly
regular expressions, markup and terminal escapes.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PLANS = Path(__file__).parents[1] / "rulesets" / "jincheng"
COAL = (PLANS / "coal.rules").read_text(encoding="utf-8")
COAL_DATA: dict[str, Any] = json.loads((PLANS / "data" / "coal.json").read_text(encoding="utf-8"))

# `make fuzz` raises the count; the suite's own run stays at a few seconds.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))


def fuzz_settings(share: float = 1.0) -> settings:
    """`share` of the examples: the command line runs fewer, each costing a process's work."""
    return settings(
        max_examples=max(3, int(EXAMPLES * share)),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None if os.environ.get("FUZZ_EXAMPLES") else settings.default.database,
    )


FUZZ = fuzz_settings()

# ---------------------------------------------------------------- edge values

NUMBERS = [
    "0", "1", "0.5", "10", "1e-300", "1e308", "1.7976931348623157e308", "9" * 308,
    "1e400", "9" * 310, "9" * 5000, "١٠", "０.５", "2.5",
]  # fmt: skip
DATES = ["0001-01-01", "9999-12-31", "2021-06-01", "2021-02-30", "２０２１-０４-２２", "1949-12-31"]
AMOUNTS = ["0", "1", "10", "2.5", "9999", "3652058", "100000", "1000000000", "1e300"]
UNITS = ["days", "working days", "months", "years", "day", "year"]
TEXTS = [
    '"current"', '"Q/JCMY 0001-2021"', '"全硫"', '""', '"\\uD800"', '"\\uD83D\\uDE00"',
    '"[bold]x[/bold]"', '"[link=http://x]y[/link]"', '"\\u001b[31mred"', '"a\\nb"', '"\\\\"',
]  # fmt: skip
PATTERNS = [
    "Q/[A-Z0-9]+ [0-9]{4}[A-Z]?-[0-9]{4}", "(a+)+$", "(a|aa)*", "(.*a){20}", r"(\\w+\\s?)+$",
    r"(\\d+)-\\1", r"(?=.*\\d).+", "[", "a{2000}", r"\\bQ\\b.*", "煤.*", "(?i)q/.+",
]  # fmt: skip
AS_OF = ["0001-01-01", "2021-06-01", "2024-02-29", "9999-12-31", "1950-01-01", "2100-12-31"]


def _pick(values: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


# ---------------------------------------------------------------- typed expressions


def numbers(depth: int) -> st.SearchStrategy[str]:
    leaves = st.one_of(
        _pick(NUMBERS),
        _pick(["indicators.sulfur.value", "indicators.ash.weight", "standard.attributes.x",
               "len(standard.products)", "len(standard.number)", "indicators.sulfur.national"]),
    )  # fmt: skip
    if depth <= 0:
        return leaves
    sub = numbers(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(sub, _pick(["+", "-", "*", "/"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(sub, sub).map(lambda t: f"round({t[0]}, {t[1]})"),
        sub.map(lambda n: f"abs({n})"),
        sub.map(lambda n: f"-{n}"),
        st.tuples(sub, sub).map(lambda t: f"min({t[0]}, {t[1]})"),
        st.tuples(sub, sub, sub).map(lambda t: f"[{t[0]}, {t[1]}][{t[2]}]"),
        st.tuples(dates(depth - 1), dates(depth - 1)).map(
            lambda t: f"working_days_between({t[0]}, {t[1]})"
        ),
        st.tuples(dates(depth - 1), dates(depth - 1)).map(lambda t: f"({t[0]} - {t[1]})"),
        booleans(depth - 1).map(lambda b: f"(count p in standard.products: {b})"),
        st.tuples(booleans(depth - 1), sub, sub).map(
            lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"
        ),
    )  # fmt: skip


def durations() -> st.SearchStrategy[str]:
    return st.tuples(_pick(AMOUNTS), _pick(UNITS)).map(lambda t: f"{t[0]} {t[1]}")


def dates(depth: int) -> st.SearchStrategy[str]:
    leaves = st.one_of(_pick(DATES), _pick(["as_of", "standard.published_on"]))
    if depth <= 0:
        return leaves
    sub = dates(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(sub, _pick(["+", "-"]), durations()).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    )


def texts(depth: int) -> st.SearchStrategy[str]:
    leaves = st.one_of(_pick(TEXTS), _pick(["standard.number", "standard.name", "enterprise.name"]))
    if depth <= 0:
        return leaves
    return st.one_of(leaves, texts(depth - 1).map(lambda s: f"lower({s})"))


def booleans(depth: int) -> st.SearchStrategy[str]:
    leaves = _pick([
        "true", "false", "standard.format_compliant", "enterprise.applied",
        "all i in indicators: i.value better_than i.national",
        "any i in indicators: i.value worse_than i.previous",
    ])  # fmt: skip
    if depth <= 0:
        return leaves
    sub = booleans(depth - 1)
    order = _pick(["<", "<=", ">", ">=", "==", "!="])
    return st.one_of(
        leaves,
        st.tuples(numbers(depth - 1), order, numbers(depth - 1)).map(" ".join),
        st.tuples(dates(depth - 1), order, dates(depth - 1)).map(" ".join),
        st.tuples(texts(depth - 1), _pick(["==", "!=", "<"]), texts(depth - 1)).map(" ".join),
        st.tuples(texts(depth - 1), _pick(PATTERNS)).map(lambda t: f'{t[0]} matches "{t[1]}"'),
        st.tuples(sub, _pick(["and", "or"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        sub.map(lambda b: f"(not {b})"),
    )


@st.composite
def typed_rulesets(draw: st.DrawFn) -> str:
    """The coal plan with generated bodies in place of its own: well typed, mostly checkable."""
    depth = 2
    rules = draw(st.lists(booleans(depth), min_size=1, max_size=3))
    eligible = "\n".join(f"    rule r{n}: {body}" for n, body in enumerate(rules))
    top = draw(numbers(depth))
    percent = draw(_pick(["", " %"]))
    requires = draw(booleans(depth))
    trigger = draw(booleans(depth))
    publicity = draw(durations())
    exclude = draw(durations())
    rank = draw(st.one_of(numbers(depth), dates(depth), texts(depth)))
    group = draw(st.one_of(texts(1), numbers(1)))
    head = COAL[: COAL.index("  eligible {")]
    label = draw(_pick(TEXTS))
    head = head.replace('"全硫 St,d"', label, 1)
    return (
        f"{head}  eligible {{\n{eligible}\n  }}\n"
        "  score weighted normalize relative to national\n"
        f"  rank by {rank} desc, standard.number asc\n"
        f"  group by {group}\n"
        f"  leaders {{\n    top {top}{percent}\n    require q: {requires}\n  }}\n"
        f"  publicity {publicity}\n"
        f"  withdraw {{\n    trigger t: {trigger}\n    exclude {exclude}\n  }}\n"
        "}\n"
    )


# ---------------------------------------------------------------- token mutations

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\w+|\S')
_INSERTS = [*NUMBERS, *DATES, *TEXTS, "(", ")", "{", "}", "[", "]", "matches", "working days",
            "top", "standard", "indicators", "%", ",", "not", "in", ":", "\ud800"]  # fmt: skip


@st.composite
def mutated_plans(draw: st.DrawFn) -> str:
    """A bundled plan with a few of its tokens deleted, repeated or replaced."""
    name = draw(_pick(sorted(p.name for p in PLANS.glob("*.rules"))))
    text = (PLANS / name).read_text(encoding="utf-8")
    spans = [m.span() for m in _TOKEN.finditer(text)]
    for _ in range(draw(st.integers(1, 4))):
        start, end = spans[draw(st.integers(0, len(spans) - 1))]
        action = draw(_pick(["delete", "repeat", "replace"]))
        token = text[start:end]
        new = {"delete": "", "repeat": f"{token} {token}", "replace": draw(_pick(_INSERTS))}[action]
        text = text[:start] + new + text[end:]
        spans = [m.span() for m in _TOKEN.finditer(text)] or [(0, 0)]
    return text


# ---------------------------------------------------------------- datasets

_VALUES: list[object] = [
    10**400, -(10**400), 10**308, 1e308, 1.7976931348623157e308, 0, -1, 2.5, True, None, "",
    "x\ud800", "\udfff", "[red]x[/red]", "\x1b[2J", "٢٠٢١-٠٦-٠١", "0001-01-01", "9999-12-31",
    "2021-02-30", "current", "abolished", [], {}, [[[[[]]]]], {"a": {"b": 1}}, "x" * 2000,
]  # fmt: skip


@st.composite
def mutated_datasets(draw: st.DrawFn) -> dict[str, Any]:
    """The coal data with a few values replaced by edge values, or keys added or removed."""
    data = copy.deepcopy(COAL_DATA)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(_pick(["enterprises", "standards", "titles"]))
        records = data[kind]
        if not records:
            continue
        record = records[draw(st.integers(0, len(records) - 1))]
        target = record
        nested = [k for k, v in record.items() if isinstance(v, dict) and v]
        if nested and draw(st.booleans()):
            target = record[draw(_pick(nested))]
        keys = sorted(target)
        action = draw(_pick(["set", "set", "delete", "add"]))
        if action == "add":
            target[draw(_pick(["extra", "\ud800", "x"]))] = draw(st.sampled_from(_VALUES))
        elif keys:
            key = draw(_pick(keys))
            if action == "delete":
                del target[key]
            else:
                target[key] = draw(st.sampled_from(_VALUES))
    return data


def record_count(data: dict[str, Any]) -> int:
    return sum(len(data.get(k) or ()) for k in ("enterprises", "standards", "titles"))


def as_json_lines(data: dict[str, Any]) -> str:
    kinds = {"enterprises": "enterprise", "standards": "standard", "titles": "title"}
    rows = [
        {"type": kinds[key], **record} if isinstance(record, dict) else record
        for key in kinds
        for record in data.get(key) or ()
    ]
    return "\n".join(json.dumps(row) for row in rows) + "\n"
