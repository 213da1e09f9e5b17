"""Lowering, the items of an indicator and of an example: properties and lines → AST nodes.

Part of the lowering (`syntax.lower`, which assembles the sections): an indicator's
properties (`unit`, `better`, `weight`, limits, tiers, …) become one `ast.Indicator`,
an example's lines one `ast.Example`. A property or line written twice is E107 (the
first is kept), as a section written twice is.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args

from standards_rules import ast
from standards_rules.diagnostics import error
from standards_rules.source import Span
from standards_rules.syntax.lower_expressions import ExpressionLowering, bound_once
from standards_rules.syntax.parser import token_span


class Section:
    """A lowered section before assembly: its kind, value and span."""

    __slots__ = ("kind", "span", "value")

    def __init__(self, kind: str, value: Any, span: Span) -> None:
        self.kind = kind
        self.value = value
        self.span = span


@bound_once
@v_args(meta=True, inline=True)
class ItemLowering(ExpressionLowering):
    """Indicator properties and example lines, and the helpers the sections share."""

    # ------------------------------------------------------------ small pieces
    def positive(self, meta: Any, token: Token) -> int | float:
        return self._numeral(token)

    def negative(self, meta: Any, token: Token) -> int | float:
        return -self._numeral(token)

    def reference_value(self, meta: Any, value: int | float, text: Token | None) -> ast.Reference:
        return ast.Reference(value, self._opt_string(text), span=self._span(meta))

    def reference_none(self, meta: Any, text: Token | None) -> ast.Reference:
        return ast.Reference(None, self._opt_string(text), span=self._span(meta))

    def _duplicate(self, what: str, span: Span, where: str) -> None:
        self.diagnostics.append(
            error("E107", f"'{what}' is written twice in {where}", span, self.origin.path)
        )

    def because(self, meta: Any, *names: Token) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        return tuple(str(n) for n in names), tuple(token_span(n) for n in names)

    # ------------------------------------------------------------ indicator
    def _section(self, kind: str, value: Any, meta: Any) -> Section:
        return Section(kind, value, self._span(meta))

    def unit(self, meta: Any, token: Token) -> Section:
        return self._section("unit", self._string(token), meta)

    def better(self, meta: Any, token: Token) -> Section:
        return self._section("better", ast.Better(str(token)), meta)

    def weight(self, meta: Any, value: int | float) -> Section:
        return self._section("weight", value, meta)

    def national(self, meta: Any, reference: ast.Reference) -> Section:
        return self._section("national", reference, meta)

    def industry_ref(self, meta: Any, reference: ast.Reference) -> Section:
        return self._section("industry", reference, meta)

    def tier(self, meta: Any, name: Token, value: int | float) -> Section:
        return self._section("tier", ast.Tier(str(name), value, span=self._span(meta)), meta)

    def indicator_class(self, meta: Any, token: Token) -> Section:
        return self._section("class", ast.IndicatorClass(str(token)), meta)

    def alias(self, meta: Any, *names: Token) -> Section:
        return self._section("alias", tuple(self._string(n) for n in names), meta)

    def value_range(self, meta: Any, low: int | float, high: int | float) -> Section:
        return self._section("range", ast.ValueRange(low, high, span=self._span(meta)), meta)

    def named_reference(self, meta: Any, name: Token, reference: ast.Reference) -> Section:
        node = ast.NamedReference(
            str(name), reference.value, reference.source, span=token_span(name)
        )
        return self._section("reference", node, meta)

    def indicator(self, meta: Any, name: Token, label: Token | None, *props: Section) -> Section:
        values: dict[str, Section] = {}
        tiers: list[ast.Tier] = []
        references: list[ast.NamedReference] = []
        for prop in props:
            if prop.kind == "tier":
                tiers.append(prop.value)
                continue
            if prop.kind == "reference":
                references.append(prop.value)
                continue
            if prop.kind in values:
                self._duplicate(prop.kind, prop.span, f"indicator {name}")
                continue
            values[prop.kind] = prop

        def get(kind: str) -> Any:
            section = values.get(kind)
            return None if section is None else section.value

        def span_of(kind: str) -> Span | None:
            section = values.get(kind)
            return None if section is None else section.span

        node = ast.Indicator(
            str(name),
            self._opt_string(label),
            unit=get("unit"),
            better=get("better"),
            weight=get("weight"),
            national=get("national"),
            industry=get("industry"),
            tiers=tuple(tiers),
            indicator_class=get("class") or ast.IndicatorClass.CORE,
            aliases=get("alias") or (),
            range=get("range"),
            references=tuple(references),
            id_span=token_span(name),
            span=self._span(meta),
            better_span=span_of("better"),
            weight_span=span_of("weight"),
            class_span=span_of("class"),
            alias_span=span_of("alias"),
        )
        return self._section("indicator", node, meta)

    # ------------------------------------------------------------ examples
    def data(self, meta: Any, token: Token) -> Section:
        return self._section("data", self._string(token), meta)

    def as_of(self, meta: Any, token: Token) -> Section:
        return self._section("as_of", self._date(token), meta)

    def publicity_start(self, meta: Any, token: Token) -> Section:
        return self._section("publicity_start", self._date(token), meta)

    def _expect(
        self,
        meta: Any,
        kind: ast.ExpectKind,
        standards: tuple[str, ...],
        because: tuple[tuple[str, ...], tuple[Span, ...]] | None = None,
        value: int | float | None = None,
    ) -> ast.Expect:
        ids, spans = because if because is not None else ((), ())
        return ast.Expect(kind, standards, ids, value, because_spans=spans, span=self._span(meta))

    def expect_eligible(self, meta: Any, number: Token) -> ast.Expect:
        return self._expect(meta, ast.ExpectKind.ELIGIBLE, (self._string(number),))

    def expect_ineligible(self, meta: Any, number: Token, because: Any) -> ast.Expect:
        return self._expect(meta, ast.ExpectKind.INELIGIBLE, (self._string(number),), because)

    def expect_rank(self, meta: Any, number: Token, rank: Token) -> ast.Expect:
        value = self._numeral(rank)
        return self._expect(meta, ast.ExpectKind.RANK, (self._string(number),), value=value)

    def expect_score(self, meta: Any, number: Token, score: int | float) -> ast.Expect:
        return self._expect(meta, ast.ExpectKind.SCORE, (self._string(number),), value=score)

    def expect_leaders(self, meta: Any, *numbers: Token | None) -> ast.Expect:
        standards = tuple(self._string(n) for n in numbers if n is not None)
        return self._expect(meta, ast.ExpectKind.LEADERS, standards)

    def expect_withdrawn(self, meta: Any, number: Token, because: Any) -> ast.Expect:
        return self._expect(meta, ast.ExpectKind.WITHDRAWN, (self._string(number),), because)

    def expect_not_withdrawn(self, meta: Any, number: Token) -> ast.Expect:
        return self._expect(meta, ast.ExpectKind.NOT_WITHDRAWN, (self._string(number),))

    def example(self, meta: Any, name: Token, *items: Section | ast.Expect) -> Section:
        settings: dict[str, Any] = {}
        for item in items:
            if isinstance(item, Section):
                if item.kind in settings:
                    self._duplicate(item.kind, item.span, "example")
                    continue
                settings[item.kind] = item.value
        node = ast.Example(
            self._string(name),
            settings.get("data"),
            settings.get("as_of"),
            settings.get("publicity_start"),
            tuple(i for i in items if isinstance(i, ast.Expect)),
            span=self._span(meta),
        )
        return self._section("example", node, meta)


__all__ = ["ItemLowering", "Section"]
