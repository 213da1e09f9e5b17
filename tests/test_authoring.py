"""Starting and laying out plans, and highlighting them: `new`, `fmt --check`, lexer, VS Code."""

from __future__ import annotations

import json
import re
from importlib.metadata import entry_points
from pathlib import Path

from click.testing import CliRunner
from pygments.token import Error

from standards_rules.cli import main
from standards_rules.frontend import analyse
from standards_rules.highlight import RulesLexer, keywords, textmate_grammar
from standards_rules.skeleton import skeleton
from standards_rules.source import Source
from standards_rules.syntax.format import format_text

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(
    [*ROOT.glob("rulesets/**/*.rules"), *ROOT.glob("tests/fixtures/good/*.rules")], key=str
)
VSCODE = ROOT / "editors" / "vscode"


def test_new_writes_a_plan_that_checks_and_is_canonical(tmp_path: Path) -> None:
    target = tmp_path / "coke.rules"
    result = CliRunner().invoke(main, ["new", "jincheng_coke", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# An evaluation plan") and "ruleset jincheng_coke" in text
    for part in ("subject product", "indicator", "eligible", "leaders", "publicity", "withdraw"):
        assert part in text
    assert text.count("\n  indicator ") == 3 and "example " in text
    assert analyse(Source(str(target), text))[1] == []
    assert format_text(text) == text
    again = CliRunner().invoke(main, ["new", "jincheng_coke", "-o", str(target)])
    assert again.exit_code == 2


def test_new_uses_a_shared_library(tmp_path: Path) -> None:
    (tmp_path / "common.rules").write_text(
        "library common {\n  define ok: true\n}\n", encoding="utf-8"
    )
    text = skeleton("p", "common.rules")
    assert '  use "common.rules"' in text
    assert analyse(Source(str(tmp_path / "p.rules"), text))[1] == []


def test_new_refuses_an_id_that_is_not_one() -> None:
    result = CliRunner().invoke(main, ["new", "2coke"])
    assert result.exit_code == 2 and "is not a ruleset id" in result.output


def test_language_docs_open_with_the_new_plan() -> None:
    docs = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    first = re.search(r"```rules\n(.*?)\n```", docs, re.S)
    assert first is not None
    assert first[1] + "\n" == skeleton("jincheng_coke")


def test_fmt_check_prints_a_unified_diff(tmp_path: Path) -> None:
    path = tmp_path / "p.rules"
    path.write_text(skeleton("p").replace("  subject product", "subject   product"), "utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", str(path)])
    assert result.exit_code == 1
    assert f"--- {path}\n+++ {path} (formatted)\n" in result.output
    assert "-subject   product  # product | service\n+  subject product" in result.output


def test_a_quantifier_body_on_the_next_line_is_one_level_deeper() -> None:
    text = (
        "ruleset r {\n eligible {\n rule a:\n all i in indicators:\n"
        " any t in [1]:\n i.value > t\n rule b: (all p in standard.products:\n"
        " p.mass_produced)\n }\n}\n"
    )
    assert format_text(text) == (
        "ruleset r {\n  eligible {\n    rule a:\n      all i in indicators:\n"
        "        any t in [1]:\n          i.value > t\n    rule b: (all p in standard.products:\n"
        "        p.mass_produced)\n  }\n}\n"
    )


def test_the_lexer_reads_every_bundled_plan_without_an_error_token() -> None:
    lexer = RulesLexer()
    for path in BUNDLED:
        text = path.read_text(encoding="utf-8")
        tokens = list(lexer.get_tokens(text))
        errors = [value for kind, value in tokens if kind in Error]
        assert errors == [], path
        assert "".join(value for _, value in tokens) == text.rstrip("\n") + "\n"


def test_the_lexer_is_a_pygments_entry_point() -> None:
    found = [e for e in entry_points(group="pygments.lexers") if e.name == "rules"]
    assert found and found[0].load() is RulesLexer
    assert {"define", "use", "library", "bands", "class", "alias", "range"} <= set(keywords())


def test_the_vscode_grammar_is_the_one_the_grammar_gives() -> None:
    written = json.loads((VSCODE / "syntaxes" / "rules.tmLanguage.json").read_text("utf-8"))
    assert written == textmate_grammar(), "run python scripts/editors.py"


def test_the_vscode_manifest_validates() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    for key in ("name", "publisher", "version", "engines", "main", "contributes"):
        assert key in manifest
    assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", manifest["name"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])
    assert manifest["engines"]["vscode"].startswith("^1.")
    assert (VSCODE / manifest["main"]).is_file()
    (language,) = manifest["contributes"]["languages"]
    assert language["extensions"] == [".rules"]
    configuration = json.loads((VSCODE / language["configuration"]).read_text("utf-8"))
    assert configuration["comments"]["lineComment"] == "#"
    assert ["{", "}"] in configuration["brackets"]
    assert {"open": "(", "close": ")"} in configuration["autoClosingPairs"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["language"] == language["id"] and (VSCODE / grammar["path"]).is_file()
    extension = (VSCODE / manifest["main"]).read_text(encoding="utf-8")
    assert '"standards-rules", "lsp"' in extension and 'language: "rules"' in extension
