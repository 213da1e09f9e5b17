"""Second-edition evaluation (SPEC §4.0, §4.4, §4.6–§4.8), each case computed by hand."""

from __future__ import annotations

from typing import Any

import attrs

from evalkit import E1, E2, E3, D, dataset, enterprise, ruleset, standard
from standards_rules import evaluate
from standards_rules.records.model import Event, EventKind, Title

AS_OF = D(2021, 6, 1)

# Sulfur and ash are core, moisture basic; the exclusion rule reads enterprise.withdrawals.
INDICATORS = """
  indicator sulfur "全硫" { better lower range 0 10 weight 0.6 national 1.0 industry 0.8
                           reference group 0.5 tier leader 0.4 tier advanced 0.6 }
  indicator ash "灰分" { better lower range 0 60 weight 0.4 national 25 reference survey 20
                         tier leader 10 tier advanced 15 }
  indicator moisture "水分" { class basic better lower range 0 40 national 12 }
"""
RULES = "rule not_excluded: not (any w in enterprise.withdrawals: w.excluded_until > as_of)"
WITHDRAW = """
  withdraw {
    trigger lowered "核心指标水平降低" cite "三.7(2)":
      any i in indicators:
        i.class == "core" and i.awarded != none
        and (i.value == none or i.value worse_than i.awarded)
    trigger integrity cite "三.7(6)": any e in events: e.kind in ["fraud", "integrity"]
    exclude 3 years
  }
"""


def plan(body: str = "", rules: str = RULES, withdraw: str = WITHDRAW) -> Any:
    return ruleset(
        f"score weighted normalize relative to national\n{body}\n{withdraw}",
        indicators=INDICATORS,
        rules=rules,
    )


def coal(number: str, code: str = E1, **values: float) -> Any:
    values = {"sulfur": 0.45, "ash": 12.0, "moisture": 8.0, **values}
    return standard(number, code, **values)


TITLE = Title("Q/A 0001-2020", "t", D(2020, 6, 1), D(2023, 5, 31), {"sulfur": 0.45, "ash": 12.0})


# ---------------------------------------------------------------- same-run exclusion (§4.0)


def test_a_withdrawn_title_excludes_its_enterprise_in_the_same_evaluation() -> None:
    # The title's standard itself is lowered (0.45 → 0.5): withdrawn on as_of, so the
    # exclusion rule sees {decided_on: as_of, excluded_until: as_of + 3 years}.
    held = coal("Q/A 0001-2020", sulfur=0.5)
    report = evaluate(plan(), dataset(held, titles=(TITLE,)), as_of=AS_OF)
    (withdrawal,) = report.withdrawals
    assert withdrawal.triggers == ("lowered",) and withdrawal.excluded_until == D(2024, 6, 1)
    assert [(e.standard, [f.rule for f in e.failed]) for e in report.eligibility] == [
        ("Q/A 0001-2020", ["not_excluded"])
    ]
    assert report.ranking == ()


def test_a_second_standard_of_the_enterprise_is_excluded_too_but_not_another_enterprise() -> None:
    held = coal("Q/A 0001-2020", sulfur=0.5)
    sibling = coal("Q/A 0002-2021", sulfur=0.3)
    other = coal("Q/B 0001-2021", E2, sulfur=0.3)
    report = evaluate(plan(), dataset(held, sibling, other, titles=(TITLE,)), as_of=AS_OF)
    verdicts = {e.standard: e.eligible for e in report.eligibility}
    assert verdicts == {"Q/A 0001-2020": False, "Q/A 0002-2021": False, "Q/B 0001-2021": True}
    assert [r.standard for r in report.ranking] == ["Q/B 0001-2021"]


def test_without_an_exclusion_rule_the_withdrawn_enterprise_still_ranks() -> None:
    held = coal("Q/A 0001-2020", sulfur=0.5)
    report = evaluate(plan(rules="rule ok: true"), dataset(held, titles=(TITLE,)), as_of=AS_OF)
    assert [w.standard for w in report.withdrawals] == ["Q/A 0001-2020"]
    assert [r.standard for r in report.ranking] == ["Q/A 0001-2020"]


