"""Language server, what it knows about one open file: diagnostics, hover, completion, definition.

Takes the text of a ruleset or library and its path; runs the same front end as
`check` (`frontend.analyse_file`, libraries loaded relative to the path) and answers
questions about positions in plain data (`standards_rules.source.Span`, text), so
that `lsp.server` only translates to the protocol. Lines and columns count from 1.
"""

from __future__ import annotations

import re

import attrs

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.resolve import VIEW_FIELDS
from standards_rules.diagnostics import Diagnostic
from standards_rules.frontend import Analysis, analyse_file
from standards_rules.lsp.contexts import names_at
from standards_rules.source import Source, Span
from standards_rules.syntax.keywords import all_keywords, item_phrases

_WORD = re.compile(r"[^\W\d]\w*")
_CHAIN_BEFORE = re.compile(r"((?:[^\W\d]\w*\.)+)(\w*)$")
_QUANTIFIER = re.compile(r"\b(?:all|any|count)\s+([^\W\d]\w*)\s+in\s+([\w.]+)")
_BUILTINS = ("len", "min", "max", "abs", "round", "lower", "working_days_between", "first")


@attrs.frozen
class Symbol:
    """A named thing of the file for the outline: kind, name, detail and where."""

    kind: str
    name: str
    detail: str
    span: Span


@attrs.frozen
class Location:
    path: str
    span: Span


