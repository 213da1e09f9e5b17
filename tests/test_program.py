"""The program: `check` ends without freeing the heap, with all its output and its exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from standards_rules.cli import main

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "rulesets" / "spec" / "second_edition.rules"

# The program run as `standards-rules ARGS…`, with an exit handler that says whether the
# interpreter shut down as usual (handlers run) or the process just ended.
PROBE = """
import atexit, sys
atexit.register(lambda: print("shut down", file=sys.stderr))
sys.argv = ["standards-rules", *sys.argv[1:]]
from standards_rules.program import run
run()
"""


def _program(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=False
    )


def test_check_of_a_good_plan_ends_at_once_with_success() -> None:
    done = _program("check", str(PLAN))
    assert done.returncode == 0
    assert done.stderr == "ok: 1 ruleset(s) checked\n"  # and no "shut down"


def test_check_of_bad_plans_prints_every_diagnostic_before_it_ends(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    paths = []
    for n in range(60):  # output well past a pipe's buffer
        path = tmp_path / f"bad{n}.rules"
        path.write_text(text.replace("standard.", "standard.nosuchfield_", 3), encoding="utf-8")
        paths.append(str(path))
    done = _program("check", *paths)
    expected = CliRunner().invoke(main, ["check", *paths])
    assert expected.exit_code == 1 and done.returncode == 1
    assert len(done.stdout) > 65536
    assert done.stdout == expected.stdout


def test_other_commands_shut_down_as_usual() -> None:
    done = _program("--version")
    assert done.returncode == 0
    assert "standards-rules" in done.stdout and done.stderr == "shut down\n"
    unknown = _program("no-such-command")
    assert unknown.returncode == 2 and unknown.stderr.endswith("shut down\n")
