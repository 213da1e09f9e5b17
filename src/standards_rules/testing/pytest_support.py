"""Testing: a ruleset's examples and properties as pytest parameters, one test item each.

Takes ruleset paths; gives `pytest.param` objects (ids `file::example name`,
`file::property`) for `@pytest.mark.parametrize`. pytest is imported only
when these are called, so the library does not depend on it:

    from standards_rules.testing import example_params, run_example

    @pytest.mark.parametrize(("ruleset", "example"), example_params("rulesets/jincheng"))
    def test_example(ruleset, example):
        result = run_example(ruleset, example)
        assert result.ok, result
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from standards_rules.frontend import is_library, load_ruleset


def _ruleset_files(paths: Iterable[str | Path]) -> list[Path]:
    """The named files, and the rulesets of the named directories (their libraries
    have no examples and are checked through the rulesets that use them)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(f for f in sorted(path.glob("*.rules")) if not is_library(f))
        else:
            files.append(path)
    return files


def example_params(*paths: str | Path) -> list[Any]:
    """`pytest.param(ruleset, example)` for every example of every ruleset file (or directory)."""
    import pytest

    params = []
    for file in _ruleset_files(paths):
        ruleset = load_ruleset(file)
        for example in ruleset.ast.examples:
            params.append(pytest.param(ruleset, example, id=f"{file.name}::{example.name}"))
    return params


def property_params(*paths: str | Path) -> list[Any]:
    """`pytest.param(ruleset, name)` for every property and every ruleset file (or directory)."""
    import pytest

    from standards_rules.testing.catalogue import PROPERTY_NAMES

    params = []
    for file in _ruleset_files(paths):
        ruleset = load_ruleset(file)
        for name in PROPERTY_NAMES:
            params.append(pytest.param(ruleset, name, id=f"{file.name}::{name}"))
    return params


__all__ = ["example_params", "property_params"]
