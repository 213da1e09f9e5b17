"""Checker stage, display: an expression back as ruleset text, for messages.

Takes an `ast.Expr`; gives canonical text (`i.value < 0.5`) with the parentheses the
precedence of SPEC §2.3 needs. Spans are ignored, so equal trees give equal text.
"""

from __future__ import annotations

from standards_rules import ast


def _level(expr: ast.Expr) -> int:
    match expr:
        case ast.Quantifier() | ast.IfExpr():
            return 1
        case ast.BoolOp(op=op):
            return 2 if op is ast.BoolOpKind.OR else 3
        case ast.Unary(op=ast.UnaryOp.NOT):
            return 4
        case ast.Compare():
            return 5
        case ast.Arith(op=op):
            return 6 if op in (ast.ArithOp.ADD, ast.ArithOp.SUB) else 7
        case ast.Unary():
            return 8
        case ast.Number(value=value) if value < 0:
            return 8
        case _:
            return 10


def _wrap(expr: ast.Expr, minimum: int) -> str:
    text = show(expr)
    return f"({text})" if _level(expr) < minimum else text


def _number(value: float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def show(expr: ast.Expr) -> str:
    """`expr` as ruleset text."""
    match expr:
        case ast.Number(value=value):
            return _number(value)
        case ast.String(value=value):
            import json  # here: shown in diagnostics only, which a good plan has none of

            return json.dumps(value, ensure_ascii=False)
        case ast.Bool(value=value):
            return "true" if value else "false"
        case ast.NoneLit():
            return "none"
        case ast.Date(value=value):
            return value.isoformat()
        case ast.Duration(amount=amount, unit=unit):
            return f"{_number(amount)} {unit.value}"
        case ast.Name(id=name):
            return name
        case ast.Field(obj=obj, name=name):
            return f"{_wrap(obj, 9)}.{name}"
        case ast.Index(obj=obj, index=index):
            return f"{_wrap(obj, 9)}[{show(index)}]"
        case ast.Call(func=func, args=args):
            return f"{func}({', '.join(show(a) for a in args)})"
        case ast.ListExpr(items=items):
            return f"[{', '.join(show(i) for i in items)}]"
        case ast.Unary(op=ast.UnaryOp.NOT, operand=operand):
            return f"not {_wrap(operand, 4)}"
        case ast.Unary(operand=operand):
            return f"-{_wrap(operand, 8)}"
        case ast.Arith(op=op, left=left, right=right):
            level = _level(expr)
            return f"{_wrap(left, level)} {op.value} {_wrap(right, level + 1)}"
        case ast.Compare(op=op, left=left, right=right):
            return f"{_wrap(left, 6)} {op.value} {_wrap(right, 6)}"
        case ast.BoolOp(op=op, left=left, right=right):
            level = _level(expr)
            return f"{_wrap(left, level)} {op.value} {_wrap(right, level + 1)}"
        case ast.Quantifier(kind=kind, var=var, iterable=iterable, body=body):
            return f"{kind.value} {var} in {_wrap(iterable, 2)}: {show(body)}"
        case ast.IfExpr(cond=cond, then=then, otherwise=otherwise):
            return f"if {show(cond)} then {show(then)} else {show(otherwise)}"
    return "?"


__all__ = ["show"]
