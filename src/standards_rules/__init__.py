"""standards-rules: check, test and evaluate Enterprise Standard Leader evaluation plans."""

from standards_rules.diagnostics import Diagnostic, RulesetError, Severity, StandardsRulesError
from standards_rules.evaluate import evaluate
from standards_rules.frontend import CheckedRuleset, RulesetFileError, load_ruleset, parse_ruleset
from standards_rules.records import load_dataset
from standards_rules.report import Report

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
