"""`diff OLD NEW DATA`: each bundled plan against a copy with one weight moved, one limit
tightened, one rule removed; the standards named are checked against a hand calculation
from the data (scores, ranks, bands recomputed here from the plan's numbers)."""

from __future__ import annotations

import json
import shutil
import statistics
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from standards_rules import ast, evaluate, load_dataset, load_ruleset
from standards_rules.cli import main
from standards_rules.compare.diff import Diff, diff
from standards_rules.compare.diff_text import render_diff
from standards_rules.compile import compile_ruleset
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset, Standard
from standards_rules.report import Report

ROOT = Path(__file__).parent.parent
SPEC_PLAN = ROOT / "rulesets" / "spec" / "coal.rules"
SPEC_DATA = ROOT / "rulesets" / "spec" / "examples" / "coal-small.json"
BUNDLED = [
    p
    for p in sorted((ROOT / "rulesets" / "jincheng").glob("*.rules"))
    if (p.parent / "data" / f"{p.stem}.json").exists() and "ruleset " in p.read_text("utf-8")
]


def _as_of(ruleset: CheckedRuleset) -> Any:
    days = [e.as_of for e in ruleset.ast.examples if e.as_of is not None]
    return days[0] if days else "2021-06-01"


# ------------------------------------------------------------ the hand calculation


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return float(value)


def _value(standard: Standard, indicator: str) -> float | None:
    return _number((standard.indicators or {}).get(indicator))


def _field(expr: ast.Expr) -> str:
    assert isinstance(expr, ast.Field) and isinstance(expr.obj, ast.Name), expr
    assert expr.obj.id == "standard", expr
    return expr.name


def _key_number(expr: ast.Expr, standard: Standard) -> float | None:
    """A rank key other than `score`: `indicators.ID.value` or a date field of the standard."""
    if (
        isinstance(expr, ast.Field)
        and expr.name == "value"
        and isinstance(expr.obj, ast.Field)
        and isinstance(expr.obj.obj, ast.Name)
        and expr.obj.obj.id == "indicators"
    ):
        return _value(standard, expr.obj.name)
    day = getattr(standard, _field(expr))
    return None if day is None else float(day.toordinal())


def _group(plan: ast.Ruleset, standard: Standard) -> str:
    if plan.group_by is None:
        return ""
    value = getattr(standard, _field(plan.group_by))
    return "" if value is None else str(value)


def _no_worse(lower: bool, value: float, limit: float) -> bool:
    return value <= limit if lower else value >= limit


def _tier(indicator: ast.Indicator, value: float | None) -> str | None:
    if value is None:
        return None
    lower = indicator.better is ast.Better.LOWER
    return next(
        (t.name for t in indicator.tiers if _no_worse(lower, value, float(t.threshold))), None
    )


def hand_scores(plan: ast.Ruleset, members: list[Standard]) -> dict[str, float]:
    """SPEC §4.2 for one group, from the plan's numbers."""
    assert plan.score is not None
    norm = plan.score.normalization
    scores = {s.number: 0.0 for s in members}
    for ind in plan.indicators:
        if ind.weight is None:
            continue
        lower = ind.better is ast.Better.LOWER
        present = [v for s in members if (v := _value(s, ind.id)) is not None]
        for s in members:
            v = _value(s, ind.id)
            part = 0.0
            if isinstance(norm, ast.RelativeNormalization):
                limits = [ind.reference(r) for r in norm.references]
                limit = next((float(x) for x in limits if x is not None), None)
                if v is not None and limit:
                    part = float(((limit - v) if lower else (v - limit)) / abs(limit))
            elif isinstance(norm, ast.MinMaxNormalization):
                if v is not None:
                    low, high = min(present), max(present)
                    if high == low:
                        part = 1.0
                    else:
                        part = float(
                            (high - v) / (high - low) if lower else (v - low) / (high - low)
                        )
            elif v is not None:
                tier = _tier(ind, v)
                points = {p.tier: p.points for p in norm.points}
                part = float(points.get(tier or "", norm.otherwise or 0))  # type: ignore[arg-type]
            scores[s.number] += float(ind.weight) * part
    return scores


