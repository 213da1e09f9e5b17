"""standards-rules: check, test and evaluate Enterprise Standard Leader evaluation plans.

The names below are imported when first used, so that a command (or a program)
that needs only part of the library does not pay to import all of it.
"""

from __future__ import annotations

import importlib
import sys
import types
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

    __version__: str

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
    if name == "__version__":
        # Read from the installed distribution when asked: importing its metadata
        # machinery at start-up would cost every command (docs/performance.md).
        from importlib.metadata import version

        globals()[name] = found = version("standards-rules")
        return found
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'standards_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package, whose `evaluate` stays the function of that name.

    Importing a submodule binds it as an attribute of its package: with the names
    above imported lazily, `import standards_rules.evaluate.ranking` would leave
    `standards_rules.evaluate` the subpackage, and `from standards_rules import
    evaluate` would give a module instead of the function SPEC §5 promises.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "evaluate" and isinstance(value, types.ModuleType):
            value = value.evaluate
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
