"""Language server, where a position lies: the kind of body around it, and the names it sees.

Takes a lowered ruleset or library (or None, while the text does not parse), the
path it was read from and an offset in its text; gives the `Context` of the body
holding the offset (an eligible rule, a `require`, `top`, a trigger, a rank key,
`group by`, a define), or None outside every body. A body sees the names
`check.scope.names_in` gives its context (`events` and `title` only in a trigger,
`cohort` and `declared` only in `top`); outside every body, or before the text
parses, the names of every kind of body are offered.
"""

from __future__ import annotations

from collections.abc import Iterator

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.check.scope import Context, names_in
from standards_rules.source import Span


def context_at(node: ast.Ruleset | ast.Library | None, path: str, offset: int) -> Context | None:
    """The context of the body holding `offset`, or None."""
    if node is None:
        return None
    for context, span in _bodies(node, path):
        if span.start_pos <= offset <= span.end_pos:
            return context
    return None


def names_at(node: ast.Ruleset | ast.Library | None, path: str, offset: int) -> dict[str, t.Type]:
    """The names in scope at `offset` with their types (every body's, outside them)."""
    context = context_at(node, path, offset)
    if context is not None:
        return names_in(context)
    names: dict[str, t.Type] = {}
    for each in Context:
        names.update(names_in(each))
    return names


def _bodies(node: ast.Ruleset | ast.Library, path: str) -> Iterator[tuple[Context, Span]]:
    # A library's defines (which a ruleset holds too, first) were written in other files.
    for define in node.defines:
        if define.path in ("", path):
            yield Context.DEFINE, define.span
    if isinstance(node, ast.Library):
        return
    for rule in node.eligible or ():
        yield Context.RULE, rule.span
    for key in node.rank_by or ():
        yield Context.RANK_KEY, key.span
    if node.group_by is not None:
        yield Context.GROUP_KEY, node.group_by.span
    if node.leaders is not None:
        if node.leaders.top is not None:
            yield Context.TOP, node.leaders.top.span
        for rule in node.leaders.requires:
            yield Context.REQUIRE, rule.span
    for trigger in node.withdraw.triggers if node.withdraw is not None else ():
        yield Context.TRIGGER, trigger.span


__all__ = ["context_at", "names_at"]
