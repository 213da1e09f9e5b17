"""Every diagnostic code is documented in docs/diagnostics.md with an example that gives it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from standards_rules.diagnostics import CODES, render_json, render_text
from standards_rules.frontend import analyse
from standards_rules.source import Source
from standards_rules.syntax.parser import MAX_SOURCE_BYTES, MAX_TREE_DEPTH

DOCS = Path(__file__).parents[1] / "docs" / "diagnostics.md"
SECTION = re.compile(r"^## (?P<code>[EW]\d{3}): .*?(?=^## |\Z)", re.M | re.S)
RULES = re.compile(r"```rules\n(?P<text>.*?)\n```", re.S)
OUTPUT = re.compile(r"```text\n(?P<text>.*?)\n```", re.S)
# Codes whose example cannot be a short file: generated here instead.
GENERATED = {
    "E103": "ruleset r { subject product indicator a { better lower } eligible { rule x: "
    + "(1 + " * (MAX_TREE_DEPTH + 10)
    + "1"
    + ")" * (MAX_TREE_DEPTH + 10)
    + " > 0 } }",
    "E106": "# " + "x" * (MAX_SOURCE_BYTES + 10),
}
# Reported by `standards-rules test` once an example's data loads (tests/test_examples_runner.py).
NOT_FROM_CHECK = {"W505"}


def documented() -> dict[str, str]:
    return {m["code"]: m.group(0) for m in SECTION.finditer(DOCS.read_text(encoding="utf-8"))}


def test_every_code_is_documented() -> None:
    assert set(documented()) == set(CODES)


@pytest.mark.parametrize("code", sorted(set(CODES) - NOT_FROM_CHECK))
def test_every_code_has_a_failing_example(code: str) -> None:
    section = documented()[code]
    example = RULES.search(section)
    text = GENERATED[code] if code in GENERATED else example["text"] + "\n" if example else ""
    assert text, f"{code} has no example"
    source = Source("example.rules", text)
    _, diagnostics = analyse(source)
    hits = [d for d in diagnostics if d.code == code]
    assert hits, f"{code}: the example gives {[d.code for d in diagnostics]}"
    shown = OUTPUT.search(section)
    assert shown is not None
    header = shown["text"].splitlines()[0]
    if code not in GENERATED:
        assert render_text(hits[0], source) == shown["text"]
    else:
        assert header.split(": ")[1] == f"error[{code}]"


def test_every_code_is_exercised() -> None:
    covered = {code for code in documented() if RULES.search(documented()[code])}
    assert covered | set(GENERATED) | NOT_FROM_CHECK == set(CODES)


def test_json_rendering_has_the_spec_keys() -> None:
    _, diagnostics = analyse(Source("a.rules", "ruleset r { }"))
    rows = json.loads(render_json(diagnostics))
    assert rows
    for row in rows:
        assert set(row) == {
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message",
        }


def test_caret_sits_under_wide_characters() -> None:
    text = "ruleset r { subject product indicator 全硫 { better lower } eligible { rule x: 全 } }"
    source = Source("a.rules", text)
    _, diagnostics = analyse(source)
    rendered = render_text(next(d for d in diagnostics if d.code == "E202"), source)
    line, carets = rendered.splitlines()[1:]
    assert carets.index("^") == len(line[: line.index("全 }")]) + line[: line.index("全 }")].count(
        "全"
    ) + line[: line.index("全 }")].count("硫")


@pytest.mark.parametrize("code", sorted(set(CODES) - NOT_FROM_CHECK - set(GENERATED)))
def test_every_example_of_a_code_gives_what_is_shown(code: str) -> None:
    section = documented()[code]
    pairs = list(zip(RULES.finditer(section), OUTPUT.finditer(section), strict=False))
    assert pairs
    for example, shown in pairs:
        source = Source("example.rules", example["text"] + "\n")
        rendered = [render_text(d, source) for d in analyse(source)[1] if d.code == code]
        assert shown["text"] in rendered


def test_control_characters_of_a_plan_are_shown_as_escapes_with_the_caret_under_them() -> None:
    text = (
        "ruleset r { subject product indicator a { better lower } "
        'eligible { rule x: "\x1b[2J\x07" + nope } }'
    )
    source = Source("a.rules", text)
    _, diagnostics = analyse(source)
    rendered = render_text(next(d for d in diagnostics if d.code == "E202"), source)
    assert "\x1b" not in rendered and "\x07" not in rendered
    line, carets = rendered.splitlines()[1:]
    assert '"\\x1b[2J\\x07" + nope' in line
    assert line[carets.index("^") :].startswith("nope")
    assert carets.strip() == "^^^^"


def test_a_tab_in_the_line_stays_a_tab_so_the_caret_keeps_its_place() -> None:
    source = Source("a.rules", "ruleset r {\tsubject product indicator a { better lower } nope }")
    rendered = render_text(analyse(source)[1][0], source)
    line, carets = rendered.splitlines()[1:]
    assert "\t" in line and carets.count("\t") == line[: carets.index("^")].count("\t")


def test_a_very_long_line_is_cut_around_the_span() -> None:
    rule = 'rule x: "' + "长" * 3000 + '" == nope or "' + "x" * 3000 + '" == ""'
    source = Source(
        "a.rules",
        f"ruleset r {{ subject product indicator a {{ better lower }} eligible {{ {rule} }} }}",
    )
    diagnostic = next(d for d in analyse(source)[1] if d.code == "E202")
    line, carets = render_text(diagnostic, source).splitlines()[1:]
    assert len(line) < 200
    assert line.startswith("    …长长") and '长" == nope or "xxx' in line and line.endswith("x…")
    at = line.index("nope")
    assert carets.index("^") == len(line[:at]) + line[:at].count("长")
    assert carets.strip() == "^^^^"


def test_a_line_of_a_few_hundred_characters_is_shown_whole() -> None:
    rule = 'rule x: "' + "x" * 400 + '" == nope'
    text = f"ruleset r {{ subject product indicator a {{ better lower }} eligible {{ {rule} }} }}"
    source = Source("a.rules", text)
    diagnostic = next(d for d in analyse(source)[1] if d.code == "E202")
    assert render_text(diagnostic, source).splitlines()[1] == "    " + text
