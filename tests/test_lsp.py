"""The language server, spoken to through the protocol: `standards-rules lsp` over pipes."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "fixtures" / "good" / "spec_example.rules"
COKE = ROOT / "tests" / "fixtures" / "bad" / "coke_mistakes.rules"


async def _session(tmp: Path, steps: Any) -> Any:
    client = LanguageClient("tests", "1")
    published: dict[str, list[types.Diagnostic]] = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = params.diagnostics
        arrived.set()

    await client.start_io(sys.executable, "-m", "standards_rules.cli", "lsp", cwd=str(tmp))
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
    )
    client.initialized(types.InitializedParams())

    def open_file(path: Path, text: str | None = None) -> str:
        uri = from_fs_path(str(path)) or ""
        arrived.clear()
        content = path.read_text(encoding="utf-8") if text is None else text
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="rules", version=1, text=content)
            )
        )
        return uri

    try:
        return await steps(client, open_file, published, arrived)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def run(tmp: Path, steps: Any) -> Any:
    return asyncio.run(asyncio.wait_for(_session(tmp, steps), timeout=60))


def at(uri: str, line: int, character: int) -> dict[str, Any]:
    return {
        "text_document": types.TextDocumentIdentifier(uri=uri),
        "position": types.Position(line, character),
    }


def test_diagnostics_are_all_published_with_codes(tmp_path: Path) -> None:
    async def steps(client: Any, open_file: Any, published: Any, arrived: Any) -> Any:
        uri = open_file(COKE)
        await asyncio.wait_for(arrived.wait(), 30)
        first = [(d.range.start.line + 1, d.code) for d in published[uri]]
        arrived.clear()
        fixed = COKE.read_text(encoding="utf-8").replace("weight 50%", "weight 0.5")
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
            )
        )
        await asyncio.wait_for(arrived.wait(), 30)
        return first, [(d.range.start.line + 1, d.code) for d in published[uri]]

    first, after = run(tmp_path, steps)
    expected = COKE.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [f"{line}:{code}" for line, code in first] == [
        f"{e.split(':')[0]}:{e.split('[')[1].rstrip(']')}" for e in expected
    ]
    assert (10, "E101") in first and (10, "E101") not in after and len(after) == len(first) - 1


def test_hover_completion_definition_symbols_and_formatting(tmp_path: Path) -> None:
    library = tmp_path / "common.rules"
    library.write_text(
        'library common {\n  define applied_ok "企业自愿申报": enterprise.applied\n}\n',
        encoding="utf-8",
    )
    text = (
        PLAN.read_text(encoding="utf-8")
        .replace('  version "2021.1"', '  use "common.rules"\n  version "2021.1"')
        .replace("      enterprise.applied\n", "      applied_ok\n")
    )
    plan = tmp_path / "plan.rules"
    plan.write_text(text, encoding="utf-8")
    lines = text.split("\n")

    def find(word: str, after: str = "") -> tuple[int, int]:
        for number, line in enumerate(lines):
            if after in line and word in line[line.index(after) :]:
                return number, line.index(word, line.index(after)) + 1
        raise AssertionError(word)

    async def steps(client: Any, open_file: Any, published: Any, arrived: Any) -> Any:
        uri = open_file(plan)
        await asyncio.wait_for(arrived.wait(), 30)
        results: dict[str, Any] = {"diagnostics": published[uri]}
        results["hover_indicator"] = await client.text_document_hover_async(
            types.HoverParams(**at(uri, *find("sulfur", "indicator ")))
        )
        results["hover_rule"] = await client.text_document_hover_async(
            types.HoverParams(**at(uri, *find("stricter", "because")))
        )
        results["hover_define"] = await client.text_document_hover_async(
            types.HoverParams(**at(uri, *find("applied_ok")))
        )
        results["hover_field"] = await client.text_document_hover_async(
            types.HoverParams(**at(uri, *find("format_compliant")))
        )
        line, column = find("standard.status")
        results["fields"] = await client.text_document_completion_async(
            types.CompletionParams(**at(uri, line, column + len("standard.") - 1))
        )
        results["ids"] = await client.text_document_completion_async(
            types.CompletionParams(**at(uri, line, column - 1))
        )
        results["define"] = await client.text_document_definition_async(
            types.DefinitionParams(**at(uri, *find("applied_ok")))
        )
        results["because"] = await client.text_document_definition_async(
            types.DefinitionParams(**at(uri, *find("stricter", "because")))
        )
        results["symbols"] = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        messy = open_file(
            tmp_path / "messy.rules", text.replace("  subject product", "subject   product")
        )
        await asyncio.wait_for(arrived.wait(), 30)
        results["format"] = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=types.TextDocumentIdentifier(uri=messy),
                options=types.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
        return results

    results = run(tmp_path, steps)
    assert list(results["diagnostics"]) == []
    sulfur = results["hover_indicator"].contents.value
    assert "全硫 St,d" in sulfur and "unit %" in sulfur and "better lower" in sulfur
    assert "national 1 (GB/T 15224.2)" in sulfur and "tier leader 0.5" in sulfur
    assert "水平高于国家标准和行业标准" in results["hover_rule"].contents.value
    assert "cite 三.4" in results["hover_rule"].contents.value
    define = results["hover_define"].contents.value
    assert "define applied_ok" in define and "企业自愿申报" in define
    assert results["hover_field"].contents.value == "`format_compliant`: bool"
    fields = {item.label for item in results["fields"].items}
    assert {"status", "format_compliant", "products", "conformity_report"} <= fields
    names = {item.label for item in results["ids"].items}
    assert {"standard", "indicators", "applied_ok", "eligible", "rank by"} <= names
    assert results["define"].uri.endswith("common.rules")
    assert results["define"].range.start.line == 1
    stricter_line = next(n for n, line in enumerate(lines) if "rule stricter" in line)
    assert results["because"].range.start.line == stricter_line
    symbols = {(s.name, s.kind) for s in results["symbols"]}
    assert ("sulfur", types.SymbolKind.Constant) in symbols
    assert ("accident", types.SymbolKind.Event) in symbols
    (edit,) = results["format"]
    assert edit.new_text == text


def test_indicator_ids_complete_after_indicators_dot(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        "      enterprise.applied\n", "      indicators.\n"
    )
    plan = tmp_path / "plan.rules"
    plan.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n")) if row.strip() == "indicators.")

    async def steps(client: Any, open_file: Any, published: Any, arrived: Any) -> Any:
        uri = open_file(plan)
        await asyncio.wait_for(arrived.wait(), 30)
        return published[uri], await client.text_document_completion_async(
            types.CompletionParams(**at(uri, line, len("      indicators.")))
        )

    diagnostics, completions = run(tmp_path, steps)
    assert [d.code for d in diagnostics] == ["E101"]
    assert [item.label for item in completions.items] == ["sulfur", "calorific", "ash"]


def test_a_document_neither_open_nor_readable_gets_empty_answers_not_an_error(
    tmp_path: Path,
) -> None:
    missing = from_fs_path(str(tmp_path / "gone.rules")) or ""
    (tmp_path / "latin1.rules").write_bytes("ruleset r { # caf\xe9\n}".encode("latin-1"))
    unreadable = from_fs_path(str(tmp_path / "latin1.rules")) or ""

    async def steps(client: Any, open_file: Any, published: Any, arrived: Any) -> Any:
        answers = []
        for uri in (missing, unreadable):
            answers.append(
                await client.text_document_hover_async(types.HoverParams(**at(uri, 0, 0)))
            )
            answers.append(
                await client.text_document_definition_async(types.DefinitionParams(**at(uri, 0, 0)))
            )
            completion = await client.text_document_completion_async(
                types.CompletionParams(**at(uri, 0, 0))
            )
            answers.append(list(completion.items))
            answers.append(
                await client.text_document_document_symbol_async(
                    types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
                )
                or []
            )
        return answers

    assert run(tmp_path, steps) == [None, None, [], []] * 2


def test_hover_on_a_name_in_scope_gives_its_type() -> None:
    from standards_rules.lsp.knowledge import Document

    text = (ROOT / "tests" / "fixtures" / "verify" / "base.rules").read_text(encoding="utf-8")
    lines = text.split("\n")
    document = Document("base.rules", text)

    def hover(written: str) -> str | None:
        number = next(n for n, line in enumerate(lines) if written in line)
        return document.hover(number + 1, lines[number].index(written) + 1)

    assert hover("enterprise.applied") == "`enterprise`: enterprise record"
    assert hover("as_of") == "`as_of`: date"
    assert hover("e.kind") == "`e`: event record"
    assert hover("events:") == "`events`: list<event record>"


def test_names_in_scope_are_those_of_the_body_around_the_position() -> None:
    """`events` and `title` are a trigger's, `cohort` and `declared` `top`'s, `score` a rank
    key's; outside every body, each kind of body's names are offered."""
    from standards_rules.lsp.knowledge import Document

    text = (
        'ruleset r "R" {\n'
        "  subject product\n"
        '  indicator x "X" { unit "%" better lower weight 1 national 1 }\n'
        "  define clean: enterprise.applied\n"
        "  eligible {\n"
        "    rule ok: clean and as_of > standard.published_on\n"
        "  }\n"
        "  score weighted normalize relative to national\n"
        "  rank by score desc\n"
        "  leaders {\n"
        "    top if declared >= 30 then 3 else 1\n"
        "  }\n"
        "  withdraw {\n"
        "    trigger accident: any e in events: e.major\n"
        "  }\n"
        "}\n"
    )
    lines = text.split("\n")
    document = Document("scoped.rules", text)

    def at(written: str, line_holding: str) -> tuple[int, int]:
        number = next(n for n, line in enumerate(lines) if line_holding in line)
        return number + 1, lines[number].index(written) + 1

    def offered(written: str, line_holding: str) -> set[str]:
        line, column = at(written, line_holding)
        return {label for label, kind in document.completions(line, column) if kind == "variable"}

    in_rule = offered("clean and", "rule ok")
    assert {"standard", "enterprise", "as_of", "indicators"} <= in_rule
    assert not in_rule & {"events", "title", "cohort", "declared", "score"}
    assert {"events", "title"} <= offered("any e", "trigger accident")
    in_top = offered("declared", "top if")
    assert {"cohort", "declared"} <= in_top and "standard" not in in_top
    assert "score" in offered("score desc", "rank by")
    assert not offered("enterprise", "define clean") & {"events", "cohort"}
    assert {"events", "cohort", "score"} <= offered("subject", "subject product")

    assert document.hover(*at("as_of", "rule ok")) == "`as_of`: date"
    assert document.hover(*at("events", "trigger accident")) == "`events`: list<event record>"
    assert document.hover(*at("declared", "top if")) == "`declared`: number"
