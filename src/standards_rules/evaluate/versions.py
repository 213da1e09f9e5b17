"""Evaluation, preparation: standards' versions (SPEC §3.1, §4.0, §4.6).

Takes the accepted standards by number; gives, for each title, its **current
standard** (the latest version reached through `replaces`), and, for each
standard without previous values of its own, the standard it replaces. A
standard may be replaced by several: the latest `published_on`, then the
greatest number, is followed. A chain that comes back on itself stops at the
last standard not yet visited, so a bad dataset cannot make the walk loop.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from standards_rules.records.model import Standard

_EARLIEST = datetime.date.min


class Versions:
    """Which accepted standard replaces which (built once per evaluation, O(n)).

    `accepted` finds an accepted standard by number; `replacing` are the accepted
    standards that name the standard they replace.
    """

    def __init__(
        self, accepted: Callable[[str], Standard | None], replacing: Iterable[Standard]
    ) -> None:
        self.accepted = accepted
        self._successor: dict[str, Standard] = {}
        # Where a walk without loops from each standard number ends (filled as walks go).
        self._latest: dict[str, Standard] = {}
        for standard in replacing:
            old = standard.replaces
            if old is None or old == standard.number:
                continue
            known = self._successor.get(old)
            if known is None or _later(standard, known):
                self._successor[old] = standard

    def successor(self, number: str) -> Standard | None:
        """The accepted standard that replaces `number` (the latest of several), or None."""
        return self._successor.get(number)

    def current(self, number: str) -> Standard | None:
        """The current version of the standard numbered `number`: start at it (or, when it is
        absent, at the standard replacing it) and follow `replaces` forward."""
        reached = self.accepted(number) or self._successor.get(number)
        if reached is None:
            return None
        known = self._latest.get(reached.number)
        if known is not None:
            return known
        walked = [reached.number]
        seen = {number, reached.number}
        while True:
            following = self._successor.get(reached.number)
            if following is None:
                break
            if following.number in seen:
                return reached  # a loop: where the walk stops depends on where it began
            known = self._latest.get(following.number)
            if known is not None:
                reached = known
                break
            seen.add(following.number)
            walked.append(following.number)
            reached = following
        # Every standard walked through ends the same walk: titles along one long chain
        # cost one walk in all, not one each (O(n), not O(n × chain length)).
        for passed in walked:
            self._latest[passed] = reached
        return reached

    def replaced(self, standard: Standard) -> Standard | None:
        """The accepted standard that `standard` replaces, or None."""
        old = standard.replaces
        return None if old is None or old == standard.number else self.accepted(old)


def _later(a: Standard, b: Standard) -> bool:
    """Does `a` come after `b`: the later `published_on`, then the greater number?"""
    return (a.published_on or _EARLIEST, a.number) > (b.published_on or _EARLIEST, b.number)


__all__ = ["Versions"]
