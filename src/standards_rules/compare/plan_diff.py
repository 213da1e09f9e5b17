"""Comparing stage, the plans themselves: two checked ASTs → their structural differences.

Takes the old and the new `ast.Ruleset`; gives `PlanChange`s in the order a reader
meets them: metadata, indicators (and, within each, label, unit, better, class,
alias, range, weight, limits, named references, tiers), eligibility rules, leader
requires, withdrawal triggers, defines, then the other sections. Items are matched
by id; every change carries its line in both files (None where the item is absent).
Expressions are compared as trees, so layout and comments make no difference, and
shown as canonical text. Examples are not compared: they test a plan, not part of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from standards_rules import ast
from standards_rules.check.show import show
from standards_rules.source import Span

T = TypeVar("T")


@attrs.frozen
class PlanChange:
    """One difference: `kind` (indicator, label, unit, better, class, alias, range, weight,
    limit, reference, tier, rule, require, trigger, define, section, metadata), `item`
    (`sulfur.national`, `stricter`, `score`, …), `change` (added, removed, changed)."""

    kind: str
    item: str
    change: str
    old: str | None
    new: str | None
    old_line: int | None
    new_line: int | None

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return attrs.asdict(self)


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(int(value))
    return repr(value)


def _quoted(text: str | None) -> str:
    return "" if text is None else f' "{text}"'


def _line(span: Span | None) -> int | None:
    return None if span is None else span.line


class _Differ:
    def __init__(self, old: ast.Ruleset, new: ast.Ruleset) -> None:
        self.old, self.new = old, new
        self.out: list[PlanChange] = []

    def add(
        self,
        kind: str,
        item: str,
        old: str | None,
        new: str | None,
        old_span: Span | None,
        new_span: Span | None,
    ) -> None:
        if old == new:
            return
        change = "added" if old is None else "removed" if new is None else "changed"
        self.out.append(PlanChange(kind, item, change, old, new, _line(old_span), _line(new_span)))

    def matched(
        self,
        kind: str,
        olds: Sequence[T],
        news: Sequence[T],
        key: Callable[[T], str],
        text: Callable[[T], str],
        span: Callable[[T], Span | None],
        prefix: str = "",
    ) -> list[tuple[T, T]]:
        """Items added and removed; the pairs present in both, for a closer look."""
        by_old = {key(x): x for x in olds}
        by_new = {key(x): x for x in news}
        pairs = []
        for name, item in by_old.items():
            if name not in by_new:
                self.add(kind, prefix + name, text(item), None, span(item), None)
            else:
                pairs.append((item, by_new[name]))
        for name, item in by_new.items():
            if name not in by_old:
                self.add(kind, prefix + name, None, text(item), None, span(item))
        return pairs

    def section_span(self, ruleset: ast.Ruleset, name: str) -> Span | None:
        return next((s for n, s in ruleset.section_spans if n == name), None)


def _reference(ref: ast.Reference | None) -> str | None:
    return None if ref is None else _number(ref.value) + _quoted(ref.source)


def _indicator_text(ind: ast.Indicator) -> str:
    return f"indicator {ind.id}{_quoted(ind.label)}"


def _indicator(d: _Differ, old: ast.Indicator, new: ast.Indicator) -> None:
    at = old.id
    o, n = old.id_span, new.id_span
    d.add("label", f"{at}.label", old.label, new.label, o, n)
    d.add("unit", f"{at}.unit", old.unit, new.unit, o, n)
    d.add(
        "better",
        f"{at}.better",
        old.better and old.better.value,
        new.better and new.better.value,
        old.better_span or o,
        new.better_span or n,
    )
    d.add(
        "class",
        f"{at}.class",
        old.indicator_class.value,
        new.indicator_class.value,
        old.class_span or o,
        new.class_span or n,
    )
    d.add(
        "alias",
        f"{at}.alias",
        ", ".join(old.aliases) or None,
        ", ".join(new.aliases) or None,
        old.alias_span or o,
        new.alias_span or n,
    )
    d.add(
        "range",
        f"{at}.range",
        None if old.range is None else f"{_number(old.range.low)} {_number(old.range.high)}",
        None if new.range is None else f"{_number(new.range.low)} {_number(new.range.high)}",
        old.range.span if old.range else o,
        new.range.span if new.range else n,
    )
    d.add(
        "weight",
        f"{at}.weight",
        None if old.weight is None else _number(old.weight),
        None if new.weight is None else _number(new.weight),
        old.weight_span or o,
        new.weight_span or n,
    )
    for name in ("national", "industry"):
        before, after = getattr(old, name), getattr(new, name)
        d.add(
            "limit",
            f"{at}.{name}",
            _reference(before),
            _reference(after),
            before.span if before else o,
            after.span if after else n,
        )
    pairs = d.matched(
        "reference",
        old.references,
        new.references,
        lambda r: r.name,
        lambda r: _number(r.value) + _quoted(r.source),
        lambda r: r.span,
        prefix=f"{at}.reference ",
    )
    for ref_a, ref_b in pairs:
        text_a = _number(ref_a.value) + _quoted(ref_a.source)
        text_b = _number(ref_b.value) + _quoted(ref_b.source)
        d.add("reference", f"{at}.reference {ref_a.name}", text_a, text_b, ref_a.span, ref_b.span)
    tiers = d.matched(
        "tier",
        old.tiers,
        new.tiers,
        lambda t: t.name,
        lambda t: _number(t.threshold),
        lambda t: t.span,
        prefix=f"{at}.tier ",
    )
    for a, b in tiers:
        d.add(
            "tier",
            f"{at}.tier {a.name}",
            _number(a.threshold),
            _number(b.threshold),
            a.span,
            b.span,
        )
    order_old = [t.name for t in old.tiers if t.name in {x.name for x in new.tiers}]
    order_new = [t.name for t in new.tiers if t.name in {x.name for x in old.tiers}]
    if order_old != order_new:
        d.add("tier", f"{at}.tiers", ", ".join(order_old), ", ".join(order_new), o, n)


def _rule_text(rule: ast.Rule) -> str:
    cite = "" if rule.cite is None else f' cite "{rule.cite}"'
    return f"{rule.id}{_quoted(rule.label)}{cite}: {show(rule.body)}"


def _rules(d: _Differ, kind: str, olds: Sequence[ast.Rule], news: Sequence[ast.Rule]) -> None:
    for a, b in d.matched(kind, olds, news, lambda r: r.id, _rule_text, lambda r: r.span):
        d.add(kind, a.id, _rule_text(a), _rule_text(b), a.span, b.span)


def _define_text(define: ast.Define) -> str:
    params = ", ".join(f"{p.name}: {p.type_name}" for p in define.params)
    head = f"{define.name}({params})" if define.is_function else define.name
    return f"{head}{_quoted(define.label)}: {show(define.body)}"


def _normalization(score: ast.Score | None) -> str | None:
    if score is None:
        return None
    norm = score.normalization
    if isinstance(norm, ast.RelativeNormalization):
        return "weighted normalize relative to " + ", ".join(norm.references)
    if isinstance(norm, ast.MinMaxNormalization):
        return "weighted normalize minmax"
    points = " ".join(f"{p.tier} {_number(p.points)}" for p in norm.points)
    otherwise = "" if norm.otherwise is None else f" otherwise {_number(norm.otherwise)}"
    return f"weighted normalize tiers {{ {points}{otherwise} }}"


def _duration(duration: ast.Duration | None) -> str | None:
    return None if duration is None else f"{_number(duration.amount)} {duration.unit.value}"


def _span(node: Any) -> Span | None:
    return None if node is None else node.span


def _sections(ruleset: ast.Ruleset) -> dict[str, tuple[str | None, Span | None]]:
    """Each section's text and span (the section's own line where its node has none)."""
    leaders = ruleset.leaders
    top = leaders.top if leaders else None
    keys = ruleset.rank_by
    exclude = ruleset.withdraw.exclude if ruleset.withdraw else None
    per_enterprise = None if leaders is None else leaders.per_enterprise
    rank_by = None
    if keys is not None:
        rank_by = ", ".join(f"{show(k.expr)} {'desc' if k.descending else 'asc'}" for k in keys)
    return {
        "subject": (None if ruleset.subject is None else ruleset.subject.value, None),
        "score": (_normalization(ruleset.score), _span(ruleset.score)),
        "rank by": (rank_by, keys[0].span if keys else None),
        "group by": (
            None if ruleset.group_by is None else show(ruleset.group_by),
            _span(ruleset.group_by),
        ),
        "leaders.top": (
            None if top is None else show(top.count) + ("%" if top.percent else ""),
            _span(top),
        ),
        "leaders.per enterprise": (
            None if per_enterprise is None else _number(per_enterprise),
            None if leaders is None else leaders.per_enterprise_span,
        ),
        "leaders.valid": (_duration(leaders.valid if leaders else None), _span(leaders)),
        "publicity": (_duration(ruleset.publicity), _span(ruleset.publicity)),
        "withdraw.exclude": (_duration(exclude), _span(exclude)),
        "bands": (
            None if ruleset.bands is None else ", ".join(b.indicator for b in ruleset.bands),
            ruleset.bands[0].span if ruleset.bands else None,
        ),
        "use": (", ".join(u.path for u in ruleset.uses) or None, None),
    }


def _metadata(ruleset: ast.Ruleset) -> dict[str, str | None]:
    meta = ruleset.metadata
    return {
        "id": ruleset.id,
        "title": ruleset.title,
        "version": meta.version,
        "authority": meta.authority,
        "source": meta.source,
        "industry": meta.industry,
        "effective": None if meta.effective is None else meta.effective.isoformat(),
    }


def _present(items: Iterable[tuple[str, Span]], name: str) -> Span | None:
    return next((s for n, s in items if n == name), None)


def plan_diff(old: ast.Ruleset, new: ast.Ruleset) -> tuple[PlanChange, ...]:
    """Every structural difference between two versions of a plan; () when they are the same."""
    d = _Differ(old, new)
    meta_old, meta_new = _metadata(old), _metadata(new)
    for name in meta_old:
        span_old = old.id_span if name in ("id", "title") else _present(old.section_spans, name)
        span_new = new.id_span if name in ("id", "title") else _present(new.section_spans, name)
        d.add("metadata", name, meta_old[name], meta_new[name], span_old, span_new)
    indicators = d.matched(
        "indicator",
        old.indicators,
        new.indicators,
        lambda i: i.id,
        _indicator_text,
        lambda i: i.span,
    )
    for ind_a, ind_b in indicators:
        _indicator(d, ind_a, ind_b)
    _rules(d, "rule", old.eligible or (), new.eligible or ())
    _rules(d, "require", old.leaders.requires if old.leaders else (), _requires(new))
    _rules(d, "trigger", _triggers(old), _triggers(new))
    defines = d.matched(
        "define", old.defines, new.defines, lambda x: x.name, _define_text, lambda x: x.span
    )
    for def_a, def_b in defines:
        d.add(
            "define", def_a.name, _define_text(def_a), _define_text(def_b), def_a.span, def_b.span
        )
    sections_old, sections_new = _sections(old), _sections(new)
    for name, (text_old, span_old) in sections_old.items():
        text_new, span_new = sections_new[name]
        section = name.split(".")[0]
        d.add(
            "section",
            name,
            text_old,
            text_new,
            span_old or d.section_span(old, section),
            span_new or d.section_span(new, section),
        )
    return tuple(d.out)


def _requires(ruleset: ast.Ruleset) -> tuple[ast.Rule, ...]:
    return ruleset.leaders.requires if ruleset.leaders else ()


def _triggers(ruleset: ast.Ruleset) -> tuple[ast.Rule, ...]:
    return ruleset.withdraw.triggers if ruleset.withdraw else ()


__all__ = ["PlanChange", "plan_diff"]