# ---------------------------------------------------------------- versions (§4.6)


def test_a_title_follows_two_revisions_to_its_current_standard() -> None:
    # 2020 → 2021 → 2022 revisions; the 2022 version lowers ash 12 → 13 (a core indicator).
    first = coal("Q/A 0001-2020")
    second = attrs.evolve(coal("Q/A 0001-2021"), replaces="Q/A 0001-2020")
    third = attrs.evolve(coal("Q/A 0001-2022", ash=13.0), replaces="Q/A 0001-2021")
    report = evaluate(plan(), dataset(first, second, third, titles=(TITLE,)), as_of=AS_OF)
    (withdrawal,) = report.withdrawals
    assert (withdrawal.standard, withdrawal.current) == ("Q/A 0001-2020", "Q/A 0001-2022")
    assert withdrawal.triggers == ("lowered",)
    assert report.to_dict()["withdrawals"][0]["current"] == "Q/A 0001-2022"


def test_a_title_whose_own_standard_is_gone_starts_at_the_one_replacing_it() -> None:
    newer = attrs.evolve(coal("Q/A 0001-2021"), replaces="Q/A 0001-2020")
    report = evaluate(plan(), dataset(newer, titles=(TITLE,)), as_of=AS_OF)
    assert report.withdrawals == ()  # same levels: nothing lowered
    lowered = attrs.evolve(newer, indicators={"sulfur": 0.46, "ash": 12.0, "moisture": 8.0})
    report = evaluate(plan(), dataset(lowered, titles=(TITLE,)), as_of=AS_OF)
    assert [(w.standard, w.current) for w in report.withdrawals] == [
        ("Q/A 0001-2020", "Q/A 0001-2021")
    ]


def test_previous_values_come_from_the_replaced_standard() -> None:
    rules = "rule not_lowered: not (indicators.ash.value worse_than indicators.ash.previous)"
    older = coal("Q/A 0001-2020", ash=11.0)
    newer = attrs.evolve(coal("Q/A 0001-2021", ash=12.0), replaces="Q/A 0001-2020")
    report = evaluate(plan(rules=rules, withdraw=""), dataset(older, newer), as_of=AS_OF)
    verdicts = {e.standard: e.eligible for e in report.eligibility}
    assert verdicts == {"Q/A 0001-2020": True, "Q/A 0001-2021": False}


def test_titles_of_one_standard_and_period_give_one_order_whatever_the_input_order() -> None:
    # Two titles of one standard awarded and expiring on the same days, recorded with
    # different levels; a fraud withdraws both, and only the first (ash 11 at award, 12
    # now) is lowered too. The withdrawals come in one order, however the titles were given.
    held = coal("Q/A 0001-2020")
    fraud = enterprise(E1, events=(Event(EventKind.FRAUD, D(2021, 1, 4)),))
    lowered = attrs.evolve(TITLE, indicators={"ash": 11.0})
    kept = attrs.evolve(TITLE, indicators={"ash": 13.0})
    reports = [
        evaluate(plan(), dataset(held, enterprises=(fraud,), titles=titles), as_of=AS_OF)
        for titles in ((lowered, kept), (kept, lowered))
    ]
    triggers = [w.triggers for w in reports[0].withdrawals]
    assert triggers == [("lowered", "integrity"), ("integrity",)]
    assert reports[0].to_json() == reports[1].to_json()


# ---------------------------------------------------------------- i.awarded (§4.6)


def _triggers(held: Any, title: Title = TITLE, events: tuple[Event, ...] = ()) -> tuple[str, ...]:
    ds = dataset(held, enterprises=(enterprise(E1, events=events),), titles=(title,))
    return tuple(t for w in evaluate(plan(), ds, as_of=AS_OF).withdrawals for t in w.triggers)


def test_awarded_fires_on_a_lowered_core_indicator() -> None:
    assert _triggers(coal("Q/A 0001-2020", sulfur=0.46)) == ("lowered",)
    assert _triggers(coal("Q/A 0001-2020", sulfur=0.44)) == ()  # improved