def hand_ranks(plan: ast.Ruleset, eligible: list[Standard]) -> dict[str, tuple[str, int]]:
    """SPEC §4.3: (group, rank) of each eligible standard."""
    keys_spec = plan.rank_by or (ast.RankKey(ast.Name("score"), descending=True),)
    by_group: dict[str, list[Standard]] = defaultdict(list)
    for s in eligible:
        by_group[_group(plan, s)].append(s)
    out = {}
    for group, members in by_group.items():
        scores = hand_scores(plan, members)

        def key(s: Standard, scores: dict[str, float] = scores) -> tuple[Any, ...]:
            parts: list[Any] = []
            for k in keys_spec:
                if isinstance(k.expr, ast.Name) and k.expr.id == "score":
                    parts.append(-scores[s.number] if k.descending else scores[s.number])
                    continue
                number = _key_number(k.expr, s)
                parts.append((1, 0) if number is None else (0, -number if k.descending else number))
            return tuple(parts)

        for s in members:
            out[s.number] = (group, 1 + sum(1 for o in members if key(o) < key(s)))
    return out


def hand_bands(plan: ast.Ruleset, eligible: list[Standard]) -> dict[tuple[str, str], str]:
    """SPEC §4.7: (standard, indicator) → band."""
    out = {}
    for band in plan.bands or ():
        ind = plan.indicator(band.indicator)
        assert ind is not None
        by_group: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for s in eligible:
            v = _value(s, ind.id)
            if v is not None:
                by_group[_group(plan, s)].append((s.number, v))
        for members in by_group.values():
            if len({v for _, v in members}) <= 1:
                continue
            for number, v in members:
                tier = _tier(ind, v)
                if tier is not None:
                    out[number, ind.id] = tier
    return out


def _places(report: Report) -> dict[str, str]:
    places = {r.standard: "ranked" for r in report.ranking}
    places.update({p.standard: f"passed_over {p.failed}" for p in report.passed_over})
    places.update({x.standard: "leader" for x in report.leaders})
    return places


def expected_standards(
    old: CheckedRuleset,
    new: CheckedRuleset,
    dataset: Dataset,
    as_of: Any,
    eligible_after: set[str],
    failed_changed: set[str],
) -> set[str]:
    """The standards a hand calculation says differ: eligibility and failed rules as the
    mutation implies, ranks and bands recomputed here, leader places from the reports."""
    before = evaluate(old, dataset, as_of=as_of)
    eligible_before = {e.standard for e in before.eligibility if e.eligible}
    standards = {s.number: s for s in dataset.standards}
    ranks_before = {r.standard: (r.group, r.rank) for r in before.ranking}
    after_list = [standards[n] for n in sorted(eligible_after)]
    ranks_after = hand_ranks(new.ast, after_list)
    bands_before = {(n, b.indicator): b.band for b in before.bands for n in b.standards}
    bands_after = hand_bands(new.ast, after_list)
    changed = (eligible_before ^ eligible_after) | failed_changed
    for number in eligible_before & eligible_after:
        if ranks_before[number] != ranks_after[number]:
            changed.add(number)
    changed |= {n for (n, _), _ in set(bands_before.items()) ^ set(bands_after.items())}
    places_before = _places(before)
    places_after = _places(evaluate(new, dataset, as_of=as_of))
    for number in set(places_before) & set(places_after):
        if places_before[number] != places_after[number]:
            changed.add(number)
    return changed


# ------------------------------------------------------------ mutating a plan's text


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _without_examples(ruleset: CheckedRuleset) -> list[tuple[int, int, str]]:
    # An example may name the removed rule, and its data path is relative to the file.
    return [(e.span.start_pos, e.span.end_pos, "") for e in ruleset.ast.examples]


def _mutated(tmp_path: Path, plan: Path, edit: Callable[[CheckedRuleset], list[Any]]) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(plan.parent, folder, dirs_exist_ok=True)
    ruleset = load_ruleset(plan)
    text = _splice(ruleset.source.text, [*edit(ruleset), *_without_examples(ruleset)])
    target = folder / f"{plan.stem}.changed.rules"
    target.write_text(text, encoding="utf-8")
    return target


def _weighted(ruleset: CheckedRuleset) -> list[ast.Indicator]:
    return [i for i in ruleset.ast.indicators if i.weight is not None]


def move_weight(ruleset: CheckedRuleset) -> list[tuple[int, int, str]]:
    first, second = _weighted(ruleset)[:2]
    assert first.weight is not None and second.weight is not None
    delta = min(first.weight, second.weight) / 2
    edits = []
    for ind, weight in ((first, first.weight - delta), (second, second.weight + delta)):
        span = ind.weight_span
        assert span is not None
        edits.append((span.start_pos, span.end_pos, f"weight {round(weight, 12)!r}"))
    return edits


