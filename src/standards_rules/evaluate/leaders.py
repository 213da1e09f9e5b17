"""Evaluation stage 4, leaders (SPEC §4.4): the ranking → leaders and passed-over entries.

Takes the compiled `Program`, the ranking and the candidates; gives
`LeaderEntry`s and `PassedOverEntry`s in ranking order. Per group, `top` gives
N (floored, at least 1; `top P%` is ceil(cohort × P / 100), at least 1). The
walk goes down the ranking: an entry failing a `require` is passed over (with
every failed require id, declaration order); the others become leaders until N
are taken, then entries that pass and share the last leader's rank join them.
The walk stops at the first entry ranked below that tie, so entries after the
cut are never checked against the requires and are not listed as passed over.
With `per enterprise N`, an entry that passes every require but whose enterprise
already holds N places in the group is passed over with `per_enterprise`, ties
included. `declared` in `top` is the group's number of public standards.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby

from standards_rules import ast
from standards_rules.compile import Program
from standards_rules.compile.runtime import number
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.evaluate.ranking import group_of
from standards_rules.records.model import Enterprise, Standard
from standards_rules.report import LeaderEntry, PassedOverEntry, RankingEntry

PER_ENTERPRISE = "per_enterprise"


def uses_declared(program: Program) -> bool:
    """Does `top` read `declared` (so the public standards of each group must be counted)?"""
    leaders = program.ruleset.leaders
    if leaders is None or leaders.top is None:
        return False
    return any(
        isinstance(node, ast.Name) and node.id == "declared" for node in ast.walk(leaders.top.count)
    )


def declared_counts(
    program: Program, pairs: Iterable[tuple[Standard, Enterprise]], as_of: datetime.date
) -> dict[str, int]:
    """Per group, the standards of the ruleset's subject, eligible or not (SPEC §2.6)."""
    subject = program.ruleset.subject
    wanted = None if subject is None else subject.value
    grouped = program.group_by is not None
    counts: dict[str, int] = {}
    for standard, enterprise in pairs:
        if wanted is not None and standard.subject != wanted:  # a StrEnum equals its value
            continue
        views = program.views_for(standard) if grouped else ()
        label = group_of(program, standard, enterprise, views, as_of)
        counts[label] = counts.get(label, 0) + 1
    return counts


def leader_count(program: Program, cohort: int, as_of: datetime.date, declared: int = 0) -> int:
    """N for a group of `cohort` ranked entries; 1 without `top` or when it evaluates to none."""
    leaders = program.ruleset.leaders
    if leaders is None or leaders.top is None or program.top is None:
        return 1
    views = program.views(None)  # the indicators' own facts; no standard has values here
    raw = number(program.top(None, None, as_of, views, None, (), cohort, None, declared))
    if raw is None:
        return 1
    # More leaders than entries is all of them: capping first keeps 1e308 % finite.
    if leaders.top.percent:
        return max(1, math.ceil(cohort * min(max(raw, 0), 100) / 100))
    return max(1, math.floor(min(max(raw, 0), cohort)))


def choose(
    program: Program,
    ranking: Sequence[RankingEntry],
    pool: Mapping[str, Candidate],
    as_of: datetime.date,
    declared: Mapping[str, int] | None = None,
) -> tuple[tuple[LeaderEntry, ...], tuple[PassedOverEntry, ...]]:
    """The leaders and passed-over entries; `declared` counts each group's public standards."""
    section = program.ruleset.leaders
    if section is None:
        return (), ()
    cap = None if section.per_enterprise is None else int(section.per_enterprise)
    leaders: list[LeaderEntry] = []
    passed_over: list[PassedOverEntry] = []
    for group, entries in groupby(ranking, key=lambda r: r.group):
        members = list(entries)
        public = (declared or {}).get(group, 0)
        wanted = leader_count(program, len(members), as_of, public)
        taken = 0
        held: Counter[str] = Counter()
        last_rank: int | None = None
        for entry in members:
            if taken >= wanted and entry.rank != last_rank:
                break
            cand = pool[entry.standard]
            s, e, v = cand.standard, cand.enterprise, cand.views
            failed = tuple(
                rule.id
                for rule in program.requires
                if not rule.fn(s, e, as_of, v, None, (), len(members), entry.score, None)
            )
            if not failed and cap is not None and held[s.enterprise] >= cap:
                failed = (PER_ENTERPRISE,)
            names = (entry.name, entry.enterprise_name)
            if failed:
                passed_over.append(
                    PassedOverEntry(group, entry.rank, entry.standard, failed, *names)
                )
                continue
            leaders.append(LeaderEntry(group, entry.rank, entry.standard, s.enterprise, *names))
            held[s.enterprise] += 1
            taken += 1
            last_rank = entry.rank
    return tuple(leaders), tuple(passed_over)


__all__ = ["PER_ENTERPRISE", "choose", "declared_counts", "leader_count", "uses_declared"]