def test_awarded_fires_on_a_dropped_core_indicator() -> None:
    dropped = attrs.evolve(coal("Q/A 0001-2020"), indicators={"ash": 12.0, "moisture": 8.0})
    assert _triggers(dropped) == ("lowered",)


def test_awarded_never_fires_on_a_basic_indicator() -> None:
    title = attrs.evolve(TITLE, indicators={"sulfur": 0.45, "ash": 12.0, "moisture": 6.0})
    assert _triggers(coal("Q/A 0001-2020", moisture=9.0), title) == ()  # 6 → 9, basic


def test_fraud_committed_before_the_award_and_found_after_it_withdraws() -> None:
    committed, found = D(2020, 3, 1), D(2021, 2, 1)  # before the 2020-06-01 award, found later
    fraud = Event(EventKind.FRAUD, committed, found_on=found)
    assert _triggers(coal("Q/A 0001-2020"), events=(fraud,)) == ("integrity",)
    unknown_until_later = Event(EventKind.FRAUD, committed, found_on=D(2021, 6, 2))
    assert _triggers(coal("Q/A 0001-2020"), events=(unknown_until_later,)) == ()
    found_before_award = Event(EventKind.FRAUD, committed)  # found_on defaults to its date
    assert _triggers(coal("Q/A 0001-2020"), events=(found_before_award,)) == ()


# ---------------------------------------------------------------- declared, per enterprise (§4.4)


def test_declared_counts_every_public_standard_of_the_group_eligible_or_not() -> None:
    # 4 standards in the group, 2 of them ineligible (ash 30 > national 25 fails `stricter`):
    # declared = 4 ≥ 4 → top 2; with `cohort` (2 ranked) it would be 1.
    rules = "rule stricter: indicators.ash.value better_than indicators.ash.national"
    body = "leaders { top if declared >= 4 then 2 else 1 }"
    records = [
        coal("Q/A 0001-2021", sulfur=0.3),
        coal("Q/B 0001-2021", E2, sulfur=0.5),
        coal("Q/C 0001-2021", E3, ash=30.0),
        coal("Q/C 0002-2021", E3, ash=31.0),
    ]
    report = evaluate(plan(body, rules, ""), dataset(*records), as_of=AS_OF)
    assert [r.standard for r in report.ranking] == ["Q/A 0001-2021", "Q/B 0001-2021"]
    assert [x.standard for x in report.leaders] == ["Q/A 0001-2021", "Q/B 0001-2021"]
    fewer = evaluate(plan(body, rules, ""), dataset(*records[:3]), as_of=AS_OF)
    assert [x.standard for x in fewer.leaders] == ["Q/A 0001-2021"]


def test_declared_groups_standards_by_the_label_the_ranking_shows() -> None:
    # `group by` a number: 5.0 and 5 are both shown as group "5", so the ineligible
    # standard counts towards that group's `declared` (3 ≥ 3 → top 2), and the standard
    # without a value is in group "" with no leaders to size.
    rules = "rule stricter: indicators.ash.value better_than indicators.ash.national"
    body = "group by standard.attributes.batch\nleaders { top if declared >= 3 then 2 else 1 }"

    def batch(record: Any, value: object) -> Any:
        return attrs.evolve(record, attributes={} if value is None else {"batch": value})

    records = [
        batch(coal("Q/A 0001-2021", sulfur=0.3), 5.0),
        batch(coal("Q/B 0001-2021", E2, sulfur=0.5), 5),
        batch(coal("Q/C 0001-2021", E3, ash=30.0), 5.0),
        batch(coal("Q/C 0002-2021", E3, sulfur=0.2), None),
    ]
    report = evaluate(plan(body, rules, ""), dataset(*records), as_of=AS_OF)
    assert [(r.group, r.standard) for r in report.ranking] == [
        ("", "Q/C 0002-2021"),
        ("5", "Q/A 0001-2021"),
        ("5", "Q/B 0001-2021"),
    ]
    assert [(x.group, x.standard) for x in report.leaders] == [
        ("", "Q/C 0002-2021"),
        ("5", "Q/A 0001-2021"),
        ("5", "Q/B 0001-2021"),
    ]


