"""Timing helpers shared by the benchmarks: medians with min and max, and measured children.

Every figure `make bench` reports is the median of several runs with their
minimum and maximum. A child process is started by a small, fresh launcher
(`python -S`) that reports the child's own wall time and peak resident memory
(`ru_maxrss` from `os.wait4`): waited for by the benchmark itself, a child started
by vfork/fork after data was generated here would report the benchmark's peak.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

LAUNCHER = textwrap.dedent(
    """
    import os, subprocess, sys, time
    started = time.perf_counter()
    child = subprocess.Popen(sys.argv[2:])
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    with open(sys.argv[1], "w") as out:
        cpu = usage.ru_utime + usage.ru_stime
        out.write(f"{wall} {usage.ru_maxrss * 1024} {os.waitstatus_to_exitcode(status)} {cpu}")
    """
)


def child_environment() -> dict[str, str]:
    """The environment of measured children: byte-compiled modules are written and read,
    as in an installed package (a shell that sets PYTHONDONTWRITEBYTECODE would otherwise
    make every child compile the library from source)."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


class ChildFigures(NamedTuple):
    """What one measured child took: wall and CPU seconds, peak resident bytes; its stdout."""

    wall: float
    cpu: float
    peak: int
    stdout: str


def child_figures(args: list[str]) -> ChildFigures:
    """Run `args` in a fresh process; what that child alone took (see the module docstring)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.NamedTemporaryFile("r") as figures:
        launcher = [sys.executable, "-S", "-c", LAUNCHER, figures.name, *args]
        done = subprocess.run(
            launcher,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=child_environment(),
        )
        wall_text, peak_text, code_text, cpu_text = Path(figures.name).read_text().split()
        if done.returncode != 0 or int(code_text) != 0:
            raise SystemExit(f"{' '.join(args)} failed ({code_text}):\n{done.stderr}")
        out.seek(0)
        return ChildFigures(float(wall_text), float(cpu_text), int(peak_text), out.read())


def measured_child(args: list[str]) -> tuple[float, int, str]:
    """Run `args`; (wall seconds, peak resident bytes of that child alone, stdout)."""
    figures = child_figures(args)
    return figures.wall, figures.peak, figures.stdout


class Spread(NamedTuple):
    """The median, minimum and maximum of some runs, and how many there were."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def text(self, scale: float = 1.0, digits: int = 3) -> str:
        """`median (min–max)`, each multiplied by `scale`."""
        m, lo, hi = self.median * scale, self.low * scale, self.high * scale
        return f"{m:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "min": self.low, "max": self.high, "runs": self.runs}


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Spread, Any]:
    """`repeat` timed calls of `fn`: their spread and the last result."""
    times = []
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return Spread.of(times), result


T = TypeVar("T")


def turns(items: Iterable[T], repeat: int) -> Iterator[T]:
    """`items` `repeat` times over, taking turns, the order reversed every other round:
    so that none of them always runs first, or always right after a given other, in
    the state the one before left."""
    forward = list(items)
    for round_number in range(repeat):
        yield from forward if round_number % 2 == 0 else reversed(forward)


def interleaved(
    fns: dict[str, Callable[[], Any]], repeat: int
) -> tuple[dict[str, Spread], dict[str, Any]]:
    """Each of `fns` timed `repeat` times, taking `turns`, so that a change of load on
    the machine falls on all of them alike; their spreads and last results by name."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, Any] = {}
    for name, fn in turns(fns.items(), repeat):
        started = time.perf_counter()
        results[name] = fn()
        times[name].append(time.perf_counter() - started)
    return {name: Spread.of(values) for name, values in times.items()}, results


def ratio(engine: Spread, baseline: Spread) -> float:
    """Engine median ÷ baseline median (both from the same run of the benchmarks)."""
    return engine.median / baseline.median


PROBE_ADDITIONS = 10_000_000


def machine_speed() -> float:
    """CPU seconds of a fixed pure-Python loop: how fast this machine runs Python now.

    Shared machines change speed from one minute to the next; this figure, taken
    beside each part, tells a reader which absolute times were taken on a slow
    machine. (Ratios are taken with both sides taking turns and need no such help.)
    """
    started = time.process_time()
    total = 0
    for value in range(PROBE_ADDITIONS):
        total += value
    assert total == PROBE_ADDITIONS * (PROBE_ADDITIONS - 1) // 2
    return time.process_time() - started
