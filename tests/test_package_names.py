"""The package's public names are what SPEC §5 says they are, whatever was imported first."""

from __future__ import annotations

import subprocess
import sys

# A submodule of `evaluate` imported before the public name is asked for: the import
# system binds the subpackage as the package's attribute `evaluate`.
PROBE = """
import standards_rules.evaluate.ranking
from standards_rules import evaluate
import standards_rules
print(callable(evaluate), standards_rules.evaluate is evaluate, evaluate.__module__)
"""


def test_evaluate_is_the_function_after_its_subpackage_is_imported() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "standards_rules.evaluate"]


def test_version_is_the_installed_distributions() -> None:
    import importlib.metadata

    import standards_rules

    assert standards_rules.__version__ == importlib.metadata.version("standards-rules")


def _undocumented(module_name: str) -> list[str]:
    """The names in `module_name.__all__` (and their public methods) without a docstring."""
    import importlib
    import inspect

    module = importlib.import_module(module_name)
    missing = []
    for name in module.__all__:
        value = getattr(module, name)
        if inspect.isclass(value):
            if not (vars(value).get("__doc__") or "").strip():
                missing.append(name)
            for member, attribute in vars(value).items():
                if member.startswith("_"):
                    continue
                function = getattr(attribute, "__func__", attribute)
                function = getattr(function, "fget", function)
                if inspect.isfunction(function) and not (function.__doc__ or "").strip():
                    missing.append(f"{name}.{member}")
        elif callable(value) and not (getattr(value, "__doc__", None) or "").strip():
            missing.append(name)
    return missing


def test_every_public_class_and_function_has_a_docstring() -> None:
    public = ("standards_rules", "standards_rules.testing", "standards_rules.records")
    for module in (*public, "standards_rules.compare", "standards_rules.explain"):
        assert _undocumented(module) == [], module
