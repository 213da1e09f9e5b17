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
