"""`fmt`: canonical layout that keeps every comment and never changes what a ruleset means."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from standards_rules.cli import main
from standards_rules.source import Source
from standards_rules.syntax.format import FormatError, format_source, format_text
from standards_rules.syntax.parser import build_parser, parse_tree

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(
    [*ROOT.glob("rulesets/**/*.rules"), *ROOT.glob("tests/fixtures/good/*.rules")],
    key=str,
)

MESSY = """# a plan
ruleset  demo "示例"{
subject product
   indicator ash "灰分" { better lower
 weight 1   national 25.0 # the limit
tier leader -1.5 }
eligible{
rule low "低灰":all i in indicators:i.value better_than i.national and
len( standard.products )>0
  rule r2: indicators.ash.value < -( 2 + 3 ) * x[ 0 ]


}
score weighted normalize relative to national
leaders { top 10 % }
publicity 10   working   days
}
"""

CANONICAL = """# a plan
ruleset demo "示例" {
  subject product
  indicator ash "灰分" { better lower
    weight 1 national 25.0  # the limit
    tier leader -1.5 }
  eligible {
    rule low "低灰": all i in indicators: i.value better_than i.national and
      len(standard.products) > 0
    rule r2: indicators.ash.value < -(2 + 3) * x[0]

  }
  score weighted normalize relative to national
  leaders { top 10% }
  publicity 10 working days
}
"""


def test_a_messy_ruleset_gets_the_canonical_layout() -> None:
    assert format_text(MESSY) == CANONICAL


def test_lines_ended_by_a_lone_cr_get_the_same_layout() -> None:
    """A comment ends at a lone CR as at LF: the next line is not taken into it."""
    assert format_text(MESSY.replace("\n", "\r")) == CANONICAL
    assert format_text(MESSY.replace("\n", "\r\n")) == CANONICAL


def test_consecutive_trailing_comments_share_a_column() -> None:
    text = 'ruleset x {\n  subject product  # kind\n  version "1"    # edition\n}\n'
    assert format_text(text).splitlines()[1:3] == [
        "  subject product  # kind",
        '  version "1"      # edition',
    ]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_rulesets_are_formatted(path: Path) -> None:
    source = Source(str(path), path.read_text(encoding="utf-8"))
    assert format_source(source) == source.text


def _ast(text: str) -> object:
    from standards_rules.syntax.lower import lower_file

    tree, diagnostics = parse_tree(Source("x.rules", text))
    assert tree is not None, diagnostics
    return lower_file(tree, Source("x.rules", text))[0]


SEPARATED = {
    terminal.name: st.sampled_from([" ", "\n", "  \n\n\t"]).map(
        lambda gap, value=terminal.pattern.value: value + gap
    )
    for terminal in build_parser().terminals
    if terminal.pattern.type == "str"
}
SEPARATED.update(
    {
        "NAME": st.sampled_from(["standard ", "i\n", "全硫 ", "value "]),
        "STRING": st.sampled_from(['"a" ', '"# not a comment"\n']),
        "DATE": st.just("2021-04-22 "),
        "NUMBER": st.sampled_from(["0 ", "1.50\n", "1e-3 "]),
        "DURATION_UNIT": st.sampled_from(["days ", "working  days\n"]),
        "COMMENT": st.sampled_from(["# c\n", "#\n"]),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_lark(build_parser(), explicit=SEPARATED))
def test_formatting_keeps_the_meaning_and_is_idempotent(text: str) -> None:
    tree, _ = parse_tree(Source("x.rules", text))
    if tree is None:
        return
    formatted = format_text(text)
    assert _ast(formatted) == _ast(text)
    assert format_text(formatted) == formatted
    assert formatted.count("#") == text.count("#")


def test_a_ruleset_that_does_not_parse_is_reported_not_formatted() -> None:
    with pytest.raises(FormatError) as raised:
        format_source(Source("bad.rules", "ruleset x { eligible { rule a: 1 < } }"))
    assert raised.value.diagnostics[0].code == "E101"


def test_fmt_check_reports_and_fmt_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "messy.rules"
    path.write_text(MESSY, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(path)])
    assert checked.exit_code == 1 and "would reformat" in checked.output
    assert path.read_text(encoding="utf-8") == MESSY
    rewritten = runner.invoke(main, ["fmt", str(path)])
    assert rewritten.exit_code == 0 and path.read_text(encoding="utf-8") == CANONICAL
    assert runner.invoke(main, ["fmt", "--check", str(path)]).exit_code == 0


def test_fmt_exit_codes_for_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rules"
    bad.write_text("ruleset x { eligible { rule a: 1 < } }", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["fmt", str(bad)])
    assert result.exit_code == 1 and "E101" in result.output
    assert runner.invoke(main, ["fmt", str(tmp_path / "missing.rules")]).exit_code == 2


# ------------------------------------------- leaders: per enterprise and valid after `top`

LEADERS_HEAD = """ruleset r "领跑者" {
  subject product
  indicator a { better lower weight 1 national 1.0 }
  eligible { rule x: true }
  score weighted normalize relative to national
"""
# `top` expressions that run over several lines, written as they were typed.
MULTILINE_TOPS = (
    "top if declared >= 30\n then 3\n else 1",
    "top if declared >= 30 then 3 else\n count i in indicators:\n i.weight > 0",
    "top max(1,\n cohort / 10)",
    "top if declared >= 30  # 三.5\n   then 3 else 1  # 公开标准数量",
    "top 10\n%",
)


def _leaders(top: str, gap: str) -> str:
    body = (
        f"{gap}{top}{gap}per enterprise 1{gap}valid 3 years{gap}require consent: enterprise.consent"
    )
    return f"{LEADERS_HEAD}  leaders {{{body}\n  }}\n}}\n"


@pytest.mark.parametrize("top", MULTILINE_TOPS)
def test_per_enterprise_and_valid_after_a_multiline_top_stay_items(top: str) -> None:
    text = _leaders(top, "\n      ")
    formatted = format_text(text)
    lines = formatted.splitlines()
    items = [line for line in lines if line.lstrip().startswith(("per ", "valid ", "require "))]
    assert items == [
        "    per enterprise 1",
        "    valid 3 years",
        "    require consent: enterprise.consent",
    ]
    top_lines = lines[lines.index("  leaders {") + 1 : lines.index("    per enterprise 1")]
    assert top_lines[0].startswith("    top ")
    assert all(
        line.startswith("      ") for line in top_lines[1:] if not line.lstrip().startswith("#")
    )
    assert _ast(formatted) == _ast(text)
    assert format_text(formatted) == formatted


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(MULTILINE_TOPS),
    st.lists(st.sampled_from([" ", "\n", "\n\n   ", "  # 注\n"]), min_size=4, max_size=4),
)
def test_leaders_layouts_round_trip(top: str, gaps: list[str]) -> None:
    items = [top, "per enterprise 1", "valid 3 years", "require consent: enterprise.consent"]
    body = "".join(gap + item for gap, item in zip(gaps, items, strict=True))
    text = f"{LEADERS_HEAD}  leaders {{{body}\n  }}\n}}\n"
    formatted = format_text(text)
    assert _ast(formatted) == _ast(text)
    assert format_text(formatted) == formatted
    for line in formatted.splitlines():
        if line.lstrip().startswith(("per ", "valid ", "require ")):
            assert line.startswith("    ") and not line.startswith("     "), formatted


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_fmt_keeps_a_byte_order_mark_and_the_line_ends(
    tmp_path: Path, ending: str, mark: bytes
) -> None:
    path = tmp_path / "messy.rules"
    path.write_bytes(mark + MESSY.replace("\n", ending).encode("utf-8"))
    runner = CliRunner()
    assert runner.invoke(main, ["fmt", "--check", str(path)]).exit_code == 1
    assert runner.invoke(main, ["fmt", str(path)]).exit_code == 0
    assert path.read_bytes() == mark + CANONICAL.replace("\n", ending).encode("utf-8")
    again = runner.invoke(main, ["fmt", "--check", str(path)])
    assert again.exit_code == 0 and again.output == ""


def test_fmt_ends_every_line_of_a_mixed_file_as_its_first(tmp_path: Path) -> None:
    path = tmp_path / "mixed.rules"
    path.write_bytes(CANONICAL.replace("\n", "\r\n", 1).encode("utf-8"))
    runner = CliRunner()
    checked = runner.invoke(main, ["fmt", "--check", str(path)])
    assert checked.exit_code == 1 and "would reformat" in checked.output
    assert runner.invoke(main, ["fmt", str(path)]).exit_code == 0
    assert path.read_bytes() == CANONICAL.replace("\n", "\r\n").encode("utf-8")
