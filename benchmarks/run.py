"""Benchmarks for standards-rules: `make bench` runs this and prints the table.

Not a test, and not part of `make test`. Fixed seeds throughout; generated data
files are cached by size and seed in `$XDG_CACHE_HOME/standards-rules/bench`
(`~/.cache/...`), because 2,500,000 standards take a minute to generate.

    python benchmarks/run.py [--quick] [--skip-national] [--cache DIR]

Parts:

0. start-up: `--help` and `check` of a bundled plan, each in a fresh process,
   against `python -c 'import lark'` (medians, with min and max);
1. parse + check of each bundled ruleset and of a generated 2,000-line ruleset:
   in a fresh process (the first call, what `standards-rules check` pays) and
   warm (best of 5 in one process);
2. loading 100,000 standards from JSON and from JSON Lines, each in a fresh
   process: records/s and the peak resident memory of that process;
3. eligibility only over 100,000 standards with rulesets/spec/coal.rules:
   the engine's eligibility stage against the same stage written by hand
   (benchmarks/handwritten.py), the bare compiled predicate against the bare
   hand-written one, and the `rule-engine` and `cel-python` packages on a
   sample (they are far slower); every engine's verdicts are checked equal;
4. full evaluation (eligibility, scores, ranking, leaders, withdrawal and the
   JSON report) against the hand-written equivalent, whose JSON must be
   byte-identical (asserted);
5. national scale: 2,500,000 standards as JSON Lines through the command line
   (`standards-rules evaluate ... --format json -o FILE`) in a subprocess:
   wall time and peak resident memory;
6. `standards-rules verify` on each bundled ruleset at the default settings,
   each in a fresh process: wall time;
7. importing an export in the platform's layout (benchmarks/bench_import.py):
   100,000 standards with six 技术指标 rows each, as a workbook and as GB18030
   CSV files, each read in a fresh process: wall time and peak memory.

Timings are the best of several runs (`--quick`: fewer, smaller). Ratios are
engine time / hand-written time, measured in the same run. Each child's peak
memory is reported by a fresh launcher process, not by this one. The run
ends with the table of targets and exits 1 when one is not met.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_import  # noqa: E402
import generate  # noqa: E402
import handwritten  # noqa: E402

from standards_rules import load_dataset, load_ruleset, parse_ruleset  # noqa: E402
from standards_rules.collector import collector_paused  # noqa: E402
from standards_rules.compile import compile_ruleset  # noqa: E402
from standards_rules.evaluate import evaluate  # noqa: E402
from standards_rules.evaluate.eligibility import (  # noqa: E402
    accepted,
    failed_rules,
    iter_accepted,
    judge,
)

SEED = 2021
AS_OF = datetime.date(2021, 6, 1)
SPEC_RULESET = ROOT / "rulesets" / "spec" / "coal.rules"
TARGET_RATIO = 1.5
TARGET_PARSE_MS = 50.0
TARGET_NATIONAL_S = 60.0
TARGET_NATIONAL_BYTES = 4e9
TARGET_VERIFY_S = 20.0

results: dict[str, Any] = {}
verdicts: list[tuple[str, bool, str]] = []


# ---------------------------------------------------------------- helpers


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The shortest of `repeat` timed calls, and the last result."""
    times = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


# A small, fresh process starts each measured child and reports the child's peak:
# `os.wait4` in this process would report its own peak for a child started by
# vfork/fork after data was generated here (Linux counts the pages held before exec).
LAUNCHER = textwrap.dedent(
    """
    import os, subprocess, sys, time
    started = time.perf_counter()
    child = subprocess.Popen(sys.argv[2:])
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    with open(sys.argv[1], "w") as out:
        out.write(f"{wall} {usage.ru_maxrss * 1024} {os.waitstatus_to_exitcode(status)}")
    """
)


