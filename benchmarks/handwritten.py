"""The SPEC §2.2 example ruleset written by hand in Python: the baseline for benchmarks.

`eligible_failures` is the eligibility predicate as a careful programmer would
write it for this one ruleset, over the same attrs records the engine reads;
`evaluate_json` is the whole evaluation and its JSON report.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any

from standards_rules import calendar
from standards_rules.records.model import Dataset, Enterprise, Event, Standard

FORMAT = re.compile(r"Q/[A-Z0-9]+ [0-9]{4}[A-Z]?-[0-9]{4}")

# indicator id: (lower is better, national limit, industry limit or None)
LIMITS = (
    ("sulfur", True, 1.00, 0.80),
    ("calorific", False, 23.0, 24.0),
    ("ash", True, 25.0, None),
)


def _better(value: float | None, limit: float | None, lower: bool) -> bool:
    if limit is None:
        return True
    if value is None:
        return False
    return value < limit if lower else value > limit


def eligible_failures(
    standard: Standard, enterprise: Enterprise, as_of: datetime.date
) -> list[str]:
    """The ids of the eligibility rules `standard` fails, in declaration order."""
    failed = []
    if standard.status != "current":
        failed.append("current")
    if not enterprise.applied:
        failed.append("applied")
    if not (standard.format_compliant and FORMAT.fullmatch(standard.number)):
        failed.append("format")
    values = standard.indicators
    for indicator, lower, national, industry in LIMITS:
        value = values.get(indicator)
        if not (_better(value, national, lower) and _better(value, industry, lower)):
            failed.append("stricter")
            break
    products = standard.products
    if not (len(products) > 0 and all(p.mass_produced for p in products)):
        failed.append("mass_produced")
    if any(
        w.excluded_until is not None and w.excluded_until > as_of for w in enterprise.withdrawals
    ):
        failed.append("not_excluded")
    return failed


# ---------------------------------------------------------------- the whole evaluation by hand
#
# `evaluate_json` is the SPEC §2.2 ruleset's complete evaluation (SPEC §4) written by hand:
# eligibility, scores relative to national, ranking per category, leaders, public notice,
# withdrawal and the JSON report of SPEC §6.3 through `json.dumps`, as a careful programmer
# would write it for this one plan. Only the Chinese working-day calendar is borrowed from
# the library (`standards_rules.calendar`): it is a table, not evaluation logic.

RULES = {
    "current": ("标准现行有效并已自我声明公开", "二"),
    "applied": ("企业自愿申报", "四.1"),
    "format": ("格式规范", "三.4"),
    "stricter": ("水平高于国家标准和行业标准", "三.4"),
    "mass_produced": ("涉及的产品为量产的定型产品", "三.4"),
    "not_excluded": ("不在三年禁入期内", "三.7"),
}
# indicator id: (weight, lower is better, national limit)
WEIGHTS = (
    ("sulfur", 0.35, True, 1.00),
    ("calorific", 0.40, False, 23.0),
    ("ash", 0.25, True, 25.0),
)
ACCIDENTS = ("environmental_accident", "safety_accident", "quality_problem")


def _rounded(value: float) -> float | None:
    if not math.isfinite(value):
        return None
    result = float(round(value, 6))
    return 0.0 if result == 0 else result


def _score(standard: Standard) -> tuple[float, dict[str, float]]:
    values = standard.indicators
    total = 0.0
    parts = {}
    for indicator, weight, lower, limit in WEIGHTS:
        value = values.get(indicator)
        if value is None:
            part = 0.0
        else:
            part = float(((limit - value) if lower else (value - limit)) / abs(limit))
        parts[indicator] = part
        total += weight * part
    return total, parts


def _triggers(standard: Standard, events: list[Event]) -> list[str]:
    fired = []
    if any(e.kind == "process_change" and e.major for e in events):
        fired.append("process_change")
    values, previous = standard.indicators, standard.previous_indicators or {}
    for indicator, _, lower, _ in WEIGHTS:
        value, before = values.get(indicator), previous.get(indicator)
        if (
            value is not None
            and before is not None
            and (value > before if lower else value < before)
        ):
            fired.append("lowered")
            break
    kinds = {e.kind for e in events}
    if any(e.kind in ACCIDENTS and e.major for e in events):
        fired.append("accident")
    for trigger, wanted in (
        ("inspection", ("inspection_failed",)),
        ("ip", ("ip_infringement",)),
        ("integrity", ("fraud", "integrity")),
        ("other", ("other",)),
    ):
        if any(kind in kinds for kind in wanted):
            fired.append(trigger)
    return fired


def evaluate_json(dataset: Dataset, as_of: datetime.date, sha256: str) -> str:
    """The SPEC §6.3 report of rulesets/spec/coal.rules over `dataset`, computed by hand.

    Written as the engine writes it: the two long lists (one entry per standard) from
    templates, the short sections through `json.dumps(indent=2)`, whose encoder is pure
    Python when it indents and would otherwise be most of the baseline's time.
    """
    return report_text(evaluate_dict(dataset, as_of, sha256))


def report_text(report: dict[str, Any]) -> str:
    """`json.dumps(report, ensure_ascii=False, indent=2)`, written from templates."""
    parts = []
    for key, value in report.items():
        if key == "eligibility":
            text = _list_text([_eligibility_text(e) for e in value])
        elif key == "ranking":
            text = _list_text([_ranking_text(r) for r in value])
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        parts.append(f"  {_STRING(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}"


_STRING = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _list_text(items: list[str]) -> str:
    return "[\n    " + ",\n    ".join(items) + "\n  ]" if items else "[]"


def _number(value: float | None) -> str:
    return "null" if value is None else float.__repr__(value)


def _eligibility_text(entry: dict[str, Any]) -> str:
    failed = entry["failed"]
    failed_text = (
        "[\n"
        + ",\n".join(
            "        {\n"
            f'          "rule": {_STRING(f["rule"])},\n'
            f'          "label": {_nullable(f["label"])},\n'
            f'          "cite": {_nullable(f["cite"])}\n'
            "        }"
            for f in failed
        )
        + "\n      ]"
        if failed
        else "[]"
    )
    return (
        "{\n"
        f'      "standard": {_STRING(entry["standard"])},\n'
        f'      "enterprise": {_STRING(entry["enterprise"])},\n'
        f'      "eligible": {"true" if entry["eligible"] else "false"},\n'
        f'      "failed": {failed_text}\n'
        "    }"
    )


def _nullable(text: str | None) -> str:
    return "null" if text is None else _STRING(text)


def _ranking_text(entry: dict[str, Any]) -> str:
    parts = ",\n".join(
        f"        {_STRING(name)}: {_number(value)}" for name, value in entry["parts"].items()
    )
    return (
        "{\n"
        f'      "group": {_STRING(entry["group"])},\n'
        f'      "rank": {entry["rank"]},\n'
        f'      "standard": {_STRING(entry["standard"])},\n'
        f'      "name": {_nullable(entry["name"])},\n'
        f'      "enterprise_name": {_nullable(entry["enterprise_name"])},\n'
        f'      "score": {_number(entry["score"])},\n'
        f'      "parts": {{\n{parts}\n      }}\n'
        "    }"
    )


_ORDERS: dict[int, tuple[Dataset, dict[str, Standard], list[str]]] = {}


def by_number(dataset: Dataset) -> tuple[dict[str, Standard], list[str]]:
    """Each number's first standard, and the numbers sorted: made once per dataset, as
    the engine's `Dataset.by_number()` is, so that neither side sorts again in a rerun."""
    known = _ORDERS.get(id(dataset))
    if known is None or known[0] is not dataset:
        standards: dict[str, Standard] = {}
        for standard in dataset.standards:
            standards.setdefault(standard.number, standard)
        known = _ORDERS[id(dataset)] = (dataset, standards, sorted(standards))
    return known[1], known[2]


