"""`standards-rules new`: a complete, commented evaluation plan to start from.

Takes a ruleset id (and, optionally, a shared library to `use`); gives the text of
a plan in the canonical layout of `fmt` that checks without errors: subject, three
indicators, the notice's eligibility, score, leaders, publicity, withdrawal and one
example. docs/language.md opens with the same plan (`new jincheng_coke`).
"""

from __future__ import annotations

import re

_ID = re.compile(r"[^\W\d]\w*")

_PLAN = """\
# An evaluation plan (评估方案) of the Enterprise Standard Leader programme.
# Every part is explained in docs/language.md; `standards-rules check` checks it,
# `standards-rules fmt` keeps this layout.
ruleset {id} "评估方案标题（产品名称）" {{
  version "2021.1"
  authority "市场监督管理局"  # who issues the plan
  source "文号〔2021〕1号"    # the notice the plan implements
  industry "行业"
  subject product  # product | service
  effective 2021-04-22
{use}
  # Core indicators (核心指标): unit, direction, weight (fractions of 1 that sum to 1),
  # the national and industry limits with their sources, tiers best first.
  indicator ash "灰分 Ad" {{
    unit "%"
    better lower
    weight 0.4
    national 12.0 "GB/T 1996-2017"
    industry none
    tier leader 10.0
  }}
  indicator sulfur "硫分 St,d" {{
    unit "%"
    better lower
    weight 0.3
    national 0.8 "GB/T 1996-2017"
    industry none
  }}
  indicator m40 "抗碎强度 M40" {{
    unit "%"
    better higher
    weight 0.3
    national 80.0 "GB/T 1996-2017"
    industry none
  }}

  # Eligibility (资格条件): rule ID ["label"] [cite "clause"]: BODY
  eligible {{
    rule current "标准现行有效并已自我声明公开" cite "二":
      standard.status == "current"
    rule applied "企业自愿申报" cite "四.1":
      enterprise.applied
    rule format "格式规范" cite "三.4":
      standard.format_compliant
    rule stricter "核心指标严于国家标准和行业标准" cite "三.4":
      all i in indicators:
        i.value better_than i.national and i.value better_than i.industry
    rule mass_produced "涉及的产品为量产的定型产品" cite "三.4":
      len(standard.products) > 0 and (all p in standard.products: p.mass_produced)
    rule not_excluded "不在三年禁入期内" cite "三.7":
      not (any w in enterprise.withdrawals: w.excluded_until > as_of)
  }}

  score weighted normalize relative to national
  rank by score desc, standard.published_on asc
  group by standard.category

  leaders {{
    top if cohort >= 10 then 3 else 1
    require report "提供标准符合性报告" cite "三.5":
      standard.conformity_report != none and standard.conformity_report.passed
    require consent "企业同意入榜" cite "三.6":
      enterprise.consent
  }}

  publicity 10 working days

  withdraw {{
    trigger accident "重大环保安全事故或产品质量问题" cite "三.7(3)":
      any e in events:
        e.kind in ["environmental_accident", "safety_accident", "quality_problem"] and e.major
    trigger integrity "弄虚作假或其他诚信问题" cite "三.7(6)":
      any e in events: e.kind in ["fraud", "integrity"]
    exclude 3 years
  }}

  # Examples are checked by `standards-rules test` against their data file.
  example "a standard better than every limit is eligible" {{
    data "examples/{id}.json"  # relative to this file
    as_of 2021-06-01
    expect eligible "Q/XXXX 0001-2021"
  }}
}}
"""


class SkeletonError(ValueError):
    """An id that is not a ruleset id."""


def skeleton(ruleset_id: str, library: str | None = None) -> str:
    """The plan text for `ruleset_id`, using `library` (a path) when one is given."""
    if _ID.fullmatch(ruleset_id) is None:
        raise SkeletonError(
            f"'{ruleset_id}' is not a ruleset id: a letter or '_', then letters, digits or '_'"
        )
    use = ""
    if library is not None:
        escaped = library.replace("\\", "\\\\").replace('"', '\\"')
        use = f'  use "{escaped}"  # the shared defines of the bureau\'s plans\n'
    return _PLAN.format(id=ruleset_id, use=use)


__all__ = ["SkeletonError", "skeleton"]
