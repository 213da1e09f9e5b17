"""Language server, the protocol side: pygls features over `lsp.knowledge.Document`.

Diagnostics are published on open and on every change (every one of them, with
its code, from the same front end as `check`); hover, completion, go to
definition, document symbols and formatting (`fmt`) answer from the latest text.
Positions are converted between the protocol's 0-based lines and UTF-16 columns
and the front end's 1-based lines and code-point columns.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from standards_rules.diagnostics import Diagnostic
from standards_rules.lsp.knowledge import Document
from standards_rules.source import Source, Span
from standards_rules.syntax.format import FormatError, format_source

_KINDS = {
    "field": types.CompletionItemKind.Field,
    "variable": types.CompletionItemKind.Variable,
    "function": types.CompletionItemKind.Function,
    "keyword": types.CompletionItemKind.Keyword,
}
_SYMBOLS = {
    "indicator": types.SymbolKind.Constant,
    "rule": types.SymbolKind.Function,
    "require": types.SymbolKind.Function,
    "trigger": types.SymbolKind.Event,
    "define": types.SymbolKind.Function,
    "example": types.SymbolKind.Module,
}


class RulesServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("standards-rules", "1")
        self.documents: dict[str, Document] = {}

    def document(self, uri: str) -> Document | None:
        """The latest text of `uri`, analysed; None when it is neither open nor readable."""
        try:
            # A document the editor has not opened is read from disk by pygls.
            text = self.workspace.get_text_document(uri).source
        except (OSError, UnicodeDecodeError, ValueError):
            self.documents.pop(uri, None)
            return None
        known = self.documents.get(uri)
        if known is None or known.source.text != text:
            known = Document(to_fs_path(uri) or uri, text)
            self.documents[uri] = known
        return known


def _position(document: Document, position: types.Position) -> tuple[int, int]:
    line_text = document.source.line_text(position.line + 1)
    encoded = line_text.encode("utf-16-le")[: position.character * 2]
    return position.line + 1, len(encoded.decode("utf-16-le", errors="ignore")) + 1


def _protocol_position(source: Source, line: int, column: int) -> types.Position:
    text = source.line_text(line)
    return types.Position(line - 1, len(text[: column - 1].encode("utf-16-le")) // 2)


def _range(source: Source, span: Span) -> types.Range:
    return types.Range(
        _protocol_position(source, span.line, span.column),
        _protocol_position(source, span.end_line, span.end_column),
    )


def _diagnostic(source: Source, diagnostic: Diagnostic) -> types.Diagnostic:
    severity = (
        types.DiagnosticSeverity.Error if diagnostic.is_error else types.DiagnosticSeverity.Warning
    )
    return types.Diagnostic(
        range=_range(source, diagnostic.span),
        message=diagnostic.message,
        severity=severity,
        code=diagnostic.code,
        source="standards-rules",
    )


server = RulesServer()


def _publish(ls: RulesServer, uri: str) -> None:
    document = ls.document(uri)
    if document is None:
        return
    found = [_diagnostic(document.source, d) for d in document.diagnostics()]
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RulesServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: RulesServer, params: types.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: RulesServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.document(params.text_document.uri)
    if document is None:
        return None
    text = document.hover(*_position(document, params.position))
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["."]))
def completion(ls: RulesServer, params: types.CompletionParams) -> types.CompletionList:
    document = ls.document(params.text_document.uri)
    if document is None:
        return types.CompletionList(is_incomplete=False, items=[])
    items = [
        types.CompletionItem(label=label, kind=_KINDS[kind])
        for label, kind in document.completions(*_position(document, params.position))
    ]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: RulesServer, params: types.DefinitionParams) -> types.Location | None:
    document = ls.document(params.text_document.uri)
    if document is None:
        return None
    found = document.definition(*_position(document, params.position))
    if found is None:
        return None
    if found.path == document.source.path:
        source = document.source
        uri = params.text_document.uri
    else:
        try:
            source = Source(found.path, Path(found.path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None  # the library moved or changed since the plan was analysed
        uri = from_fs_path(str(Path(found.path).resolve())) or found.path
    return types.Location(uri=uri, range=_range(source, found.span))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def symbols(ls: RulesServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    document = ls.document(params.text_document.uri)
    if document is None:
        return []
    return [
        types.DocumentSymbol(
            name=symbol.name,
            detail=symbol.detail or symbol.kind,
            kind=_SYMBOLS[symbol.kind],
            range=_range(document.source, symbol.span),
            selection_range=_range(document.source, symbol.span),
        )
        for symbol in document.symbols()
    ]


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: RulesServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
    document = ls.document(params.text_document.uri)
    if document is None:
        return []
    try:
        formatted = format_source(document.source)
    except FormatError:
        return []  # the diagnostics already say why it does not parse
    if formatted == document.source.text:
        return []
    end = types.Position(len(document.source.line_starts), 0)
    return [types.TextEdit(range=types.Range(types.Position(0, 0), end), new_text=formatted)]


def serve() -> None:
    """Serve the protocol on standard input and output until the client exits."""
    server.start_io()


__all__ = ["RulesServer", "serve", "server"]
