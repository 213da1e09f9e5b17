"""The typed AST of the ruleset language (SPEC §2): frozen attrs nodes, no lark, no cattrs.

Its nodes are in two modules, one per idea: `ast.expressions` (what a body computes)
and `ast.declarations` (the sections, defines and uses that hold the expressions);
every name of both is here too, as `ast.X`.

Produced by `syntax.lower` from the parse tree; read by the checker, the compiler
and the formatter. Every node carries `span` (keyword-only, excluded from `==`),
so diagnostics point at a line and column while equal texts give equal trees.

Nodes take equality, hash and repr from `frozen.Frozen`, and are not slotted
(`slots=False`): attrs makes a slotted class by building it a second time, a
sixth of what importing this module cost, and a frozen dict class's `__init__`
is the quicker of the two (every `check` pays for both).
"""

from __future__ import annotations

from standards_rules.ast import declarations, expressions
from standards_rules.ast.declarations import *  # noqa: F403
from standards_rules.ast.expressions import *  # noqa: F403

__all__ = [*expressions.__all__, *declarations.__all__]
