"""The words of every heading, in the two languages of `--lang` (zh, the default, and en).

One attrs class, so a heading missing in one language is a type error, not a
blank cell. Labels, citations and names come from the plan and the records and
are never translated.
"""

from __future__ import annotations

from typing import Literal

import attrs

from standards_rules.explain_checks import NOTATION

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@attrs.frozen
class Words:
    comma: str
    colon: str
    semicolon: str
    eligibility: str
    ranking: str
    leaders: str
    passed_over: str
    bands: str
    publicity: str
    withdrawals: str
    titles: str
    rejected: str
    warnings: str
    first_warnings: str  # "{count}" and "{shown}" are filled in
    group: str
    all_groups: str
    rank: str
    standard: str
    standard_name: str
    enterprise: str
    enterprise_name: str
    score: str
    eligible: str
    yes: str
    no: str
    failed_rules: str
    failed_requires: str
    subject_rule: str
    rule_ids: str
    indicator_id: str
    ruleset: str
    per_enterprise: str
    start: str
    end: str
    working_days: str
    triggers: str
    current: str
    decided_on: str
    excluded_until: str
    awarded_on: str
    expires_on: str
    indicator: str
    band: str
    path: str
    record: str
    reason: str
    warning: str
    summary: str
    as_of: str
    version: str
    authority: str
    source: str
    more: str
    notice_title: str
    notice_intro: str
    notice_contact: str
    score_chart: str
    declared: str
    cite: str
    # explanations
    verdict_eligible: str
    verdict_ineligible: str
    subject_mismatch: str
    eligibility_rules: str
    leader_requires: str
    withdrawal_triggers: str
    passes: str
    fails: str
    holds: str
    does_not_hold: str
    part: str
    status: str
    statuses: dict[str, str]
    withdrawn: str
    not_withdrawn: str
    # the checks under each rule of an explanation
    check_roles: dict[str, str]  # a view field's role; {name}: the tier's or reference's
    check_ops: dict[str, str]  # the direction-aware comparisons
    check_true: str
    check_false: str

    def summary_line(self, eligible: int, total: int, rejected: int) -> str:
        return self.summary.format(eligible=eligible, total=total, rejected=rejected)


ZH = Words(
    comma="，",
    colon="：",
    semicolon="；",
    eligibility="资格审查",
    ranking="排行榜",
    leaders="领跑者",
    passed_over="未入选",
    bands="单指标排行榜",
    publicity="公示",
    withdrawals="退出",
    titles="称号",
    rejected="剔除记录",
    warnings="警告",
    first_warnings="警告 {count} 条（列出前 {shown} 条）",
    group="组别",
    all_groups="（全部）",
    rank="名次",
    standard="标准编号",
    standard_name="标准名称",
    enterprise="统一社会信用代码",
    enterprise_name="企业名称",
    score="综合得分",
    eligible="是否符合",
    yes="符合",
    no="不符合",
    failed_rules="未通过的条件",
    failed_requires="未满足的要求",
    subject_rule="标准类型与评估方案不一致",
    rule_ids="编号",
    indicator_id="指标编号",
    ruleset="评估方案",
    per_enterprise="本企业在本组的领跑者名额已满",
    start="公示开始",
    end="公示结束",
    working_days="工作日",
    triggers="退出情形",
    current="现行版本",
    decided_on="决定日期",
    excluded_until="禁入期至",
    awarded_on="授予日期",
    expires_on="有效期至",
    indicator="指标",
    band="档次",
    path="位置",
    record="记录",
    reason="原因",
    warning="警告",
    summary="{eligible}/{total} 项标准符合评估条件，剔除记录 {rejected} 条",
    as_of="评估日期",
    version="版本",
    authority="发布机关",
    source="文号",
    more="另有 {n} 项",
    notice_title="企业标准“领跑者”排行榜及名单公示",
    notice_intro="现将评估结果予以公示，公示期自 {start} 至 {end}（{days} 个工作日）。",
    notice_contact="公示期内如有异议，请向{authority}反映。",
    score_chart="综合得分",
    declared="公开值",
    cite="依据",
    verdict_eligible="符合评估条件",
    verdict_ineligible="不符合评估条件",
    subject_mismatch="标准类型与评估方案不一致，未审查其他条件",
    eligibility_rules="资格条件",
    leader_requires="领跑者要求",
    withdrawal_triggers="退出情形",
    passes="通过",
    fails="未通过",
    holds="成立",
    does_not_hold="不成立",
    part="分项得分",
    status="结论",
    statuses={
        "leader": "领跑者",
        "passed_over": "未入选领跑者",
        "ranked": "进入排行榜",
        "ineligible": "不符合评估条件",
        "unranked": "未排行",
    },
    withdrawn="撤销称号",
    not_withdrawn="保留称号",
    check_roles={
        "value": "声明值",
        "previous": "上一版本值",
        "awarded": "授予时值",
        "national": "国家标准限值",
        "industry": "行业标准限值",
        "tier": "{name} 档门槛",
        "reference": "参考值 {name}",
    },
    check_ops={"better_than": "优于", "no_worse_than": "不劣于", "worse_than": "劣于"},
    check_true="是",
    check_false="否",
)

