"""Lowering: lark parse tree → typed AST (`standards_rules.ast`).

Expressions are lowered by `syntax.lower_expressions`, indicators and examples by
`syntax.lower_items`; this module lowers rules and sections and assembles them into
one `Ruleset` (or a `Library`). A section or property written twice becomes a
diagnostic (the first is kept) and lowering goes on, so that every problem is reported.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Tree, v_args

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic
from standards_rules.source import Source, Span
from standards_rules.syntax.lower_expressions import bound_once
from standards_rules.syntax.lower_items import ItemLowering, Section
from standards_rules.syntax.parser import token_span, tree_span

_SECTION_NAMES = {
    "version": "version",
    "authority": "authority",
    "source": "source",
    "industry_meta": "industry",
    "subject": "subject",
    "effective": "effective",
    "eligible": "eligible",
    "score": "score",
    "rank_by": "rank by",
    "group_by": "group by",
    "leaders": "leaders",
    "publicity": "publicity",
    "withdraw": "withdraw",
    "bands": "bands",
}


class _RuleHead:
    __slots__ = ("cite", "id", "id_span", "label")

    def __init__(self, id: str, id_span: Span, label: str | None, cite: str | None) -> None:
        self.id = id
        self.id_span = id_span
        self.label = label
        self.cite = cite


@bound_once
@v_args(meta=True, inline=True)
class _Lowerer(ItemLowering):
    # ------------------------------------------------------------ small pieces
    def label(self, meta: Any, token: Token) -> str:
        return self._string(token)

    def cite(self, meta: Any, token: Token) -> str:
        return self._string(token)

    def rule_head(self, meta: Any, name: Token, label: str | None, cite: str | None) -> _RuleHead:
        return _RuleHead(str(name), token_span(name), label, cite)

    def _rule(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return ast.Rule(
            head.id, head.label, head.cite, body, id_span=head.id_span, span=self._span(meta)
        )

    # ------------------------------------------------------------ sections
    def version(self, meta: Any, token: Token) -> Section:
        return self._section("version", self._string(token), meta)

    def authority(self, meta: Any, token: Token) -> Section:
        return self._section("authority", self._string(token), meta)

    def source(self, meta: Any, token: Token) -> Section:
        return self._section("source", self._string(token), meta)

    def industry_meta(self, meta: Any, token: Token) -> Section:
        return self._section("industry_meta", self._string(token), meta)

    def subject(self, meta: Any, token: Token) -> Section:
        return self._section("subject", ast.Subject(str(token)), meta)

    def effective(self, meta: Any, token: Token) -> Section:
        return self._section("effective", self._date(token), meta)

    def rule(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return self._rule(meta, head, body)

    def eligible(self, meta: Any, *rules: ast.Rule) -> Section:
        return self._section("eligible", tuple(rules), meta)

    def relative(self, meta: Any, *names: Token) -> ast.RelativeNormalization:
        return ast.RelativeNormalization(
            tuple(str(n) for n in names),
            span=self._span(meta),
            reference_spans=tuple(token_span(n) for n in names),
        )

    def minmax(self, meta: Any) -> ast.MinMaxNormalization:
        return ast.MinMaxNormalization(span=self._span(meta))

    def tier_points(self, meta: Any, name: Token, points: int | float) -> ast.TierPoints:
        return ast.TierPoints(str(name), points, span=self._span(meta))

    def otherwise(self, meta: Any, points: int | float) -> int | float:
        return points

    def tiers_points(self, meta: Any, *items: ast.TierPoints | int | float | None) -> Any:
        points = tuple(i for i in items if isinstance(i, ast.TierPoints))
        rest = [i for i in items if i is not None and not isinstance(i, ast.TierPoints)]
        otherwise = rest[0] if rest else None
        return ast.TiersNormalization(points, otherwise, span=self._span(meta))

    def score(self, meta: Any, normalization: ast.Normalization) -> Section:
        return self._section("score", ast.Score(normalization, span=self._span(meta)), meta)

    def rank_key(self, meta: Any, expr: ast.Expr, order: Token) -> ast.RankKey:
        return ast.RankKey(expr, str(order) == "desc", span=self._span(meta))

    def rank_by(self, meta: Any, *keys: ast.RankKey) -> Section:
        return self._section("rank_by", tuple(keys), meta)

    def group_by(self, meta: Any, expr: ast.Expr) -> Section:
        return self._section("group_by", expr, meta)

    def top(self, meta: Any, count: ast.Expr, percent: Token | None) -> ast.Top:
        return ast.Top(count, percent is not None, span=self._span(meta))

    def require(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return self._rule(meta, head, body)

    def per_enterprise(self, meta: Any, token: Token) -> Section:
        return self._section("per enterprise", self._numeral(token), meta)

    def valid(self, meta: Any, duration: ast.Duration) -> Section:
        return self._section("valid", duration, meta)

    def leaders(self, meta: Any, *items: ast.Top | ast.Rule | Section) -> Section:
        tops = [i for i in items if isinstance(i, ast.Top)]
        for extra in tops[1:]:
            self._duplicate("top", extra.span, "leaders")
        settings: dict[str, Section] = {}
        for item in items:
            if isinstance(item, Section):
                if item.kind in settings:
                    self._duplicate(item.kind, item.span, "leaders")
                    continue
                settings[item.kind] = item
        cap = settings.get("per enterprise")
        valid = settings.get("valid")
        requires = tuple(i for i in items if isinstance(i, ast.Rule))
        node = ast.Leaders(
            tops[0] if tops else None,
            requires,
            per_enterprise=None if cap is None else cap.value,
            valid=None if valid is None else valid.value,
            span=self._span(meta),
            per_enterprise_span=None if cap is None else cap.span,
        )
        return self._section("leaders", node, meta)

    def bands(self, meta: Any, *names: Token) -> Section:
        refs = tuple(ast.BandRef(str(n), span=token_span(n)) for n in names)
        return self._section("bands", refs, meta)

    # ------------------------------------------------------------ reuse
    def use(self, meta: Any, token: Token) -> Section:
        return self._section("use", ast.Use(self._string(token), span=self._span(meta)), meta)

    def param_type(self, meta: Any, token: Token) -> str:
        return str(token)

    def indicator_type(self, meta: Any) -> str:
        return "indicator"

    def param(self, meta: Any, name: Token, type_name: str) -> ast.Param:
        return ast.Param(str(name), type_name, span=self._span(meta))

    def params(self, meta: Any, *params: ast.Param | None) -> tuple[ast.Param, ...]:
        return tuple(p for p in params if p is not None)

    def define(
        self,
        meta: Any,
        name: Token,
        params: tuple[ast.Param, ...] | None,
        label: Token | None,
        body: ast.Expr,
    ) -> Section:
        node = ast.Define(
            str(name),
            self._opt_string(label),
            params or (),
            params is not None,
            body,
            path=self.origin.path,
            name_span=token_span(name),
            span=self._span(meta),
        )
        return self._section("define", node, meta)

    def library(self, meta: Any, name: Token, title: Token | None, *items: Section) -> ast.Library:
        return ast.Library(
            str(name),
            self._opt_string(title),
            tuple(i.value for i in items if i.kind == "use"),
            tuple(i.value for i in items if i.kind == "define"),
            id_span=token_span(name),
            span=self._span(meta),
        )

    def publicity(self, meta: Any, duration: ast.Duration) -> Section:
        return self._section("publicity", duration, meta)

    def trigger(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return self._rule(meta, head, body)

    def exclude(self, meta: Any, duration: ast.Duration) -> ast.Duration:
        return duration

    def withdraw(self, meta: Any, *items: ast.Rule | ast.Duration) -> Section:
        excludes = [i for i in items if isinstance(i, ast.Duration)]
        for extra in excludes[1:]:
            self._duplicate("exclude", extra.span, "withdraw")
        triggers = tuple(i for i in items if isinstance(i, ast.Rule))
        node = ast.Withdraw(triggers, excludes[0] if excludes else None, span=self._span(meta))
        return self._section("withdraw", node, meta)

    # ------------------------------------------------------------ the ruleset
    def ruleset(
        self, meta: Any, name: Token, title: Token | None, *sections: Section
    ) -> ast.Ruleset:
        single: dict[str, Section] = {}
        repeated: dict[str, list[Any]] = {"indicator": [], "example": [], "use": [], "define": []}
        for section in sections:
            if section.kind in repeated:
                repeated[section.kind].append(section.value)
            elif section.kind in single:
                self._duplicate(_SECTION_NAMES[section.kind], section.span, "the ruleset")
            else:
                single[section.kind] = section

        def get(kind: str) -> Any:
            section = single.get(kind)
            return None if section is None else section.value

        metadata = ast.Metadata(
            version=get("version"),
            authority=get("authority"),
            source=get("source"),
            industry=get("industry_meta"),
            effective=get("effective"),
        )
        return ast.Ruleset(
            str(name),
            self._opt_string(title),
            metadata,
            get("subject"),
            tuple(repeated["indicator"]),
            get("eligible"),
            score=get("score"),
            rank_by=get("rank_by"),
            group_by=get("group_by"),
            leaders=get("leaders"),
            publicity=get("publicity"),
            withdraw=get("withdraw"),
            examples=tuple(repeated["example"]),
            bands=get("bands"),
            uses=tuple(repeated["use"]),
            defines=tuple(repeated["define"]),
            id_span=token_span(name),
            span=self._span(meta),
            section_spans=tuple((_SECTION_NAMES.get(s.kind, s.kind), s.span) for s in sections),
        )

    def start(self, meta: Any, file: ast.Ruleset | ast.Library) -> ast.Ruleset | ast.Library:
        return file


def lower_file(
    tree: Tree[Token], source: Source
) -> tuple[ast.Ruleset | ast.Library, list[Diagnostic]]:
    """Lower a parse tree of `source` to a `Ruleset` or a `Library`, with any diagnostics."""
    lowerer = _Lowerer(source)
    node = lowerer.transform(tree)
    assert isinstance(node, ast.Ruleset | ast.Library)
    return node, lowerer.diagnostics


def lower(tree: Tree[Token], source: Source) -> tuple[ast.Ruleset, list[Diagnostic]]:
    """Lower a parse tree of `source` to a `Ruleset`; the file must hold a ruleset."""
    node, diagnostics = lower_file(tree, source)
    assert isinstance(node, ast.Ruleset)
    return node, diagnostics


__all__ = ["lower", "lower_file", "tree_span"]
