"""Testing: the checks behind each consistency property (SPEC §7, plus two of our own).

Takes a checked ruleset and one generated `Scenario` (plus hypothesis' `data`
for the property's own choices: which standard to improve, which shuffle);
gives `None` when the property holds there, or a `Failure` in plain words.
Checks read the report's JSON (SPEC §6.3), the stable contract, rather than
the evaluator's internals.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import Any

import attrs
from hypothesis import strategies as st

from standards_rules import ast
from standards_rules.frontend import CheckedRuleset, parse_ruleset
from standards_rules.records.load import dump_dataset, load_dataset_from_dict
from standards_rules.records.model import Dataset, Standard, Title
from standards_rules.testing.analysis import (
    ReferenceComparison,
    demand_holds,
    exclusion_rules,
    reference_comparisons,
    thresholds,
)
from standards_rules.testing.laws_scoring import (
    _by_standard,
    _gain,
    _limit,
    _tiers,
    _tiers_applies,
    _weights,
    _weights_applies,
)
from standards_rules.testing.properties import Failure, Property, evaluate_json
from standards_rules.testing.strategies import Scenario, threshold_points

Rows = Mapping[str, Any]


def _failed(row: Rows) -> str:
    names = [f["rule"] + (f" ({f['label']})" if f.get("label") else "") for f in row["failed"]]
    return ", ".join(names) or "no rule"


def _fresh_number(dataset: Dataset, k: int, year: int) -> str:
    taken = {s.number for s in dataset.standards}
    while True:
        number = f"Q/SR {9000 + k:04d}-{year}"
        if number not in taken:
            return number
        k += 1


# ---------------------------------------------------------------- monotone


def _monotone(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    tree = ruleset.ast
    # Only an eligible standard can break the property: improve each of those, in
    # each indicator, to each value across a threshold, all as copies in one
    # evaluation. No choice is drawn, so a failure depends on the scenario alone
    # and shrinks to the standard that shows it.
    first = evaluate_json(ruleset, sc.dataset, sc.as_of)
    eligible = {row["standard"] for row in first["eligibility"] if row["eligible"]}
    trials: list[tuple[Standard, ast.Indicator, float]] = [
        (s, i, new)
        for s in sc.dataset.standards
        if s.number in eligible
        for i in tree.indicators
        if i.better is not None and (old := s.indicators.get(i.id)) is not None
        for new in _improvements(tree, i, old)
    ]
    if not trials:
        return None
    numbers = _fresh_numbers(sc.dataset, len(trials), sc.as_of.year)
    copies = tuple(_improved(s, i, new, n) for (s, i, new), n in zip(trials, numbers, strict=True))
    report = evaluate_json(
        ruleset, attrs.evolve(sc.dataset, standards=(*sc.dataset.standards, *copies)), sc.as_of
    )
    for (standard, indicator, new), number in zip(trials, numbers, strict=True):
        if _worsened(tree, report, standard, indicator, new, number) is None:
            continue
        # Shown on its own: the scenario plus this one improved copy.
        (single,) = _fresh_numbers(sc.dataset, 1, sc.as_of.year)
        copy = _improved(standard, indicator, new, single)
        both = attrs.evolve(sc.dataset, standards=(*sc.dataset.standards, copy))
        report = evaluate_json(ruleset, both, sc.as_of)
        found = _worsened(tree, report, standard, indicator, new, single)
        if found is not None:
            return Failure(found, dataset=both)
    return None


def _improved(standard: Standard, indicator: ast.Indicator, new: float, number: str) -> Standard:
    return attrs.evolve(
        standard, number=number, indicators={**standard.indicators, indicator.id: new}
    )


def _fresh_numbers(dataset: Dataset, count: int, year: int) -> list[str]:
    taken = {s.number for s in dataset.standards}
    numbers: list[str] = []
    k = 1
    while len(numbers) < count:
        number = f"Q/SR {9000 + k:04d}-{year}"
        if number not in taken:
            numbers.append(number)
        k += 1
    return numbers


def _worsened(
    tree: ast.Ruleset,
    report: Any,
    standard: Standard,
    indicator: ast.Indicator,
    new: float,
    number: str,
) -> str | None:
    """What went wrong when the copy `number` of `standard`, improved to `new`, fares worse."""
    assert indicator.better is not None
    rows = _by_standard(report["eligibility"])
    before, after = rows[standard.number], rows[number]
    change = (
        f"improving {indicator.id} of {standard.number} from "
        f"{standard.indicators[indicator.id]!r} to {new!r} (better {indicator.better.value}), "
        f"all else equal (the improved copy is {number})"
    )
    if before["eligible"] and not after["eligible"]:
        return (
            f"{change} makes it ineligible: it now fails {_failed(after)}. A rule bounds "
            f"{indicator.id} on the wrong side."
        )
    norm = tree.score.normalization if tree.score is not None else None
    if not isinstance(norm, ast.RelativeNormalization | ast.TiersNormalization):
        return None
    scores = {row["standard"]: row["score"] for row in report["ranking"]}
    if (
        standard.number in scores
        and number in scores
        and scores[number] < scores[standard.number] - 1e-9
    ):
        return f"{change} lowers its score from {scores[standard.number]} to {scores[number]}."
    return None


def _improvements(tree: ast.Ruleset, indicator: ast.Indicator, old: float) -> list[float]:
    """Better values than `old` to try, nearest first: one step, then across each threshold.

    A rule can only flip where the value crosses a threshold, so beside the
    smallest step every candidate lands exactly on, or just past, a threshold
    in the better direction; the last is the best value the strategies draw.
    """
    assert indicator.better is not None
    toward = -math.inf if indicator.better is ast.Better.LOWER else math.inf
    better = [t for t in thresholds(tree, indicator.id) if _gain(t, old, indicator.better) > 0]
    crossing = [v for t in better for v in (t, math.nextafter(t, toward))]
    best = threshold_points(tree, indicator.id)[0]
    extra = [best] if _gain(best, old, indicator.better) > 0 else []
    candidates = sorted(dict.fromkeys(crossing + extra), key=lambda v: abs(v - old))
    return [math.nextafter(old, toward), *candidates]


# ---------------------------------------------------------------- stricter_than_reference


def _reference_applies(tree: ast.Ruleset) -> str | None:
    if not reference_comparisons(tree):
        return "no eligible rule compares an indicator's value with its national or industry limit"
    return None


def _stricter(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    tree = ruleset.ast
    report = evaluate_json(ruleset, sc.dataset, sc.as_of)
    eligible = [
        s
        for row in report["eligibility"]
        if row["eligible"] and (s := sc.dataset.standard(row["standard"])) is not None
    ]
    found = _at_or_worse(tree, eligible)
    if found is not None or not eligible:
        return found
    # Put one eligible standard exactly at (or just worse than) a limit it is compared with.
    standard = data.draw(st.sampled_from(eligible), label="eligible standard")
    comparisons = [c for c in reference_comparisons(tree) if _limit_of(tree, c) is not None]
    if not comparisons:
        return None
    c = data.draw(st.sampled_from(comparisons), label="comparison")
    indicator, limit = tree.indicator(c.indicator), _limit_of(tree, c)
    assert indicator is not None and indicator.better is not None and limit is not None
    worse = math.inf if indicator.better is ast.Better.LOWER else -math.inf
    value = data.draw(st.sampled_from([limit, math.nextafter(limit, worse)]), label="value")
    number = _fresh_number(sc.dataset, 1, sc.as_of.year)
    copy = attrs.evolve(
        standard, number=number, indicators={**standard.indicators, c.indicator: value}
    )
    both = attrs.evolve(sc.dataset, standards=(*sc.dataset.standards, copy))
    rows = _by_standard(evaluate_json(ruleset, both, sc.as_of)["eligibility"])
    found = _at_or_worse(tree, [copy]) if rows[number]["eligible"] else None
    return None if found is None else attrs.evolve(found, dataset=both)


def _limit_of(tree: ast.Ruleset, c: ReferenceComparison) -> float | None:
    indicator = tree.indicator(c.indicator)
    return None if indicator is None else _limit(indicator, c.reference)


def _at_or_worse(tree: ast.Ruleset, eligible: list[Standard]) -> Failure | None:
    for standard in eligible:
        for c in reference_comparisons(tree):
            indicator = tree.indicator(c.indicator)
            value = standard.indicators.get(c.indicator)
            if indicator is None or indicator.better is None or value is None:
                continue
            limit = _limit(indicator, c.reference)
            if limit is not None and not demand_holds(
                "better_than", value, limit, indicator.better
            ):
                return Failure(
                    f"{standard.number} is eligible although its {c.indicator} = {value!r} is "
                    f"not better than the {c.reference} limit {limit!r} (better "
                    f"{indicator.better.value}): rule {c.rule} only asks that it be "
                    f"{c.demand.replace('_', ' ')} the limit, but the programme ranks standards "
                    "stricter than the reference (高于)."
                )
    return None


# ---------------------------------------------------------------- order_independent, deterministic


def _without_rejected(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k != "rejected"}


def _order(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    ds = sc.dataset
    shuffled = Dataset(
        tuple(data.draw(st.permutations(ds.enterprises), label="enterprises")),
        tuple(data.draw(st.permutations(ds.standards), label="standards")),
        tuple(data.draw(st.permutations(ds.titles), label="titles")),
    )
    first = _without_rejected(evaluate_json(ruleset, ds, sc.as_of))
    second = _without_rejected(evaluate_json(ruleset, shuffled, sc.as_of))
    if first != second:
        keys = [k for k in first if first[k] != second.get(k)]
        return Failure(
            f"the same records in another order give a different report ({', '.join(keys)} "
            f"differ); standards in order {[s.number for s in shuffled.standards]} "
            "(saved as the variant).",
            variant=shuffled,
        )
    return None


def _deterministic(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    from standards_rules.evaluate import evaluate

    first = evaluate(ruleset, sc.dataset, as_of=sc.as_of).to_json()
    second = evaluate(ruleset, sc.dataset, as_of=sc.as_of).to_json()
    fresh = parse_ruleset(ruleset.source.text, ruleset.source.path)
    reloaded = load_dataset_from_dict(dump_dataset(sc.dataset))
    third = evaluate(fresh, reloaded, as_of=sc.as_of).to_json()
    if first != second:
        return Failure("two evaluations of the same inputs give different JSON.")
    if first != third:
        return Failure("evaluating a freshly parsed ruleset on the reloaded data gives other JSON.")
    return None


# ---------------------------------------------------------------- withdrawal_excludes, entry_exit


def _excludes_applies(tree: ast.Ruleset) -> str | None:
    if not exclusion_rules(tree):
        return "no eligible rule looks at enterprise.withdrawals"
    return None


def _excluded(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    report = evaluate_json(ruleset, sc.dataset, sc.as_of)
    rules = ", ".join(exclusion_rules(ruleset.ast))
    for row in report["eligibility"]:
        enterprise = sc.dataset.enterprise(row["enterprise"])
        if not row["eligible"] or enterprise is None:
            continue
        for w in enterprise.withdrawals:
            if w.excluded_until is not None and w.excluded_until > sc.as_of:
                return Failure(
                    f"{row['standard']} is eligible on {sc.as_of} although its enterprise "
                    f"{enterprise.credit_code} was withdrawn on {w.decided_on} and is excluded "
                    f"until {w.excluded_until}; rule(s) {rules} should keep it out."
                )
    return None


def _entry_exit_applies(tree: ast.Ruleset) -> str | None:
    if tree.withdraw is None or not tree.withdraw.triggers:
        return "the ruleset has no withdrawal triggers"
    return None


def _entry_exit(ruleset: CheckedRuleset, sc: Scenario, data: st.DataObject) -> Failure | None:
    # Every standard is asked "would your title be withdrawn?": those without an
    # active title get one, awarded on a drawn date, so triggers run for all of them.
    held = {t.standard for t in sc.dataset.titles if t.awarded_on <= sc.as_of <= t.expires_on}
    award_dates = [_years_before(sc.as_of, 1), sc.as_of - datetime.timedelta(days=30), sc.as_of]
    extra = tuple(
        Title(
            s.number,
            ruleset.id,
            data.draw(st.sampled_from(award_dates), label=f"title of {s.number} awarded on"),
            _years_before(sc.as_of, -1),
        )
        for s in sc.dataset.standards
        if s.number not in held
    )
    dataset = attrs.evolve(sc.dataset, titles=(*sc.dataset.titles, *extra))
    report = evaluate_json(ruleset, dataset, sc.as_of)
    eligible = {r["standard"] for r in report["eligibility"] if r["eligible"]}
    for row in report["withdrawals"]:
        if row["standard"] in eligible:
            title = next(
                t
                for t in dataset.titles
                if t.standard == row["standard"] and t.awarded_on <= sc.as_of <= t.expires_on
            )
            triggers = ", ".join(row["triggers"])
            return Failure(
                f"{row['standard']} holds a title awarded on {title.awarded_on}; trigger(s) "
                f"{triggers} fire, so the title is withdrawn on {sc.as_of}, yet the standard "
                "passes every eligibility rule and could win the title again in the same "
                f"evaluation. Mirror {triggers} with an eligibility rule.",
                dataset=dataset,
            )
    return None


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _always(tree: ast.Ruleset) -> str | None:
    return None


PROPERTIES: tuple[Property, ...] = (
    Property(
        "monotone",
        "Improving one indicator of a standard in its better direction, all else equal, never "
        "turns it from eligible to ineligible, and never lowers its score under relative or "
        "tiers normalisation.",
        _always,
        _monotone,
    ),
    Property(
        "stricter_than_reference",
        "Where an eligible rule compares an indicator with its national or industry limit, no "
        "standard at or worse than that limit is eligible (the programme ranks standards "
        "stricter than the reference).",
        _reference_applies,
        _stricter,
    ),
    Property(
        "order_independent",
        "Shuffling the input records changes no byte of the report (except `rejected`).",
        _always,
        _order,
    ),
    Property(
        "deterministic",
        "Evaluating the same ruleset and records twice gives byte-identical JSON.",
        _always,
        _deterministic,
    ),
    Property(
        "withdrawal_excludes",
        "A standard whose enterprise is excluded (a withdrawal with excluded_until after as_of) "
        "is never eligible, and so never ranked, when the ruleset has an exclusion rule.",
        _excludes_applies,
        _excluded,
    ),
    Property(
        "entry_exit",
        "No standard passes every eligibility rule while a withdrawal trigger fires for it; "
        "otherwise a title could be withdrawn and won again in the same evaluation.",
        _entry_exit_applies,
        _entry_exit,
    ),
    Property(
        "tier_coherence",
        "No value that reaches a tier fails a rule comparing the same indicator with its "
        "national or industry limit.",
        _tiers_applies,
        _tiers,
    ),
    Property(
        "weights_effective",
        "Every weighted indicator can change the score: two ranked standards that differ only "
        "in that indicator can get different part scores for it.",
        _weights_applies,
        _weights,
    ),
)

PROPERTY_NAMES: tuple[str, ...] = tuple(p.name for p in PROPERTIES)

__all__ = ["PROPERTIES", "PROPERTY_NAMES"]