def evaluate_dict(dataset: Dataset, as_of: datetime.date, sha256: str) -> dict[str, Any]:
    """The report as JSON values (everything but the final `json.dumps`)."""
    standards, numbers = by_number(dataset)
    enterprises = {e.credit_code: e for e in reversed(dataset.enterprises)}
    end = calendar.publicity_end(as_of, 10)
    withdrawals = []
    titles = sorted(
        (
            t
            for t in dataset.titles
            if t.ruleset == "jincheng_coal"
            and t.awarded_on <= as_of <= t.expires_on
            and t.standard in standards
        ),
        key=lambda t: (t.standard, t.awarded_on, t.expires_on),
    )
    for title in titles:
        standard = standards[title.standard]
        enterprise = enterprises.get(standard.enterprise) or Enterprise(standard.enterprise, "")
        events = [e for e in enterprise.events if title.awarded_on <= e.date <= as_of]
        fired = _triggers(standard, events)
        if fired:
            withdrawals.append(
                {
                    "standard": standard.number,
                    "current": standard.number,  # the generated data replaces no standard
                    "enterprise": standard.enterprise,
                    "name": standard.name,
                    "enterprise_name": enterprise.name,
                    "triggers": fired,
                    "decided_on": as_of.isoformat(),
                    "excluded_until": calendar.add_years(as_of, 3).isoformat(),
                }
            )
    # Same-run exclusion: an enterprise withdrawn now is inside its exclusion already.
    withdrawn = {w["enterprise"] for w in withdrawals}
    eligibility = []
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for number in numbers:
        standard = standards[number]
        enterprise = enterprises.get(standard.enterprise) or Enterprise(standard.enterprise, "")
        if standard.subject != "product":
            failed = [{"rule": "subject", "label": None, "cite": None}]
        else:
            rules = eligible_failures(standard, enterprise, as_of)
            if standard.enterprise in withdrawn and "not_excluded" not in rules:
                rules.append("not_excluded")
            failed = [
                {"rule": rule, "label": RULES[rule][0], "cite": RULES[rule][1]} for rule in rules
            ]
        eligibility.append(
            {
                "standard": number,
                "enterprise": standard.enterprise,
                "eligible": not failed,
                "failed": failed,
            }
        )
        if not failed:
            score, parts = _score(standard)
            published = standard.published_on
            key = (-score, (0, published) if published is not None else (1, None))
            group = standard.category if standard.category is not None else ""
            groups.setdefault(group, []).append((key, number, score, parts, standard, enterprise))
    ranking, leaders, passed_over = [], [], []
    for group in sorted(groups):
        members = sorted(groups[group], key=lambda m: (m[0], m[1]))
        wanted = 3 if len(members) >= 10 else 1
        taken, last_rank, rank, walking = 0, None, 0, True
        for position, (key, number, score, parts, standard, enterprise) in enumerate(members):
            if position == 0 or key != members[position - 1][0]:
                rank = position + 1
            ranking.append(
                {
                    "group": group,
                    "rank": rank,
                    "standard": number,
                    "name": standard.name,
                    "enterprise_name": enterprise.name,
                    "score": _rounded(score),
                    "parts": {name: _rounded(part) for name, part in parts.items()},
                }
            )
            if not walking or (taken >= wanted and rank != last_rank):
                walking = False
                continue
            report = standard.conformity_report
            missing = [
                rule
                for rule, ok in (
                    ("report", report is not None and report.passed),
                    ("consent", enterprise.consent),
                )
                if not ok
            ]
            if missing:
                passed_over.append(
                    {
                        "group": group,
                        "rank": rank,
                        "standard": number,
                        "name": standard.name,
                        "enterprise_name": enterprise.name,
                        "failed": missing,
                    }
                )
                continue
            leaders.append(
                {
                    "group": group,
                    "rank": rank,
                    "standard": number,
                    "enterprise": standard.enterprise,
                    "name": standard.name,
                    "enterprise_name": enterprise.name,
                }
            )
            taken, last_rank = taken + 1, rank
    return {
        "ruleset": {"id": "jincheng_coal", "version": "2021.1", "sha256": sha256},
        "as_of": as_of.isoformat(),
        "eligibility": eligibility,
        "ranking": ranking,
        "leaders": leaders,
        "passed_over": passed_over,
        "bands": [],
        "publicity": {
            "start": as_of.isoformat(),
            "end": end.isoformat(),
            "working_days": calendar.working_days_between(as_of - datetime.timedelta(days=1), end),
        },
        "withdrawals": withdrawals,
        "titles": [],
        "rejected": [
            {"path": r.path, "record": r.record, "error": r.error} for r in dataset.rejected
        ],
        "warnings": [],
    }
