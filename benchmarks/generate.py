"""Synthetic platform data for benchmarks: enterprises, standards and titles in SPEC §3 form.

Deterministic for a given seed. Values are spread around the limits of the SPEC
§2.2 example ruleset (rulesets/spec/coal.rules) so that roughly half of the
standards are eligible and every rule decides some of them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from standards_rules.records.credit_code import complete_credit_code
from standards_rules.records.model import EventKind

COUNTIES = ("城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县")
CATEGORIES = ("动力煤", "无烟煤", "喷吹煤", "洗精煤")
EVENT_KINDS = tuple(kind.value for kind in EventKind)
STANDARDS_PER_ENTERPRISE = 10


def credit_code(index: int) -> str:
    return complete_credit_code(f"91140500MA{index:07d}")


def enterprise_record(index: int, rng: random.Random) -> dict[str, Any]:
    events = []
    if rng.random() < 0.05:
        events.append(
            {
                "kind": rng.choice(EVENT_KINDS),
                "date": f"2021-0{rng.randint(1, 5)}-{rng.randint(10, 28)}",
                "major": rng.random() < 0.5,
            }
        )
    withdrawals = []
    if rng.random() < 0.02:
        withdrawals.append(
            {"decided_on": "2019-05-01", "excluded_until": "2022-05-01", "reason": "fraud"}
        )
    return {
        "credit_code": credit_code(index),
        "name": f"晋城市第{index}煤业有限公司",
        "county": rng.choice(COUNTIES),
        "applied": rng.random() < 0.95,
        "consent": rng.random() < 0.9,
        "events": events,
        "withdrawals": withdrawals,
    }


def standard_record(index: int, rng: random.Random) -> dict[str, Any]:
    enterprise = index // STANDARDS_PER_ENTERPRISE
    previous = None
    if rng.random() < 0.2:
        previous = {"sulfur": round(rng.uniform(0.3, 0.9), 2)}
    return {
        "number": f"Q/JC{enterprise:06d} {index % 10000:04d}-2021",
        "name": "动力煤",
        "enterprise": credit_code(enterprise),
        "status": "current" if rng.random() < 0.95 else "abolished",
        "published_on": f"2021-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}",
        "format_compliant": rng.random() < 0.95,
        "category": rng.choice(CATEGORIES),
        "subject": "product",
        "products": [{"name": "动力煤", "model": f"Q{5000 + index % 800}", "mass_produced": True}]
        if rng.random() < 0.95
        else [],
        "indicators": {
            "sulfur": round(rng.uniform(0.3, 1.1), 2),
            "calorific": round(rng.uniform(22.0, 27.0), 1),
            "ash": round(rng.uniform(8.0, 27.0), 1),
        },
        "previous_indicators": previous,
        "conformity_report": {"passed": rng.random() < 0.9, "issued_on": "2021-03-01"}
        if rng.random() < 0.8
        else None,
    }


def title_record(index: int, number: str) -> dict[str, Any]:
    return {
        "standard": number,
        "ruleset": "jincheng_coal",
        "awarded_on": "2020-06-01",
        "expires_on": "2021-12-31" if index % 3 else "2021-05-31",
    }


def records(n_standards: int, seed: int = 2021) -> Iterator[tuple[str, dict[str, Any]]]:
    """(type, record) pairs: all enterprises, then standards, then titles."""
    rng = random.Random(seed)
    n_enterprises = (n_standards + STANDARDS_PER_ENTERPRISE - 1) // STANDARDS_PER_ENTERPRISE
    for index in range(n_enterprises):
        yield "enterprise", enterprise_record(index, rng)
    titled = []
    for index in range(n_standards):
        standard = standard_record(index, rng)
        if index % 50 == 0:
            titled.append(standard["number"])
        yield "standard", standard
    for index, number in enumerate(titled):
        yield "title", title_record(index, number)


def dataset(n_standards: int, seed: int = 2021) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"enterprises": [], "standards": [], "titles": []}
    for kind, record in records(n_standards, seed):
        out[kind + "s"].append(record)
    return out


def write_json(path: Path, n_standards: int, seed: int = 2021) -> Path:
    path.write_text(json.dumps(dataset(n_standards, seed), ensure_ascii=False), encoding="utf-8")
    return path


def write_jsonl(path: Path, n_standards: int, seed: int = 2021) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for kind, record in records(n_standards, seed):
            out.write(json.dumps({"type": kind, **record}, ensure_ascii=False))
            out.write("\n")
    return path


def exclusion_dataset(n_standards: int, seed: int = 2021) -> dict[str, list[dict[str, Any]]]:
    """`dataset(n)` where every standard holds an active title and every enterprise an
    integrity event found in the window: every title is withdrawn, so every enterprise is
    excluded in the same run (SPEC §4.0), ten withdrawals added to each."""
    data = dataset(n_standards, seed)
    for enterprise in data["enterprises"]:
        enterprise["events"] = [{"kind": "integrity", "date": "2021-03-01", "major": True}]
    data["titles"] = [title_record(1, standard["number"]) for standard in data["standards"]]
    return data


CHAINS = 100


def chain_dataset(n_standards: int, seed: int = 2021) -> dict[str, list[dict[str, Any]]]:
    """`dataset(n)` cut into `CHAINS` version chains of n / CHAINS standards each: every
    standard but a chain's first replaces the one before it, has no previous values of its
    own (so it takes them from that one) and holds an active title, whose current standard
    is the chain's last. The chains grow with n, so walking each title's chain afresh
    would cost n × n / CHAINS."""
    data = dataset(n_standards, seed)
    standards = data["standards"]
    length = max(1, n_standards // CHAINS)
    for index, standard in enumerate(standards):
        standard["previous_indicators"] = None
        if index % length:
            standard["replaces"] = standards[index - 1]["number"]
    data["titles"] = [title_record(1, standard["number"]) for standard in standards]
    return data
