"""Unified social credit codes (统一社会信用代码, GB 32100-2015): the check character.

Takes a code as text; gives whether its 18th character is the GB 32100 check
character of the first 17, and why not. Only that final check is enforced: the
organisation-code part (positions 9-17) carries its own GB 11714 check
character, but many codes in circulation, and most sample data, do not satisfy
it, and the programme's rules (SPEC §3) require only the GB 32100 check.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18

_VALUE = {c: i for i, c in enumerate(CHARSET)}


def check_character(body: str) -> str:
    """The GB 32100 check character for the first 17 characters of `body`."""
    if len(body) < LENGTH - 1:
        raise ValueError(f"need {LENGTH - 1} characters, got {len(body)}")
    try:
        total = sum(_VALUE[c] * w for c, w in zip(body, WEIGHTS, strict=False))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not allowed in a credit code") from None
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None when it is."""
    if len(code) != LENGTH:
        return f"credit code must have {LENGTH} characters, got {len(code)}"
    for position, c in enumerate(code, start=1):
        if c not in _VALUE:
            return f"character {c!r} at position {position} is not allowed in a credit code"
    expected = check_character(code)
    if code[-1] != expected:
        return f"wrong check character {code[-1]!r}, expected {expected!r}"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True when `code` has 18 allowed characters and a right GB 32100 check character."""
    return credit_code_problem(code) is None


def complete_credit_code(body: str) -> str:
    """`body` (17 characters) followed by its check character."""
    return body[: LENGTH - 1] + check_character(body)
