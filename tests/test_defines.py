"""Reuse (SPEC §2.4): defines, libraries and `use`, checked where each mistake is, free to run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from evalkit import E1, E2, D, dataset, enterprise, standard
from standards_rules import RulesetError, evaluate, load_ruleset, parse_ruleset
from standards_rules.cli import main
from standards_rules.compile import compile_ruleset
from standards_rules.records.model import Event, EventKind, Title

LIBRARY = """library shared "共用" {
  define core_stricter "核心指标严于国家标准和行业标准":
    all i in indicators:
      i.class != "core" or (i.value better_than i.national and i.value better_than i.industry)
  define serious(e: event) "重大事故":
    (e.kind == "process_change" and e.major)
    or (e.kind in ["environmental_accident", "safety_accident", "quality_problem"] and e.major)
  define excluded_on(d: date): any w in enterprise.withdrawals: w.excluded_until > d
}
"""
INDICATORS = """
  indicator sulfur "全硫" { better lower weight 0.6 national 1.0 industry 0.8 }
  indicator ash "灰分" { better lower weight 0.4 national 25 industry none }
  indicator moisture "水分" { class basic better lower national 12 }
"""
WITH_DEFINES = f"""ruleset plan "方案" {{
  use "shared.rules"
  subject product
  {INDICATORS}
  eligible {{
    rule stricter cite "三.4": core_stricter
    rule not_excluded cite "三.7": not excluded_on(as_of)
  }}
  score weighted normalize relative to national
  withdraw {{
    trigger accident cite "三.7(3)": any e in events: serious(e)
    exclude 3 years
  }}
}}
"""
WRITTEN_OUT = f"""ruleset plan "方案" {{
  subject product
  {INDICATORS}
  eligible {{
    rule stricter cite "三.4":
      all i in indicators:
        i.class != "core" or (i.value better_than i.national and i.value better_than i.industry)
    rule not_excluded cite "三.7":
      not (any w in enterprise.withdrawals: w.excluded_until > as_of)
  }}
  score weighted normalize relative to national
  withdraw {{
    trigger accident cite "三.7(3)":
      any e in events:
        (e.kind == "process_change" and e.major)
        or (e.kind in ["environmental_accident", "safety_accident", "quality_problem"] and e.major)
    exclude 3 years
  }}
}}
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "shared.rules").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "plan.rules").write_text(WITH_DEFINES, encoding="utf-8")
    (tmp_path / "plain.rules").write_text(WRITTEN_OUT, encoding="utf-8")
    return tmp_path


def test_a_plan_with_defines_compiles_to_the_same_code_as_written_out(files: Path) -> None:
    with_defines = compile_ruleset(load_ruleset(files / "plan.rules").ast)
    written_out = compile_ruleset(load_ruleset(files / "plain.rules").ast)
    # Quantifier variables of inlined bodies are renamed; the generated code is not.
    assert with_defines.source == written_out.source


VALUES = st.sampled_from([0.3, 0.8, 0.85, 1.0, 1.2, 20.0, 25.0, 30.0])


@settings(max_examples=40, deadline=None)
@given(
    sulfur=st.lists(VALUES, min_size=1, max_size=4),
    ash=VALUES,
    moisture=VALUES,
    major=st.booleans(),
    kind=st.sampled_from(EventKind),
    excluded_until=st.sampled_from([D(2021, 1, 1), D(2022, 1, 1)]),
)
def test_a_plan_with_defines_and_written_out_give_byte_identical_reports(
    tmp_path_factory: pytest.TempPathFactory,
    sulfur: list[float],
    ash: float,
    moisture: float,
    major: bool,
    kind: EventKind,
    excluded_until: D,
) -> None:
    folder = tmp_path_factory.mktemp("plans")
    (folder / "shared.rules").write_text(LIBRARY, encoding="utf-8")
    with_defines = parse_ruleset(WITH_DEFINES, str(folder / "plan.rules"))
    written_out = parse_ruleset(WRITTEN_OUT, str(folder / "plan.rules"))
    from standards_rules.records.model import Withdrawal

    records = [
        standard(f"Q/A {n:04d}-2021", E1 if n % 2 else E2, sulfur=s, ash=ash, moisture=moisture)
        for n, s in enumerate(sulfur)
    ]
    events = (Event(kind, D(2021, 3, 1), major),)
    past = (Withdrawal(D(2019, 1, 1), excluded_until, "fraud"),)
    enterprises = (enterprise(E1, events=events), enterprise(E2, withdrawals=past))
    titles = (Title(records[0].number, "plan", D(2020, 6, 1), D(2023, 6, 1)),)
    ds = dataset(*records, enterprises=enterprises, titles=titles)
    one = json.loads(evaluate(with_defines, ds, as_of=D(2021, 6, 1)).to_json())
    other = json.loads(evaluate(written_out, ds, as_of=D(2021, 6, 1)).to_json())
    # The two files differ, so their hashes do: everything else is byte for byte the same.
    del one["ruleset"]["sha256"], other["ruleset"]["sha256"]
    assert json.dumps(one, ensure_ascii=False) == json.dumps(other, ensure_ascii=False)