def _limit_rule(ruleset: CheckedRuleset, name: str) -> tuple[str, ast.CompareOp]:
    """The eligibility rule comparing values with limit `name`, and how (strictly or not)."""
    for rule in compile_ruleset(ruleset.ast).ruleset.eligible or ():
        for node in ast.walk(rule.body):
            if (
                isinstance(node, ast.Compare)
                and node.op.directional
                and isinstance(node.right, ast.Field)
                and node.right.name == name
            ):
                return rule.id, node.op
    raise AssertionError(f"no rule compares with the {name} limit")


def _tightening(ruleset: CheckedRuleset, dataset: Dataset) -> tuple[ast.Indicator, str, float]:
    """An indicator, its first limit (national, else industry) and a stricter value for it
    that some eligible standards do not beat, no stricter than any of its tiers (so the
    plan still checks)."""
    report = evaluate(ruleset, dataset, as_of=_as_of(ruleset))
    eligible = [dataset.standard(e.standard) for e in report.eligibility if e.eligible]
    for ind in ruleset.ast.indicators:
        name = "national" if ind.reference("national") is not None else "industry"
        if ind.reference(name) is None or ind.indicator_class is not ast.IndicatorClass.CORE:
            continue
        lower = ind.better is ast.Better.LOWER
        values = sorted({v for s in eligible if s and (v := _value(s, ind.id)) is not None})
        tiers = [float(t.threshold) for t in ind.tiers]
        loosest = (max(tiers) if lower else min(tiers)) if tiers else None
        fits = [v for v in values if loosest is None or _no_worse(not lower, v, loosest)]
        if len(fits) >= 2:
            return ind, name, statistics.median_low(fits)
    raise AssertionError("no indicator can be tightened")


def tighten_limit(dataset: Dataset) -> Callable[[CheckedRuleset], list[tuple[int, int, str]]]:
    def edit(ruleset: CheckedRuleset) -> list[tuple[int, int, str]]:
        ind, name, limit = _tightening(ruleset, dataset)
        reference = getattr(ind, name)
        span = reference.span
        old = ruleset.source.text[span.start_pos : span.end_pos]
        number = old.split()[0]
        return [(span.start_pos, span.start_pos + len(number), repr(limit))]

    return edit


def _removable(ruleset: CheckedRuleset, report: Report) -> ast.Rule:
    """The first eligibility rule that is some standard's only failure."""
    sole = {e.failed[0].rule for e in report.eligibility if len(e.failed) == 1}
    return next(r for r in ruleset.ast.eligible or () if r.id in sole)


def remove_rule(dataset: Dataset) -> Callable[[CheckedRuleset], list[tuple[int, int, str]]]:
    def edit(ruleset: CheckedRuleset) -> list[tuple[int, int, str]]:
        rule = _removable(ruleset, evaluate(ruleset, dataset, as_of=_as_of(ruleset)))
        return [(rule.span.start_pos, rule.span.end_pos, "")]

    return edit


def _run(old: CheckedRuleset, new_path: Path, dataset: Dataset) -> tuple[CheckedRuleset, Diff]:
    new = load_ruleset(new_path)
    return new, diff(old, new, dataset, as_of=_as_of(old))


def _named(result: Diff) -> set[str]:
    return {s.standard for s in result.standards}


# ------------------------------------------------------------ the bundled plans


@pytest.mark.parametrize("plan", BUNDLED, ids=lambda p: p.stem)
def test_same_plan_gives_no_differences(plan: Path) -> None:
    ruleset = load_ruleset(plan)
    data = plan.parent / "data" / f"{plan.stem}.json"
    assert diff(ruleset, ruleset, load_dataset(data), as_of=_as_of(ruleset)).empty
    run = CliRunner().invoke(
        main, ["diff", str(plan), str(plan), str(data), "--as-of", "2021-06-01"]
    )
    assert (run.exit_code, run.stdout) == (0, "")


@pytest.mark.parametrize("plan", BUNDLED, ids=lambda p: p.stem)
def test_weight_moved(plan: Path, tmp_path: Path) -> None:
    old = load_ruleset(plan)
    dataset = load_dataset(plan.parent / "data" / f"{plan.stem}.json")
    new, result = _run(old, _mutated(tmp_path, plan, move_weight), dataset)
    first, second = (i.id for i in _weighted(old)[:2])
    assert [(c.kind, c.item) for c in result.plan] == [
        ("weight", f"{first}.weight"),
        ("weight", f"{second}.weight"),
    ]
    before = evaluate(old, dataset, as_of=_as_of(old))
    eligible = {e.standard for e in before.eligibility if e.eligible}
    assert _named(result) == expected_standards(old, new, dataset, _as_of(old), eligible, set())
    for entry in result.standards:
        for change in entry.changes:
            assert change.aspect in ("rank", "leader")
            moved = {r.item for r in change.because if r.kind == "contribution"}
            assert moved <= {first, second}


