"""`standards-rules check` on good, bad and hostile input: a clear message and an exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_rules.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_good_ruleset_exits_0() -> None:
    code, _ = run("check", str(FIXTURES / "good" / "spec_example.rules"))
    assert code == 0


def test_bad_ruleset_exits_1_with_every_diagnostic() -> None:
    code, output = run("check", str(FIXTURES / "bad" / "dozen_mistakes.rules"))
    assert code == 1
    assert "dozen_mistakes.rules:22:27: error[E201]: unknown indicator 'sulphur'" in output
    assert "^^^^^^^" in output


def test_json_format() -> None:
    code, output = run("check", "--format", "json", str(FIXTURES / "bad" / "dozen_mistakes.rules"))
    assert code == 1
    assert {row["code"] for row in json.loads(output)} >= {"E201", "E203", "W501"}


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path / "nope.rules"))
    assert code == 2
    assert "no such file" in output


def test_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.rules"
    path.write_bytes('ruleset r { version "é" }'.encode("latin-1"))
    code, output = run("check", str(path))
    assert code == 2
    assert "not UTF-8" in output


def test_empty_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "empty.rules"
    path.write_text("")
    code, output = run("check", str(path))
    assert code == 1
    assert "the file is empty" in output


def test_ten_megabyte_file_is_refused_unread_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "big.rules"
    path.write_text("# " + "x" * 10_000_000 + "\n")
    code, output = run("check", str(path))
    assert code == 2
    assert "is larger than 2 MB" in output


def test_an_endless_device_as_a_ruleset_is_refused_with_exit_2() -> None:
    code, output = run("check", "/dev/zero")
    assert code == 2
    assert "/dev/zero: is larger than 2 MB" in output


@pytest.mark.parametrize(
    "body",
    ["(" * 3000 + "1" + ")" * 3000 + " > 0", "(1 + " * 3000 + "1" + ")" * 3000 + " > 0"],
    ids=["parentheses", "sums"],
)
def test_three_thousand_nested_parentheses(tmp_path: Path, body: str) -> None:
    path = tmp_path / "deep.rules"
    head = "ruleset r { subject product indicator a { better lower } eligible"
    path.write_text(f"{head} {{ rule a: {body} }} }}")
    code, output = run("check", str(path))
    assert code in (0, 1)
    assert "Traceback" not in output


def test_module_entry_point_through_a_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "deep.rules"
    path.write_text("ruleset r { eligible { rule a: " + "(" * 3000 + "1" + ")" * 3000 + " } }")
    result = subprocess.run(
        [sys.executable, "-m", "standards_rules", "check", str(path), str(tmp_path / "gone")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
