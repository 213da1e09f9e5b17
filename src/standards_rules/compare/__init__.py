"""Comparing (SPEC §6.5): two standards side by side, what it would take, two plan versions.

`compare(report_or_inputs, a, b)` explains why A stands where it does against B
(`versus`), with, for each one that is not a leader, the smallest change of one
declared value that would make it eligible or bring it within its group's leader
cut (`what_it_takes`). `diff(old, new, dataset, as_of=…)` evaluates two versions of
a plan on the same data and reports what changed in the plans (`plan_diff`) and in
each standard's outcome (`diff`). Every result is a frozen attrs object with
`to_dict()`; `*_text` modules render them for people.
"""

from standards_rules.compare.changes import Change, Target, WhatItTakes
from standards_rules.compare.diff import Diff, OutcomeChange, Reason, StandardDiff, diff
from standards_rules.compare.plan_diff import PlanChange, plan_diff
from standards_rules.compare.standing import Evaluation, UnknownStandardError
from standards_rules.compare.versus import Comparison, IndicatorRow, Side, Verdict, compare
from standards_rules.compare.what_it_takes import what_it_takes

__all__ = [
    "Change",
    "Comparison",
    "Diff",
    "Evaluation",
    "IndicatorRow",
    "OutcomeChange",
    "PlanChange",
    "Reason",
    "Side",
    "StandardDiff",
    "Target",
    "UnknownStandardError",
    "Verdict",
    "WhatItTakes",
    "compare",
    "diff",
    "plan_diff",
    "what_it_takes",
]
