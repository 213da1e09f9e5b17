"""Compile stage: the code that reads a field, `obj.name`, for `obj` already generated.

Takes the generated object (a `Gen` with its static `Shape`) and a field name;
gives the code reading the field by the fastest path its shape allows: an
indicator of `indicators` by position; a field of an indicator known at
compile time, in a function whose `s` is always the standard, as the
standard's value itself or a compile-time constant, with no view object; a
field of a record of a known class as `obj.name` (a schema name, never
ruleset text); anything else through the none-safe `_field` helper.
"""

from __future__ import annotations

import functools

import attrs

from standards_rules.compile import views
from standards_rules.compile.emitter import Emitter, ProgramError
from standards_rules.compile.inline import Gen
from standards_rules.compile.types import SCALAR, Shape, record_fields

# The tables of an indicator view whose entries a directional comparison may read.
VIEW_TABLES = frozenset(("tiers", "references"))


class FieldReads(Emitter):
    """The generated module, with the code reading fields."""

    def read_field(self, obj: Gen, name: str) -> Gen:
        """`obj.name`, for `obj` already generated."""
        shape = obj.shape
        if shape.kind == "views":
            index = self.indicator_index.get(name)
            if index is None:
                raise ProgramError(f"unknown indicator {name!r}")
            return Gen(f"{obj.code}[{index}]", Shape("view", indicator=index, nullable=False))
        if shape.kind == "view":
            return self._view_field(obj, name)
        if shape.kind in VIEW_TABLES:
            if shape.indicator is not None:
                static = self.statics[shape.indicator]
                table = static.tiers if shape.kind == "tiers" else static.references
                found = table.get(name)
                return Gen("None" if found is None else self.literal_number(found), SCALAR)
            return Gen(f"_mget({obj.code}, {self.const(name)})", SCALAR)
        if shape.kind == "record" and shape.cls is not None:
            fields = record_fields(shape.cls)
            if name in fields:
                result = fields[name]
                if shape.nullable:
                    get = self.const(views.getter(name))
                    return Gen(f"{get}({obj.code})", attrs.evolve(result, nullable=True))
                return Gen(f"{obj.code}.{name}", result)
            return Gen("None", SCALAR)
        if shape.kind == "map" and not shape.nullable:
            return Gen(f"{obj.code}.get({self.const(name)})", SCALAR)
        return Gen(f"_field({obj.code}, {self.const(name)})", SCALAR)

    def _view_field(self, obj: Gen, name: str) -> Gen:
        if name not in views.VIEW_FIELDS:
            return Gen("None", SCALAR)
        index = obj.shape.indicator
        if self._static and index is not None and not obj.shape.nullable:
            return self._static_view_field(index, name)
        if name in VIEW_TABLES:
            if not obj.shape.nullable:
                return Gen(f"{obj.code}.{name}", Shape(name, indicator=index, nullable=False))
            return Gen(f"_field({obj.code}, {self.const(name)})", Shape(name, indicator=index))
        if not obj.shape.nullable:
            return Gen(f"{obj.code}.{views.VIEW_ATTRIBUTES.get(name, name)}", SCALAR)
        return Gen(f"_field({obj.code}, {self.const(name)})", SCALAR)

    def _static_view_field(self, index: int, name: str) -> Gen:
        """A field of indicator `index`, known at compile time, read without a view."""
        static = self.statics[index]
        match name:
            case "value" | "previous":
                return Gen(self._local("x" if name == "value" else "p", index), SCALAR, num=True)
            case "national" | "industry":
                return self._number(getattr(static, name))
            case "weight":
                weight = static.weight
                return Gen("None", SCALAR) if weight is None else self._number(weight)
            case "awarded":
                return Gen(f"_awarded(t, {self.const(static.id)})", SCALAR)
            case "id" | "label" | "unit":
                text = getattr(static, name)
                return Gen("None" if text is None else self.const(text), SCALAR, known=text)
            case "class":
                kind = static.indicator_class
                return Gen(self.const(kind), Shape("scalar", nullable=False), known=kind)
            case "tiers" | "references":
                shape = Shape(name, indicator=index, nullable=False)
                return Gen(self.const(getattr(static, name)), shape)
            case _:  # "tier"
                fn = self.const(functools.partial(views.tier_of, static.tiers, static.lower))
                return Gen(f"{fn}({self._local('x', index)})", SCALAR)
