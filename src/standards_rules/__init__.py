"""standards-rules: check, test and evaluate Enterprise Standard Leader evaluation plans."""

from standards_rules.diagnostics import Diagnostic, RulesetError, Severity, StandardsRulesError

__all__ = ["Diagnostic", "RulesetError", "Severity", "StandardsRulesError"]
