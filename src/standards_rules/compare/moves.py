"""Comparing stage, the arithmetic of moving one value: the nearest value that reaches a goal.

Takes a predicate over one indicator's value (does the standard reach its goal with
this value, all else equal?) and the values where that predicate can turn (the
breakpoints); gives the smallest move from the current value that makes it true.

`nearest_reaching` is exact where the predicate is monotone, in either direction,
between consecutive breakpoints: each breakpoint is tested, and each gap between
two is tested at its two ends (the floats next to the breakpoints) and, where the
ends differ, bisected over the ordered float values to the first float that works.
A predicate constant between breakpoints (a comparison with a limit) is the simple
case; a score that rises with the value while a later rank key falls is monotone
between the values where either crosses another standard's.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterable

import attrs

Predicate = Callable[[float], bool]

_SIGN = 0x8000000000000000
_MAGNITUDE = 0x7FFFFFFFFFFFFFFF
# Past the last breakpoint the gap is probed this many spans out: beyond 2^40 spans
# every part a far value can still move is below 1e-12.
_FAR = (0, 10, 20, 40)
# Breakpoints written with more decimals than this come from arithmetic (a score
# crossing), not from the plan or the data: a value past them is rounded, not stepped.
_WRITTEN = 12


@attrs.frozen
class Move:
    """Where the value must go: to `bound` (reached, when `inclusive`, or passed); `value` works.

    `bisected`: the bound lies inside a gap between breakpoints, found by bisection."""

    bound: float
    inclusive: bool
    value: float
    bisected: bool = False


def _ordered(x: float) -> int:
    bits: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & _MAGNITUDE)


def _unordered(k: int) -> float:
    bits = k if k >= 0 else (-k) | _SIGN
    value: float = struct.unpack("<d", struct.pack("<Q", bits & 0xFFFFFFFFFFFFFFFF))[0]
    return value


def decimals(x: float) -> int:
    """How many decimals `x` is written with (`0.85` → 2, `21.0` → 1)."""
    text = repr(float(x))
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".")[1])


def _beyond(bound: float, direction: int, digits: int, limit: float | None) -> float:
    """A value just past `bound` in `direction`, written with a couple more decimals than the
    data, and short of `limit` (the next breakpoint) when there is one."""
    step = 10.0 ** -(digits + 2)
    value = round(bound + direction * step, digits + 2)
    if limit is not None and not (min(bound, limit) < value < max(bound, limit)):
        value = (bound + limit) / 2
    if value == bound:
        value = math.nextafter(bound, direction * math.inf)
    return value


def first_reaching(reaches: Predicate, fails: float, holds: float) -> float:
    """The float nearest `fails` (where `reaches` is false) on the way to `holds` (where it is
    true) at which a monotone `reaches` holds."""
    low, high = _ordered(fails), _ordered(holds)
    while abs(high - low) > 1:
        middle = (low + high) // 2
        if reaches(_unordered(middle)):
            high = middle
        else:
            low = middle
    return _unordered(high)


@attrs.frozen
class _Scan:
    reaches: Predicate
    points: tuple[float, ...]
    digits: int
    span: float

    def gap(self, near: float, far: float | None, direction: int) -> Move | None:
        """The move nearest `near` into the open gap toward `far` (None: no end)."""
        inside = math.nextafter(near, direction * math.inf)
        if not math.isfinite(inside) or inside == far:
            return None
        if self.reaches(inside):
            return Move(near, False, self._past(near, inside, far, direction))
        end = self._far_end(near, inside, far, direction)
        if end is None:
            return None
        found = first_reaching(self.reaches, inside, end)
        return Move(found, True, tidy(self.reaches, found, direction), bisected=True)

    def _far_end(
        self, near: float, inside: float, far: float | None, direction: int
    ) -> float | None:
        """A value at the gap's far end that reaches, or None: the float next to `far`, or,
        in the last gap, the first of a few ever farther probes."""
        if far is not None:
            end = math.nextafter(far, -direction * math.inf)
            return end if end != inside and self.reaches(end) else None
        probes = (near + direction * self.span * 2.0**k for k in _FAR)
        return next((p for p in probes if math.isfinite(p) and self.reaches(p)), None)

    def _past(self, near: float, inside: float, far: float | None, direction: int) -> float:
        """A value a person can write down, strictly past `near`, that reaches."""
        if decimals(near) <= self.digits:
            value = _beyond(near, direction, self.digits, far)
            if self.reaches(value):
                return value
        return tidy(self.reaches, inside, direction)

    def walk(self, start: float, direction: int, within: float | None) -> Move | None:
        """The first move from `start` in `direction` that reaches, no farther than `within`."""
        ahead = [p for p in self.points if (p - start) * direction > 0]
        ahead.sort(key=lambda p: abs(p - start))
        near = start
        for point in ahead:
            if within is not None and abs(near - start) > within:
                return None
            found = self.gap(near, point, direction)
            if found is not None:
                return found
            if self.reaches(point):
                return Move(point, True, point)
            near = point
        if within is not None and abs(near - start) > within:
            return None
        return self.gap(near, None, direction)


def nearest_reaching(
    reaches: Predicate, breakpoints: Iterable[float | None], current: float | None, better: int
) -> Move | None:
    """The move nearest `current` into a value where `reaches` holds, or None if no value does.

    `reaches` must be monotone (either way) between consecutive breakpoints and may
    differ at a breakpoint itself. `better` is the direction (+1 or -1) in which the
    value improves. With no current value, the least demanding move is chosen: the
    first that reaches coming from the worst breakpoint.
    """
    points = {float(b) for b in breakpoints if b is not None and math.isfinite(b)}
    if current is not None:
        points.add(float(current))
    if not points:
        return None
    ordered = tuple(sorted(points))
    written = [decimals(p) for p in ordered if decimals(p) <= _WRITTEN]
    span = max(ordered[-1] - ordered[0], *(abs(p) for p in ordered), 1.0)
    scan = _Scan(reaches, ordered, max(written, default=0), span)
    if current is None:
        worst = ordered[0] if better > 0 else ordered[-1]
        if reaches(worst):
            return Move(worst, True, worst)
        return scan.walk(worst, better, None)
    gaining = scan.walk(current, better, None)
    within = abs(gaining.bound - current) if gaining is not None else None
    losing = scan.walk(current, -better, within)
    found = [m for m in (gaining, losing) if m is not None]
    if not found:
        return None
    return min(found, key=lambda m: (abs(m.bound - current), not m.inclusive, m is losing))


def settle(reaches: Predicate, guess: float, direction: int, steps: int = 64) -> float | None:
    """The exact float boundary near a closed-form `guess`: the first float, moving in
    `direction`, where `reaches` holds (rounding puts the guess a few floats off)."""
    away = -direction * math.inf
    toward = direction * math.inf
    if reaches(guess):
        value = guess
        for _ in range(steps):
            back = math.nextafter(value, away)
            if not reaches(back):
                return value
            value = back
        return None
    value = guess
    for _ in range(steps):
        value = math.nextafter(value, toward)
        if reaches(value):
            return value
    return None


def tidy(reaches: Predicate, value: float, direction: int) -> float:
    """`value` rounded, in `direction`, to the fewest decimals (6, 9 or 12) that still reach:
    a value a person can write down, at most 1e-6 past the exact boundary."""
    for places in (6, 9, 12):
        scale = 10.0**places
        shifted = value * scale
        rounded = (math.ceil(shifted) if direction > 0 else math.floor(shifted)) / scale
        if math.isfinite(rounded) and reaches(rounded):
            return rounded
    return value


__all__ = ["Move", "decimals", "first_reaching", "nearest_reaching", "settle", "tidy"]
