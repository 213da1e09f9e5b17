"""Generate the Jincheng sample datasets (deterministic; run from the repository root).

    .venv/bin/python rulesets/jincheng/data/generate.py          # writes the six JSON files
    .venv/bin/python rulesets/jincheng/data/generate.py --expect # also prints the expectations

Every dataset follows one scenario plan (the same for the six industries, so a
reader who knows one knows all):

* crafted entries at the top of the main group: `A` rank 1; `B` no conformity
  report, `C` a failed one, `OLD` a report older than the plan's period
  (passed over: report); `DUP` a second standard of A's enterprise (passed
  over: per_enterprise); `D` and `BD` without consent (not ranked at all:
  三.6); `G` a clean second; `E`/`F` equal on the score, where `F` is better
  on the plan's tie-break indicator but disclosed later (tiers plans), or
  identical (relative plans: a shared rank);
* one standard per way of failing eligibility (disclosure, application,
  registration outside Jincheng, format, category, core limits, each basic
  indicator's own rule, mass production or wide provision, exclusion, consent,
  several rules at once, the other subject) and the neighbours that pass (a
  basic value at its limit, an exclusion served, an accident of an enterprise
  that never held a title);
* title holders: one per withdrawal trigger, a core indicator lowered and one
  dropped in a later version (`replaces`, against the level at award), fraud
  committed during selection and found after the award; and titles that must
  *not* be withdrawn (a basic indicator lowered within its limit, an event
  before the award, a minor process change, an expired title, an event after
  `as_of`, a title of another ruleset). A withdrawn enterprise's other
  standard is excluded from the same evaluation;
* plain fillers, deterministic pseudo-random values strictly better than the
  reference limits and inside every indicator's `range`.

Values that could be real: coal's gross calorific value follows its ash
(anthracite Qgr,daf ≈ 35 MJ/kg), coalbed methane's follows its methane content
(pure CH4 37.04 MJ/m³ at 101.325 kPa, 20 °C), and no value leaves its range.

The expectations printed with `--expect` come from a small reference
calculation written from SPEC §4 (scores, ranks, leaders, band lists), independent
of the engine; the eligibility outcomes are the ones each scenario was built to have.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Jincheng's county-level divisions and their administrative division codes (1405xx).
COUNTIES = [
    ("城区", "140502"),
    ("泽州县", "140525"),
    ("高平市", "140581"),
    ("阳城县", "140522"),
    ("陵川县", "140524"),
    ("沁水县", "140521"),
]
OUTSIDE = ("太原市小店区", "140105")  # registered outside Jincheng

SYLLABLES = [
    ("金", "J"),
    ("泰", "T"),
    ("兰", "L"),
    ("花", "H"),
    ("鑫", "X"),
    ("源", "Y"),
    ("宏", "H"),
    ("达", "D"),
    ("晋", "J"),
    ("安", "A"),
    ("丰", "F"),
    ("瑞", "R"),
    ("恒", "H"),
    ("盛", "S"),
    ("东", "D"),
    ("华", "H"),
    ("永", "Y"),
    ("昌", "C"),
    ("凤", "F"),
    ("凰", "H"),
    ("天", "T"),
    ("润", "R"),
    ("佳", "J"),
    ("禾", "H"),
    ("沁", "Q"),
    ("珏", "J"),
    ("蓝", "L"),
    ("焰", "Y"),
    ("太", "T"),
    ("岳", "Y"),
]

REPORT_AGENCY = "晋城市检验检测中心"
REPORT_ON = "2021-05-10"
OLD_REPORT_ON = "2019-06-10"


def check_character(body: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS, strict=False))
    return CHARSET[(31 - total % 31) % 31]


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- the six plans


@dataclass(frozen=True)
class Indicator:
    id: str
    better: str  # "lower" | "higher"
    weight: float | None
    national: float | None
    industry: float | None
    tiers: tuple[tuple[str, float], ...] = ()
    cls: str = "core"
    low: float = 0.0
    high: float = 100.0


@dataclass
class Plan:
    """What the generator and the reference calculation need to know of a ruleset."""

    key: str
    ruleset_id: str
    word: str  # 煤业, 铸造, …
    code: str  # MY, ZZ, …
    product: str
    as_of: date
    indicators: list[Indicator]
    score: tuple  # ("relative", (refs…)) | ("tiers", {name: points}, otherwise or None)
    tiebreak: str  # a core indicator id
    top: Any  # (cohort, declared) -> N
    groups: list[str]  # the plan's fixed categories; the first is the main group
    basic_rules: dict[str, str]  # basic indicator id -> its rule id
    subject: str = "product"
    award: str = "2020-11-20"
    extra: dict = field(default_factory=dict)

    def ind(self, ident: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ident)

    @property
    def core(self) -> list[Indicator]:
        return [i for i in self.indicators if i.cls == "core"]

    @property
    def basic(self) -> list[Indicator]:
        return [i for i in self.indicators if i.cls == "basic"]

    def limit(self, ind: Indicator) -> float | None:
        return ind.national if ind.national is not None else ind.industry


def better(direction: str, a: float, b: float) -> bool:
    return a < b if direction == "lower" else a > b


def no_worse(direction: str, a: float, b: float) -> bool:
    return a <= b if direction == "lower" else a >= b


def top_declared(small: int, large: int, threshold: int):
    return lambda cohort, declared: large if declared >= threshold else small


PLANS = [
    Plan(
        "coal",
        "jincheng_coal",
        "煤业",
        "MY",
        "无烟煤",
        d("2021-09-30"),
        [
            Indicator("sulfur", "lower", 0.40, 1.00, None, (("leader", 0.50),), high=10),
            Indicator("ash", "lower", 0.30, 16.00, None, (("leader", 10.00),)),
            Indicator("calorific", "higher", 0.30, 27.20, None, (("leader", 30.91),), high=40),
            Indicator("volatile", "lower", None, 10.0, None, cls="basic"),
        ],
        ("tiers", {"leader": 1.0}, 0.5),
        "sulfur",
        top_declared(1, 3, 40),
        ["无烟块煤", "无烟末煤"],
        {"volatile": "volatile"},
    ),
    Plan(
        "steel_castings",
        "jincheng_steel_castings",
        "铸造",
        "ZZ",
        "焊接结构用铸钢件",
        d("2021-10-15"),
        [
            Indicator(
                "yield_strength",
                "higher",
                0.30,
                230,
                None,
                (("leader", 270), ("advanced", 250)),
                high=1500,
            ),
            Indicator(
                "tensile",
                "higher",
                0.25,
                450,
                None,
                (("leader", 480), ("advanced", 465)),
                high=2000,
            ),
            Indicator("elongation", "higher", 0.20, 22, None, (("leader", 26), ("advanced", 24))),
            Indicator(
                "impact", "higher", 0.25, 45, None, (("leader", 60), ("advanced", 52)), high=400
            ),
            Indicator("carbon", "lower", None, 0.20, None, cls="basic", high=2),
            Indicator("sulfur", "lower", None, 0.025, None, cls="basic", high=1),
            Indicator("phosphorus", "lower", None, 0.025, None, cls="basic", high=1),
        ],
        ("tiers", {"leader": 1.0, "advanced": 0.8}, 0.5),
        "impact",
        lambda cohort, declared: 3,
        ["ZG230-450H"],
        {"carbon": "carbon", "sulfur": "sulfur", "phosphorus": "phosphorus"},
    ),
    Plan(
        "coalbed_methane",
        "jincheng_coalbed_methane",
        "煤层气",
        "MQ",
        "管输煤层气",
        d("2021-11-01"),
        [
            Indicator(
                "gcv", "higher", 0.40, 34.0, None, (("leader", 36.0), ("advanced", 35.0)), high=40
            ),
            Indicator("total_sulfur", "lower", 0.20, 20.0, None, high=1000),
            Indicator("h2s", "lower", 0.20, 6.0, None, high=1000),
            Indicator("co2", "lower", 0.20, 3.0, None),
            Indicator("methane", "higher", None, None, None, cls="basic"),
        ],
        ("relative", ("national",)),
        "gcv",
        top_declared(2, 3, 40),
        ["管输煤层气"],
        {"methane": "methane"},
    ),
    Plan(
        "optomechatronics",
        "jincheng_led_road_luminaire",
        "光电科技",
        "GD",
        "LED道路照明灯具",
        d("2021-09-15"),
        [
            Indicator(
                "efficacy",
                "higher",
                0.45,
                110.0,
                None,
                (("leader", 150.0), ("advanced", 130.0)),
                high=300,
            ),
            Indicator("cri", "higher", 0.20, None, 60.0),
            Indicator("maintenance", "higher", 0.35, 92.0, None),
            Indicator("power_factor", "higher", None, 0.95, None, cls="basic", high=1),
        ],
        ("relative", ("national", "industry")),
        "efficacy",
        lambda cohort, declared: 3,
        ["LED路灯", "LED隧道灯"],
        {"power_factor": "power_factor"},
    ),
    Plan(
        "tourism",
        "jincheng_tourism_wellness",
        "文旅康养",
        "LY",
        "景区游览与康养服务",
        d("2021-10-29"),
        [
            Indicator(
                "visitor_score", "higher", 0.45, 80.0, None, (("leader", 90.0), ("advanced", 85.0))
            ),
            Indicator(
                "service_score", "higher", 0.30, 850.0, None, (("leader", 950.0),), high=1000
            ),
            Indicator("response", "lower", 0.25, None, 24.0, high=720),
            Indicator("closure", "lower", None, None, None, cls="basic", high=365),
        ],
        ("relative", ("national", "industry")),
        "visitor_score",
        top_declared(2, 3, 30),
        ["景区游览与康养服务"],
        {"closure": "closure"},
        subject="service",
        extra={"regulation": {"closure": 60.0}},
    ),
    Plan(
        "millet",
        "jincheng_millet",
        "农业",
        "NY",
        "黍米",
        d("2021-12-01"),
        [
            Indicator(
                "accuracy", "higher", 0.30, 60.0, None, (("leader", 80.0), ("advanced", 70.0))
            ),
            Indicator("imperfect", "lower", 0.30, 4.0, None, (("leader", 2.0), ("advanced", 3.0))),
            Indicator("impurities", "lower", 0.20, 1.0, None, (("leader", 0.5), ("advanced", 0.7))),
            Indicator("unhulled", "lower", 0.20, 0.7, None, (("leader", 0.2), ("advanced", 0.4))),
            Indicator("moisture", "lower", None, 14.0, None, cls="basic"),
        ],
        ("tiers", {"leader": 1.0, "advanced": 0.6}, None),
        "imperfect",
        lambda cohort, declared: 3,
        ["黍米"],
        {"moisture": "moisture"},
    ),
]


def quality_values(plan: Plan, q: float, rng: random.Random | None = None) -> dict:
    """Values at quality q in [0, 1]: q = 0 just better than every limit, q = 1 excellent."""

    def j(x: float) -> float:
        return x if rng is None else x + rng.uniform(-0.04, 0.04)

    k = plan.key
    if k == "coal":
        ash = round(15.5 - 9.0 * j(q), 2)
        sulfur = round(0.95 - 0.60 * j(q), 2)
        # Anthracite: Qgr,daf about 35.2 MJ/kg; the dry basis loses the ash share.
        calorific = round(35.2 * (1 - ash / 100) - 0.1 * sulfur, 2)
        return {
            "sulfur": sulfur,
            "ash": ash,
            "calorific": calorific,
            "volatile": round(9.5 - 3.5 * j(q), 2),
        }
    if k == "steel_castings":
        return {
            "yield_strength": round(235 + 50 * j(q)),
            "tensile": round(455 + 45 * j(q)),
            "elongation": round(22.5 + 5 * j(q), 1),
            "impact": round(47 + 25 * j(q)),
            "carbon": round(0.19 - 0.05 * j(q), 2),
            "sulfur": round(0.024 - 0.014 * j(q), 3),
            "phosphorus": round(0.024 - 0.012 * j(q), 3),
        }
    if k == "coalbed_methane":
        methane = round(92.2 + 6.8 * j(q), 2)
        # Qgr of pure methane at 101.325 kPa and 20 °C: 37.04 MJ/m³; CBM is nearly
        # all methane, the rest nitrogen and CO2, which add nothing.
        return {
            "gcv": round(37.04 * methane / 100, 2),
            "total_sulfur": round(19.0 - 17.0 * j(q), 1),
            "h2s": round(5.5 - 5.0 * j(q), 1),
            "co2": round(2.9 - 2.6 * j(q), 2),
            "methane": methane,
        }
    if k == "optomechatronics":
        return {
            "efficacy": round(112 + 48 * j(q), 1),
            "cri": round(62 + 20 * j(q)),
            "maintenance": round(92.5 + 6.5 * j(q), 1),
            "power_factor": round(0.955 + 0.04 * j(q), 3),
        }
    if k == "tourism":
        return {
            "visitor_score": round(81 + 17 * j(q), 1),
            "service_score": round(860 + 130 * j(q)),
            "response": round(22 - 20 * j(q), 1),
            "closure": round(55 - 40 * j(q)),
        }
    if k == "millet":
        return {
            "accuracy": round(61 + 26 * j(q), 1),
            "imperfect": round(3.9 - 2.4 * j(q), 1),
            "impurities": round(0.95 - 0.6 * j(q), 2),
            "unhulled": round(0.65 - 0.55 * j(q), 2),
            "moisture": round(13.8 - 1.5 * j(q), 1),
        }
    raise KeyError(k)


def settle(plan: Plan, values: dict, changed: str) -> dict:
    """`values` after `changed` was set by hand, with what follows from it made to agree:
    coal's calorific value from its ash and sulfur, gas's methane from its calorific value."""
    out = dict(values)
    if plan.key == "coal" and changed in ("ash", "sulfur") and {"ash", "sulfur"} <= out.keys():
        out["calorific"] = round(35.2 * (1 - out["ash"] / 100) - 0.1 * out["sulfur"], 2)
    if plan.key == "coalbed_methane" and changed == "gcv" and "methane" in out:
        out["methane"] = round(out["gcv"] / 0.3704, 2)
    return out


def step(ind: Indicator, value: float, fraction: float) -> float:
    """`value` moved by `fraction` of itself in the indicator's worse direction."""
    delta = abs(value) * fraction
    moved = value + delta if ind.better == "lower" else value - delta
    return round(moved, 4)


