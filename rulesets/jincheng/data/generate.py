"""Generate the Jincheng sample datasets (deterministic; run from the repository root).

    .venv/bin/python rulesets/jincheng/data/generate.py          # writes the six JSON files
    .venv/bin/python rulesets/jincheng/data/generate.py --expect # also prints the expectations

Every dataset follows one scenario plan (the same for the six industries, so a
reader who knows one knows all):

* crafted leaders and passed-over entries at the top of the main group
  (`A` rank 1; `B` no conformity report; `C` a failed report; `D` no consent;
  `G` a clean second; `E`/`F` an exact tie on the last leader place);
* one standard per way of failing eligibility (`current`, `applied`, `format`
  twice, `stricter` three ways, `mass_produced`/`widely_provided` twice,
  `not_excluded`, `not_lowered`, `clean_record`, several rules at once, and the
  other subject);
* title holders, one per withdrawal trigger, plus titles that must *not* be
  withdrawn (event before the award, a minor process change, an expired title,
  an event after `as_of`, a title of another ruleset);
* plain fillers, deterministic pseudo-random values strictly better than the
  reference limits.

The expectations printed with `--expect` come from a small reference
calculation written from SPEC §4 (scores, ranks, leaders), independent of the
engine; the eligibility outcomes are the ones each scenario was built to have.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from datetime import date, timedelta
from pathlib import Path

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Jincheng's county-level divisions and their administrative division codes.
COUNTIES = [
    ("城区", "140502"),
    ("泽州县", "140525"),
    ("高平市", "140581"),
    ("阳城县", "140522"),
    ("陵川县", "140524"),
    ("沁水县", "140521"),
]

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


def check_character(body: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS, strict=False))
    return CHARSET[(31 - total % 31) % 31]


def d(text: str) -> date:
    return date.fromisoformat(text)


class Builder:
    """Enterprises and standards for one dataset, with unique names and codes."""

    def __init__(self, key: str, word: str, code: str, product: str) -> None:
        self.key = key
        self.word = word  # 煤业, 铸造, …
        self.code = code  # MY, ZZ, …
        self.product = product
        self.enterprises: list[dict] = []
        self.standards: list[dict] = []
        self.titles: list[dict] = []
        self.abbrs: set[str] = set()
        self.counter = 0

    def enterprise(self, *, applied=True, consent=True, events=(), withdrawals=()) -> dict:
        i = self.counter
        self.counter += 1
        county, region = COUNTIES[i % len(COUNTIES)]
        a = SYLLABLES[(i * 7 + 3) % len(SYLLABLES)]
        b = SYLLABLES[(i * 11 + 5 + i // len(SYLLABLES)) % len(SYLLABLES)]
        extra = ""
        abbr = a[1] + b[1] + self.code
        k = 0
        while abbr in self.abbrs:  # a third syllable keeps names and numbers unique
            c = SYLLABLES[(i + 13 * k + 1) % len(SYLLABLES)]
            extra = c[0]
            abbr = a[1] + b[1] + c[1] + self.code
            k += 1
        self.abbrs.add(abbr)
        digest = hashlib.sha256(f"{self.key}/{i}".encode()).digest()
        org = "MA0" + "".join(ORG_CHARS[x % len(ORG_CHARS)] for x in digest[:6])
        body = "91" + region + org
        ent = {
            "credit_code": body + check_character(body),
            "name": f"晋城市{a[0]}{b[0]}{extra}{self.word}有限公司",
            "county": county,
            "applied": applied,
            "consent": consent,
            "events": list(events),
            "withdrawals": list(withdrawals),
        }
        ent["_abbr"] = abbr
        self.enterprises.append(ent)
        return ent

    def standard(
        self,
        ent: dict,
        values: dict,
        *,
        seq=1,
        year=2021,
        published="2021-03-01",
        status="current",
        format_compliant=True,
        category=None,
        subject="product",
        products=None,
        service=None,
        previous=None,
        report="passed",
        number=None,
        tag="",
    ) -> dict:
        num = number or f"Q/{ent['_abbr']} {seq:04d}-{year}"
        if report == "passed":
            rep = {
                "passed": True,
                "issued_on": "2021-05-10",
                "agency": "晋城市质量技术监督检验测试所",
            }
        elif report == "failed":
            rep = {
                "passed": False,
                "issued_on": "2021-05-10",
                "agency": "晋城市质量技术监督检验测试所",
            }
        else:
            rep = None
        if subject == "product" and products is None:
            products = [
                {"name": self.product, "model": f"{ent['_abbr']}-{seq}", "mass_produced": True}
            ]
        std = {
            "number": num,
            "name": f"{self.product}" if subject == "product" else self.product,
            "enterprise": ent["credit_code"],
            "status": status,
            "published_on": published,
            "format_compliant": format_compliant,
            "category": category,
            "subject": subject,
            "products": products if products is not None else [],
            "service": service,
            "indicators": values,
            "previous_indicators": previous,
            "conformity_report": rep,
            "attributes": {},
            "_tag": tag,
        }
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


# --------------------------------------------------------------------------- the six plans


class Plan:
    """What the generator and the reference calculation need to know of a ruleset."""

    def __init__(
        self,
        key,
        ruleset_id,
        word,
        code,
        product,
        as_of,
        indicators,
        score,
        top,
        groups,
        subject="product",
        award="2020-11-20",
    ):
        self.key = key
        self.ruleset_id = ruleset_id
        self.word = word
        self.code = code
        self.product = product
        self.as_of = d(as_of)
        # (id, better, weight or None, national or None, industry or None, tiers [(name, value)])
        self.indicators = indicators
        self.score = (
            score  # ("relative", "national") | ("minmax",) | ("tiers", {name: pts}, otherwise)
        )
        self.top = top  # function cohort -> N
        self.groups = groups  # category values; the first is the main group
        self.subject = subject
        self.award = award

    def reference(self, ind):
        kind = self.score[1] if self.score[0] == "relative" else None
        return ind[3] if kind == "national" else ind[4]


def better(direction, a, b):
    return a < b if direction == "lower" else a > b


def no_worse(direction, a, b):
    return a <= b if direction == "lower" else a >= b


PLANS = [
    Plan(
        "coal",
        "jincheng_coal",
        "煤业",
        "MY",
        "无烟煤",
        "2021-09-30",
        [
            ("sulfur", "lower", 0.35, 1.50, None, [("leader", 0.50), ("advanced", 0.90)]),
            ("calorific", "higher", 0.40, 21.00, None, [("leader", 27.01), ("advanced", 24.01)]),
            ("ash", "lower", 0.25, 20.00, None, [("leader", 10.00)]),
        ],
        ("relative", "national"),
        lambda c: 3 if c >= 10 else 1,
        ["无烟块煤", "无烟末煤"],
    ),
    Plan(
        "steel_castings",
        "jincheng_steel_castings",
        "铸造",
        "ZZ",
        "焊接结构用铸钢件",
        "2021-10-15",
        [
            ("yield_strength", "higher", 0.30, 230, None, [("leader", 275), ("advanced", 250)]),
            ("tensile", "higher", 0.25, 450, None, [("leader", 485), ("advanced", 470)]),
            ("elongation", "higher", 0.20, 22, None, [("leader", 26), ("advanced", 24)]),
            ("impact", "higher", 0.25, 25, None, [("leader", 40), ("advanced", 32)]),
            ("carbon", "lower", None, 0.20, None, []),
        ],
        ("tiers", {"leader": 1.0, "advanced": 0.8}, 0.5),
        lambda c: 3,
        ["ZG230-450H"],
    ),
    Plan(
        "coalbed_methane",
        "jincheng_coalbed_methane",
        "煤层气",
        "MQ",
        "煤层气",
        "2021-11-01",
        [
            ("methane", "higher", 0.30, 90.0, None, []),
            ("gcv", "higher", 0.25, 34.0, None, []),
            ("total_sulfur", "lower", 0.20, 20.0, None, []),
            ("h2s", "lower", 0.15, 6.0, None, []),
            ("co2", "lower", 0.10, 3.0, None, []),
        ],
        ("minmax",),
        lambda c: math.ceil(c * 10 / 100),
        ["管输煤层气"],
    ),
    Plan(
        "optomechatronics",
        "jincheng_led_road_luminaire",
        "光电科技",
        "GD",
        "LED道路照明灯具",
        "2021-09-15",
        [
            ("efficacy", "higher", 0.40, 110.0, None, [("leader", 150.0), ("advanced", 130.0)]),
            ("cri", "higher", 0.15, 60.0, None, []),
            ("maintenance", "higher", 0.25, 92.0, None, []),
            ("power_factor", "higher", 0.20, 0.95, None, []),
        ],
        ("relative", "national"),
        lambda c: 3,
        ["LED路灯", "LED隧道灯"],
    ),
    Plan(
        "tourism",
        "jincheng_tourism_wellness",
        "文旅康养",
        "LY",
        "景区游览与康养服务",
        "2021-10-29",
        [
            ("response", "lower", 0.25, None, 24.0, []),
            ("closure", "lower", 0.25, None, 60.0, []),
            ("satisfaction", "higher", 0.30, None, 85.0, []),
            ("certified_staff", "higher", 0.20, None, 60.0, []),
        ],
        ("relative", "industry"),
        lambda c: 3 if c >= 20 else 2,
        ["景区康养"],
        subject="service",
    ),
    Plan(
        "millet",
        "jincheng_millet",
        "农业",
        "NY",
        "黍米",
        "2021-12-01",
        [
            ("accuracy", "higher", 0.30, 60.0, None, [("leader", 80.0), ("advanced", 70.0)]),
            ("imperfect", "lower", 0.30, 4.0, None, [("leader", 2.0), ("advanced", 3.0)]),
            ("impurities", "lower", 0.20, 1.0, None, [("leader", 0.5), ("advanced", 0.7)]),
            ("unhulled", "lower", 0.20, 0.7, None, [("leader", 0.2), ("advanced", 0.4)]),
            ("moisture", "lower", None, 14.0, None, []),
        ],
        ("tiers", {"leader": 1.0, "advanced": 0.6}, None),
        lambda c: math.ceil(c * 10 / 100),
        ["黍米"],
    ),
]


def quality_values(plan: Plan, q: float, rng: random.Random | None = None) -> dict:
    """Values at quality q in [0, 1]: q = 0 just better than every limit, q = 1 excellent."""

    def jitter(x):
        return x if rng is None else x + rng.uniform(-0.04, 0.04)

    k = plan.key
    if k == "coal":
        return {
            "sulfur": round(1.40 - 1.0 * jitter(q), 2),
            "calorific": round(21.5 + 6.0 * jitter(q), 2),
            "ash": round(19.0 - 11.0 * jitter(q), 2),
        }
    if k == "steel_castings":
        return {
            "yield_strength": round(235 + 50 * jitter(q)),
            "tensile": round(455 + 40 * jitter(q)),
            "elongation": round(22.5 + 5 * jitter(q), 1),
            "impact": round(27 + 18 * jitter(q)),
            "carbon": round(0.19 - 0.04 * jitter(q), 2),
        }
    if k == "coalbed_methane":
        return {
            "methane": round(90.5 + 8.0 * jitter(q), 2),
            "gcv": round(34.3 + 4.0 * jitter(q), 2),
            "total_sulfur": round(19.0 - 17.0 * jitter(q), 1),
            "h2s": round(5.5 - 5.0 * jitter(q), 1),
            "co2": round(2.9 - 2.6 * jitter(q), 2),
        }
    if k == "optomechatronics":
        return {
            "efficacy": round(112 + 48 * jitter(q), 1),
            "cri": round(62 + 20 * jitter(q)),
            "maintenance": round(92.5 + 6.5 * jitter(q), 1),
            "power_factor": round(0.955 + 0.04 * jitter(q), 3),
        }
    if k == "tourism":
        return {
            "response": round(22 - 20 * jitter(q), 1),
            "closure": round(55 - 50 * jitter(q)),
            "satisfaction": round(86 + 13 * jitter(q), 1),
            "certified_staff": round(62 + 36 * jitter(q), 1),
        }
    if k == "millet":
        return {
            "accuracy": round(61 + 26 * jitter(q), 1),
            "imperfect": round(3.9 - 2.4 * jitter(q), 1),
            "impurities": round(0.95 - 0.6 * jitter(q), 2),
            "unhulled": round(0.65 - 0.55 * jitter(q), 2),
            "moisture": round(13.8 - 1.5 * jitter(q), 1),
        }
    raise KeyError(k)


def at_national(plan: Plan) -> tuple[str, dict]:
    """An indicator set equal to one limit (fails `better_than`)."""
    v = quality_values(plan, 0.5)
    ind = plan.indicators[0]
    v[ind[0]] = ind[3] if ind[3] is not None else ind[4]
    return ind[0], v


def worse_than_limit(plan: Plan) -> dict:
    v = quality_values(plan, 0.5)
    ind = plan.indicators[1]
    ref = ind[3] if ind[3] is not None else ind[4]
    step = abs(ref) * 0.05
    v[ind[0]] = round(ref + step if ind[1] == "lower" else ref - step, 3)
    return v


def lowered_previous(plan: Plan, values: dict) -> dict:
    """Previous version values that were better than `values` on the first indicator."""
    ind = plan.indicators[0]
    prev = dict(values)
    delta = abs(values[ind[0]]) * 0.04
    prev[ind[0]] = round(values[ind[0]] - delta if ind[1] == "lower" else values[ind[0]] + delta, 3)
    return prev


def build(plan: Plan) -> tuple[Builder, dict]:
    b = Builder(plan.key, plan.word, plan.code, plan.product)
    as_of = plan.as_of
    rng = random.Random(plan.key)
    main = plan.groups[0]
    svc = plan.subject == "service"
    expect: dict = {"ineligible": {}, "withdrawn": {}, "not_withdrawn": []}

    def std(ent, values, tag, **kw):
        kw.setdefault("category", main)
        if svc:
            kw.setdefault("subject", "service")
            kw.setdefault("service", {"widely_provided": True, "outlets": 3})
            kw.setdefault("products", [])
        return b.standard(ent, values, tag=tag, **kw)

    def fail(s, *rules):
        expect["ineligible"][s["number"]] = list(rules)

    # --- crafted top of the main group
    A = std(b.enterprise(), quality_values(plan, 1.00), "A", published="2021-02-01")
    B = std(b.enterprise(), quality_values(plan, 0.97), "B", report=None, published="2021-02-10")
    G = std(b.enterprise(), quality_values(plan, 0.94), "G", published="2021-02-20")
    C = std(
        b.enterprise(), quality_values(plan, 0.92), "C", report="failed", published="2021-03-01"
    )
    D = std(b.enterprise(consent=False), quality_values(plan, 0.90), "D", published="2021-03-10")
    BD = std(
        b.enterprise(consent=False),
        quality_values(plan, 0.88),
        "BD",
        report=None,
        published="2021-03-20",
    )
    tie = quality_values(plan, 0.85)
    E = std(b.enterprise(), dict(tie), "E", published="2021-04-01")
    F = std(b.enterprise(), dict(tie), "F", published="2021-04-01")
    expect["crafted"] = {
        k: s["number"]
        for k, s in {"A": A, "B": B, "G": G, "C": C, "D": D, "BD": BD, "E": E, "F": F}.items()
    }

    # --- every way to fail eligibility
    s = std(b.enterprise(), quality_values(plan, 0.99), "abolished", status="abolished")
    fail(s, "current")
    s = std(b.enterprise(applied=False), quality_values(plan, 0.99), "not_applied")
    fail(s, "applied")
    s = std(b.enterprise(), quality_values(plan, 0.99), "not_format_flag", format_compliant=False)
    fail(s, "format")
    e = b.enterprise()
    s = std(e, quality_values(plan, 0.6), "bad_number", number=f"Q/{e['_abbr']}0001-2021")
    fail(s, "format")
    _, v = at_national(plan)
    s = std(b.enterprise(), v, "at_limit")
    fail(s, "stricter")
    s = std(b.enterprise(), worse_than_limit(plan), "worse_than_limit")
    fail(s, "stricter")
    v = quality_values(plan, 0.7)
    del v[plan.indicators[-1][0]]
    s = std(b.enterprise(), v, "missing_value")
    fail(s, "stricter")
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
        s = std(b.enterprise(), quality_values(plan, 0.7), "no_service", service=None)
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
    s = std(excluded, quality_values(plan, 1.05), "excluded")
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
    v = quality_values(plan, 0.8)
    s = std(
        b.enterprise(), v, "lowered_no_title", previous=lowered_previous(plan, v), year=2021, seq=2
    )
    fail(s, "not_lowered")
    acc = b.enterprise(
        events=[
            {
                "kind": "safety_accident",
                "date": str(as_of - timedelta(days=200)),
                "major": True,
                "note": "较大生产安全事故",
            }
        ]
    )
    s = std(acc, quality_values(plan, 0.8), "recent_accident")
    fail(s, "clean_record")
    e = b.enterprise(applied=False)
    s = std(e, quality_values(plan, 0.8), "many", status="abolished", format_compliant=False)
    fail(s, "current", "applied", "format")
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
            category=main,
            products=[],
            service={"widely_provided": True, "outlets": 5},
        )
    fail(s, "subject")

    # --- title holders and the seven triggers
    award = d(plan.award)
    inside = str(as_of - timedelta(days=45))
    before = str(award - timedelta(days=30))
    after = str(as_of + timedelta(days=10))

    def ev(kind, date_, major=True, note=""):
        return {"kind": kind, "date": date_, "major": major, "note": note}

    # (tag, events, previous lowered?, eligibility failures,
    #  title (awarded, expires, ruleset), triggers)
    # triggers None = the title must NOT be withdrawn.
    active = (plan.award, "2021-12-31", plan.ruleset_id)
    holders = [
        (
            "t_process",
            [ev("process_change", inside, note="主要生产线工艺变更")],
            False,
            ["clean_record"],
            active,
            ["process_change"],
        ),
        ("t_lowered", [], True, ["not_lowered"], active, ["lowered"]),
        (
            "t_accident",
            [ev("environmental_accident", inside, note="较大突发环境事件")],
            False,
            ["clean_record"],
            active,
            ["accident"],
        ),
        (
            "t_inspection",
            [ev("inspection_failed", inside, major=False, note="监督抽查不合格")],
            False,
            ["clean_record"],
            active,
            ["inspection"],
        ),
        (
            "t_ip",
            [ev("ip_infringement", inside, major=False, note="专利侵权判决")],
            False,
            ["clean_record"],
            active,
            ["ip"],
        ),
        (
            "t_integrity",
            [ev("fraud", inside, note="申报材料弄虚作假")],
            False,
            ["clean_record"],
            active,
            ["integrity"],
        ),
        (
            "t_other",
            [ev("other", inside, major=False, note="企业注销")],
            False,
            ["clean_record"],
            active,
            ["other"],
        ),
        (
            "t_several",
            [
                ev("quality_problem", inside, note="批量质量问题"),
                ev("inspection_failed", inside, major=False, note="抽检不合格"),
            ],
            False,
            ["clean_record"],
            active,
            ["accident", "inspection"],
        ),
        # not withdrawn: event before the award (still inside clean_record's three years)
        (
            "t_before_award",
            [ev("quality_problem", before, note="获评前质量问题")],
            False,
            ["clean_record"],
            active,
            None,
        ),
        # a minor process change fires neither the trigger nor clean_record
        (
            "t_minor_change",
            [ev("process_change", inside, major=False, note="一般工艺调整")],
            False,
            [],
            active,
            None,
        ),
        # the title expired before as_of
        (
            "t_expired",
            [ev("safety_accident", inside, note="重大安全事故")],
            False,
            ["clean_record"],
            ("2019-11-20", "2020-12-31", plan.ruleset_id),
            None,
        ),
        # the event is dated after as_of
        ("t_after", [ev("fraud", after, note="as_of 之后发现的问题")], False, [], active, None),
        # a title of another ruleset
        (
            "t_other_ruleset",
            [ev("environmental_accident", inside, note="他方案称号")],
            False,
            ["clean_record"],
            (plan.award, "2021-12-31", "jincheng_other_plan"),
            None,
        ),
    ]
    for tag, events, lowered, fails, (awarded, expires, ruleset), triggers in holders:
        v = quality_values(plan, 0.75)
        s = std(
            b.enterprise(events=events),
            v,
            tag,
            year=2020,
            published="2020-04-01",
            previous=lowered_previous(plan, v) if lowered else None,
        )
        if fails:
            fail(s, *fails)
        b.titles.append(
            {
                "standard": s["number"],
                "ruleset": ruleset,
                "awarded_on": awarded,
                "expires_on": expires,
            }
        )
        if triggers is None:
            expect["not_withdrawn"].append(s["number"])
        else:
            expect["withdrawn"][s["number"]] = triggers

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
        std(b.enterprise(consent=False), quality_values(plan, 0.95), "g2_noconsent", category=cat)
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


def tier_of(ind, value):
    for name, threshold in ind[5]:
        if value is not None and no_worse(ind[1], value, threshold):
            return name
    return None


def score(plan: Plan, std: dict, group: list[dict]) -> tuple[float, dict]:
    total = 0.0
    parts = {}
    for ind in plan.indicators:
        ident, direction, weight = ind[0], ind[1], ind[2]
        if weight is None:
            continue
        v = std["indicators"].get(ident)
        if v is None:
            s = 0.0
        elif plan.score[0] == "relative":
            ref = plan.reference(ind)
            s = (ref - v) / abs(ref) if direction == "lower" else (v - ref) / abs(ref)
        elif plan.score[0] == "minmax":
            vals = [g["indicators"][ident] for g in group if g["indicators"].get(ident) is not None]
            lo, hi = min(vals), max(vals)
            if hi == lo:
                s = 1.0
            else:
                s = (v - lo) / (hi - lo) if direction == "higher" else (hi - v) / (hi - lo)
        else:
            points, otherwise = plan.score[1], plan.score[2]
            t = tier_of(ind, v)
            s = points[t] if t is not None else (otherwise or 0.0)
        parts[ident] = s
        total += weight * s
    return total, parts


def reference_results(plan: Plan, b: Builder, expect: dict) -> dict:
    ents = {e["credit_code"]: e for e in b.enterprises}
    eligible = [s for s in b.standards if s["number"] not in expect["ineligible"]]
    groups: dict[str, list[dict]] = {}
    for s in eligible:
        # only the plans with several categories have `group by standard.category`
        groups.setdefault((s["category"] or "") if len(plan.groups) > 1 else "", []).append(s)
    ranking, leaders, passed_over = [], [], []
    for g in sorted(groups):
        members = groups[g]
        scored = [(score(plan, s, members), s) for s in members]
        scored.sort(key=lambda x: (-x[0][0], x[1]["published_on"], x[1]["number"]))
        rows = []
        for (sc, parts), s in scored:
            rank = 1 + sum(
                1 for (o, _), t in scored if (-o, t["published_on"]) < (-sc, s["published_on"])
            )
            rows.append(
                {
                    "group": g,
                    "rank": rank,
                    "standard": s["number"],
                    "score": round(sc, 6),
                    "parts": {k: round(v, 6) for k, v in parts.items()},
                }
            )
        ranking += rows
        n = max(1, math.floor(plan.top(len(rows))))
        taken, last_rank = 0, None
        for row, ((_, _), s) in zip(rows, scored, strict=True):
            failed = []
            rep = s["conformity_report"]
            if rep is None or not rep["passed"]:
                failed.append("report")
            if not ents[s["enterprise"]]["consent"]:
                failed.append("consent")
            if failed:
                passed_over.append(
                    {"group": g, "rank": row["rank"], "standard": s["number"], "failed": failed}
                )
                continue
            if taken < n or row["rank"] == last_rank:
                leaders.append({"group": g, "rank": row["rank"], "standard": s["number"]})
                taken += 1
                last_rank = row["rank"]
    # passed_over only lists entries walked before the leader list was full
    cut: dict[str, int] = {}
    for leader in leaders:
        cut[leader["group"]] = max(cut.get(leader["group"], 0), leader["rank"])
    passed_over = [p for p in passed_over if p["rank"] < cut.get(p["group"], 0)]
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
            print(
                json.dumps(
                    {
                        "crafted": expect["crafted"],
                        "ineligible": expect["ineligible"],
                        "withdrawn": expect["withdrawn"],
                        "not_withdrawn": expect["not_withdrawn"],
                        "leaders": res["leaders"],
                        "passed_over": res["passed_over"],
                        "ranking": res["ranking"],
                        "eligible": res["eligible"],
                    },
                    ensure_ascii=False,
                    indent=None,
                )
            )


if __name__ == "__main__":
    main()