EN = Words(
    comma=", ",
    colon=": ",
    semicolon="; ",
    eligibility="eligibility",
    ranking="ranking",
    leaders="leaders",
    passed_over="passed over",
    bands="band lists",
    publicity="public notice",
    withdrawals="withdrawals",
    titles="titles",
    rejected="rejected records",
    warnings="warnings",
    first_warnings="{count} warnings (first {shown})",
    group="group",
    all_groups="(all)",
    rank="rank",
    standard="standard",
    standard_name="standard name",
    enterprise="credit code",
    enterprise_name="enterprise",
    score="score",
    eligible="eligible",
    yes="yes",
    no="no",
    failed_rules="failed rules",
    failed_requires="failed requirements",
    subject_rule="subject",
    rule_ids="ids",
    indicator_id="indicator id",
    ruleset="ruleset",
    per_enterprise="the enterprise already holds its leader places in the group",
    start="start",
    end="end",
    working_days="working days",
    triggers="triggers",
    current="current version",
    decided_on="decided on",
    excluded_until="excluded until",
    awarded_on="awarded on",
    expires_on="expires on",
    indicator="indicator",
    band="band",
    path="path",
    record="record",
    reason="reason",
    warning="warning",
    summary="{eligible} of {total} standards eligible, {rejected} records rejected",
    as_of="as of",
    version="version",
    authority="authority",
    source="reference",
    more="… {n} more",
    notice_title="Enterprise Standard Leaders: ranking and leader list, public notice",
    notice_intro=(
        "The results are published for comment from {start} to {end} ({days} working days)."
    ),
    notice_contact="Objections during the notice period may be raised with {authority}.",
    score_chart="score",
    declared="declared",
    cite="clause",
    verdict_eligible="eligible",
    verdict_ineligible="ineligible",
    subject_mismatch="the standard's subject differs from the ruleset's; no rule ran",
    eligibility_rules="eligibility rules",
    leader_requires="leader requirements",
    withdrawal_triggers="withdrawal triggers",
    passes="pass",
    fails="FAIL",
    holds="holds",
    does_not_hold="does not hold",
    part="part",
    status="status",
    statuses={
        "leader": "leader",
        "passed_over": "passed over",
        "ranked": "ranked",
        "ineligible": "ineligible",
        "unranked": "unranked",
    },
    withdrawn="withdrawn",
    not_withdrawn="not withdrawn",
    # English words the checks as the ruleset language's notation does (the JSON's).
    check_roles=dict(NOTATION.roles),
    check_ops=dict(NOTATION.ops),
    check_true=NOTATION.true,
    check_false=NOTATION.false,
)


def words(lang: Lang) -> Words:
    return ZH if lang == "zh" else EN


__all__ = ["EN", "LANGS", "ZH", "Lang", "Words", "words"]