def test_per_enterprise_passes_over_a_third_place_and_holds_for_ties() -> None:
    # Scores: A1 and A2 tie at rank 1 (same values), B at rank 3, A3 at rank 4.
    # top 2, per enterprise 1: A1 leads; A2 ties A1 but A already holds a place → passed
    # over; the walk goes on: B leads (2 taken).
    body = "leaders { top 2 per enterprise 1 }"
    records = [
        coal("Q/A 0001-2021", sulfur=0.3),
        coal("Q/A 0002-2021", sulfur=0.3),
        coal("Q/B 0001-2021", E2, sulfur=0.4),
        coal("Q/A 0003-2021", sulfur=0.5),
    ]
    report = evaluate(plan(body, "rule ok: true", ""), dataset(*records), as_of=AS_OF)
    assert [(r.standard, r.rank) for r in report.ranking] == [
        ("Q/A 0001-2021", 1),
        ("Q/A 0002-2021", 1),
        ("Q/B 0001-2021", 3),
        ("Q/A 0003-2021", 4),
    ]
    assert [(x.standard, x.rank) for x in report.leaders] == [
        ("Q/A 0001-2021", 1),
        ("Q/B 0001-2021", 3),
    ]
    assert [(p.standard, p.failed) for p in report.passed_over] == [
        ("Q/A 0002-2021", ("per_enterprise",))
    ]


# ---------------------------------------------------------------- bands (§4.7)


def test_band_lists_place_standards_by_tier_and_skip_groups_that_declare_alike() -> None:
    body = "bands sulfur, ash\ngroup by standard.category"
    records = [
        coal("Q/A 0001-2021", sulfur=0.35, ash=9.0),  # sulfur leader, ash leader
        coal("Q/B 0001-2021", E2, sulfur=0.55, ash=14.0),  # advanced, advanced
        coal("Q/C 0001-2021", E3, sulfur=0.7, ash=16.0),  # no sulfur tier, no ash tier
    ]
    alike = [attrs.evolve(coal(f"Q/D 000{n}-2021", sulfur=0.3), category="无烟煤") for n in (1, 2)]
    report = evaluate(plan(body, "rule ok: true", ""), dataset(*records, *alike), as_of=AS_OF)
    # 无烟煤 declares sulfur 0.3 twice and ash 12 twice: no list for either indicator.
    assert [(b.indicator, b.group, b.band, b.standards) for b in report.bands] == [
        ("sulfur", "动力煤", "leader", ("Q/A 0001-2021",)),
        ("sulfur", "动力煤", "advanced", ("Q/B 0001-2021",)),
        ("ash", "动力煤", "leader", ("Q/A 0001-2021",)),
        ("ash", "动力煤", "advanced", ("Q/B 0001-2021",)),
    ]
    assert report.to_dict()["bands"][0] == {
        "indicator": "sulfur",
        "group": "动力煤",
        "band": "leader",
        "standards": ["Q/A 0001-2021"],
    }


# ---------------------------------------------------------------- titles (§4.8)


def test_titles_are_awarded_after_the_notice_across_the_national_day_holiday() -> None:
    # 10 working days from Fri 2021-09-24: Sep 24, Sun 26 (worked), 27, 28, 29, 30, then
    # Oct 1–7 off, Fri 8, Sat 9 (worked), Mon 11, Tue 12 → the notice ends Oct 12; the
    # first working day after is Oct 13; 3 years later less a day: 2024-10-12.
    body = "leaders { top 1 valid 3 years }\npublicity 10 working days"
    records = [coal("Q/A 0001-2021", sulfur=0.3), coal("Q/B 0001-2021", E2, sulfur=0.5)]
    report = evaluate(plan(body, "rule ok: true", ""), dataset(*records), as_of=D(2021, 9, 24))
    assert report.publicity is not None and report.publicity.end == D(2021, 10, 12)
    (title,) = report.titles
    assert (title.standard, title.ruleset) == ("Q/A 0001-2021", "t")
    assert (title.awarded_on, title.expires_on) == (D(2021, 10, 13), D(2024, 10, 12))
    assert dict(title.indicators) == {"sulfur": 0.3, "ash": 12.0, "moisture": 8.0}


