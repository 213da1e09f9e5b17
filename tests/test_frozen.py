"""`Frozen` gives the AST and the checker's types the equality, hash and repr attrs would."""

from __future__ import annotations

import datetime

import attrs
import pytest

from standards_rules import ast
from standards_rules.check import types as t
from standards_rules.frozen import Frozen
from standards_rules.source import Span

HERE = Span(3, 5, 3, 9, 40, 44)


def _frozen_classes() -> list[type]:
    found, stack = [], [Frozen]
    while stack:
        for sub in stack.pop().__subclasses__():
            found.append(sub)
            stack.append(sub)
    return [cls for cls in found if attrs.has(cls)]


def test_every_node_and_type_takes_its_methods_from_the_base() -> None:
    classes = _frozen_classes()
    assert ast.Ruleset in classes and t.RecordType in classes and len(classes) > 50
    for cls in classes:
        # Declared eq=False, repr=False: attrs generated none of the three.
        assert cls.__eq__ is Frozen.__eq__, cls
        assert cls.__hash__ is Frozen.__hash__, cls
        assert cls.__repr__ is Frozen.__repr__, cls


def test_equal_texts_give_equal_nodes_wherever_they_were_written() -> None:
    here = ast.Field(ast.Name("standard", span=HERE), "status", name_span=HERE, span=HERE)
    there = ast.Field(ast.Name("standard"), "status")
    assert here == there
    assert not (here != there)  # noqa: SIM202 (`!=` is derived from `__eq__`)
    assert hash(here) == hash(there)
    assert len({here, there}) == 1


def test_nodes_differ_by_any_field_and_by_class() -> None:
    one = ast.Number(1)
    assert one != ast.Number(2)
    assert one != ast.String("1")  # same fields, another class
    assert one != 1
    assert ast.NoneLit() == ast.NoneLit(span=HERE)  # no fields: equal to every other
    assert t.IndicatorList() == t.IndicatorList() and t.IndicatorList() != t.Dynamic()
    assert t.Scalar("number") in {t.Scalar("number"): 1}


def test_a_field_left_out_of_equality_is_left_out_of_the_hash() -> None:
    first = t.RecordType("standard", lambda: {})
    second = t.RecordType("standard", lambda: {"number": t.Scalar("string")})
    assert first == second and hash(first) == hash(second)


def test_repr_shows_the_fields_attrs_would_show() -> None:
    node = ast.Duration(30, ast.DurationUnit.DAYS, span=HERE)
    assert repr(node) == "Duration(amount=30, unit=<DurationUnit.DAYS: 'days'>)"
    call = ast.Call("count", (ast.Name("i"), ast.Date(datetime.date(2021, 4, 22))))
    assert repr(call) == (
        "Call(func='count', args=(Name(id='i'), Date(value=datetime.date(2021, 4, 22))))"
    )
    assert repr(t.IndicatorList()) == "IndicatorList()"


def test_the_nodes_stay_frozen_and_evolve() -> None:
    node = ast.Number(1, span=HERE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        node.value = 2  # type: ignore[misc]
    changed = attrs.evolve(node, value=2)
    assert changed == ast.Number(2) and changed.span == HERE
