"""`standards_rules.ast` is one namespace over its two modules: expressions and declarations."""

from __future__ import annotations

from standards_rules import ast
from standards_rules.ast import declarations, expressions


def test_every_node_of_both_modules_is_a_name_of_ast() -> None:
    for module in (expressions, declarations):
        for name in module.__all__:
            assert getattr(ast, name) is getattr(module, name)
    assert set(ast.__all__) == {*expressions.__all__, *declarations.__all__}


def test_declarations_hold_expressions_and_not_the_other_way() -> None:
    assert not any(name in vars(expressions) for name in declarations.__all__)
