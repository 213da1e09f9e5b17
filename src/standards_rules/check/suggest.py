"""Checker stage, suggestions: "did you mean …?" for a misspelt name, field, id or value."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` for the closest candidate, or `""` when none is close."""
    import difflib  # here: only a mistake needs it, and `check` of a good plan need not load it

    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        close = [c for c in pool if c.lower() == word.lower()]
    return f"; did you mean '{close[0]}'?" if close else ""


__all__ = ["did_you_mean"]