@pytest.mark.parametrize("plan", BUNDLED, ids=lambda p: p.stem)
def test_limit_tightened(plan: Path, tmp_path: Path) -> None:
    old = load_ruleset(plan)
    dataset = load_dataset(plan.parent / "data" / f"{plan.stem}.json")
    ind, name, limit = _tightening(old, dataset)
    new, result = _run(old, _mutated(tmp_path, plan, tighten_limit(dataset)), dataset)
    assert [(c.kind, c.item, c.new) for c in result.plan] == [
        ("limit", f"{ind.id}.{name}", _shown(limit) + _source(getattr(ind, name)))
    ]
    rule, op = _limit_rule(old, name)
    strict = op is ast.CompareOp.BETTER_THAN
    lower = ind.better is ast.Better.LOWER
    before = evaluate(old, dataset, as_of=_as_of(old))

    def beats(s: Standard) -> bool:
        v = _value(s, ind.id)
        if v is None:
            return False
        if strict:
            return v < limit if lower else v > limit
        return _no_worse(lower, v, limit)

    eligible_after, newly_failing = set(), set()
    for entry in before.eligibility:
        standard = dataset.standard(entry.standard)
        assert standard is not None
        fails_now = not beats(standard) and "subject" not in {f.rule for f in entry.failed}
        if entry.eligible and not fails_now:
            eligible_after.add(entry.standard)
        if not entry.eligible and fails_now and rule not in {f.rule for f in entry.failed}:
            newly_failing.add(entry.standard)
    expected = expected_standards(old, new, dataset, _as_of(old), eligible_after, newly_failing)
    assert _named(result) == expected
    dropped = {e.standard for e in before.eligibility if e.eligible} - eligible_after
    assert dropped
    for entry in result.standards:
        for change in entry.changes:
            if change.aspect in ("eligibility", "failed"):
                assert [(r.item, r.new) for r in change.because] == [(rule, "failed")]


def _shown(value: float) -> str:
    return repr(int(value)) if value.is_integer() else repr(value)


def _source(reference: ast.Reference) -> str:
    return "" if reference.source is None else f' "{reference.source}"'


@pytest.mark.parametrize("plan", BUNDLED, ids=lambda p: p.stem)
def test_rule_removed(plan: Path, tmp_path: Path) -> None:
    old = load_ruleset(plan)
    dataset = load_dataset(plan.parent / "data" / f"{plan.stem}.json")
    before = evaluate(old, dataset, as_of=_as_of(old))
    rule = _removable(old, before)
    new, result = _run(old, _mutated(tmp_path, plan, remove_rule(dataset)), dataset)
    assert [(c.kind, c.item, c.change) for c in result.plan] == [("rule", rule.id, "removed")]
    failing = {e.standard for e in before.eligibility if rule.id in {f.rule for f in e.failed}}
    eligible_after = {e.standard for e in before.eligibility if e.eligible} | {
        e.standard for e in before.eligibility if [f.rule for f in e.failed] == [rule.id]
    }
    expected = expected_standards(old, new, dataset, _as_of(old), eligible_after, failing)
    assert _named(result) == expected
    for entry in result.standards:
        if entry.standard in failing:
            change = entry.changes[0]
            assert change.aspect in ("eligibility", "failed")
            assert [(r.item, r.old, r.new) for r in change.because] == [
                (rule.id, "failed", "absent")
            ]


# ------------------------------------------------------------ the SPEC plan by hand


def _spec_changed(tmp_path: Path, replace: tuple[str, str]) -> Path:
    target = tmp_path / "coal.rules"
    text = SPEC_PLAN.read_text("utf-8").replace(*replace, 1)
    target.write_text(text.replace('data "examples/', f'data "{SPEC_PLAN.parent}/examples/'))
    return target


