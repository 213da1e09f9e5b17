"""Write the Jincheng sample exports in the platform's layout (deterministic, from the root).

    .venv/bin/python rulesets/jincheng/data/export.py

For the coal and millet plans, the sample dataset (`data/PLAN.json`) is written
as the public platform exports it: `data/PLAN_export.xlsx` (sheets 企业, 标准,
技术指标, 产品, 事件, 退出, 称号; Excel dates) and its twin `data/PLAN_export/`,
one CSV file per sheet in GB18030, as Excel saves them on a Chinese system.
Cells are written as bureau staff type them: 是/否, √/×, Y/N and 1/0 flags,
现行/废止 and the codes 0/1, dates as text in several forms, names by label,
id or alias in mixed width and case; each technical indicator as requirement
text in one of the forms of SPEC §3.3 (signs, phrases, ranges, ±, units in the
text or the 单位 column, full-width digits) whose worse end is exactly the
value in the JSON. So evaluating an export gives the plan's JSON report, apart
from what the export adds on purpose:

* indicator names the plans do not rank (全水分, 色泽气味, …): warnings;
* a handful of standards whose rows must be rejected (an impossible date, a
  floor for a lower-is-better indicator, an incommensurable unit, text that
  fits no form, an indicator given twice) and a product of a standard that is
  not in the export.
"""

from __future__ import annotations

import datetime
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from exportkit import write_csv_folder, write_xlsx  # noqa: E402
from standards_rules import load_ruleset  # noqa: E402
from standards_rules.records.export.requirement import read_requirement  # noqa: E402

_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789.%"}
_FLOORS = ("≥{}", "不小于{}", "{}以上", "≧{}", ">={}", "不低于{}", "＞{}", "大于{}")
_CEILINGS = ("≤{}", "不大于{}", "{}以下", "≦{}", "<={}", "不高于{}", "＜{}", "小于{}")
_FLAGS = (("是", "否"), ("√", "×"), ("Y", "N"), (1, 0), ("true", "false"))
_KINDS = {
    "process_change": "工艺变化",
    "environmental_accident": "环保事故",
    "safety_accident": "安全事故",
    "quality_problem": "质量问题",
    "inspection_failed": "抽检不合格",
    "ip_infringement": "侵犯知识产权",
    "fraud": "弄虚作假",
    "integrity": "诚信问题",
    "other": "其他",
}
PLANS: dict[str, dict[str, Any]] = {
    "coal": {
        "unmapped": [("全水分 Mt", "≤8.0", "%"), ("灰熔融性软化温度ST", "＞1250", "℃")],
        "lower": "sulfur",
        "unit_of": {"calorific": ("kJ/kg", 1000)},
        "prefix": "Q/ZZMY",
    },
    "millet": {
        "unmapped": [("色泽、气味", "正常", None), ("脂肪酸值(KOH) mg/100g", "≤60", None)],
        "lower": "imperfect",
        "unit_of": {},
        "prefix": "Q/ZZXM",
    },
}


def _number(value: float) -> str:
    return format(Decimal(repr(value)).normalize(), "f")


def requirement(value: float, higher: bool, n: int, unit: str, scaled: tuple[str, int] | None):
    """(text, 单位) whose worse end is exactly `value`, in the form numbered `n`."""
    shown = _number(value)
    signs = _FLOORS if higher else _CEILINGS
    step = Decimal(shown) / 10 if value else Decimal(1)
    candidates: list[tuple[str, str | None]] = [
        (signs[n % len(signs)].format(shown), None),
        (signs[(n + 3) % len(signs)].format(shown + unit), None),
        (signs[n % len(signs)].format(shown), unit),
        (shown, None),
    ]
    other = Decimal(shown) + (step if higher else -step)
    if other > 0:
        low, high = sorted((Decimal(shown), other))
        separator = ("～", "-", "至", "—", "~")[n % 5]
        candidates.insert(0, (f"{_number(float(low))}{separator}{_number(float(high))}", None))
    centre = Decimal(shown) + (step if higher else -step)
    if centre > step:
        candidates.insert(1, (f"{_number(float(centre))}±{_number(float(step))}", None))
    if scaled is not None:
        written, factor = scaled
        candidates.insert(
            0, (signs[n % len(signs)].format(f"{_number(value * factor)} {written}"), None)
        )
    if value == 0 and not higher:
        candidates.insert(0, ("不得检出", None))
    text, column = candidates[n % len(candidates)]
    if n % 7 == 3:
        text = text.translate(_FULL_WIDTH)
    if read_requirement(text, higher=higher, unit=unit, column_unit=column) != value:
        text, column = signs[0].format(shown), None
    return text, column


def _date(value: str | None, n: int) -> object:
    if value is None:
        return None
    day = datetime.date.fromisoformat(value)
    forms = (
        day,
        day,
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month}.{day.day}",
    )
    return forms[n % len(forms)]


def _flag(value: bool, n: int) -> object:
    yes, no = _FLAGS[n % len(_FLAGS)]
    return yes if value else no