def test_a_proposed_title_is_what_next_years_evaluation_withdraws() -> None:
    body = "leaders { top 1 valid 3 years }"
    first = evaluate(plan(body), dataset(coal("Q/A 0001-2021")), as_of=AS_OF)
    (proposed,) = first.titles
    title = Title(**attrs.asdict(proposed, recurse=False))
    lowered = attrs.evolve(coal("Q/A 0002-2022", ash=14.0), replaces="Q/A 0001-2021")
    later = D(2022, 6, 1)
    second = evaluate(plan(body), dataset(lowered, titles=(title,)), as_of=later)
    assert [(w.standard, w.current, w.triggers) for w in second.withdrawals] == [
        ("Q/A 0001-2021", "Q/A 0002-2022", ("lowered",))
    ]


def test_without_valid_no_titles_are_proposed() -> None:
    report = evaluate(plan("leaders { top 1 }"), dataset(coal("Q/A 0001-2021")), as_of=AS_OF)
    assert report.leaders and report.titles == ()


# ---------------------------------------------------------------- range (§4.0)


def test_values_outside_a_range_are_rejected_with_path_and_reason() -> None:
    good = coal("Q/A 0001-2021")
    too_high = coal("Q/B 0001-2021", E2, sulfur=12.0)
    bad_previous = attrs.evolve(coal("Q/C 0001-2021", E3), previous_indicators={"ash": -1})
    ds = dataset(good, too_high, bad_previous)
    report = evaluate(plan(rules="rule ok: true", withdraw=""), ds, as_of=AS_OF)
    assert [e.standard for e in report.eligibility] == ["Q/A 0001-2021"]
    assert [(r.path, r.record, r.error) for r in report.rejected] == [
        (
            "standards[1].indicators.sulfur",
            "Q/B 0001-2021",
            "value 12 of 'sulfur' lies outside its range 0 to 10",
        ),
        (
            "standards[2].previous_indicators.ash",
            "Q/C 0001-2021",
            "previous value -1 of 'ash' lies outside its range 0 to 60",
        ),
    ]


def test_range_bounds_are_inclusive() -> None:
    edge = coal("Q/A 0001-2021", sulfur=10.0, ash=0.0)
    report = evaluate(plan(rules="rule ok: true", withdraw=""), dataset(edge), as_of=AS_OF)
    assert report.rejected == () and len(report.eligibility) == 1


# ---------------------------------------------------------------- relative to a list (§2.5)


def test_relative_to_a_list_takes_the_first_reference_each_indicator_has() -> None:
    # sulfur has `group` 0.5 → (0.5 - 0.3) / 0.5 = 0.4; ash has no `group` but `survey` 20
    # → (20 - 12) / 20 = 0.4; score = 0.6 × 0.4 + 0.4 × 0.4 = 0.4.
    text = plan("", "rule ok: true", "").source.text.replace(
        "relative to national", "relative to group, survey, national"
    )
    from standards_rules import parse_ruleset

    listed = parse_ruleset(text, "t.rules")
    report = evaluate(listed, dataset(coal("Q/A 0001-2021", sulfur=0.3)), as_of=AS_OF)
    (entry,) = report.ranking
    assert dict(entry.parts) == {"sulfur": 0.4, "ash": 0.4}
    assert round(entry.score, 9) == 0.4


def test_exclusion_reason_lists_the_triggers_that_held() -> None:
    held = coal("Q/A 0001-2020", sulfur=0.5)
    events = (Event(EventKind.FRAUD, D(2021, 1, 1)),)
    ds = dataset(held, enterprises=(enterprise(E1, events=events),), titles=(TITLE,))
    rules = 'rule reason: not (any w in enterprise.withdrawals: w.reason == "lowered, integrity")'
    report = evaluate(plan(rules=rules), ds, as_of=AS_OF)
    assert [f.rule for f in report.eligibility[0].failed] == ["reason"]
