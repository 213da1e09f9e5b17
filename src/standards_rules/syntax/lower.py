"""Lowering: lark parse tree → typed AST (`standards_rules.ast`).

Decodes string escapes, checks that dates exist, turns numerals into int or
float, and assembles sections into one `Ruleset`. Problems found here (a bad
escape, 2021-02-30, a section written twice) become diagnostics; lowering goes
on so that every one is reported.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from lark import Token, Transformer, Tree, v_args

from standards_rules import ast
from standards_rules.diagnostics import Diagnostic, error
from standards_rules.source import Source, Span
from standards_rules.syntax.parser import token_span, tree_span

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}

_COMPARE_OPS = {
    "eq": ast.CompareOp.EQ,
    "ne": ast.CompareOp.NE,
    "lt": ast.CompareOp.LT,
    "le": ast.CompareOp.LE,
    "gt": ast.CompareOp.GT,
    "ge": ast.CompareOp.GE,
    "in_": ast.CompareOp.IN,
    "not_in": ast.CompareOp.NOT_IN,
    "matches": ast.CompareOp.MATCHES,
    "better_than": ast.CompareOp.BETTER_THAN,
    "no_worse_than": ast.CompareOp.NO_WORSE_THAN,
    "worse_than": ast.CompareOp.WORSE_THAN,
}

_ARITH_OPS = {
    "add": ast.ArithOp.ADD,
    "sub": ast.ArithOp.SUB,
    "mul": ast.ArithOp.MUL,
    "div": ast.ArithOp.DIV,
}

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
}


def parse_number(text: str) -> int | float:
    if any(c in text for c in ".eE"):
        return float(text)
    return int(text)


def duration_unit(text: str) -> ast.DurationUnit:
    word = text.split()[-1].rstrip("s")
    if text.startswith("working"):
        return ast.DurationUnit.WORKING_DAYS
    return {
        "day": ast.DurationUnit.DAYS,
        "month": ast.DurationUnit.MONTHS,
        "year": ast.DurationUnit.YEARS,
    }[word]


class _Section:
    """A lowered section before assembly: its kind, value and span."""

    __slots__ = ("kind", "span", "value")

    def __init__(self, kind: str, value: Any, span: Span) -> None:
        self.kind = kind
        self.value = value
        self.span = span


class _RuleHead:
    __slots__ = ("cite", "id", "id_span", "label")

    def __init__(self, id: str, id_span: Span, label: str | None, cite: str | None) -> None:
        self.id = id
        self.id_span = id_span
        self.label = label
        self.cite = cite


@v_args(meta=True, inline=True)
class _Lowerer(Transformer[Token, Any]):
    def __init__(self, source: Source) -> None:
        super().__init__()
        self.origin = source
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ helpers
    def _span(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return Span(1, 1, 1, 1)
        return Span(
            meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos
        )

    def _string(self, token: Token) -> str:
        body = str(token)[1:-1]

        def replace(match: re.Match[str]) -> str:
            code = match.group(1)
            if code in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[code]
            if len(code) == 5 and code.startswith("u"):
                return chr(int(code[1:], 16))
            self.diagnostics.append(
                error(
                    "E104",
                    f"'\\{code}' is not an escape in a string; write '\\\\{code}' for a "
                    'backslash (escapes are \\" \\\\ \\n \\t \\uXXXX)',
                    token_span(token),
                    self.origin.path,
                )
            )
            return "\\" + code

        return _ESCAPE.sub(replace, body)

    def _date(self, token: Token) -> datetime.date:
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            self.diagnostics.append(
                error(
                    "E105",
                    f"{token} is not a date that exists",
                    token_span(token),
                    self.origin.path,
                )
            )
            return datetime.date(1, 1, 1)

    def _opt_string(self, token: Token | None) -> str | None:
        return None if token is None else self._string(token)

    # ------------------------------------------------------------ expressions
    def number(self, meta: Any, token: Token) -> ast.Number:
        return ast.Number(parse_number(str(token)), span=self._span(meta))

    def string(self, meta: Any, token: Token) -> ast.String:
        return ast.String(self._string(token), span=self._span(meta))

    def date(self, meta: Any, token: Token) -> ast.Date:
        return ast.Date(self._date(token), span=self._span(meta))

    def duration(self, meta: Any, amount: Token, unit: Token) -> ast.Duration:
        return ast.Duration(
            parse_number(str(amount)), duration_unit(str(unit)), span=self._span(meta)
        )

    def true(self, meta: Any) -> ast.Bool:
        return ast.Bool(True, span=self._span(meta))

    def false(self, meta: Any) -> ast.Bool:
        return ast.Bool(False, span=self._span(meta))

    def none(self, meta: Any) -> ast.NoneLit:
        return ast.NoneLit(span=self._span(meta))

    def name(self, meta: Any, token: Token) -> ast.Name:
        return ast.Name(str(token), span=self._span(meta))

    def call(self, meta: Any, func: Token, *args: ast.Expr | None) -> ast.Call:
        return ast.Call(
            str(func),
            tuple(a for a in args if a is not None),
            func_span=token_span(func),
            span=self._span(meta),
        )

    def list_expr(self, meta: Any, *items: ast.Expr | None) -> ast.ListExpr:
        return ast.ListExpr(tuple(i for i in items if i is not None), span=self._span(meta))

    def field(self, meta: Any, obj: ast.Expr, name: Token) -> ast.Field:
        return ast.Field(obj, str(name), name_span=token_span(name), span=self._span(meta))

    def index(self, meta: Any, obj: ast.Expr, index: ast.Expr) -> ast.Index:
        return ast.Index(obj, index, span=self._span(meta))

    def neg(self, meta: Any, operand: ast.Expr) -> ast.Expr:
        if isinstance(operand, ast.Number):
            return ast.Number(-operand.value, span=self._span(meta))
        return ast.Unary(ast.UnaryOp.NEG, operand, span=self._span(meta))

    def not_(self, meta: Any, operand: ast.Expr) -> ast.Unary:
        return ast.Unary(ast.UnaryOp.NOT, operand, span=self._span(meta))

    def _arith(self, meta: Any, op: str, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return ast.Arith(_ARITH_OPS[op], left, right, span=self._span(meta))

    def add(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "add", left, right)

    def sub(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "sub", left, right)

    def mul(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "mul", left, right)

    def div(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.Arith:
        return self._arith(meta, "div", left, right)

    def compare(
        self, meta: Any, left: ast.Expr, op: tuple[ast.CompareOp, Span], right: ast.Expr
    ) -> ast.Compare:
        return ast.Compare(op[0], left, right, op_span=op[1], span=self._span(meta))

    def and_(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.BoolOp:
        return ast.BoolOp(ast.BoolOpKind.AND, left, right, span=self._span(meta))

    def or_(self, meta: Any, left: ast.Expr, right: ast.Expr) -> ast.BoolOp:
        return ast.BoolOp(ast.BoolOpKind.OR, left, right, span=self._span(meta))

    def quantifier(
        self, meta: Any, kind: Token, var: Token, iterable: ast.Expr, body: ast.Expr
    ) -> ast.Quantifier:
        return ast.Quantifier(
            ast.QuantifierKind(str(kind)),
            str(var),
            iterable,
            body,
            var_span=token_span(var),
            span=self._span(meta),
        )

    def if_expr(self, meta: Any, cond: ast.Expr, then: ast.Expr, otherwise: ast.Expr) -> ast.IfExpr:
        return ast.IfExpr(cond, then, otherwise, span=self._span(meta))

    # ------------------------------------------------------------ small pieces
    def positive(self, meta: Any, token: Token) -> int | float:
        return parse_number(str(token))

    def negative(self, meta: Any, token: Token) -> int | float:
        return -parse_number(str(token))

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

    def reference_value(self, meta: Any, value: int | float, text: Token | None) -> ast.Reference:
        return ast.Reference(value, self._opt_string(text), span=self._span(meta))

    def reference_none(self, meta: Any, text: Token | None) -> ast.Reference:
        return ast.Reference(None, self._opt_string(text), span=self._span(meta))

    def because(self, meta: Any, *names: Token) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        return tuple(str(n) for n in names), tuple(token_span(n) for n in names)

    def __default__(self, data: Any, children: Any, meta: Any) -> Any:
        # comp_op alternatives arrive here under their alias, with no children.
        if isinstance(data, str) and data in _COMPARE_OPS:
            return (_COMPARE_OPS[data], self._span(meta))
        return Tree(data, children, meta)

    # ------------------------------------------------------------ indicator
    def _section(self, kind: str, value: Any, meta: Any) -> _Section:
        return _Section(kind, value, self._span(meta))

    def unit(self, meta: Any, token: Token) -> _Section:
        return self._section("unit", self._string(token), meta)

    def better(self, meta: Any, token: Token) -> _Section:
        return self._section("better", ast.Better(str(token)), meta)

    def weight(self, meta: Any, value: int | float) -> _Section:
        return self._section("weight", value, meta)

    def national(self, meta: Any, reference: ast.Reference) -> _Section:
        return self._section("national", reference, meta)

    def industry_ref(self, meta: Any, reference: ast.Reference) -> _Section:
        return self._section("industry", reference, meta)

    def tier(self, meta: Any, name: Token, value: int | float) -> _Section:
        return self._section("tier", ast.Tier(str(name), value, span=self._span(meta)), meta)

    def indicator(self, meta: Any, name: Token, label: Token | None, *props: _Section) -> _Section:
        values: dict[str, _Section] = {}
        tiers: list[ast.Tier] = []
        for prop in props:
            if prop.kind == "tier":
                tiers.append(prop.value)
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
            id_span=token_span(name),
            span=self._span(meta),
            better_span=span_of("better"),
            weight_span=span_of("weight"),
        )
        return self._section("indicator", node, meta)

    # ------------------------------------------------------------ sections
    def version(self, meta: Any, token: Token) -> _Section:
        return self._section("version", self._string(token), meta)

    def authority(self, meta: Any, token: Token) -> _Section:
        return self._section("authority", self._string(token), meta)

    def source(self, meta: Any, token: Token) -> _Section:
        return self._section("source", self._string(token), meta)

    def industry_meta(self, meta: Any, token: Token) -> _Section:
        return self._section("industry_meta", self._string(token), meta)

    def subject(self, meta: Any, token: Token) -> _Section:
        return self._section("subject", ast.Subject(str(token)), meta)

    def effective(self, meta: Any, token: Token) -> _Section:
        return self._section("effective", self._date(token), meta)

    def rule(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return self._rule(meta, head, body)

    def eligible(self, meta: Any, *rules: ast.Rule) -> _Section:
        return self._section("eligible", tuple(rules), meta)

    def relative(self, meta: Any, kind: Token) -> ast.RelativeNormalization:
        return ast.RelativeNormalization(str(kind), span=self._span(meta))

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

    def score(self, meta: Any, normalization: ast.Normalization) -> _Section:
        return self._section("score", ast.Score(normalization, span=self._span(meta)), meta)

    def rank_key(self, meta: Any, expr: ast.Expr, order: Token) -> ast.RankKey:
        return ast.RankKey(expr, str(order) == "desc", span=self._span(meta))

    def rank_by(self, meta: Any, *keys: ast.RankKey) -> _Section:
        return self._section("rank_by", tuple(keys), meta)

    def group_by(self, meta: Any, expr: ast.Expr) -> _Section:
        return self._section("group_by", expr, meta)

    def top(self, meta: Any, count: ast.Expr, percent: Token | None) -> ast.Top:
        return ast.Top(count, percent is not None, span=self._span(meta))

    def require(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return self._rule(meta, head, body)

    def leaders(self, meta: Any, *items: ast.Top | ast.Rule) -> _Section:
        tops = [i for i in items if isinstance(i, ast.Top)]
        for extra in tops[1:]:
            self._duplicate("top", extra.span, "leaders")
        requires = tuple(i for i in items if isinstance(i, ast.Rule))
        node = ast.Leaders(tops[0] if tops else None, requires, span=self._span(meta))
        return self._section("leaders", node, meta)

    def publicity(self, meta: Any, duration: ast.Duration) -> _Section:
        return self._section("publicity", duration, meta)

    def trigger(self, meta: Any, head: _RuleHead, body: ast.Expr) -> ast.Rule:
        return self._rule(meta, head, body)

    def exclude(self, meta: Any, duration: ast.Duration) -> ast.Duration:
        return duration

    def withdraw(self, meta: Any, *items: ast.Rule | ast.Duration) -> _Section:
        excludes = [i for i in items if isinstance(i, ast.Duration)]
        for extra in excludes[1:]:
            self._duplicate("exclude", extra.span, "withdraw")
        triggers = tuple(i for i in items if isinstance(i, ast.Rule))
        node = ast.Withdraw(triggers, excludes[0] if excludes else None, span=self._span(meta))
        return self._section("withdraw", node, meta)

    # ------------------------------------------------------------ examples
    def data(self, meta: Any, token: Token) -> _Section:
        return self._section("data", self._string(token), meta)

    def as_of(self, meta: Any, token: Token) -> _Section:
        return self._section("as_of", self._date(token), meta)

    def publicity_start(self, meta: Any, token: Token) -> _Section:
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
        value = parse_number(str(rank))
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

    def example(self, meta: Any, name: Token, *items: _Section | ast.Expect) -> _Section:
        settings: dict[str, Any] = {}
        for item in items:
            if isinstance(item, _Section):
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

    # ------------------------------------------------------------ the ruleset
    def _duplicate(self, what: str, span: Span, where: str) -> None:
        self.diagnostics.append(
            error("E107", f"'{what}' is written twice in {where}", span, self.origin.path)
        )

    def ruleset(
        self, meta: Any, name: Token, title: Token | None, *sections: _Section
    ) -> ast.Ruleset:
        single: dict[str, _Section] = {}
        indicators: list[ast.Indicator] = []
        examples: list[ast.Example] = []
        for section in sections:
            if section.kind == "indicator":
                indicators.append(section.value)
            elif section.kind == "example":
                examples.append(section.value)
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
            tuple(indicators),
            get("eligible"),
            score=get("score"),
            rank_by=get("rank_by"),
            group_by=get("group_by"),
            leaders=get("leaders"),
            publicity=get("publicity"),
            withdraw=get("withdraw"),
            examples=tuple(examples),
            id_span=token_span(name),
            span=self._span(meta),
            section_spans=tuple((_SECTION_NAMES.get(s.kind, s.kind), s.span) for s in sections),
        )

    def start(self, meta: Any, ruleset: ast.Ruleset) -> ast.Ruleset:
        return ruleset


def lower(tree: Tree[Token], source: Source) -> tuple[ast.Ruleset, list[Diagnostic]]:
    """Lower a parse tree of `source` to a `Ruleset`, with any diagnostics found on the way."""
    lowerer = _Lowerer(source)
    ruleset = lowerer.transform(tree)
    assert isinstance(ruleset, ast.Ruleset)
    return ruleset, lowerer.diagnostics


__all__ = ["lower", "tree_span"]
