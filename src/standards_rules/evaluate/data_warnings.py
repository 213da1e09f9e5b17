"""Warnings: what loaded but the ruleset cannot use (SPEC §6.3 `warnings`).

Takes the ruleset, the dataset and the group of each eligible standard; gives
the report's `warnings` in input order: the loader's own (indicator names of an
export that name no indicator), then every indicator or previous-indicator key
of an accepted standard that the ruleset does not declare (with the indicator
it most likely means), then `group by` values that differ from another group's
only in whitespace or character width (which would split one group in two).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping

from standards_rules import ast
from standards_rules.check.indicators import normalised_name
from standards_rules.check.suggest import did_you_mean
from standards_rules.records.model import Dataset
from standards_rules.report import ReportWarning


def data_warnings(
    ruleset: ast.Ruleset, dataset: Dataset, groups: Mapping[str, str]
) -> tuple[ReportWarning, ...]:
    found = [ReportWarning(w.path, w.record, w.warning) for w in dataset.warnings]
    found.extend(_undeclared_keys(ruleset, dataset))
    found.extend(_lookalike_groups(groups))
    return tuple(found)


def _undeclared_keys(ruleset: ast.Ruleset, dataset: Dataset) -> Iterator[ReportWarning]:
    declared = frozenset(i.id for i in ruleset.indicators)
    names = {normalised_name(n): i.id for i in ruleset.indicators for n in i.names()}
    declares = declared.issuperset
    for k, standard in enumerate(dataset.standards):
        current, previous = standard.indicators, standard.previous_indicators
        if (not current or declares(current)) and (not previous or declares(previous)):
            continue  # the common case: every key declared
        for field, values in (
            ("indicators", standard.indicators),
            ("previous_indicators", standard.previous_indicators),
        ):
            if not values or declared.issuperset(values):
                continue
            for key in values:
                if key in declared:
                    continue
                meant = names.get(normalised_name(key))
                hint = f"; did you mean '{meant}'?" if meant else did_you_mean(key, declared)
                yield ReportWarning(
                    dataset.value_path(k, field, key),
                    standard.number,
                    f"'{key}' is not an indicator of {ruleset.id}{hint}",
                )


def _lookalike_groups(groups: Mapping[str, str]) -> Iterator[ReportWarning]:
    by_shape: dict[str, list[str]] = {}
    for label in sorted(set(groups.values())):
        shape = "".join(unicodedata.normalize("NFKC", label).split())
        by_shape.setdefault(shape, []).append(label)
    for labels in by_shape.values():
        if len(labels) > 1:
            shown = ", ".join(repr(label) for label in labels)
            yield ReportWarning(
                "group by",
                None,
                f"the groups {shown} differ only in whitespace or character width: "
                "they are ranked apart",
            )
