"""Evaluation stage 4, leaders (SPEC §4.4): the ranking → leaders and passed-over entries.

Takes the compiled `Program`, the ranking and the candidates; gives
`LeaderEntry`s and `PassedOverEntry`s in ranking order. Per group, `top` gives
N (floored, at least 1; `top P%` is ceil(cohort × P / 100), at least 1). The
walk goes down the ranking: an entry failing a `require` is passed over (with
every failed require id, declaration order); the others become leaders until N
are taken, then entries that pass and share the last leader's rank join them.
The walk stops at the first entry ranked below that tie, so entries after the
cut are never checked against the requires and are not listed as passed over.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from itertools import groupby

from standards_rules.compile import Program
from standards_rules.compile.runtime import number
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.report import LeaderEntry, PassedOverEntry, RankingEntry


def leader_count(program: Program, cohort: int, as_of: datetime.date) -> int:
    """N for a group of `cohort` ranked entries; 1 without `top` or when it evaluates to none."""
    leaders = program.ruleset.leaders
    if leaders is None or leaders.top is None or program.top is None:
        return 1
    views = program.views(None)  # the indicators' own facts; no standard has values here
    raw = number(program.top(None, None, as_of, views, None, (), cohort, None))
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
) -> tuple[tuple[LeaderEntry, ...], tuple[PassedOverEntry, ...]]:
    if program.ruleset.leaders is None:
        return (), ()
    leaders: list[LeaderEntry] = []
    passed_over: list[PassedOverEntry] = []
    for group, entries in groupby(ranking, key=lambda r: r.group):
        members = list(entries)
        wanted = leader_count(program, len(members), as_of)
        taken = 0
        last_rank: int | None = None
        for entry in members:
            if taken >= wanted and entry.rank != last_rank:
                break
            cand = pool[entry.standard]
            s, e, v = cand.standard, cand.enterprise, cand.views
            failed = tuple(
                rule.id
                for rule in program.requires
                if not rule.fn(s, e, as_of, v, None, (), len(members), entry.score)
            )
            if failed:
                passed_over.append(PassedOverEntry(group, entry.rank, entry.standard, failed))
                continue
            leaders.append(LeaderEntry(group, entry.rank, entry.standard, s.enterprise))
            taken += 1
            last_rank = entry.rank
    return tuple(leaders), tuple(passed_over)


__all__ = ["choose", "leader_count"]