class Document:
    """One open file, analysed once per version of its text."""

    def __init__(self, path: str, text: str) -> None:
        self.source = Source(path, text)
        self.analysis: Analysis = analyse_file(self.source)

    # ------------------------------------------------------------ diagnostics
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of this file, as `check` gives them (a used library's at its `use`)."""
        return [d for d in self.analysis.diagnostics if d.path == self.source.path]

    # ------------------------------------------------------------ positions
    def offset(self, line: int, column: int) -> int:
        starts = self.source.line_starts
        line = max(1, min(line, len(starts)))
        return min(len(self.source.text), starts[line - 1] + column - 1)

    def word_at(self, line: int, column: int) -> tuple[str, int] | None:
        """The identifier under (or just before) the position, and where it starts."""
        at = self.offset(line, column)
        text = self.source.text
        line_start = self.source.line_starts[self.source.position(at)[0] - 1]
        for match in _WORD.finditer(text, line_start):
            if match.start() <= at <= match.end():
                return match[0], match.start()
            if match.start() > at:
                break
        return None

    @property
    def node(self) -> ast.Ruleset | ast.Library | None:
        return self.analysis.node

    def _indicators(self) -> dict[str, ast.Indicator]:
        node = self.node
        return {i.id: i for i in node.indicators} if isinstance(node, ast.Ruleset) else {}

    def _defines(self) -> dict[str, ast.Define]:
        node = self.node
        return {d.name: d for d in node.defines} if node is not None else {}

    def _rules(self) -> dict[str, tuple[str, ast.Rule]]:
        node = self.node
        if not isinstance(node, ast.Ruleset):
            return {}
        found: dict[str, tuple[str, ast.Rule]] = {}
        for kind, rules in (
            ("trigger", node.withdraw.triggers if node.withdraw else ()),
            ("require", node.leaders.requires if node.leaders else ()),
            ("rule", node.eligible or ()),
        ):
            found.update({r.id: (kind, r) for r in rules})
        return found

    # ------------------------------------------------------------ hover
    def hover(self, line: int, column: int) -> str | None:
        """What the word under the position means, in Markdown."""
        found = self.word_at(line, column)
        if found is None:
            return None
        word, start = found
        before = self.source.text[:start]
        if before.endswith("."):
            chain = _CHAIN_BEFORE.search(before)
            owner = self._chain_type(chain[1][:-1], before) if chain else None
            if isinstance(owner, t.IndicatorList) and word in self._indicators():
                return _indicator_text(self._indicators()[word])
            field = _field_type(owner, word, self) if owner is not None else None
            if field is not None:
                return f"`{word}`: {t.describe(field)}"
            return None
        if word in self._indicators():
            return _indicator_text(self._indicators()[word])
        if word in self._defines():
            return _define_text(self._defines()[word])
        if word in self._rules():
            kind, rule = self._rules()[word]
            parts = [f"**{kind} `{rule.id}`**"]
            parts += [rule.label] if rule.label else []
            parts += [f"cite {rule.cite}"] if rule.cite else []
            return "\n\n".join(parts)
        # A name in scope (`enterprise`, `as_of`, a quantifier's variable): its type.
        named = self._root_type(word, before)
        return None if named is None else f"`{word}`: {t.describe(named)}"

    # ------------------------------------------------------------ completion
    def completions(self, line: int, column: int) -> list[tuple[str, str]]:
        """(label, kind) of what may be written at the position."""
        before = self.source.text[: self.offset(line, column)]
        chain = _CHAIN_BEFORE.search(before)
        if chain is not None:
            owner = self._chain_type(chain[1][:-1], before)
            return [(name, "field") for name in self._members(owner)]
        names = [(n, "variable") for n in names_at(self.node, self.source.path, len(before))]
        names += [(n, "variable") for n, _ in _QUANTIFIER.findall(before)]
        names += [(d, "function") for d in self._defines()]
        names += [(b, "function") for b in _BUILTINS]
        names += [(phrase, "keyword") for phrase in sorted(set(item_phrases().values()))]
        names += [(k, "keyword") for k in sorted(all_keywords())]
        return list(dict.fromkeys(names))

    def _members(self, owner: t.Type | None) -> list[str]:
        match owner:
            case t.IndicatorList():
                return list(self._indicators())
            case t.IndicatorView():
                return [*VIEW_FIELDS, "tiers", "references"]
            case t.TierMap(indicator_id=indicator_id):
                return self._names_of(indicator_id, lambda i: [x.name for x in i.tiers])
            case t.ReferenceMap(indicator_id=indicator_id):
                return self._names_of(indicator_id, lambda i: [r.name for r in i.references])
            case t.RecordType():
                return list(owner.fields())
            case _:
                return []

    def _names_of(self, indicator_id: str | None, names: object) -> list[str]:
        chosen = [i for i in self._indicators().values() if indicator_id in (None, i.id)]
        assert callable(names)
        return list(dict.fromkeys(n for i in chosen for n in names(i)))

    def _chain_type(self, chain: str, context: str | None = None) -> t.Type | None:
        """The type of `a.b.c` written before the position (`context`: the text up to it)."""
        parts = chain.split(".")
        root = _WORD.findall(parts[0])[-1:] if parts[0] else []
        if not root:
            return None
        current = self._root_type(root[0], context if context is not None else "")
        for part in parts[1:]:
            if current is None:
                return None
            current = _field_type(current, part, self)
        return current

    def _root_type(self, name: str, context: str) -> t.Type | None:
        scope = names_at(self.node, self.source.path, len(context))
        if name in scope:
            return scope[name]
        for variable, iterable in reversed(_QUANTIFIER.findall(context or self.source.text)):
            if variable == name:
                listed = self._chain_type(iterable, context)
                if isinstance(listed, t.IndicatorList):
                    return t.IndicatorView()
                return listed.element if isinstance(listed, t.ListOf) else None
        return None

    # ------------------------------------------------------------ definition
    def definition(self, line: int, column: int) -> Location | None:
        """Where the indicator, define or rule named under the position is declared."""
        found = self.word_at(line, column)
        if found is None:
            return None
        word, start = found
        after_dot = self.source.text[:start].endswith(".")
        indicators = self._indicators()
        if word in indicators and (
            not after_dot or self.source.text[:start].endswith("indicators.")
        ):
            return Location(self.source.path, indicators[word].id_span)
        if after_dot:
            return None
        if word in self._defines():
            define = self._defines()[word]
            return Location(define.path or self.source.path, define.name_span)
        if word in self._rules():
            return Location(self.source.path, self._rules()[word][1].id_span)
        return None

    # ------------------------------------------------------------ outline
    def symbols(self) -> list[Symbol]:
        node = self.node
        if node is None:
            return []
        found = [
            Symbol("define", d.name, d.label or "", d.name_span)
            for d in node.defines
            if d.path in ("", self.source.path)
        ]
        if isinstance(node, ast.Ruleset):
            found += [Symbol("indicator", i.id, i.label or "", i.id_span) for i in node.indicators]
            found += [
                Symbol(kind, r.id, r.label or "", r.id_span) for kind, r in self._rules().values()
            ]
            found += [Symbol("example", e.name, "", e.span) for e in node.examples]
        return sorted(found, key=lambda s: (s.span.line, s.span.column))


def _field_type(owner: t.Type, name: str, document: Document) -> t.Type | None:
    match owner:
        case t.IndicatorList():
            return t.IndicatorView(name)
        case t.IndicatorView(indicator_id=indicator_id):
            if name == "tiers":
                return t.TierMap(indicator_id)
            if name == "references":
                return t.ReferenceMap(indicator_id)
            return VIEW_FIELDS.get(name)
        case t.TierMap() | t.ReferenceMap():
            return t.NUMBER
        case t.RecordType():
            return owner.fields().get(name)
        case t.MapType(value=value):
            return value
    return None


def _limit(name: str, reference: ast.Reference | ast.NamedReference | None) -> str | None:
    if reference is None:
        return None
    value = "none" if reference.value is None else f"{reference.value:g}"
    source = f" ({reference.source})" if reference.source else ""
    return f"{name} {value}{source}"


def _indicator_text(indicator: ast.Indicator) -> str:
    head = f"**indicator `{indicator.id}`**" + (f" {indicator.label}" if indicator.label else "")
    facts = [
        f"unit {indicator.unit}" if indicator.unit else None,
        f"better {indicator.better.value}" if indicator.better else None,
        f"class {indicator.indicator_class.value}",
        f"weight {indicator.weight:g}" if indicator.weight is not None else None,
        _limit("national", indicator.national),
        _limit("industry", indicator.industry),
        *(_limit(f"reference {r.name}", r) for r in indicator.references),
        *(f"tier {tier.name} {tier.threshold:g}" for tier in indicator.tiers),
    ]
    return "\n\n".join([head, *(f"- {fact}" for fact in facts if fact)])


def _define_text(define: ast.Define) -> str:
    params = ", ".join(f"{p.name}: {p.type_name}" for p in define.params)
    signature = f"define {define.name}({params})" if define.is_function else f"define {define.name}"
    where = f"\n\nin {define.path}" if define.path else ""
    return f"`{signature}`" + (f"\n\n{define.label}" if define.label else "") + where


__all__ = ["Document", "Location", "Symbol"]