def nudge_better(ind: Indicator, value: float) -> float:
    """A slightly better value (same tier): used to break a score tie."""
    delta = 0.01 if abs(value) < 10 else 1
    return round(value - delta if ind.better == "lower" else value + delta, 4)


# --------------------------------------------------------------------------- records


class Builder:
    """Enterprises and standards for one dataset, with unique names and codes."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.enterprises: list[dict] = []
        self.standards: list[dict] = []
        self.titles: list[dict] = []
        self.abbrs: set[str] = set()
        self.counter = 0

    def enterprise(
        self, *, applied=True, consent=True, events=(), withdrawals=(), outside=False
    ) -> dict:
        i = self.counter
        self.counter += 1
        county, region = OUTSIDE if outside else COUNTIES[i % len(COUNTIES)]
        a = SYLLABLES[(i * 7 + 3) % len(SYLLABLES)]
        b = SYLLABLES[(i * 11 + 5 + i // len(SYLLABLES)) % len(SYLLABLES)]
        extra = ""
        abbr = a[1] + b[1] + self.plan.code
        k = 0
        while abbr in self.abbrs:  # a third syllable keeps names and numbers unique
            c = SYLLABLES[(i + 13 * k + 1) % len(SYLLABLES)]
            extra = c[0]
            abbr = a[1] + b[1] + c[1] + self.plan.code
            k += 1
        self.abbrs.add(abbr)
        digest = hashlib.sha256(f"{self.plan.key}/{i}".encode()).digest()
        org = "MA0" + "".join(CHARSET[x % len(CHARSET)] for x in digest[:6])
        body = "91" + region + org
        # Names as registered: the city for enterprises of 城区, else the county.
        place = "晋城市" if county == "城区" else ("山西" if outside else county)
        ent = {
            "credit_code": body + check_character(body),
            "name": f"{place}{a[0]}{b[0]}{extra}{self.plan.word}有限公司",
            "county": county,
            "applied": applied,
            "consent": consent,
            "events": list(events),
            "withdrawals": list(withdrawals),
            "_abbr": abbr,
        }
        self.enterprises.append(ent)
        return ent

    def standard(
        self,
        ent: dict,
        values: dict,
        *,
        tag: str,
        seq=1,
        year=2021,
        published="2021-03-01",
        status="current",
        format_compliant=True,
        category="",
        subject=None,
        products=None,
        service=None,
        report="passed",
        number=None,
        replaces=None,
    ) -> dict:
        plan = self.plan
        subject = subject or plan.subject
        num = number or f"Q/{ent['_abbr']} {seq:04d}-{year}"
        if report in ("passed", "failed", "old"):
            rep = {
                "passed": report != "failed",
                "issued_on": OLD_REPORT_ON if report == "old" else REPORT_ON,
                "agency": REPORT_AGENCY,
            }
        else:
            rep = None
        if subject == "product" and products is None:
            products = [
                {"name": plan.product, "model": f"{ent['_abbr']}-{seq}", "mass_produced": True}
            ]
        if subject == "service" and service is None and plan.subject == "service":
            service = {"widely_provided": True, "outlets": 3}
        std = {
            "number": num,
            "name": f"{plan.product}企业标准",
            "enterprise": ent["credit_code"],
            "status": status,
            "published_on": published,
            "format_compliant": format_compliant,
            "category": plan.groups[0] if category == "" else category,
            "subject": subject,
            "products": products if products is not None else [],
            "service": service,
            "indicators": values,
            "previous_indicators": None,
            "replaces": replaces,
            "conformity_report": rep,
            "attributes": {},
            "_tag": tag,
        }
        for ident, value in values.items():
            ind = plan.ind(ident)
            assert ind.low <= value <= ind.high, (plan.key, tag, ident, value)
        self.standards.append(std)
        return std

    def dump(self, path: Path) -> None:
        out = {
            "enterprises": [
                {k: v for k, v in e.items() if not k.startswith("_")} for e in self.enterprises
            ],
            "standards": [
                {k: v for k, v in s.items() if not k.startswith("_")} for s in self.standards
            ],
            "titles": self.titles,
        }
        path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- scenarios


def build(plan: Plan) -> tuple[Builder, dict]:
    b = Builder(plan)
    as_of = plan.as_of
    rng = random.Random(plan.key)
    svc = plan.subject == "service"
    first_core = plan.core[0]
    first_basic = plan.basic[0]
    basic_rule = plan.basic_rules[first_basic.id]
    expect: dict = {"ineligible": {}, "withdrawn": {}, "not_withdrawn": [], "tags": {}}

    def std(ent, values, tag, **kw):
        s = b.standard(ent, values, tag=tag, **kw)
        expect["tags"][tag] = s["number"]
        return s

    def fail(s, *rules):
        expect["ineligible"][s["number"]] = list(rules)

    # --- crafted top of the main group
    a_ent = b.enterprise()
    std(a_ent, quality_values(plan, 1.00), "A", published="2021-02-01")
    std(b.enterprise(), quality_values(plan, 0.97), "B", report=None, published="2021-02-10")
    std(b.enterprise(), quality_values(plan, 0.94), "G", published="2021-02-20")
    std(b.enterprise(), quality_values(plan, 0.92), "C", report="failed", published="2021-03-01")
    s = std(b.enterprise(consent=False), quality_values(plan, 0.91), "D", published="2021-03-10")
    fail(s, "consent")
    s = std(
        b.enterprise(consent=False),
        quality_values(plan, 0.90),
        "BD",
        report=None,
        published="2021-03-20",
    )
    fail(s, "consent")
    std(b.enterprise(), quality_values(plan, 0.89), "OLD", report="old", published="2021-03-25")
    std(a_ent, quality_values(plan, 0.88), "DUP", seq=2, published="2021-03-28")
    tie = quality_values(plan, 0.85)
    f_values = dict(tie)
    if plan.score[0] == "tiers":  # F is better on the tie-break indicator, in the same tier
        tb = plan.ind(plan.tiebreak)
        f_values = settle(plan, {**tie, tb.id: nudge_better(tb, tie[tb.id])}, tb.id)
    std(b.enterprise(), dict(tie), "E", published="2021-04-01")
    std(b.enterprise(), f_values, "F", published="2021-04-02")

    # --- every way to fail eligibility, and the neighbours that pass
    s = std(b.enterprise(), quality_values(plan, 0.99), "abolished", status="abolished")
    fail(s, "disclosed")
    later = str(as_of + timedelta(days=5))
    s = std(b.enterprise(), quality_values(plan, 0.99), "disclosed_later", published=later)
    fail(s, "disclosed")
    s = std(b.enterprise(applied=False), quality_values(plan, 0.99), "not_applied")
    fail(s, "applied")
    s = std(b.enterprise(outside=True), quality_values(plan, 0.99), "outside_jincheng")
    fail(s, "registered")
    s = std(b.enterprise(), quality_values(plan, 0.99), "not_format_flag", format_compliant=False)
    fail(s, "format")
    e = b.enterprise()
    s = std(e, quality_values(plan, 0.6), "bad_number", number=f"Q/{e['_abbr']}0001-2021")
    fail(s, "format")
    s = std(b.enterprise(), quality_values(plan, 0.99), "blank_category", category=None)
    fail(s, "category")
    misspelt = plan.groups[0][:-1] + "类"
    s = std(b.enterprise(), quality_values(plan, 0.99), "misspelt_category", category=misspelt)
    fail(s, "category")
    v = quality_values(plan, 0.5)
    v = settle(plan, {**v, first_core.id: plan.limit(first_core)}, first_core.id)
    s = std(b.enterprise(), v, "core_at_limit")
    fail(s, "stricter")
    v = quality_values(plan, 0.5)
    second_core = plan.core[1]
    v = settle(
        plan,
        {**v, second_core.id: step(second_core, plan.limit(second_core), 0.05)},
        second_core.id,
    )
    s = std(b.enterprise(), v, "core_worse_than_limit")
    fail(s, "stricter")
    v = quality_values(plan, 0.7)
    del v[plan.core[-1].id]
    s = std(b.enterprise(), v, "core_missing")
    fail(s, "stricter")
    v = quality_values(plan, 0.7)
    del v[first_basic.id]
    s = std(b.enterprise(), v, "basic_missing")
    fail(s, basic_rule)
    if plan.limit(first_basic) is not None:
        v = quality_values(plan, 0.7)
        v[first_basic.id] = plan.limit(first_basic)
        std(b.enterprise(), v, "basic_at_limit")  # pass/fail: at the limit passes
        v = quality_values(plan, 0.7)
        v[first_basic.id] = step(first_basic, plan.limit(first_basic), 0.05)
        s = std(b.enterprise(), v, "basic_worse_than_limit")
        fail(s, basic_rule)
    for ident, limit in plan.extra.get("regulation", {}).items():
        v = quality_values(plan, 0.7)
        v[ident] = step(plan.ind(ident), limit, 0.5)
        s = std(b.enterprise(), v, "beyond_regulation")
        fail(s, plan.basic_rules[ident])
    if svc:
        s = std(
            b.enterprise(),
            quality_values(plan, 0.7),
            "not_widely",
            service={"widely_provided": False, "outlets": 4},
        )
        fail(s, "widely_provided")
        s = std(
            b.enterprise(),
            quality_values(plan, 0.7),
            "one_outlet",
            service={"widely_provided": True, "outlets": 1},
        )
        fail(s, "widely_provided")
    else:
        e = b.enterprise()
        s = std(
            e,
            quality_values(plan, 0.7),
            "trial_product",
            products=[
                {"name": plan.product, "model": f"{e['_abbr']}-T1", "mass_produced": True},
                {"name": plan.product, "model": f"{e['_abbr']}-T2", "mass_produced": False},
            ],
        )
        fail(s, "mass_produced")
        s = std(b.enterprise(), quality_values(plan, 0.7), "no_products", products=[])
        fail(s, "mass_produced")
    excluded = b.enterprise(
        withdrawals=[
            {"decided_on": "2019-08-01", "excluded_until": "2022-08-01", "reason": "fraud"}
        ]
    )
    s = std(excluded, quality_values(plan, 1.0), "excluded")
    fail(s, "not_excluded")
    served = b.enterprise(
        withdrawals=[
            {
                "decided_on": "2018-03-01",
                "excluded_until": "2021-03-01",
                "reason": "inspection_failed",
            }
        ]
    )
    std(served, quality_values(plan, 0.40), "exclusion_served")
    # An accident, or a lowered standard, of an enterprise that never held a
    # title: 三.7 withdraws titles; it does not bar anyone else.
    accident = b.enterprise(
        events=[
            {
                "kind": "safety_accident",
                "date": str(as_of - timedelta(days=200)),
                "major": True,
                "note": "较大生产安全事故",
            }
        ]
    )
    std(accident, quality_values(plan, 0.8), "accident_no_title")
    e = b.enterprise()
    old = std(e, quality_values(plan, 0.82), "lowered_no_title_old", year=2020, status="abolished")
    fail(old, "disclosed")
    std(
        e,
        quality_values(plan, 0.8),
        "lowered_no_title",
        seq=2,
        replaces=old["number"],
    )
    e = b.enterprise(applied=False)
    s = std(e, quality_values(plan, 0.8), "many", status="abolished", format_compliant=False)
    fail(s, "disclosed", "applied", "format")
    e = b.enterprise()
    if svc:
        s = b.standard(
            e,
            quality_values(plan, 0.8),
            tag="other_subject",
            subject="product",
            category="文创商品",
            products=[{"name": "文创商品", "model": "WC-1", "mass_produced": True}],
        )
    else:
        s = b.standard(
            e,
            quality_values(plan, 0.8),
            tag="other_subject",
            subject="service",
            products=[],
            service={"widely_provided": True, "outlets": 5},
        )
    expect["tags"]["other_subject"] = s["number"]
    fail(s, "subject")

    # --- title holders and the seven triggers
    award = d(plan.award)
    inside = str(as_of - timedelta(days=45))
    before = str(award - timedelta(days=30))
    after = str(as_of + timedelta(days=10))
    active = (plan.award, "2023-11-19", plan.ruleset_id)

    def ev(kind, date_, major=True, note="", found_on=None):
        out = {"kind": kind, "date": date_, "major": major, "note": note}
        if found_on is not None:
            out["found_on"] = found_on
        return out

    # (tag, events, change of the later version, title, triggers); the change is
    # None (no later version), "core" (lowered), "dropped" or "basic" (lowered
    # within the limit). triggers None = the title must NOT be withdrawn.
    holders = [
        (
            "t_process",
            [ev("process_change", inside, note="主要生产线工艺变更")],
            None,
            active,
            ["process_change"],
        ),
        ("t_lowered", [], "core", active, ["lowered"]),
        ("t_dropped", [], "dropped", active, ["lowered"]),
        ("t_basic_lowered", [], "basic", active, None),
        (
            "t_accident",
            [ev("environmental_accident", inside, note="较大突发环境事件")],
            None,
            active,
            ["accident"],
        ),
        (
            "t_inspection",
            [ev("inspection_failed", inside, major=False, note="监督抽查不合格")],
            None,
            active,
            ["inspection"],
        ),
        (
            "t_ip",
            [ev("ip_infringement", inside, major=False, note="专利侵权判决")],
            None,
            active,
            ["ip"],
        ),
        (
            "t_integrity",
            [ev("fraud", inside, note="申报材料弄虚作假")],
            None,
            active,
            ["integrity"],
        ),
        (
            "t_fraud_found_later",
            [ev("fraud", before, note="评选期间弄虚作假，获评后查实", found_on=inside)],
            None,
            active,
            ["integrity"],
        ),
        ("t_other", [ev("other", inside, major=False, note="企业注销")], None, active, ["other"]),
        (
            "t_several",
            [
                ev("quality_problem", inside, note="批量质量问题"),
                ev("inspection_failed", inside, major=False, note="抽检不合格"),
            ],
            None,
            active,
            ["accident", "inspection"],
        ),
        (
            "t_before_award",
            [ev("quality_problem", before, note="获评前质量问题")],
            None,
            active,
            None,
        ),
        (
            "t_minor_change",
            [ev("process_change", inside, major=False, note="一般工艺调整")],
            None,
            active,
            None,
        ),
        (
            "t_expired",
            [ev("safety_accident", inside, note="重大安全事故")],
            None,
            ("2018-11-20", "2021-06-30", plan.ruleset_id),
            None,
        ),
        ("t_after", [ev("fraud", after, note="评估基准日之后发现的问题")], None, active, None),
        (
            "t_other_ruleset",
            [ev("environmental_accident", inside, note="他方案称号")],
            None,
            (plan.award, "2023-11-19", "jincheng_other_plan"),
            None,
        ),
    ]
    for tag, events, change, (awarded, expires, ruleset), triggers in holders:
        v = quality_values(plan, 0.75)
        ent = b.enterprise(events=events)
        s = std(ent, v, tag, year=2020, published="2020-04-01")
        title = {
            "standard": s["number"],
            "ruleset": ruleset,
            "awarded_on": awarded,
            "expires_on": expires,
            "indicators": dict(v),
        }
        b.titles.append(title)
        withdrawn = triggers is not None and ruleset == plan.ruleset_id
        current = s
        if change is not None:
            s["status"] = "abolished"  # replaced on the platform by the later version
            later_values = dict(v)
            if change == "core":
                lowered = step(first_core, v[first_core.id], 0.04)
                later_values = settle(plan, {**v, first_core.id: lowered}, first_core.id)
            elif change == "dropped":
                del later_values[plan.core[-1].id]
            else:
                # Halfway to its limit; without a limit (gas methane) a little, so
                # that the calorific value it implies stays where it was declared.
                limit = plan.limit(first_basic)
                value = v[first_basic.id]
                later_values[first_basic.id] = (
                    step(first_basic, value, 0.001)
                    if limit is None
                    else round((value + limit) / 2, 4)
                )
            current = std(
                ent,
                later_values,
                tag + "_current",
                seq=1,
                year=2021,
                published="2021-05-01",
                replaces=s["number"],
            )
            if withdrawn:
                fail(s, "disclosed", "not_excluded")
            else:
                fail(s, "disclosed")
            if change == "dropped":
                fail(current, "stricter", "not_excluded")
            elif withdrawn:
                fail(current, "not_excluded")
        elif withdrawn:
            fail(s, "not_excluded")
        if triggers is None:
            expect["not_withdrawn"].append(s["number"])
        else:
            expect["withdrawn"][s["number"]] = {"triggers": triggers, "current": current["number"]}
        if tag == "t_accident":
            # The same enterprise's standard of another category: excluded too (三.7).
            other = std(
                ent,
                quality_values(plan, 0.95),
                "t_accident_other_standard",
                seq=2,
                category=plan.groups[-1],
            )
            fail(other, "not_excluded")

    # --- fillers in the main group
    for _ in range(12):
        std(
            b.enterprise(),
            quality_values(plan, rng.uniform(0.05, 0.75), rng),
            "filler",
            published=f"2021-0{rng.randint(1, 6)}-{rng.randint(10, 28)}",
        )
    # --- second group (small: its cohort decides a smaller `top` where the plan says so)
    for cat in plan.groups[1:]:
        s = std(
            b.enterprise(consent=False), quality_values(plan, 0.95), "g2_noconsent", category=cat
        )
        fail(s, "consent")
        for _ in range(5):
            std(
                b.enterprise(),
                quality_values(plan, rng.uniform(0.1, 0.8), rng),
                "g2_filler",
                category=cat,
                published=f"2021-0{rng.randint(1, 6)}-{rng.randint(10, 28)}",
            )
    return b, expect


# --------------------------------------------------------------------------- reference calculation


def tier_of(ind: Indicator, value: float | None) -> str | None:
    for name, threshold in ind.tiers:
        if value is not None and no_worse(ind.better, value, threshold):
            return name
    return None


def score(plan: Plan, std: dict) -> tuple[float, dict]:
    total = 0.0
    parts = {}
    for ind in plan.indicators:
        if ind.weight is None:
            continue
        v = std["indicators"].get(ind.id)
        if v is None:
            s = 0.0
        elif plan.score[0] == "relative":
            refs = {"national": ind.national, "industry": ind.industry}
            ref = next(refs[r] for r in plan.score[1] if refs[r] is not None)
            s = (ref - v) / abs(ref) if ind.better == "lower" else (v - ref) / abs(ref)
        else:
            points, otherwise = plan.score[1], plan.score[2]
            t = tier_of(ind, v)
            s = points[t] if t is not None else (otherwise or 0.0)
        parts[ind.id] = s
        total += ind.weight * s
    return total, parts


def reference_results(plan: Plan, b: Builder, expect: dict) -> dict:
    ents = {e["credit_code"]: e for e in b.enterprises}
    subject_standards = [s for s in b.standards if s["subject"] == plan.subject]
    eligible = [s for s in b.standards if s["number"] not in expect["ineligible"]]
    grouped = True  # every plan groups by its fixed list of categories
    groups: dict[str, list[dict]] = {}
    for s in eligible:
        groups.setdefault(s["category"] if grouped else "", []).append(s)
    tb = plan.ind(plan.tiebreak)
    sign = 1 if tb.better == "lower" else -1
    ranking, leaders, passed_over = [], [], []
    for g in sorted(groups):
        members = groups[g]
        declared = sum(1 for s in subject_standards if not grouped or s["category"] == g)
        scored = []
        for s in members:
            sc, parts = score(plan, s)
            scored.append(((-sc, sign * s["indicators"][tb.id]), s, sc, parts))
        scored.sort(key=lambda x: (x[0], x[1]["number"]))
        rows = []
        for key, s, sc, _parts in scored:
            rank = 1 + sum(1 for other, *_ in scored if other < key)
            rows.append({"group": g, "rank": rank, "standard": s["number"], "score": round(sc, 6)})
        ranking += rows
        n = max(1, math.floor(plan.top(len(rows), declared)))
        taken, last_rank, places = 0, None, {}
        walked = []
        for row, (_, s, _, _) in zip(rows, scored, strict=True):
            if taken >= n and row["rank"] != last_rank:
                break
            rep = s["conformity_report"]
            fresh = (
                rep is not None
                and rep["passed"]
                and rep["issued_on"] > str(plan.as_of.replace(year=plan.as_of.year - 1))
            )
            if not fresh:
                walked.append(
                    {"group": g, "rank": row["rank"], "standard": s["number"], "failed": ["report"]}
                )
                continue
            if places.get(s["enterprise"], 0) >= 1:
                walked.append(
                    {
                        "group": g,
                        "rank": row["rank"],
                        "standard": s["number"],
                        "failed": ["per_enterprise"],
                    }
                )
                continue
            places[s["enterprise"]] = places.get(s["enterprise"], 0) + 1
            leaders.append({"group": g, "rank": row["rank"], "standard": s["number"]})
            taken += 1
            last_rank = row["rank"]
        passed_over += walked
    del ents
    return {
        "ranking": ranking,
        "leaders": leaders,
        "passed_over": passed_over,
        "eligible": sorted(s["number"] for s in eligible),
    }


def main() -> None:
    here = Path(__file__).resolve().parent
    show = "--expect" in sys.argv
    for plan in PLANS:
        b, expect = build(plan)
        b.dump(here / f"{plan.key}.json")
        if show:
            res = reference_results(plan, b, expect)
            print(f"== {plan.key} ({len(b.standards)} standards, as_of {plan.as_of})")
            print(json.dumps({**expect, **res}, ensure_ascii=False, indent=None))


if __name__ == "__main__":
    main()
