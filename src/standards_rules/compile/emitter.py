"""Compile stage: the generated module under construction, and no code generation.

Takes a ruleset (for its indicators) and whether the code is traced; holds
what the code generator writes: the functions' source blocks, the constants
table every ruleset string, date, duration and regex goes into (referred to
by a generated name, never spliced in), the per-function preludes that read
each indicator value once, and the namespace the module runs in.
"""

from __future__ import annotations

import math
import re

from standards_rules import ast
from standards_rules.compile.inline import Gen
from standards_rules.compile.namespace import RUNTIME_NAMESPACE
from standards_rules.compile.statics import static_parts
from standards_rules.compile.types import SCALAR, Shape

PARAMS = ("s", "e", "a", "V", "t", "ev", "c", "sc", "d")
_VIEW_NAME = re.compile(r"\bV\b")


class ProgramError(ValueError):
    """The ruleset uses a form the compiler cannot translate (the checker should have said)."""


class Emitter:
    """One generated module's source blocks, constants and preludes."""

    def __init__(self, ruleset: ast.Ruleset, traced: bool = False) -> None:
        self.ruleset = ruleset
        self.indicator_index = {ind.id: n for n, ind in enumerate(ruleset.indicators)}
        self.traced = traced
        self.params = (*PARAMS, "T") if traced else PARAMS
        self.constants: dict[str, object] = {}
        self._constant_names: dict[tuple[str, object], str] = {}
        self.blocks: list[str] = []
        self.nodes: list[ast.Expr] = []  # traced: event number → the node it observed
        self.depths: list[int] = []  # traced: event number → how many quantifiers enclose it
        self._quantifiers = 0
        self._helpers = 0
        self.statics = static_parts(ruleset)
        # Static mode (untraced functions whose `s` is always the standard): a field of an
        # indicator known at compile time reads the standard's value directly, and
        # quantifiers over `indicators` are unrolled, so no view object is needed.
        self._static = False
        self._unroll = 1
        self._prelude: list[dict[str, list[str]]] = []
        self._drivers: set[int] = set()

    def add_block(self, source: str, *, binds_views: bool = False) -> None:
        """Add a whole function's source; `binds_views`: it sets `V` itself (a stage driver),
        so its use of `V` does not make the program read views."""
        if binds_views:
            self._drivers.add(len(self.blocks))
        self.blocks.append(source)

    def _prelude_code(self, names: dict[str, list[str]], indent: int = 4) -> str:
        pad = " " * indent
        return "".join(f"{pad}{line}\n" for lines in names.values() for line in lines)

    def _local(self, kind: str, index: int) -> str:
        """A prelude local holding indicator `index`'s value (`x`) or previous value (`p`)."""
        frame = self._prelude[-1]
        name = f"{kind}{index}"
        if name not in frame:
            table = "iv" if kind == "x" else "pv"
            if table not in frame:
                field = "indicators" if kind == "x" else "previous_indicators"
                # views.indicator_values/previous_values inline: `s` is always a Standard here
                frame[table] = [f"{table} = s.{field} or _none_values"]
            key = self.const(self.statics[index].id)
            # number() as an inline fast path for the common case, a float that is not NaN.
            frame[name] = [
                f"{name} = {table}.get({key})",
                f"if {name}.__class__ is not _float or {name} != {name}: {name} = _num({name})",
            ]
        return name

    def uses_views(self) -> bool:
        """Whether any generated function reads `V`, the `indicators` views."""
        blocks = (b for n, b in enumerate(self.blocks) if n not in self._drivers)
        lines = (line for block in blocks for line in block.splitlines())
        return any(_VIEW_NAME.search(line) for line in lines if not line.startswith("def "))

    def source(self) -> str:
        return "\n".join(self.blocks)

    def namespace(self) -> dict[str, object]:
        return {"__builtins__": {"all": all, "any": any, "sum": sum}, **RUNTIME_NAMESPACE,
                **self.constants}  # fmt: skip

    def const(self, value: object) -> str:
        try:
            key: tuple[str, object] = (type(value).__name__, value)
            hash(key)
        except TypeError:
            key = ("id", id(value))
        name = self._constant_names.get(key)
        if name is None:
            name = self._constant_names[key] = f"k{len(self._constant_names)}"
            self.constants[name] = value
        return name

    def _number(self, value: float | int | None) -> Gen:
        """A compile-time number (or none) as a literal that comparisons may inline."""
        if value is None:
            return Gen("None", SCALAR, num=True, known=None)
        code = self.literal_number(value)
        ok = not isinstance(value, bool) and math.isfinite(value)
        return Gen(code, Shape("scalar", nullable=False), num=ok, known=value)

    def literal_number(self, value: float | int) -> str:
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            return self.const(value)
        return f"({value!r})"

    def _event(self, node: ast.Expr, depth: int) -> int:
        self.nodes.append(node)
        self.depths.append(depth)
        return len(self.nodes) - 1
