"""GB 32100-2015 check characters of unified social credit codes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.records.credit_code import (
    CHARSET,
    check_character,
    complete_credit_code,
    credit_code_problem,
    is_valid_credit_code,
)
from standards_rules.testing.records import credit_codes

# Published codes of well-known companies, and the SPEC §3 example.
KNOWN_VALID = [
    "91140500MA0GRBLW1K",
    "9144030071526726XG",
    "914403001922038216",
    "91330100716105852F",
    "91110108551385082Q",
]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_are_valid(code: str) -> None:
    assert is_valid_credit_code(code)
    assert credit_code_problem(code) is None
    assert check_character(code[:17]) == code[17]


def test_remainder_zero_gives_check_character_zero() -> None:
    # 31 - (0 mod 31) = 31, which wraps round to '0'.
    assert check_character("0" * 17) == "0"
    assert is_valid_credit_code("0" * 18)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91140500MA0GRBLW1A", "wrong check character 'A', expected 'K'"),
        ("91140500MA0GRBLW1", "must have 18 characters, got 17"),
        ("91140500MA0GRBLW1KK", "must have 18 characters, got 19"),
        ("91140500MA0GRBLI1K", "character 'I' at position 16 is not allowed"),
        ("91140500ma0grblw1k", "character 'm' at position 9 is not allowed"),
        ("", "must have 18 characters, got 0"),
    ],
)
def test_invalid_codes_say_why(code: str, reason: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert reason in problem
    assert not is_valid_credit_code(code)


def test_check_character_needs_seventeen_allowed_characters() -> None:
    with pytest.raises(ValueError, match="need 17"):
        check_character("9114")
    with pytest.raises(ValueError, match="not allowed"):
        check_character("9114050OMA0GRBLW1")


@settings(max_examples=100, deadline=None)
@given(credit_codes())
def test_generated_codes_are_valid(code: str) -> None:
    assert is_valid_credit_code(code)


@settings(max_examples=100, deadline=None)
@given(credit_codes(), st.sampled_from(CHARSET))
def test_any_other_last_character_is_wrong(code: str, last: str) -> None:
    changed = code[:17] + last
    assert is_valid_credit_code(changed) == (last == code[17])


@settings(max_examples=100, deadline=None)
@given(credit_codes(), st.integers(min_value=0, max_value=16), st.sampled_from(CHARSET))
def test_a_single_substitution_is_detected(code: str, position: int, new: str) -> None:
    # Weights are non-zero modulo the prime 31, so one changed character always shows.
    changed = code[:position] + new + code[position + 1 :]
    assert is_valid_credit_code(changed) == (changed == code)


def test_complete_credit_code_appends_the_check_character() -> None:
    assert complete_credit_code("91140500MA0GRBLW1") == "91140500MA0GRBLW1K"
