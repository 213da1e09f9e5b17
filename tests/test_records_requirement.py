"""The requirement-text table of SPEC §3.3: every form, both directions, units, every rejection."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.records.export.requirement import RequirementProblem, read_requirement

# (text, value for `better higher`, value for `better lower`); None: rejected.
FORMS = [
    ("≥96", 96.0, None),
    ("≧96", 96.0, None),
    (">=96", 96.0, None),
    ("不小于96", 96.0, None),
    ("不低于96", 96.0, None),
    ("96以上", 96.0, None),
    (">96", 96.0, None),
    ("＞96", 96.0, None),
    ("大于96", 96.0, None),
    ("高于96", 96.0, None),
    ("≤0.5", None, 0.5),
    ("≦0.5", None, 0.5),
    ("<=0.5", None, 0.5),
    ("不大于0.5", None, 0.5),
    ("不高于0.5", None, 0.5),
    ("0.5以下", None, 0.5),
    ("<0.5", None, 0.5),
    ("＜0.5", None, 0.5),
    ("小于0.5", None, 0.5),
    ("低于0.5", None, 0.5),
    ("83～90", 83.0, 90.0),
    ("83~90", 83.0, 90.0),
    ("83-90", 83.0, 90.0),
    ("83—90", 83.0, 90.0),
    ("83至90", 83.0, 90.0),
    ("25±1.5", 23.5, 26.5),
    ("12.5", 12.5, 12.5),
    ("不得检出", None, 0.0),
    ("未检出", None, 0.0),
    ("ND", None, 0.0),
    # full-width forms and spaces
    ("≥ 96 %", 96.0, None),
    ("＞＝９６", 96.0, None),
    ("≤０．５％", None, 0.5),
    ("８３～９０％", 83.0, 90.0),
    ("　96以上　", 96.0, None),
    ("不小于 96 ％", 96.0, None),
    ("83 % ～ 90 %", 83.0, 90.0),
    ("2５±1", 24.0, 26.0),
]


@pytest.mark.parametrize(("text", "higher", "lower"), FORMS)
def test_every_form_in_both_directions(
    text: str, higher: float | None, lower: float | None
) -> None:
    for is_higher, expected in ((True, higher), (False, lower)):
        if expected is None:
            with pytest.raises(RequirementProblem, match="says nothing about"):
                read_requirement(text, higher=is_higher, unit="%")
        else:
            assert read_requirement(text, higher=is_higher, unit="%") == expected


@pytest.mark.parametrize(
    ("text", "higher", "unit", "column_unit", "expected"),
    [
        ("≥5500kcal/kg", True, "MJ/kg", None, 23.012),
        ("≥ 5500 kcal/kg", True, "MJ/kg", None, 23.012),
        ("≥5500", True, "MJ/kg", "kcal/kg", 23.012),
        ("≥5500 kcal/kg", True, "MJ/kg", "MJ/kg", 23.012),  # the text's own unit wins
        ("≤5 g/kg", False, "%", None, 0.5),
        ("≤0.5％", False, "%", None, 0.5),
        ("≤0.5", False, "%", "％", 0.5),
        ("≤3 个", False, "个", None, 3.0),  # a unit pint does not know still matches itself
        ("20～25 MJ/kg", True, "MJ/kg", None, 20.0),
        ("≥96", True, None, None, 96.0),
        # Powers in superscript (which NFKC alone would make `m3`) or in plain digits.
        ("≤0.05 g/m³", False, "mg/m³", None, 50.0),
        ("≤0.05", False, "mg/m3", "g/m³", 50.0),
        ("≥2 m3", True, "L", None, 2000.0),
        ("≥3 m·s⁻¹", True, "km/h", None, 10.8),
        # Thousands grouped with commas, as in a number cell.
        ("≥5,500 kcal/kg", True, "MJ/kg", None, 23.012),
        ("5,500～6,000", False, "kcal/kg", None, 6000.0),
        ("≥１，２００，０００．５", True, "%", None, 1200000.5),
        # A unit pint does not know as written, read ignoring case where that spells one
        # unit of the indicator's kind: KG is kg (a kilogauss, kG, is not a mass).
        ("≥5500", True, "MJ/kg", "Kcal/kg", 23.012),
        ("≥23 MJ/KG", True, "MJ/kg", None, 23.0),
        ("≥5500 KCAL/KG", True, "MJ/kg", None, 23.012),
        ("≥1 KWH", True, "MJ", None, 3.6),
        ("≥2 KPa", True, "Pa", None, 2000.0),
        # Units pint knows as written are read as written: Ms is a megasecond.
        ("≥1 Ms", True, "s", None, 1e6),
        ("≥1 MW", True, "kW", None, 1000.0),
    ],
)
def test_units_are_converted_to_the_indicators(
    text: str, higher: bool, unit: str | None, column_unit: str | None, expected: float
) -> None:
    assert read_requirement(text, higher=higher, unit=unit, column_unit=column_unit) == expected


@pytest.mark.parametrize(
    ("text", "higher", "unit", "column_unit", "reason"),
    [
        ("≥96", False, "%", None, r"'≥96': a floor says nothing about a lower-is-better level"),
        ("≤3", True, "%", None, "a ceiling says nothing about a higher-is-better level"),
        ("不得检出", True, "%", None, "'not detected' says nothing about a higher-is-better"),
        ("约96", True, "%", None, "cannot read the requirement '约96'"),
        ("", True, "%", None, "cannot read the requirement ''"),
        ("见附录A", True, "%", None, "cannot read the requirement '见附录A'"),
        ("90～83", True, "%", None, "the range '90～83' does not go from low to high"),
        # A superscript is a power, not a digit: 10³ is not read as 103.
        ("≥10³", True, "%", None, "unknown unit '^3': '^3' cannot be converted to '%'"),
        # A comma that groups no thousands is no unit: the text fits no form.
        ("12,5", True, "%", None, "cannot read the requirement '12,5'"),
        ("≤1,2.0", False, "%", None, "cannot read the requirement '≤1,2.0'"),
        ("≥1,0000", True, "%", None, "cannot read the requirement '≥1,0000'"),
        ("5～5", True, "%", None, "does not go from low to high"),
        ("≥5 kg", True, "%", None, "'kg' cannot be converted to '%'"),
        ("≥5", True, "%", "kg", "'kg' cannot be converted to '%'"),
        ("≥5 %", True, None, None, "the value is in '%' but the indicator has no unit"),
        ("≥5 furlongs/fortnightx", True, "%", None, "unknown unit 'furlongs/fortnightx'"),
        # Case folded, Mw may be MW or mW, and MPA MPa or mPa: neither is chosen.
        ("≥5 Mw", True, "kW", None, "unknown unit 'Mw': 'Mw' cannot be converted to 'kW'"),
        ("≥5", True, "kPa", "MPA", "unknown unit 'MPA': 'MPA' cannot be converted to 'kPa'"),
        # Texts pint's parser fails on by an assertion, its tokenizer or a division.
        ("≥96。", True, "%", None, "unknown unit '。': '。' cannot be converted to '%'"),
        ("≤0.45", False, "%", "kg/", "unknown unit 'kg/': 'kg/' cannot be converted to '%'"),
        ("≥5 kg)", True, "%", None, "unknown unit 'kg)': 'kg)' cannot be converted to '%'"),
        ("≥5", True, "%", "1/0", "unknown unit '1/0': '1/0' cannot be converted to '%'"),
        ("≥5", True, "%", "dB(A)", "'dB(A)' cannot be converted to '%'"),
        # A unit known but not to be reached: no logarithm of a percentage.
        ("≥5", True, "dB", "%", "'%' cannot be converted to 'dB'"),
        ("≥100000", True, "%", "dB", "100000 'dB' cannot be converted to '%'"),
        ("≤" + "9" * 400, False, "%", None, f"the number in '≤{'9' * 400}' is too large"),
    ],
)
def test_rejections_say_why(
    text: str, higher: bool, unit: str | None, column_unit: str | None, reason: str
) -> None:
    with pytest.raises(RequirementProblem, match=re.escape(reason)):
        read_requirement(text, higher=higher, unit=unit, column_unit=column_unit)


_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789.%<>=~"}
_FLOORS = ("≥{}", "≧{}", ">={}", "不小于{}", "不低于{}", "{}以上", ">{}", "大于{}", "高于{}")
_CEILINGS = ("≤{}", "≦{}", "<={}", "不大于{}", "不高于{}", "{}以下", "<{}", "小于{}", "低于{}")


@settings(max_examples=200, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=10**6, places=3).map(float),
    higher=st.booleans(),
    data=st.data(),
)
def test_a_number_written_in_any_form_reads_back(
    value: float, higher: bool, data: st.DataObject
) -> None:
    number = data.draw(st.sampled_from([repr(value), f"{value:.3f}"]))
    pattern = data.draw(st.sampled_from((_FLOORS if higher else _CEILINGS) + ("{}",)))
    spaced = data.draw(st.sampled_from(["{}", " {} ", "{} %", "{}%", "{}％"]))
    text = pattern.format(spaced.format(number).strip() if "%" in spaced else number)
    if data.draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    assert read_requirement(text, higher=higher, unit="%") == pytest.approx(value, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    low=st.integers(min_value=0, max_value=10**5),
    width=st.integers(min_value=1, max_value=10**4),
    separator=st.sampled_from(["～", "~", "-", "—", "至", " ~ "]),
    higher=st.booleans(),
)
def test_a_range_reads_as_its_worse_end(low: int, width: int, separator: str, higher: bool) -> None:
    text = f"{low}{separator}{low + width}"
    expected = low if higher else low + width
    assert read_requirement(text, higher=higher, unit="%") == expected


_TEXT_PARTS = st.sampled_from(
    (
        "≥",
        "≤",
        "～",
        "-",
        "±",
        "至",
        "以上",
        " ",
        "\u3000",
        ".",
        "(",
        ")",
        "/",
        "*",
        "^",
        "。",
        "%",
        "％",
        "kg",
        "g",
        "MJ",
        "dB",
        "1",
        "0",
        "9",
        "５",
        "e",
        "=",
        "|",
        "ND",
        "不得检出",
        "个",
    )
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(_TEXT_PARTS, max_size=8).map("".join),
    column_unit=st.one_of(st.none(), st.lists(_TEXT_PARTS, max_size=3).map("".join)),
    unit=st.sampled_from([None, "%", "MJ/kg", "dB", "个"]),
    higher=st.booleans(),
)
def test_any_text_reads_or_is_rejected_with_a_reason(
    text: str, column_unit: str | None, unit: str | None, higher: bool
) -> None:
    try:
        value = read_requirement(text, higher=higher, unit=unit, column_unit=column_unit)
    except RequirementProblem as problem:
        assert problem.reason
    else:
        assert value == value and abs(value) != float("inf")
