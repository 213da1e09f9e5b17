"""The SPEC §2.2 example's eligibility rules in the `rule-engine` and `cel-python` languages.

Used by `run.py` only (both packages are the `bench` extra, never a dependency).
Each engine gets every standard as the plain values its language reads, built
before timing starts (so the figures flatter the peers: a real caller would pay
for that conversion too), and evaluates the six rules one by one, like
`handwritten.eligible_failures`, giving the ids of the failed rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from standards_rules.records.model import Enterprise, Standard

RULE_IDS = ("current", "applied", "format", "stricter", "mass_produced", "not_excluded")
FORMAT = "Q/[A-Z0-9]+ [0-9]{4}[A-Z]?-[0-9]{4}"

RULE_ENGINE = (
    'status == "current"',
    "applied",
    f'format_compliant and number =~ "{FORMAT}$"',
    "sulfur != null and sulfur < 1.0 and sulfur < 0.8"
    " and calorific != null and calorific > 23.0 and calorific > 24.0"
    " and ash != null and ash < 25.0",
    'products.length > 0 and not [p for p in products if not p["mass_produced"]]',
    'not [w for w in withdrawals if w["excluded_until"] != null and w["excluded_until"] > as_of]',
)

CEL = (
    'status == "current"',
    "applied",
    f'format_compliant && number.matches("^{FORMAT}$")',
    "has(ind.sulfur) && ind.sulfur < 1.0 && ind.sulfur < 0.8"
    " && has(ind.calorific) && ind.calorific > 23.0 && ind.calorific > 24.0"
    " && has(ind.ash) && ind.ash < 25.0",
    "size(products) > 0 && products.all(p, p.mass_produced)",
    "!withdrawals.exists(w, has(w.excluded_until) && w.excluded_until > as_of)",
)


def _plain(standard: Standard, enterprise: Enterprise, as_of: datetime.date) -> dict[str, Any]:
    return {
        "status": str(standard.status),
        "applied": enterprise.applied,
        "format_compliant": standard.format_compliant,
        "number": standard.number,
        "products": [{"mass_produced": p.mass_produced} for p in standard.products],
        "withdrawals": [
            {"excluded_until": w.excluded_until}
            for w in enterprise.withdrawals
            if w.excluded_until is not None
        ],
        "as_of": as_of,
    }


def rule_engine_runner(
    pairs: list[tuple[Standard, Enterprise]], as_of: datetime.date
) -> Callable[[], list[list[str]]]:
    import rule_engine

    context = rule_engine.Context(default_value=None)
    rules = [rule_engine.Rule(text, context=context) for text in RULE_ENGINE]
    rows = []
    for standard, enterprise in pairs:
        row = _plain(standard, enterprise, as_of)
        values = standard.indicators
        row.update({k: values.get(k) for k in ("sulfur", "calorific", "ash")})
        rows.append(row)

    def run() -> list[list[str]]:
        return [
            [rule_id for rule_id, rule in zip(RULE_IDS, rules, strict=True) if not rule.matches(r)]
            for r in rows
        ]

    return run


def cel_runner(
    pairs: list[tuple[Standard, Enterprise]], as_of: datetime.date
) -> Callable[[], list[list[str]]]:
    import celpy

    env = celpy.Environment()
    programs = [env.program(env.compile(text)) for text in CEL]

    def stamp(day: datetime.date) -> str:
        return f"{day.isoformat()}T00:00:00Z"

    activations = []
    for standard, enterprise in pairs:
        row = _plain(standard, enterprise, as_of)
        row["as_of"] = stamp(as_of)
        row["withdrawals"] = [
            {"excluded_until": stamp(w["excluded_until"])} for w in row["withdrawals"]
        ]
        row["ind"] = dict(standard.indicators)
        activation = celpy.json_to_cel(row)
        # Timestamps compare as CEL timestamps, not strings.
        activation["as_of"] = celpy.celtypes.TimestampType(row["as_of"])
        activation["withdrawals"] = celpy.celtypes.ListType(
            [
                celpy.celtypes.MapType(
                    {
                        celpy.celtypes.StringType("excluded_until"): celpy.celtypes.TimestampType(
                            w["excluded_until"]
                        )
                    }
                )
                for w in row["withdrawals"]
            ]
        )
        activations.append(activation)

    def run() -> list[list[str]]:
        return [
            [
                rule_id
                for rule_id, program in zip(RULE_IDS, programs, strict=True)
                if not program.evaluate(a)
            ]
            for a in activations
        ]

    return run
