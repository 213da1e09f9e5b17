"""standards-rules: check, test and evaluate Enterprise Standard Leader evaluation plans.

The names below are imported when first used, so that a command (or a program)
that needs only part of the library does not pay to import all of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standards_rules.diagnostics import (
        Diagnostic,
        RulesetError,
        Severity,
        StandardsRulesError,
    )
    from standards_rules.evaluate import evaluate
    from standards_rules.frontend import (
        CheckedRuleset,
        RulesetFileError,
        load_ruleset,
        parse_ruleset,
    )
    from standards_rules.records import load_dataset
    from standards_rules.report import Report

_HOMES = {
    "CheckedRuleset": "standards_rules.frontend",
    "Diagnostic": "standards_rules.diagnostics",
    "Report": "standards_rules.report",
    "RulesetError": "standards_rules.diagnostics",
    "RulesetFileError": "standards_rules.frontend",
    "Severity": "standards_rules.diagnostics",
    "StandardsRulesError": "standards_rules.diagnostics",
    "evaluate": "standards_rules.evaluate",
    "load_dataset": "standards_rules.records",
    "load_ruleset": "standards_rules.frontend",
    "parse_ruleset": "standards_rules.frontend",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'standards_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "CheckedRuleset",
    "Diagnostic",
    "Report",
    "RulesetError",
    "RulesetFileError",
    "Severity",
    "StandardsRulesError",
    "evaluate",
    "load_dataset",
    "load_ruleset",
    "parse_ruleset",
]
