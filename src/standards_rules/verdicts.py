"""The eligibility list of a report: one verdict per standard, held compactly.

Takes what the eligibility stage decides per standard (the standard and which
rules it failed); gives `Report.eligibility`, a read-only sequence of
`EligibilityEntry`. A national dataset has millions of standards and most of
them fail the same few patterns of rules, so `Verdicts` keeps, per standard,
only the standard record (whose number and enterprise the entry shows) and the
index of its failure pattern; an entry is made when it is read. It compares,
hashes and shows itself like the tuple of its entries.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Protocol, overload

import attrs


@attrs.frozen
class FailedRule:
    """An eligibility rule a standard failed: its id, label and citation."""

    rule: str
    label: str | None
    cite: str | None


@attrs.frozen
class EligibilityEntry:
    """A standard's eligibility verdict, with the rules it failed in declaration order."""

    standard: str
    enterprise: str
    eligible: bool
    failed: tuple[FailedRule, ...]


class Judged(Protocol):
    """What a verdict shows of a standard: its number and its enterprise's credit code."""

    @property
    def number(self) -> str: ...

    @property
    def enterprise(self) -> str: ...


# A standard that failed nothing is eligible: pattern 0 is always the empty one.
ELIGIBLE = 0


class Verdicts(Sequence[EligibilityEntry]):
    """`EligibilityEntry`s of `standards[k]` with failure pattern `patterns[kinds[k]]`."""

    __slots__ = ("_kinds", "_patterns", "_standards")

    def __init__(
        self,
        standards: Sequence[Judged],
        kinds: array[int],
        patterns: Sequence[tuple[FailedRule, ...]],
    ) -> None:
        if len(standards) != len(kinds):
            raise ValueError("one failure pattern per standard")
        if not patterns or patterns[ELIGIBLE]:
            raise ValueError("pattern 0 must be the empty one")
        self._standards = standards
        self._kinds = kinds
        self._patterns = patterns

    def __len__(self) -> int:
        return len(self._standards)

    def _entry(self, k: int) -> EligibilityEntry:
        standard = self._standards[k]
        failed = self._patterns[self._kinds[k]]
        return EligibilityEntry(standard.number, standard.enterprise, not failed, failed)

    @overload
    def __getitem__(self, index: int) -> EligibilityEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[EligibilityEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> EligibilityEntry | tuple[EligibilityEntry, ...]:
        if isinstance(index, slice):
            return tuple(self._entry(k) for k in range(len(self))[index])
        count = len(self)
        if not -count <= index < count:
            raise IndexError("eligibility index out of range")
        return self._entry(index % count)

    def __iter__(self) -> Iterator[EligibilityEntry]:
        return (EligibilityEntry(*row) for row in self.rows())

    @property
    def patterns(self) -> Sequence[tuple[FailedRule, ...]]:
        """The distinct failure patterns; `patterns[0]` is the empty one (eligible)."""
        return self._patterns

    def rows(self) -> Iterator[tuple[str, str, bool, tuple[FailedRule, ...]]]:
        """(standard, enterprise, eligible, failed) per entry, without making the entries."""
        patterns = self._patterns
        for standard, kind in self.layout():
            failed = patterns[kind]
            yield standard.number, standard.enterprise, not failed, failed

    def layout(self) -> Iterator[tuple[Judged, int]]:
        """(standard, index of its failure pattern) per entry, without making the entries."""
        return zip(self._standards, self._kinds, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Verdicts | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def rows_of(
    entries: Sequence[EligibilityEntry],
) -> Iterator[tuple[str, str, bool, tuple[FailedRule, ...]]]:
    """(standard, enterprise, eligible, failed) per entry of any eligibility sequence."""
    if isinstance(entries, Verdicts):
        return entries.rows()
    return ((e.standard, e.enterprise, e.eligible, e.failed) for e in entries)


__all__ = ["ELIGIBLE", "EligibilityEntry", "FailedRule", "Judged", "Verdicts", "rows_of"]