def test_sha256_covers_the_ruleset_and_its_libraries_in_order_of_first_use(files: Path) -> None:
    (files / "base.rules").write_text("library base { define yes: true }\n", encoding="utf-8")
    (files / "shared.rules").write_text(
        LIBRARY.replace('library shared "共用" {', 'library shared "共用" {\n  use "base.rules"'),
        encoding="utf-8",
    )
    checked = load_ruleset(files / "plan.rules")
    expected = hashlib.sha256(
        (
            WITH_DEFINES + (files / "shared.rules").read_text() + (files / "base.rules").read_text()
        ).encode()
    ).hexdigest()
    assert checked.sha256 == expected
    assert [Path(s.path).name for s in checked.libraries] == ["shared.rules", "base.rules"]


def test_sha256_is_of_the_files_bytes_byte_order_marks_and_line_ends_too(files: Path) -> None:
    mark = b"\xef\xbb\xbf"
    (files / "plan.rules").write_bytes(mark + WITH_DEFINES.replace("\n", "\r\n").encode())
    (files / "shared.rules").write_bytes(mark + LIBRARY.encode())
    checked = load_ruleset(files / "plan.rules")
    files_bytes = (files / "plan.rules").read_bytes() + (files / "shared.rules").read_bytes()
    assert checked.sha256 == hashlib.sha256(files_bytes).hexdigest()
    with open(files / "plan.rules", encoding="utf-8", newline="") as handle:
        text = handle.read()  # the mark is its first character
    again = parse_ruleset(text, str(files / "plan.rules"))
    assert again.sha256 == checked.sha256


def test_a_mistake_in_a_library_is_reported_once_at_its_own_line(files: Path) -> None:
    broken = LIBRARY.replace("w.excluded_until > d", "w.excluded_untill > d")
    (files / "shared.rules").write_text(broken, encoding="utf-8")
    (files / "other.rules").write_text(WITH_DEFINES.replace("plan", "other"), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(files / "plan.rules"), str(files / "other.rules")]
    )
    assert result.exit_code == 1
    headers = [line for line in result.stdout.splitlines() if "error[" in line]
    assert len(headers) == 1, result.stdout
    path = str(files / "shared.rules")
    assert headers[0].startswith(f"{path}:8:")
    assert "error[E203]" in headers[0] and "excluded_until" in headers[0]
    assert "w.excluded_untill > d" in result.stdout  # the library's own line is shown


def test_a_syntax_error_in_a_library_shows_the_library_line(files: Path) -> None:
    (files / "shared.rules").write_text(LIBRARY.replace("> d\n", "> \n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(files / "plan.rules")])
    assert result.exit_code == 1
    assert f"{files / 'shared.rules'}:9:1: error[E101]" in result.stdout
    assert "\n    }\n    ^\n" in result.stdout  # the line and its caret


def _errors(text: str, files: Path) -> list[tuple[str, str]]:
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, str(files / "plan.rules"))
    return [(d.code, d.message) for d in caught.value.diagnostics if d.is_error]


def test_a_missing_library_is_one_error_not_one_per_name_it_would_give(files: Path) -> None:
    (files / "shared.rules").unlink()
    assert [code for code, _ in _errors(WITH_DEFINES, files)] == ["E110"]


def test_a_library_that_does_not_parse_explains_only_the_names_it_defines(files: Path) -> None:
    (files / "shared.rules").write_text(LIBRARY.replace("> d\n", "> \n"), encoding="utf-8")
    text = WITH_DEFINES.replace('cite "三.4": core_stricter', 'cite "三.4": core_strict')
    errors = _errors(text, files)
    assert sorted(code for code, _ in errors) == ["E101", "E202"]
    (unknown,) = [message for code, message in errors if code == "E202"]
    assert "'core_strict'" in unknown
    # the names the library does define are not unknown: its syntax error says why
    assert [code for code, _ in _errors(WITH_DEFINES, files)] == ["E101"]


def test_a_library_checks_alone(files: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(files / "shared.rules")])
    assert result.exit_code == 0, result.stdout


