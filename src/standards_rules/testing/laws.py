"""Testing: the sampled checks behind the eligibility-side properties (SPEC §7).

Takes a checked ruleset, one generated `Scenario` and the `Choices` a check
makes beside it (which standard to improve, which shuffle); gives `None` when
the property holds there, or a `Failure` in plain words with the dataset that
shows it and the witness that `evaluate` must confirm on that dataset. Checks
read the report's JSON (SPEC §6.3), the stable contract, rather than the
evaluator's internals. The score-side checks are in `laws_scoring.py`.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs

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
from standards_rules.testing.findings import (
    Choices,
    Failure,
    Replay,
    by_standard,
    evaluate_json,
    gain,
    is_eligible,
    reference_limit,
)
from standards_rules.testing.strategies import Scenario
from standards_rules.testing.values import threshold_points

Rows = Mapping[str, Any]


def _failed(row: Rows) -> str:
    names = [f["rule"] + (f" ({f['label']})" if f.get("label") else "") for f in row["failed"]]
    return ", ".join(names) or "no rule"


def fresh_numbers(dataset: Dataset, count: int, year: int) -> list[str]:
    """`count` standard numbers that no standard of `dataset` has."""
    taken = {s.number for s in dataset.standards}
    numbers: list[str] = []
    k = 1
    while len(numbers) < count:
        number = f"Q/SR {9000 + k:04d}-{year}"
        if number not in taken:
            numbers.append(number)
        k += 1
    return numbers


def changed_copy(standard: Standard, number: str, values: Mapping[str, float | None]) -> Standard:
    """`standard` numbered `number` with `values` in place of its own (None: not declared).

    The copy replaces nothing, so that it joins no title's chain of versions.
    """
    indicators = {**standard.indicators, **values}
    changes: dict[str, Any] = {"replaces": None} if hasattr(standard, "replaces") else {}
    return attrs.evolve(
        standard,
        number=number,
        indicators={k: v for k, v in indicators.items() if v is not None},
        **changes,
    )


# ---------------------------------------------------------------- monotone


def monotone_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
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
    numbers = fresh_numbers(sc.dataset, len(trials), sc.as_of.year)
    copies = tuple(
        changed_copy(s, n, {i.id: new}) for (s, i, new), n in zip(trials, numbers, strict=True)
    )
    report = evaluate_json(
        ruleset, attrs.evolve(sc.dataset, standards=(*sc.dataset.standards, *copies)), sc.as_of
    )
    for (standard, indicator, new), number in zip(trials, numbers, strict=True):
        if worsened(tree, report, standard, indicator, new, number) is not None:
            # Shown on its own: the scenario plus this one improved copy.
            return improvement_failure(ruleset, sc.dataset, sc.as_of, standard, indicator, new)
    return None


def improvement_failure(
    ruleset: CheckedRuleset,
    dataset: Dataset,
    as_of: datetime.date,
    standard: Standard,
    indicator: ast.Indicator,
    new: float,
) -> Failure | None:
    """The failure of `monotone` shown by `dataset` plus `standard` improved to `new`, if any."""
    (number,) = fresh_numbers(dataset, 1, as_of.year)
    copy = changed_copy(standard, number, {indicator.id: new})
    both = attrs.evolve(dataset, standards=(*dataset.standards, copy))
    tree = ruleset.ast
    found = worsened(tree, evaluate_json(ruleset, both, as_of), standard, indicator, new, number)
    if found is None:
        return None

    def witness(replay: Replay) -> bool:
        return worsened(tree, replay.report, standard, indicator, new, number) is not None

    return Failure(found, witness, dataset=both)


def worsened(
    tree: ast.Ruleset,
    report: Any,
    standard: Standard,
    indicator: ast.Indicator,
    new: float,
    number: str,
) -> str | None:
    """What went wrong when the copy `number` of `standard`, improved to `new`, fares worse."""
    assert indicator.better is not None
    rows = by_standard(report["eligibility"])
    before, after = rows.get(standard.number), rows.get(number)
    if before is None or after is None:
        return None
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
    old_score, new_score = scores.get(standard.number), scores.get(number)
    # A score past ±1.8e308 is reported as null: there is no number to compare.
    if old_score is not None and new_score is not None and new_score < old_score - 1e-9:
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
    better = [t for t in thresholds(tree, indicator.id) if gain(t, old, indicator.better) > 0]
    crossing = [v for t in better for v in (t, math.nextafter(t, toward))]
    best = threshold_points(tree, indicator.id)[0]
    extra = [best] if gain(best, old, indicator.better) > 0 else []
    candidates = sorted(dict.fromkeys(crossing + extra), key=lambda v: abs(v - old))
    # Past ±1.8e308 the next float is infinite: no dataset holds it, so it is no candidate.
    return [v for v in (math.nextafter(old, toward), *candidates) if math.isfinite(v)]


# ---------------------------------------------------------------- stricter_than_reference


def stricter_comparisons(tree: ast.Ruleset) -> tuple[ReferenceComparison, ...]:
    """The reference comparisons `stricter_than_reference` holds a plan to: those on core
    and innovation indicators. A basic indicator is pass/fail against its mandatory limit
    (SPEC §2.5), so a value at that limit meets it."""
    return tuple(
        c
        for c in reference_comparisons(tree)
        if (indicator := tree.indicator(c.indicator)) is not None
        and indicator.indicator_class is not ast.IndicatorClass.BASIC
    )


def reference_applies(tree: ast.Ruleset) -> str | None:
    if not reference_comparisons(tree):
        return "no eligible rule compares an indicator's value with its national or industry limit"
    if not stricter_comparisons(tree):
        return "only basic indicators are compared with their limits (pass/fail, SPEC §2.5)"
    return None


def stricter_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    tree = ruleset.ast
    report = evaluate_json(ruleset, sc.dataset, sc.as_of)
    eligible = [
        s
        for row in report["eligibility"]
        if row["eligible"] and (s := sc.dataset.standard(row["standard"])) is not None
    ]
    found = at_or_worse(tree, eligible)
    if found is not None or not eligible:
        return found
    # Put one eligible standard exactly at (or just worse than) a limit it is compared with.
    standard = choices.pick(eligible, "eligible standard")
    comparisons = [c for c in stricter_comparisons(tree) if _limit_of(tree, c) is not None]
    if not comparisons:
        return None
    c = choices.pick(comparisons, "comparison")
    indicator, limit = tree.indicator(c.indicator), _limit_of(tree, c)
    assert indicator is not None and indicator.better is not None and limit is not None
    worse = math.inf if indicator.better is ast.Better.LOWER else -math.inf
    value = choices.pick([limit, math.nextafter(limit, worse)], "value")
    (number,) = fresh_numbers(sc.dataset, 1, sc.as_of.year)
    copy = changed_copy(standard, number, {c.indicator: value})
    both = attrs.evolve(sc.dataset, standards=(*sc.dataset.standards, copy))
    if not is_eligible(evaluate_json(ruleset, both, sc.as_of), number):
        return None
    found = at_or_worse(tree, [copy])
    return None if found is None else attrs.evolve(found, dataset=both)


def _limit_of(tree: ast.Ruleset, c: ReferenceComparison) -> float | None:
    indicator = tree.indicator(c.indicator)
    return None if indicator is None else reference_limit(indicator, c.reference)


def at_or_worse(tree: ast.Ruleset, eligible: list[Standard]) -> Failure | None:
    """The first of the `eligible` standards at or worse than a limit a rule compares it with."""
    # A rule that asks less than `better_than` is the one that let the standard in.
    comparisons = sorted(stricter_comparisons(tree), key=lambda c: c.demand == "better_than")
    for standard in eligible:
        for c in comparisons:
            indicator = tree.indicator(c.indicator)
            value = standard.indicators.get(c.indicator)
            if indicator is None or indicator.better is None or value is None:
                continue
            limit = reference_limit(indicator, c.reference)
            if limit is not None and not demand_holds(
                "better_than", value, limit, indicator.better
            ):
                asks = (
                    f"rule {c.rule} only asks that it be {c.demand.replace('_', ' ')} the limit"
                    if c.demand != "better_than"
                    else f"rule {c.rule} compares it with the limit but does not keep it out"
                )
                return Failure(
                    f"{standard.number} is eligible although its {c.indicator} = {value!r} is "
                    f"not better than the {c.reference} limit {limit!r} (better "
                    f"{indicator.better.value}): {asks}, but the programme ranks standards "
                    "stricter than the reference (高于).",
                    _eligible_witness(standard.number),
                )
    return None


def _eligible_witness(number: str) -> Callable[[Replay], bool]:
    return lambda replay: is_eligible(replay.report, number)


# ---------------------------------------------------------------- order_independent, deterministic


def _without_rejected(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k != "rejected"}


def order_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    ds = sc.dataset
    shuffled = Dataset(
        tuple(choices.permute(ds.enterprises, "enterprises")),
        tuple(choices.permute(ds.standards, "standards")),
        tuple(choices.permute(ds.titles, "titles")),
    )
    first = _without_rejected(evaluate_json(ruleset, ds, sc.as_of))
    second = _without_rejected(evaluate_json(ruleset, shuffled, sc.as_of))
    if first != second:
        keys = [k for k in first if first[k] != second.get(k)]
        return Failure(
            f"the same records in another order give a different report ({', '.join(keys)} "
            f"differ); standards in order {[s.number for s in shuffled.standards]} "
            "(saved as the variant).",
            lambda r: _without_rejected(r.report) != _without_rejected(r.variant_report),
            variant=shuffled,
        )
    return None


@functools.lru_cache(maxsize=8)
def _parsed_afresh(text: str, path: str) -> CheckedRuleset:
    # Once per ruleset text: parsing is what takes time, and one fresh parse shows the point.
    return parse_ruleset(text, path)


def _differs(ruleset: CheckedRuleset, dataset: Dataset, as_of: datetime.date) -> str | None:
    from standards_rules.evaluate import evaluate

    first = evaluate(ruleset, dataset, as_of=as_of).to_json()
    second = evaluate(ruleset, dataset, as_of=as_of).to_json()
    fresh = _parsed_afresh(ruleset.source.text, ruleset.source.path)
    reloaded = load_dataset_from_dict(dump_dataset(dataset))
    third = evaluate(fresh, reloaded, as_of=as_of).to_json()
    if first != second:
        return "two evaluations of the same inputs give different JSON."
    if first != third:
        return "evaluating a freshly parsed ruleset on the reloaded data gives other JSON."
    return None


def deterministic_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    found = _differs(ruleset, sc.dataset, sc.as_of)
    if found is None:
        return None
    return Failure(found, lambda r: _differs(r.ruleset, r.dataset, r.as_of) is not None)


# ---------------------------------------------------------------- withdrawal_excludes, entry_exit


def excludes_applies(tree: ast.Ruleset) -> str | None:
    if not exclusion_rules(tree):
        return "no eligible rule looks at enterprise.withdrawals"
    return None


def _excluded_but_eligible(dataset: Dataset, report: Any, as_of: datetime.date) -> str | None:
    for row in report["eligibility"]:
        enterprise = dataset.enterprise(row["enterprise"])
        if not row["eligible"] or enterprise is None:
            continue
        for w in enterprise.withdrawals:
            if w.excluded_until is not None and w.excluded_until > as_of:
                return (
                    f"{row['standard']} is eligible on {as_of} although its enterprise "
                    f"{enterprise.credit_code} was withdrawn on {w.decided_on} and is excluded "
                    f"until {w.excluded_until}"
                )
    return None


def excluded_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    report = evaluate_json(ruleset, sc.dataset, sc.as_of)
    found = _excluded_but_eligible(sc.dataset, report, sc.as_of)
    if found is None:
        return None
    rules = ", ".join(exclusion_rules(ruleset.ast))
    return Failure(
        f"{found}; rule(s) {rules} should keep it out.",
        lambda r: _excluded_but_eligible(r.dataset, r.report, r.as_of) is not None,
    )


def entry_exit_applies(tree: ast.Ruleset) -> str | None:
    if tree.withdraw is None or not tree.withdraw.triggers:
        return "the ruleset has no withdrawal triggers"
    return None


def withdrawn_yet_eligible(report: Any) -> Any:
    """The first withdrawal whose standard passes every eligibility rule, else None."""
    eligible = {r["standard"] for r in report["eligibility"] if r["eligible"]}
    return next((row for row in report["withdrawals"] if row["standard"] in eligible), None)


def entry_exit_failure(report: Any, dataset: Dataset, as_of: datetime.date) -> Failure | None:
    """The failure of `entry_exit` that `report` (of `dataset`) shows, if any."""
    row = withdrawn_yet_eligible(report)
    if row is None:
        return None
    title = next(
        t
        for t in dataset.titles
        if t.standard == row["standard"] and t.awarded_on <= as_of <= t.expires_on
    )
    triggers = ", ".join(row["triggers"])
    return Failure(
        f"{row['standard']} holds a title awarded on {title.awarded_on}; trigger(s) "
        f"{triggers} fire, so the title is withdrawn on {as_of}, yet the standard "
        "passes every eligibility rule and could win the title again in the same "
        f"evaluation. Mirror {triggers} with an eligibility rule, or exclude withdrawn "
        "enterprises (enterprise.withdrawals).",
        lambda r: withdrawn_yet_eligible(r.report) is not None,
        dataset=dataset,
    )


def titled(
    ruleset_id: str, dataset: Dataset, as_of: datetime.date, awarded: datetime.date
) -> Dataset:
    """`dataset` where every standard without an active title holds one awarded on `awarded`."""
    held = {t.standard for t in dataset.titles if t.awarded_on <= as_of <= t.expires_on}
    extra = tuple(
        Title(s.number, ruleset_id, awarded, years_before(as_of, -1))
        for s in dataset.standards
        if s.number not in held
    )
    return attrs.evolve(dataset, titles=(*dataset.titles, *extra))


def entry_exit_law(ruleset: CheckedRuleset, sc: Scenario, choices: Choices) -> Failure | None:
    # Every standard is asked "would your title be withdrawn?": those without an
    # active title get one, so triggers run for all of them.
    award_dates = [years_before(sc.as_of, 1), sc.as_of - datetime.timedelta(days=30), sc.as_of]
    awarded = choices.pick(award_dates, "titles awarded on")
    dataset = titled(ruleset.id, sc.dataset, sc.as_of, awarded)
    return entry_exit_failure(evaluate_json(ruleset, dataset, sc.as_of), dataset, sc.as_of)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


__all__ = [
    "at_or_worse",
    "changed_copy",
    "entry_exit_failure",
    "fresh_numbers",
    "improvement_failure",
    "stricter_comparisons",
    "titled",
    "withdrawn_yet_eligible",
    "worsened",
    "years_before",
]