def sheets(plan: str) -> dict[str, list[list[object]]]:
    ruleset = load_ruleset(ROOT / "rulesets" / "jincheng" / f"{plan}.rules")
    indicators = {i.id: i for i in ruleset.ast.indicators}
    data = json.loads((HERE / f"{plan}.json").read_text(encoding="utf-8"))
    settings = PLANS[plan]
    enterprises: list[list[object]] = [
        ["统一社会信用代码", "企业名称", "所属区县", "是否申报", "是否同意入榜"]
    ]
    events: list[list[object]] = [
        ["统一社会信用代码", "事件类型", "发生日期", "重大", "说明", "发现日期"]
    ]
    withdrawals: list[list[object]] = [["统一社会信用代码", "退出日期", "禁入期至", "退出原因"]]
    for n, e in enumerate(data["enterprises"]):
        code = e["credit_code"].lower() if n % 9 == 4 else e["credit_code"]
        enterprises.append(
            [code, e["name"], e.get("county"), _flag(e["applied"], n), _flag(e["consent"], n + 1)]
        )
        for event in e["events"]:
            events.append(
                [
                    e["credit_code"],
                    _KINDS[event["kind"]],
                    _date(event["date"], n),
                    _flag(event["major"], n),
                    event.get("note"),
                    _date(event.get("found_on"), n),
                ]
            )
        for w in e["withdrawals"]:
            withdrawals.append(
                [
                    e["credit_code"],
                    _date(w.get("decided_on"), n),
                    _date(w.get("excluded_until"), n),
                    w.get("reason"),
                ]
            )
    standards: list[list[object]] = [
        [
            "标准编号",
            "标准名称",
            "统一社会信用代码",
            "标准状态",
            "公开时间",
            "格式规范",
            "产品类别",
            "标准类型",
            "代替标准号",
            "符合性报告结论",
            "符合性报告日期",
            "检验机构",
        ]
    ]
    rows: list[list[object]] = [
        ["标准编号", "指标名称", "技术要求", "单位", "检验方法", "上一版技术要求"]
    ]
    products: list[list[object]] = [["标准编号", "产品名称", "规格型号", "是否量产"]]
    for n, s in enumerate(data["standards"]):
        report = s.get("conformity_report") or {}
        status = (
            ("现行", "废止")[s["status"] == "abolished"]
            if n % 3
            else ("0", "1")[s["status"] == "abolished"]
        )
        standards.append(
            [
                s["number"],
                s.get("name"),
                s["enterprise"],
                status,
                _date(s.get("published_on"), n),
                _flag(s["format_compliant"], n),
                s.get("category"),
                {"product": "产品", "service": "服务"}[s["subject"]],
                s.get("replaces"),
                None if not report else ("符合" if report.get("passed") else "不符合"),
                _date(report.get("issued_on"), n),
                report.get("agency"),
            ]
        )
        previous = s.get("previous_indicators") or {}
        for k, (key, value) in enumerate(s["indicators"].items()):
            indicator = indicators[key]
            names = indicator.names()
            name = names[(n + k) % len(names)]
            if (n + k) % 5 == 2:
                name = name.upper() if name.isascii() else f" {name} "
            higher = indicator.better.value == "higher"
            scaled = settings["unit_of"].get(key) if (n + k) % 4 == 1 else None
            text, column = requirement(value, higher, n + k, indicator.unit or "", scaled)
            before = None
            if key in previous:
                before, before_column = requirement(
                    previous[key], higher, 0, indicator.unit or "", None
                )
                column = column or before_column
            rows.append([s["number"], name, text, column, "GB/T 方法", before])
        for j, (name, text, unit) in enumerate(settings["unmapped"]):
            if (n + j) % 3 == 0:
                rows.append([s["number"], name, text, unit, None, None])
        for p in s.get("products") or []:
            products.append(
                [s["number"], p.get("name"), p.get("model"), _flag(p["mass_produced"], n)]
            )
    _must_be_rejected(data, settings, standards, rows, products, indicators)
    # The levels at award (三.7(2)) as one column per indicator, headed by its label.
    awarded = [
        i for i in indicators if any(i in (t.get("indicators") or {}) for t in data["titles"])
    ]
    titles: list[list[object]] = [
        ["标准编号", "规则集", "授予日期", "有效期至", *(indicators[i].label or i for i in awarded)]
    ]
    for n, t in enumerate(data["titles"]):
        levels = t.get("indicators") or {}
        titles.append(
            [
                t["standard"],
                t["ruleset"],
                _date(t["awarded_on"], n),
                _date(t["expires_on"], n),
                *(levels.get(i) for i in awarded),
            ]
        )
    return {
        "企业": enterprises,
        "标准": standards,
        "技术指标": rows,
        "产品": products,
        "事件": events,
        "退出": withdrawals,
        "称号": titles,
    }


def _must_be_rejected(data, settings, standards, rows, products, indicators) -> None:
    code = data["enterprises"][0]["credit_code"]
    prefix = settings["prefix"]
    lower = settings["lower"]
    ids = list(indicators)
    higher_id = next((i for i in ids if indicators[i].better.value == "higher"), ids[-1])
    bad = [
        ("9001", "2021-02-30", [(lower, "≤0.5")]),  # no such day
        ("9002", "2021-03-01", [(lower, "≥0.5")]),  # a floor for lower-is-better
        ("9003", "2021-03-01", [(higher_id, "25 kg")]),  # incommensurable
        ("9004", "2021-03-01", [(lower, "见附录A")]),  # fits no form
        (
            "9005",
            "2021-03-01",
            [(lower, "≤0.5"), (indicators[lower].label or lower, "≤0.4")],
        ),  # twice
    ]
    for number, day, given in bad:
        full = f"{prefix} {number}-2021"
        standards.append(
            [
                full,
                "样品",
                code,
                "现行",
                day,
                "是",
                standards[1][6],
                "产品",
                None,
                "符合",
                day,
                None,
            ]
        )
        for name, text in given:
            rows.append([full, name, text, None, None, None])
    products.append([f"{prefix} 9999-2021", "样品", "X-1", "是"])


def main() -> None:
    for plan in PLANS:
        tables = sheets(plan)
        write_xlsx(HERE / f"{plan}_export.xlsx", tables)
        write_csv_folder(HERE / f"{plan}_export", tables, encoding="gb18030")
        print(f"wrote {plan}_export.xlsx and {plan}_export/")


if __name__ == "__main__":
    main()
