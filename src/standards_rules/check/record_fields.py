"""Checker stage, the record schema written out: each record's fields and their types.

Written by `scripts/record_fields.py` from the classes of `records.model`, as
`check.described_records` describes them: `check` reads the records' fields from
here without importing and building those classes. Do not edit by hand:
`tests/test_record_fields.py` fails when this is not what the script writes.
"""

from __future__ import annotations

RECORD_FIELDS: dict[str, dict[str, object]] = {
    "enterprise": {
        "credit_code": "string",
        "name": "string",
        "county": "string",
        "applied": "bool",
        "consent": "bool",
        "events": ("list", ("record", "event")),
        "withdrawals": ("list", ("record", "withdrawal")),
    },
    "event": {
        "kind": (
            "enum",
            "event kind",
            (
                "process_change",
                "environmental_accident",
                "safety_accident",
                "quality_problem",
                "inspection_failed",
                "ip_infringement",
                "fraud",
                "integrity",
                "other",
            ),
        ),
        "date": "date",
        "major": "bool",
        "note": "string",
        "found_on": "date",
    },
    "withdrawal": {"decided_on": "date", "excluded_until": "date", "reason": "string"},
    "standard": {
        "number": "string",
        "name": "string",
        "enterprise": "string",
        "status": ("enum", "status", ("current", "abolished")),
        "published_on": "date",
        "format_compliant": "bool",
        "category": "string",
        "subject": ("enum", "subject", ("product", "service")),
        "products": ("list", ("record", "product")),
        "service": ("record", "service"),
        "indicators": ("map", "number"),
        "previous_indicators": ("map", "number"),
        "conformity_report": ("record", "conformity_report"),
        "attributes": ("map", "dynamic"),
        "replaces": "string",
    },
    "product": {"name": "string", "model": "string", "mass_produced": "bool"},
    "service": {"widely_provided": "bool", "outlets": "number"},
    "conformity_report": {"passed": "bool", "issued_on": "date", "agency": "string"},
    "title": {
        "standard": "string",
        "ruleset": "string",
        "awarded_on": "date",
        "expires_on": "date",
        "indicators": ("map", "number"),
    },
}