def test_a_file_is_a_library_by_its_syntax(files: Path, tmp_path: Path) -> None:
    from standards_rules.frontend import is_library

    assert is_library(files / "shared.rules")
    assert not is_library("rulesets/jincheng/coal.rules")
    broken = tmp_path / "broken.rules"
    broken.write_text('library broken "坏" {\n  define d: 1 +\n}\n', encoding="utf-8")
    assert is_library(broken)  # a library with a mistake is still a library
    comment = tmp_path / "comment.rules"
    comment.write_text("# library notes\nruleset r {\n}\n", encoding="utf-8")
    assert not is_library(comment)


def test_a_library_is_not_a_ruleset(files: Path) -> None:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(files / "shared.rules")
    assert [d.code for d in caught.value.diagnostics] == ["E112"]


def test_two_libraries_defining_one_name_name_both_places(files: Path) -> None:
    (files / "again.rules").write_text(
        "library again {\n  define serious(e: event): e.major\n}\n", encoding="utf-8"
    )
    text = WITH_DEFINES.replace('use "shared.rules"', 'use "shared.rules"\n  use "again.rules"')
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, str(files / "plan.rules"))
    (clash,) = [d for d in caught.value.diagnostics if d.code == "E212"]
    assert clash.path == str(files / "again.rules") and clash.span.line == 2
    assert f"{files / 'shared.rules'}:5" in clash.message


def test_a_use_cycle_through_two_libraries_is_located_at_the_use(files: Path) -> None:
    (files / "a.rules").write_text('library a {\n  use "b.rules"\n}\n', encoding="utf-8")
    (files / "b.rules").write_text('library b {\n  use "a.rules"\n}\n', encoding="utf-8")
    text = WITH_DEFINES.replace('use "shared.rules"', 'use "shared.rules"\n  use "a.rules"')
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, str(files / "plan.rules"))
    (cycle,) = [d for d in caught.value.diagnostics if d.code == "E111"]
    assert cycle.path == str(files / "b.rules") and cycle.span.line == 2


def test_a_use_of_a_symbolic_link_loop_is_a_library_that_cannot_be_read(files: Path) -> None:
    (files / "loop.rules").symlink_to(files / "back.rules")
    (files / "back.rules").symlink_to(files / "loop.rules")
    text = WITH_DEFINES.replace('use "shared.rules"', 'use "shared.rules"\n  use "loop.rules"')
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, str(files / "plan.rules"))
    (unreadable,) = [d for d in caught.value.diagnostics if d.code == "E110"]
    assert unreadable.span.line == 3 and "cannot be read" in unreadable.message


def test_a_used_ruleset_is_an_error_at_the_use(files: Path) -> None:
    text = WITH_DEFINES.replace('use "shared.rules"', 'use "shared.rules"\n  use "plain.rules"')
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, str(files / "plan.rules"))
    (used,) = [d for d in caught.value.diagnostics if d.code == "E112"]
    assert used.path == str(files / "plan.rules") and used.span.line == 3


def test_a_define_that_reads_awarded_is_for_triggers_only() -> None:
    text = f"""ruleset plan {{
  subject product
  {INDICATORS}
  define lowered(i: indicator): i.awarded != none and i.value worse_than i.awarded
  eligible {{ rule r: not (any i in indicators: lowered(i)) }}
  withdraw {{ trigger t: any i in indicators: lowered(i) }}
}}
"""
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text)
    assert [(d.code, d.span.line) for d in caught.value.diagnostics if d.is_error] == [("E211", 9)]


def test_the_spec_second_edition_examples_check_and_run() -> None:
    root = Path(__file__).parents[1] / "rulesets" / "spec"
    checked = load_ruleset(root / "second_edition.rules")
    assert checked.warnings == ()
    from standards_rules import load_dataset

    ds = load_dataset(root / "examples" / "second-edition.json")
    report = evaluate(checked, ds, as_of="2021-06-01")
    assert report.bands and report.titles and report.withdrawals


def test_a_library_is_lowered_once_for_every_plan_that_uses_it(files: Path) -> None:
    from standards_rules.frontend import analyse_file, read_source

    (files / "other.rules").write_text(WITH_DEFINES.replace("plan", "other"), encoding="utf-8")
    first = analyse_file(read_source(files / "plan.rules")).libraries.loaded[0]
    second = analyse_file(read_source(files / "other.rules")).libraries.loaded[0]
    assert second.library is first.library  # the same tree, not a second parse
    # A changed library is read anew: what is kept is keyed by the file's text.
    (files / "shared.rules").write_text(LIBRARY.replace("重大事故", "重大"), encoding="utf-8")
    changed = analyse_file(read_source(files / "plan.rules")).libraries.loaded[0]
    assert changed.library is not first.library
    assert [d.label for d in changed.library.defines][1] == "重大"
