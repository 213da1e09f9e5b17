"""The front end pauses the cyclic collector while it works, and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

from standards_rules.collector import collector_paused
from standards_rules.frontend import analyse_file, read_source

PLAN = Path(__file__).parent.parent / "rulesets" / "jincheng" / "tourism.rules"


def test_the_collector_makes_no_passes_over_a_plan_being_analysed() -> None:
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    source = read_source(PLAN)
    # From empty generations: which generation the one pass after the pause reaches
    # depends on how many passes came before it in this process (other tests').
    gc.collect()
    gc.callbacks.append(count)
    try:
        analysis = analyse_file(source)
    finally:
        gc.callbacks.remove(count)
    assert analysis.ruleset is not None and not analysis.diagnostics
    # Without the pause, a Jincheng plan and its library took some 25 passes; with it,
    # at most the one the collector makes of what is new once it is back on.
    assert len(passes) <= 1, passes
    assert gc.isenabled()


def test_the_collector_is_left_as_it_was_and_nothing_is_frozen() -> None:
    gc.unfreeze()
    source = read_source(PLAN)
    for _ in range(3):  # the language server analyses file after file
        analyse_file(source)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with collector_paused():  # inside a pause (a command's), the pause goes on
        analyse_file(source)
        assert not gc.isenabled()
    assert gc.isenabled()
