"""Columns: the sheets of the export layout and what each header holds (SPEC §3.3).

Takes nothing (tables of names); gives, for each sheet kind, the record field
each header names (Chinese or English, matched like indicator names) and the
cell reader for it. `sheet_kind` tells which sheet a workbook sheet or CSV file
is by its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from standards_rules.records.export.cells import (
    Cell,
    CellError,
    half_width,
    read_bool,
    read_code,
    read_credit_code,
    read_date,
    read_number,
    read_status,
    read_subject,
    read_text,
    read_whole,
)
from standards_rules.records.export.names import normalised_name

Reader = Callable[[Cell], object]

ENTERPRISES = "enterprises"
STANDARDS = "standards"
INDICATORS = "indicators"
PRODUCTS = "products"
EVENTS = "events"
WITHDRAWALS = "withdrawals"
TITLES = "titles"

_SHEET_NAMES: Mapping[str, tuple[str, ...]] = {
    ENTERPRISES: ("企业", "企业信息"),
    STANDARDS: ("标准", "标准信息"),
    INDICATORS: ("技术指标", "指标"),
    PRODUCTS: ("产品", "产品信息"),
    EVENTS: ("事件", "企业事件"),
    WITHDRAWALS: ("退出", "退出记录"),
    TITLES: ("称号", "领跑者称号"),
}
_SHEETS = {
    normalised_name(name): kind for kind, names in _SHEET_NAMES.items() for name in (kind, *names)
}


def sheet_kind(name: str) -> str | None:
    """The kind of sheet named `name` (`技术指标`, `Indicators`, …), or None."""
    return _SHEETS.get(normalised_name(name))


_VERDICTS = {
    "符合": True,
    "合格": True,
    "通过": True,
    "pass": True,
    "不符合": False,
    "不合格": False,
    "不通过": False,
    "fail": False,
}


def read_verdict(cell: Cell) -> bool | None:
    """A conformity report's conclusion: 符合/不符合, 合格/不合格, 通过/不通过, pass/fail
    (any case), or a yes/no."""
    verdict = _VERDICTS.get(half_width(read_text(cell) or "").strip().casefold())
    if verdict is not None:
        return verdict
    try:
        return read_bool(cell)
    except CellError:
        raise CellError("expected 符合 or 不符合, pass or fail (or a yes/no value)") from None


_EVENT_KINDS = {
    "process_change": ("工艺变化", "生产装备工艺变化", "重大变化"),
    "environmental_accident": ("环保事故", "环境事故"),
    "safety_accident": ("安全事故",),
    "quality_problem": ("质量问题", "产品质量问题"),
    "inspection_failed": ("抽检不合格", "抽检未达标"),
    "ip_infringement": ("侵犯知识产权", "知识产权侵权"),
    "fraud": ("弄虚作假",),
    "integrity": ("诚信问题",),
    "other": ("其他",),
}
_KIND_BY_NAME = {
    normalised_name(name): kind for kind, names in _EVENT_KINDS.items() for name in (kind, *names)
}


def read_event_kind(cell: Cell) -> str | None:
    text = read_text(cell)
    if text is None:
        return None
    kind = _KIND_BY_NAME.get(normalised_name(text))
    if kind is None:
        raise CellError(f"not an event kind (one of {', '.join(_EVENT_KINDS)})")
    return kind


def _columns(*entries: tuple[str, Reader, tuple[str, ...]]) -> Mapping[str, tuple[str, Reader]]:
    found: dict[str, tuple[str, Reader]] = {}
    for field, reader, names in entries:
        for name in (field, *names):
            found[normalised_name(name)] = (field, reader)
    return found


CREDIT_CODE = ("credit_code", read_credit_code, ("统一社会信用代码", "enterprise"))
NUMBER = ("number", read_code, ("标准编号", "standard"))

COLUMNS: Mapping[str, Mapping[str, tuple[str, Reader]]] = {
    ENTERPRISES: _columns(
        CREDIT_CODE,
        ("name", read_text, ("企业名称", "enterprise_name")),
        ("county", read_text, ("所属区县", "所属地区", "行政区划", "所在区县")),
        ("applied", read_bool, ("是否申报",)),
        ("consent", read_bool, ("是否同意入榜", "同意入榜")),
    ),
    STANDARDS: _columns(
        NUMBER,
        ("name", read_text, ("标准名称",)),
        ("enterprise", read_credit_code, ("统一社会信用代码", "credit_code")),
        ("status", read_status, ("标准状态",)),
        ("published_on", read_date, ("公开时间", "发布日期")),
        ("format_compliant", read_bool, ("格式规范",)),
        ("category", read_text, ("产品类别", "类别")),
        ("subject", read_subject, ("标准类型",)),
        ("replaces", read_code, ("代替标准号",)),
        # The English names also as the §3 record spells these nested fields.
        ("report_passed", read_verdict, ("符合性报告结论", "conformity_report.passed")),
        ("report_issued_on", read_date, ("符合性报告日期", "conformity_report.issued_on")),
        ("report_agency", read_text, ("检验机构", "conformity_report.agency")),
        ("widely_provided", read_bool, ("广泛提供", "service.widely_provided")),
        ("outlets", read_whole, ("网点数", "service.outlets")),
    ),
    INDICATORS: _columns(
        NUMBER,
        ("indicator", read_text, ("指标名称", "name")),
        ("requirement", read_text, ("技术要求",)),
        ("unit", read_text, ("单位",)),
        ("previous_requirement", read_text, ("上一版技术要求",)),
    ),
    PRODUCTS: _columns(
        NUMBER,
        ("name", read_text, ("产品名称", "product_name")),
        ("model", read_text, ("规格型号",)),
        ("mass_produced", read_bool, ("是否量产",)),
    ),
    EVENTS: _columns(
        CREDIT_CODE,
        ("kind", read_event_kind, ("事件类型",)),
        ("date", read_date, ("日期", "发生日期")),
        ("major", read_bool, ("重大",)),
        ("note", read_text, ("说明",)),
        ("found_on", read_date, ("发现日期",)),
    ),
    WITHDRAWALS: _columns(
        CREDIT_CODE,
        ("decided_on", read_date, ("退出日期",)),
        ("excluded_until", read_date, ("禁入期至",)),
        ("reason", read_text, ("退出原因",)),
    ),
    TITLES: _columns(
        ("standard", read_code, ("标准编号", "number")),
        ("ruleset", read_text, ("规则集",)),
        ("awarded_on", read_date, ("授予日期",)),
        ("expires_on", read_date, ("有效期至",)),
    ),
}

# The column that says which record a row belongs to, per sheet.
KEYS: Mapping[str, str] = {
    ENTERPRISES: "credit_code",
    STANDARDS: "number",
    INDICATORS: "number",
    PRODUCTS: "number",
    EVENTS: "credit_code",
    WITHDRAWALS: "credit_code",
    TITLES: "standard",
}

__all__ = ["COLUMNS", "KEYS", "read_number", "sheet_kind"]
