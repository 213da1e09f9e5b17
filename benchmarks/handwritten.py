"""The SPEC §2.2 example ruleset written by hand in Python: the baseline for benchmarks.

`eligible_failures` is the eligibility predicate as a careful programmer would
write it for this one ruleset, over the same attrs records the engine reads.
"""

from __future__ import annotations

import datetime
import re

from standards_rules.records.model import Enterprise, Standard

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
