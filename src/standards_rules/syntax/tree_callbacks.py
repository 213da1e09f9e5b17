"""Parsing stage, the kept parser's tree callbacks: lark's, each made one call.

At every reduction the LALR parser calls the rule's tree callback, which lark
makes as a chain of wrappers: `PropagatePositions` (the new tree's positions,
from its first and last child that has any), around a `ChildFilterLALR_NoPlaceholders`
(the children kept, and those of inlined `_rules` spliced in), around `Tree`. A plan's
parse made some 650 trees through three calls and two searches each, a fifth of
the parse. `fused` gives the same tree, children and positions from one call;
`one_child` stands for a chain that only hands on its rule's one child (`?sum:
product`). `parser_cache.share_equal_parts` puts them in the kept parser.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from lark import Token, Tree
from lark.parse_tree_builder import (
    ChildFilterLALR_NoPlaceholders,
    ExpandSingleChild,
    PropagatePositions,
)


class TreeWithPositions:
    """`PropagatePositions(ChildFilterLALR_NoPlaceholders(partial(Tree, data)))`, or
    without the filter when `to_include` is None, as one call."""

    __slots__ = ("data", "to_include")

    def __init__(self, data: str, to_include: Sequence[tuple[int, bool]] | None) -> None:
        self.data = data
        self.to_include = to_include

    def __call__(self, children: list[Any]) -> Tree[Token]:
        to_include = self.to_include
        if to_include is None:
            kept = children
        else:
            kept = []
            for i, spliced in to_include:
                if not spliced:
                    kept.append(children[i])
                elif kept:
                    kept += children[i].children
                else:  # lark's own shortcut for left recursion: the list itself
                    kept = children[i].children
        tree: Tree[Token] = Tree(self.data, kept)
        first = _positioned(children)
        last = _positioned(reversed(children))
        if first is None and last is None:
            return tree
        meta: Any = tree.meta
        if first is not None:
            meta.line = meta.container_line = getattr(first, "container_line", first.line)
            meta.column = meta.container_column = getattr(first, "container_column", first.column)
            meta.start_pos = meta.container_start_pos = getattr(
                first, "container_start_pos", first.start_pos
            )
            meta.empty = False
        if last is not None:
            meta.end_line = meta.container_end_line = getattr(
                last, "container_end_line", last.end_line
            )
            meta.end_column = meta.container_end_column = getattr(
                last, "container_end_column", last.end_column
            )
            meta.end_pos = meta.container_end_pos = getattr(last, "container_end_pos", last.end_pos)
            meta.empty = False
        return tree


def _positioned(children: Any) -> Any:
    """The first of `children` with a position: a token, or a tree's non-empty meta
    (`PropagatePositions._pp_get_meta` without a node filter)."""
    for child in children:
        if isinstance(child, Tree):
            if not child.meta.empty:
                return child.meta
        elif isinstance(child, Token):
            return child
        elif hasattr(child, "__lark_meta__"):
            return child.__lark_meta__()
    return None


def fused(rule: Any, callback: Any) -> Callable[[list[Any]], Any] | None:
    """The one-call equal of `rule`'s tree callback as lark made it, or None when it is
    of another shape (kept as it is)."""
    if type(callback) is not PropagatePositions or callback.node_filter is not None:
        return None
    builder = callback.node_builder
    to_include = None
    if type(builder) is ChildFilterLALR_NoPlaceholders:
        to_include = tuple(builder.to_include)
        builder = builder.node_builder
    if type(builder) is ExpandSingleChild:
        if len(rule.expansion) == 1 and to_include in (None, ((0, False),)):
            return operator.itemgetter(0)
        return None
    if type(builder) is partial and builder.func is Tree and not builder.keywords:
        (data,) = builder.args
        return TreeWithPositions(data, to_include)
    return None


__all__ = ["TreeWithPositions", "fused"]