def test_spec_plan_industry_limit_tightened(tmp_path: Path) -> None:
    # sulfur's industry limit 0.80 → 0.50, to be beaten strictly: Q/JCMY 0003-2021 (sulfur
    # 0.60, ranked 2nd) fails `stricter`; so does Q/JCMY 0009-2020 (0.50, ineligible already
    # for applied and not_excluded); 0001 (0.45) still passes; 0002 (0.85) failed it already;
    # 0004 (0.30) and 0005 (0.45) pass it, 0006 and 0012 are of the other subject.
    changed = _spec_changed(tmp_path, ("industry 0.80", "industry 0.50"))
    runner = CliRunner()
    args = ["diff", str(SPEC_PLAN), str(changed), str(SPEC_DATA), "--as-of", "2021-06-01"]
    run = runner.invoke(main, [*args, "--format", "json"])
    assert run.exit_code == 0
    data = json.loads(run.stdout)
    assert data["plan"] == [
        {
            "kind": "limit",
            "item": "sulfur.industry",
            "change": "changed",
            "old": "0.8",
            "new": "0.5",
            "old_line": 15,
            "new_line": 15,
        }
    ]
    named = {s["standard"]: s["changes"] for s in data["standards"]}
    assert list(named) == ["Q/JCMY 0003-2021", "Q/JCMY 0009-2020"]
    eligibility = named["Q/JCMY 0003-2021"][0]
    assert (eligibility["aspect"], eligibility["old"], eligibility["new"]) == (
        "eligibility",
        True,
        False,
    )
    assert eligibility["because"][0]["label"] == "水平高于国家标准和行业标准"
    assert named["Q/JCMY 0009-2020"][0]["new"] == ["applied", "stricter", "not_excluded"]
    text = runner.invoke(main, args).stdout
    assert "修改 limit sulfur.industry：0.8 → 0.5（第 15 行 → 第 15 行）" in text
    assert "      原因：stricter 水平高于国家标准和行业标准 [三.4]：通过 → 未通过" in text


def test_spec_plan_weight_moved_cannot_reorder_a_dominated_pair(tmp_path: Path) -> None:
    # 0001 beats 0003 on every part, so no weights reorder them; sulfur 0.05, calorific 0.70:
    # (0.05×0.55 + 0.7×0.0913 + 0.25×0.52 > 0.05×0.40 + 0.7×0.0652 + 0.25×0.40): no change.
    changed = _spec_changed(tmp_path, ("weight 0.35", "weight 0.05"))
    changed.write_text(changed.read_text("utf-8").replace("weight 0.40", "weight 0.70", 1))
    old, new = load_ruleset(SPEC_PLAN), load_ruleset(changed)
    result = diff(old, new, load_dataset(SPEC_DATA), as_of="2021-06-01")
    assert [c.item for c in result.plan] == ["sulfur.weight", "calorific.weight"]
    assert result.standards == ()
    assert render_diff(result, "en").startswith("Plan changes (")


def test_bad_input_exits_2(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (
        [str(SPEC_PLAN), str(tmp_path / "missing.rules"), str(SPEC_DATA)],
        [str(SPEC_PLAN), str(SPEC_PLAN), str(tmp_path / "missing.json")],
        [str(SPEC_PLAN), str(SPEC_PLAN), str(SPEC_DATA), "--as-of", "June"],
    ):
        assert runner.invoke(main, ["diff", *args]).exit_code == 2


def test_a_plan_with_errors_exits_1_with_its_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rules"
    broken.write_text("ruleset x {", encoding="utf-8")
    for pair in ((SPEC_PLAN, broken), (broken, SPEC_PLAN)):
        run = CliRunner().invoke(main, ["diff", *map(str, pair), str(SPEC_DATA)])
        assert run.exit_code == 1 and "broken.rules:1:" in run.output


def test_an_export_layout_is_read_with_the_plans() -> None:
    plan = ROOT / "rulesets" / "jincheng" / "coal.rules"
    export = ROOT / "rulesets" / "jincheng" / "data" / "coal_export.xlsx"
    run = CliRunner().invoke(
        main, ["diff", str(plan), str(plan), str(export), "--as-of", "2021-09-30"]
    )
    assert (run.exit_code, run.output) == (0, "")


def test_control_characters_in_labels_are_shown_as_escapes(tmp_path: Path) -> None:
    # A rule label holding ESC and BEL: printed as \x1b and \x07, never sent to the terminal.
    changed = _spec_changed(tmp_path, ('"企业同意入榜"', '"同意\\u001b[31m入榜\\u0007"'))
    run = CliRunner().invoke(
        main, ["diff", str(SPEC_PLAN), str(changed), str(SPEC_DATA), "--as-of", "2021-06-01"]
    )
    assert run.exit_code == 0
    assert "同意\\x1b[31m入榜\\x07" in run.output
    assert "\x1b" not in run.output and "\x07" not in run.output