def measured_child(args: list[str]) -> tuple[float, int, str]:
    """Run `args`; (wall seconds, peak resident bytes of that child alone, stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.NamedTemporaryFile("r") as figures:
        launcher = [sys.executable, "-S", "-c", LAUNCHER, figures.name, *args]
        done = subprocess.run(launcher, stdout=out, stderr=subprocess.PIPE, text=True, check=False)
        wall_text, peak_text, code_text = Path(figures.name).read_text().split()
        if done.returncode != 0 or int(code_text) != 0:
            raise SystemExit(f"{' '.join(args)} failed ({code_text}):\n{done.stderr}")
        out.seek(0)
        return float(wall_text), int(peak_text), out.read()


def spread(times: list[float]) -> tuple[float, float, float]:
    """Median, minimum and maximum of `times`."""
    return statistics.median(times), min(times), max(times)


def cache_dir(chosen: str | None) -> Path:
    if chosen:
        path = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "standards-rules" / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_file(directory: Path, n: int, suffix: str) -> Path:
    """The generated dataset of `n` standards (seed SEED), generated once and cached."""
    path = directory / f"standards-{n}-seed{SEED}{suffix}"
    if not path.exists():
        print(f"  (generating {n:,} standards as {suffix} into {path} ...)", flush=True)
        partial = path.with_suffix(path.suffix + ".partial")
        if suffix == ".jsonl":
            generate.write_jsonl(partial, n, SEED)
        else:
            generate.write_json(partial, n, SEED)
        partial.replace(path)
    return path


def row(*cells: object, widths: tuple[int, ...] = (44, 14, 14, 12, 10)) -> None:
    out = []
    for n, cell in enumerate(cells):
        width = widths[n] if n < len(widths) else 12
        text = str(cell)
        out.append(text.ljust(width) if n == 0 else text.rjust(width))
    print("  " + "".join(out), flush=True)


def heading(text: str) -> None:
    print(f"\n{text}\n" + "-" * len(text), flush=True)


def verdict(name: str, ok: bool, detail: str) -> None:
    verdicts.append((name, ok, detail))


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s"


# ---------------------------------------------------------------- 1. parse + check


def big_ruleset(lines: int = 2000) -> str:
    """A valid ruleset of about `lines` lines: many indicators, many rules (fixed shape)."""
    indicators = []
    count = lines // 12
    for n in range(count):
        weight = f"    weight {1 / 4}\n" if n < 4 else ""
        better = "lower" if n % 2 == 0 else "higher"
        national, industry = (10.0 + n, 9.0 + n) if better == "lower" else (10.0 + n, 11.0 + n)
        indicators.append(
            f'  indicator ind{n} "指标{n}" {{\n    unit "%"\n    better {better}\n{weight}'
            f"    national {national}\n    industry {industry}\n    tier leader {industry}\n  }}\n"
        )
    rules = []
    remaining = lines - sum(text.count("\n") for text in indicators) - 12
    for n in range(max(remaining, 1)):
        k = n % count
        rules.append(
            f'    rule r{n} "规则{n}" cite "{n}": indicators.ind{k}.value better_than '
            f'indicators.ind{k}.national and standard.status == "current"\n'
        )
    return (
        'ruleset generated "生成的评估方案" {\n  version "1"\n  subject product\n'
        + "".join(indicators)
        + "  eligible {\n"
        + "".join(rules)
        + "  }\n  score weighted normalize relative to national\n  rank by score desc\n}\n"
    )


COLD_PARSE = textwrap.dedent(
    """
    import sys, time
    from standards_rules import parse_ruleset
    text = open(sys.argv[1], encoding="utf-8").read()
    started = time.perf_counter()
    parse_ruleset(text, sys.argv[1])
    print((time.perf_counter() - started) * 1000)
    """
)


def part_parse(quick: bool, workdir: Path) -> None:
    heading("1. Parse + check (ms)")
    files = sorted(ROOT.glob("rulesets/*/*.rules"))
    generated = workdir / "generated-2000.rules"
    generated.write_text(big_ruleset(), encoding="utf-8")
    # Prime lark's grammar cache so "first call" is what every later process pays.
    measured_child([sys.executable, "-c", COLD_PARSE, str(files[0])])
    row("ruleset", "lines", "first call", "warm", "target")
    worst = 0.0
    for path in [*files, generated]:
        text = path.read_text(encoding="utf-8")
        runs = 2 if quick else 5
        cold = min(
            float(measured_child([sys.executable, "-c", COLD_PARSE, str(path)])[2])
            for _ in range(runs)
        )
        warm, _ = best(lambda t=text, p=path: parse_ruleset(t, str(p)), runs)
        bundled = path != generated
        name = str(path.relative_to(ROOT)) if bundled else "generated (2,000 lines)"
        if bundled:
            worst = max(worst, cold)
        row(name, text.count("\n"), f"{cold:.1f}", f"{warm * 1000:.1f}",
            f"< {TARGET_PARSE_MS:.0f}" if bundled else "")  # fmt: skip
        results.setdefault("parse", {})[name] = {"first_ms": cold, "warm_ms": warm * 1000}
    verdict(
        "parse + check of a bundled ruleset < 50 ms",
        worst < TARGET_PARSE_MS,
        f"slowest first call {worst:.1f} ms",
    )


# ---------------------------------------------------------------- 0. start-up

TARGET_STARTUP_RATIO = 2.0


def part_startup(quick: bool) -> None:
    heading("0. Start-up: each command in a fresh process, against `python -c 'import lark'`")
    runs = 5 if quick else 11
    plan = ROOT / "rulesets" / "spec" / "second_edition.rules"
    commands = {
        "python -c 'import lark' (baseline)": [sys.executable, "-c", "import lark"],
        "standards-rules --help": [*cli(), "--help"],
        f"standards-rules check {plan.relative_to(ROOT)}": [*cli(), "check", str(plan)],
    }
    row("command", "median ms", "min ms", "max ms", "vs lark")
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so that load on the machine falls on all alike
        for name, args in commands.items():
            walls[name].append(measured_child(args)[0])
    baseline = statistics.median(next(iter(walls.values())))
    worst = 0.0
    for name, times in walls.items():
        median, low, high = spread(times)
        worst = max(worst, median / baseline)
        row(name, f"{median * 1000:.0f}", f"{low * 1000:.0f}", f"{high * 1000:.0f}",
            f"{median / baseline:.2f}")  # fmt: skip
        results.setdefault("startup", {})[name] = {"median_s": median, "min_s": low, "max_s": high}
    verdict(
        "--help and check within 2x of import lark",
        worst <= TARGET_STARTUP_RATIO,
        f"slowest {worst:.2f}x (medians of {runs})",
    )


# ---------------------------------------------------------------- 2. loading

LOAD = textwrap.dedent(
    """
    import sys, time
    from standards_rules import load_dataset
    started = time.perf_counter()
    dataset = load_dataset(sys.argv[1])
    print(time.perf_counter() - started, len(dataset.standards), len(dataset.rejected))
    """
)


def part_load(n: int, cache: Path, quick: bool) -> None:
    heading(f"2. Loading {n:,} standards")
    row("format", "file MB", "seconds", "records/s", "peak MB")
    for suffix in (".json", ".jsonl"):
        path = data_file(cache, n, suffix)
        runs = []
        for _ in range(1 if quick else 3):
            _, peak, out = measured_child([sys.executable, "-c", LOAD, str(path)])
            seconds, count, rejected = out.split()
            assert int(count) == n and int(rejected) == 0, out
            runs.append((float(seconds), peak))
        seconds, peak = min(s for s, _ in runs), max(p for _, p in runs)
        row(suffix[1:].upper(), f"{path.stat().st_size / 1e6:.0f}", f"{seconds:.2f}",
            rate(n, seconds), f"{peak / 1e6:.0f}")  # fmt: skip
        results.setdefault("load", {})[suffix] = {"seconds": seconds, "peak_bytes": peak}


# ---------------------------------------------------------------- 3. eligibility


def hand_stage(dataset: Any, as_of: datetime.date) -> list[tuple[str, str, bool, list[str]]]:
    """The eligibility stage by hand: each standard once, by number, with its failed rules."""
    first: dict[str, Any] = {}
    for standard in dataset.standards:
        first.setdefault(standard.number, standard)
    out = []
    find = dataset.enterprise
    for number in sorted(first):
        standard = first[number]
        enterprise = find(standard.enterprise)
        failed = handwritten.eligible_failures(standard, enterprise, as_of)
        out.append((number, standard.enterprise, not failed, failed))
    return out


def part_eligibility(dataset: Any, quick: bool) -> None:
    import peers

    n = len(dataset.standards)
    heading(f"3. Eligibility only, {n:,} standards, rulesets/spec/coal.rules")
    ruleset = load_ruleset(SPEC_RULESET)
    program = compile_ruleset(ruleset.ast)
    repeat = 3 if quick else 7
    pairs = accepted(dataset)

    with collector_paused():
        hand_s, hand = best(lambda: hand_stage(dataset, AS_OF), repeat)
        engine_s, (entries, _) = best(lambda: judge(program, iter_accepted(dataset), AS_OF), repeat)
        got = [(e.standard, e.enterprise, e.eligible, [f.rule for f in e.failed]) for e in entries]
        assert got == hand, "engine and hand-written eligibility differ"

        ids = {m: [f.rule for f in failed_rules(program, m)] for m in range(64)}
        mask = program.eligible_mask

        def engine_predicate() -> list[list[str]]:
            return [ids[mask(s, e, AS_OF, (), None, (), None, None, None)] for s, e in pairs]

        def hand_predicate() -> list[list[str]]:
            return [handwritten.eligible_failures(s, e, AS_OF) for s, e in pairs]

        bare_hand_s, bare_hand = best(hand_predicate, repeat)
        bare_engine_s, bare_engine = best(engine_predicate, repeat)
        assert bare_engine == bare_hand

    row("engine", "records", "seconds", "records/s", "vs hand")
    row("hand-written stage (baseline)", n, f"{hand_s:.3f}", rate(n, hand_s), "1.00")
    row("standards-rules stage", n, f"{engine_s:.3f}", rate(n, engine_s),
        f"{engine_s / hand_s:.2f}")  # fmt: skip
    row("hand-written predicate (baseline)", n, f"{bare_hand_s:.3f}", rate(n, bare_hand_s), "1.00")
    row("standards-rules compiled predicate", n, f"{bare_engine_s:.3f}",
        rate(n, bare_engine_s), f"{bare_engine_s / bare_hand_s:.2f}")  # fmt: skip
    per_record_hand = bare_hand_s / n
    for name, make, size in (
        ("rule-engine", peers.rule_engine_runner, 1_000 if quick else 10_000),
        ("cel-python", peers.cel_runner, 300 if quick else 2_000),
    ):
        sample = pairs[:size]
        run = make(sample, AS_OF)
        seconds, found = best(run, 1)
        assert found == bare_hand[:size], f"{name} disagrees with the hand-written predicate"
        row(f"{name} (first {size:,})", size, f"{seconds:.3f}", rate(size, seconds),
            f"{seconds / size / per_record_hand:.0f}")  # fmt: skip
        results.setdefault("eligibility", {})[name] = {"records_per_s": size / seconds}
    results.setdefault("eligibility", {}).update(
        stage={"engine_s": engine_s, "hand_s": hand_s},
        predicate={"engine_s": bare_engine_s, "hand_s": bare_hand_s},
    )
    verdict(
        "eligibility within 1.5x of hand-written",
        engine_s / hand_s <= TARGET_RATIO and bare_engine_s / bare_hand_s <= TARGET_RATIO,
        f"stage {engine_s / hand_s:.2f}x, predicate {bare_engine_s / bare_hand_s:.2f}x",
    )


# ---------------------------------------------------------------- 4. full evaluation


def part_full(dataset: Any, quick: bool) -> None:
    n = len(dataset.standards)
    heading(f"4. Full evaluation + JSON report, {n:,} standards, rulesets/spec/coal.rules")
    ruleset = load_ruleset(SPEC_RULESET)
    repeat = 2 if quick else 5
    with collector_paused():  # the hand-written baseline gets the same collector pause
        hand_s, hand_text = best(
            lambda: handwritten.evaluate_json(dataset, AS_OF, ruleset.sha256), repeat
        )
        engine_s, engine_text = best(
            lambda: evaluate(ruleset, dataset, as_of=AS_OF).to_json(), repeat
        )
        assert engine_text == hand_text, "engine and hand-written reports differ"
        hand_compute_s, report_dict = best(
            lambda: handwritten.evaluate_dict(dataset, AS_OF, ruleset.sha256), repeat
        )
        engine_compute_s, report = best(lambda: evaluate(ruleset, dataset, as_of=AS_OF), repeat)
        hand_json_s, _ = best(lambda: handwritten.report_text(report_dict), repeat)
        engine_json_s, _ = best(report.to_json, repeat)
    size = len(str(engine_text).encode("utf-8"))
    row("", "hand (s)", "engine (s)", "vs hand", "")
    row("evaluation + JSON text", f"{hand_s:.3f}", f"{engine_s:.3f}",
        f"{engine_s / hand_s:.2f}")  # fmt: skip
    row("  evaluation (to JSON values / Report)", f"{hand_compute_s:.3f}",
        f"{engine_compute_s:.3f}", f"{engine_compute_s / hand_compute_s:.2f}")  # fmt: skip
    row("  JSON text (templates / to_json)", f"{hand_json_s:.3f}", f"{engine_json_s:.3f}",
        f"{engine_json_s / hand_json_s:.2f}")  # fmt: skip
    print(f"  report: {size / 1e6:.1f} MB, byte-identical to the hand-written one", flush=True)
    results["full"] = {
        "engine_s": engine_s,
        "hand_s": hand_s,
        "engine_compute_s": engine_compute_s,
        "hand_compute_s": hand_compute_s,
    }
    verdict(
        "full evaluation within 1.5x of hand-written",
        engine_s / hand_s <= TARGET_RATIO and engine_compute_s / hand_compute_s <= TARGET_RATIO,
        f"with JSON {engine_s / hand_s:.2f}x, evaluation alone "
        f"{engine_compute_s / hand_compute_s:.2f}x",
    )


# ---------------------------------------------------------------- 5. national scale


def cli() -> list[str]:
    script = Path(sys.executable).with_name("standards-rules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "standards_rules"]


def part_national(n: int, cache: Path, workdir: Path) -> None:
    heading(f"5. National scale: {n:,} standards, JSON Lines, end to end from the command line")
    data = data_file(cache, n, ".jsonl")
    out = workdir / "national.json"
    args = [*cli(), "evaluate", str(SPEC_RULESET), str(data), "--as-of", AS_OF.isoformat()]
    args += ["--format", "json", "-o", str(out)]
    print(f"  $ standards-rules {' '.join(args[len(cli()) :])}", flush=True)
    wall, peak, _ = measured_child(args)
    with out.open("rb") as handle:
        handle.seek(-2, os.SEEK_END)
        assert handle.read() == b"}\n", "the report does not end as JSON"
    row("", "records", "wall (s)", "records/s", "peak MB")
    row("standards-rules evaluate", n, f"{wall:.1f}", rate(n, wall), f"{peak / 1e6:,.0f}")
    print(f"  input {data.stat().st_size / 1e9:.2f} GB, report {out.stat().st_size / 1e9:.2f} GB")
    out.unlink()
    results["national"] = {"records": n, "wall_s": wall, "peak_bytes": peak}
    if n >= 2_500_000:
        verdict(
            "2,500,000 standards end to end < 60 s and < 4 GB",
            wall < TARGET_NATIONAL_S and peak < TARGET_NATIONAL_BYTES,
            f"{wall:.1f} s, {peak / 1e9:.2f} GB",
        )


def part_verify() -> None:
    heading("6. verify on each bundled ruleset, from the command line (default settings)")
    row("", "", "wall (s)")
    slowest = 0.0
    for ruleset in sorted((ROOT / "rulesets" / "jincheng").glob("*.rules")):
        wall, _, _ = measured_child([*cli(), "verify", str(ruleset)])
        row(ruleset.name, "", f"{wall:.1f}")
        results.setdefault("verify", {})[ruleset.name] = wall
        slowest = max(slowest, wall)
    verdict(
        f"verify on a bundled ruleset < {TARGET_VERIFY_S:.0f} s",
        slowest < TARGET_VERIFY_S,
        f"slowest {slowest:.1f} s",
    )


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--skip-national", action="store_true", help="leave out part 5")
    parser.add_argument("--cache", help="directory for generated data (default: user cache)")
    parser.add_argument("--results", help="also write the figures as JSON to this file")
    options = parser.parse_args()
    n = 10_000 if options.quick else 100_000
    national = 100_000 if options.quick else 2_500_000
    cache = cache_dir(options.cache)
    print(
        f"standards-rules benchmarks: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, seed {SEED}, as_of {AS_OF}"
        + (" (quick)" if options.quick else ""),
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        part_startup(options.quick)
        part_parse(options.quick, workdir)
        part_load(n, cache, options.quick)
        dataset = load_dataset(data_file(cache, n, ".json"))
        part_eligibility(dataset, options.quick)
        part_full(dataset, options.quick)
        del dataset
        gc.collect()
        if not options.skip_national:
            part_national(national, cache, workdir)
        part_verify()
        heading(f"7. Importing an export of {n:,} standards")
        figures = bench_import.part_import(n, cache, 1 if options.quick else 3)
        results["import"] = figures
        for label, figure in figures.items():
            seconds = figure["seconds"]
            verdicts.append(
                (f"import {label}", seconds < bench_import.TARGET_SECONDS, f"{seconds:.2f} s")
            )
    heading("Targets")
    for name, ok, detail in verdicts:
        print(f"  {'met    ' if ok else 'NOT MET'}  {name}: {detail}")
    if options.results:
        Path(options.results).write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not all(ok for _, ok, _ in verdicts):
        sys.exit(1)


if __name__ == "__main__":
    main()
