"""Checker stage, builtins: the functions a body may call (SPEC §2.3), with their arity.

Takes nothing; gives `BUILTINS`, the one table of names, argument counts and
signatures, shared by the type inference and the compiler.
"""

from __future__ import annotations

import attrs

from standards_rules.frozen import Frozen


@attrs.frozen(eq=False, repr=False, slots=False)
class Builtin(Frozen):
    name: str
    min_args: int
    max_args: int | None  # None: any number from min_args
    signature: str

    def arity_ok(self, count: int) -> bool:
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)

    def arity_text(self) -> str:
        if self.max_args is None:
            return f"at least {self.min_args} argument{'s' * (self.min_args != 1)}"
        if self.min_args == self.max_args:
            return f"{self.min_args} argument{'s' * (self.min_args != 1)}"
        return f"{self.min_args} to {self.max_args} arguments"


BUILTINS: dict[str, Builtin] = {
    b.name: b
    for b in (
        Builtin("len", 1, 1, "len(list or string)"),
        Builtin("min", 1, None, "min(a, b, …)"),
        Builtin("max", 1, None, "max(a, b, …)"),
        Builtin("abs", 1, 1, "abs(number)"),
        Builtin("round", 1, 2, "round(number, digits)"),
        Builtin("lower", 1, 1, "lower(string)"),
        Builtin("working_days_between", 2, 2, "working_days_between(date, date)"),
        Builtin("first", 1, None, "first(a, b, …)"),
    )
}

__all__ = ["BUILTINS", "Builtin"]
