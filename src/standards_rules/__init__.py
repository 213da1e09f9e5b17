"""standards-rules: check, test and evaluate Enterprise Standard Leader evaluation plans."""

from standards_rules.diagnostics import Diagnostic, RulesetError, Severity, StandardsRulesError
from standards_rules.frontend import CheckedRuleset, RulesetFileError, load_ruleset, parse_ruleset

__all__ = [
    "CheckedRuleset",
    "Diagnostic",
    "RulesetError",
    "RulesetFileError",
    "Severity",
    "StandardsRulesError",
    "load_ruleset",
    "parse_ruleset",
]
