"""Comparing stage, the arithmetic of moving one value: nearest regions and exact float search.

Takes a predicate over one indicator's value (does the standard reach its goal with
this value, all else equal?) and the values where that predicate can change; gives
the smallest move from the current value that makes it true. Two exact methods:

- `nearest_region`: where the predicate is constant between known breakpoints (a
  comparison with a limit, a tier threshold, the previous value), testing each
  breakpoint and one value inside each gap decides every value;
- `float_search`: where the predicate is monotone in the value (a better value never
  hurts), bisection over the ordered float values finds the first float that works.
"""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Callable, Iterable

import attrs

Predicate = Callable[[float], bool]

_SIGN = 0x8000000000000000
_MAGNITUDE = 0x7FFFFFFFFFFFFFFF


@attrs.frozen
class Move:
    """Where the value must go: to `bound` (reached, when `inclusive`, or passed); `value` works."""

    bound: float
    inclusive: bool
    value: float


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


def nearest_region(
    reaches: Predicate,
    breakpoints: Iterable[float],
    current: float | None,
    prefer_high: bool,
) -> Move | None:
    """The move nearest `current` into a value where `reaches` holds, or None if no value does.

    `reaches` must be constant between consecutive breakpoints (open gaps) and may
    differ at a breakpoint itself. With no current value, the least demanding move
    is chosen (the highest bound when `prefer_high`, else the lowest).
    """
    points = sorted({float(b) for b in breakpoints if b is not None and math.isfinite(b)})
    if current is not None:
        points = sorted({*points, float(current)})
    if not points:
        return None
    digits = max([decimals(p) for p in points] + [0])
    options: list[Move] = [Move(p, True, p) for p in points]
    for p, q in itertools.pairwise(points):
        if current is None or current <= p:
            options.append(Move(p, False, _beyond(p, +1, digits, q)))
        if current is None or current >= q:
            options.append(Move(q, False, _beyond(q, -1, digits, p)))
    options.append(Move(points[0], False, _beyond(points[0], -1, digits, None)))
    options.append(Move(points[-1], False, _beyond(points[-1], +1, digits, None)))

    def order(move: Move) -> tuple[float, bool]:
        if current is None:
            return (-move.bound if prefer_high else move.bound, not move.inclusive)
        return (abs(move.bound - current), not move.inclusive)

    for move in sorted(options, key=order):
        if current is not None and move.value == current:
            continue
        if reaches(move.value):
            return move
    return None


def float_search(
    reaches: Predicate, start: float, direction: int, limit: float | None, span: float
) -> float | None:
    """The float nearest `start` in `direction` where a monotone `reaches` holds, or None.

    `start` does not reach. The far end is `limit` (a `range` end) or, without one,
    the first of `start + span × 2^k` (k = 0, 10, 20, 40) that reaches: past 2^40
    spans every part a far value can still move is below 1e-12, its limit.
    """
    step = max(abs(span), 1e-9)
    if limit is not None:
        probes = [limit] if (limit - start) * direction > 0 else []
    else:
        probes = [start + direction * step * 2.0**k for k in (0, 10, 20, 40)]
    far = next((p for p in probes if math.isfinite(p) and reaches(p)), None)
    if far is None:
        return None
    low, high = _ordered(start), _ordered(far)
    while abs(high - low) > 1:
        middle = (low + high) // 2
        if reaches(_unordered(middle)):
            high = middle
        else:
            low = middle
    return _unordered(high)


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


__all__ = ["Move", "decimals", "float_search", "nearest_region", "settle", "tidy"]
