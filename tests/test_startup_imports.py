"""Commands import only what they use: `check` and `--help` stay clear of the heavy parts."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

PLAN = Path(__file__).parent.parent / "rulesets" / "spec" / "second_edition.rules"

HEAVY = ("hypothesis", "rich", "holidays", "standards_rules.evaluate", "standards_rules.compile")
# What `check` has no use for either: the dataset loader (cattrs, orjson), the renderers,
# the record classes (the checker reads their fields from `check.record_fields`), RE2
# (for `matches` patterns a backtracking engine cannot match in bounded time; the
# bundled plans' can), the machinery for reading package data out of a zip archive, and
# the wording of syntax errors (a good plan has none), nor pathlib (with urllib and
# ipaddress, ~3 % of the command: its paths are handled as text).
NOT_FOR_CHECK = (
    *HEAVY,
    "cattrs",
    "orjson",
    "standards_rules.records",
    "standards_rules.records.load",
    "standards_rules.records.model",
    "standards_rules.check.described_records",
    "jinja2",
    "re2",
    "importlib.resources",
    "standards_rules.syntax.messages",
    "pathlib",
)
# `--help` parses nothing: not even the grammar or the checker.
NOT_FOR_HELP = (*NOT_FOR_CHECK, "lark", "standards_rules.frontend", "standards_rules.check")

PROBE = """
import json, sys
from standards_rules.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _imported(*arguments: str) -> tuple[object, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


def test_check_of_a_bundled_plan_imports_no_heavy_module() -> None:
    code, modules = _imported("check", str(PLAN))
    assert code in (0, None)
    assert "standards_rules.check" in modules  # the probe really checked the plan
    assert not modules.intersection(NOT_FOR_CHECK)


def test_help_imports_no_heavy_module() -> None:
    code, modules = _imported("--help")
    assert code in (0, None)
    assert "click" in modules  # the probe really ran the command line
    assert not modules.intersection(NOT_FOR_HELP)


def test_help_lists_the_lazy_commands_with_their_own_summaries() -> None:
    from click.testing import CliRunner

    from standards_rules.cli import _LazyGroup, main
    from standards_rules.testing import commands

    for name, attribute in _LazyGroup.lazy.items():
        command = getattr(commands, attribute)
        assert _LazyGroup.summaries[name] == command.help.splitlines()[0]
    for name, (module, attribute, summary) in _LazyGroup.elsewhere.items():
        command = getattr(importlib.import_module(module), attribute)
        assert command.name == name
        assert summary == command.help.split("\n\n")[0].replace("\n", " ")
    shown = CliRunner().invoke(main, ["--help"]).output
    assert "test" in shown and "Run the `example` blocks" in shown
    assert "Property-check the consistency" in shown


def test_the_lazily_loaded_names_are_the_loaders_own() -> None:
    """`standards_rules.records` lists the loader's names without importing it: the list
    must name what the loader exports (its type alias `Format` aside)."""
    from standards_rules import records
    from standards_rules.records import load

    lazy = records._LOADER
    assert set(lazy) == set(load.__all__) - {"Format"}
    assert all(getattr(records, name) is getattr(load, name) for name in lazy)
