"""`-o FILE` and `--format`: the extension names the format; a contradiction is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_rules.cli import main
from standards_rules.render.output import OutputError, output_format

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
ARGS = [
    "evaluate",
    str(FIXTURES / "spec_example.rules"),
    str(FIXTURES / "coal-small.json"),
    "--as-of",
    "2021-06-01",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*ARGS, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("requested", "output", "expected"),
    [
        (None, None, "json"),
        ("table", None, "table"),
        (None, "r.json", "json"),
        (None, "notice.html", "html"),
        (None, "notice.htm", "table"),  # only .json, .html and .xlsx name a format
        ("html", "notice.htm", "html"),
        (None, "record.xlsx", "xlsx"),
        ("xlsx", "record.xlsx", "xlsx"),
        (None, "R.JSON", "json"),
        (None, "r.txt", "table"),
        (None, "report", "table"),
        ("json", "r.txt", "json"),
        ("json", "r.json", "json"),
    ],
)
def test_the_format_follows_the_option_then_the_extension(
    requested: str | None, output: str | None, expected: str
) -> None:
    assert output_format(requested, output) == expected


def test_a_contradicting_format_is_refused() -> None:
    with pytest.raises(OutputError, match=r"contradicts r\.json"):
        output_format("table", "r.json")


def test_the_extension_chooses_what_is_written(tmp_path: Path) -> None:
    as_json, as_text = tmp_path / "r.json", tmp_path / "r.txt"
    assert run("-o", str(as_json))[0] == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["ruleset"]["id"] == "jincheng_coal"
    assert run("-o", str(as_text))[0] == 0
    assert "排行榜" in as_text.read_text(encoding="utf-8")


def test_a_contradiction_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    code, _, err = run("--format", "table", "-o", str(target))
    assert code == 2 and "contradicts" in err and "Traceback" not in err
    assert not target.exists()


def test_an_unwritable_output_exits_2(tmp_path: Path) -> None:
    code, _, err = run("-o", str(tmp_path / "missing" / "r.txt"))
    assert code == 2 and "cannot be written" in err


def test_html_and_a_piped_workbook_go_to_standard_output() -> None:
    html = CliRunner().invoke(main, [*ARGS, "--format", "html"])
    assert html.exit_code == 0 and html.stdout.startswith("<!DOCTYPE html>")
    book = CliRunner().invoke(main, [*ARGS, "--format", "xlsx"])
    assert book.exit_code == 0 and book.stdout_bytes.startswith(b"PK")


def test_standard_output_that_cannot_be_written_is_named_as_such(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from standards_rules import evaluate, load_dataset, load_ruleset
    from standards_rules.render.context import Plan, Records
    from standards_rules.render.output import write_report

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def isatty(self) -> bool:
            return False

    ruleset = load_ruleset(FIXTURES / "spec_example.rules")
    dataset = load_dataset(FIXTURES / "coal-small.json")
    report = evaluate(ruleset, dataset, as_of="2021-06-01")
    monkeypatch.setattr("sys.stdout", ClosedPipe())
    for fmt in ("json", "table", "html"):
        with pytest.raises(OutputError, match=r"^standard output: cannot be written"):
            write_report(
                report, Plan.of(ruleset), Records.of(dataset), fmt=fmt, output=None, lang="zh"
            )
