"""Benchmarks for standards-rules: `make bench` runs this and prints the table.

Not a test, and not part of `make test`. Fixed seeds throughout; generated data
files are cached by size and seed in `$XDG_CACHE_HOME/standards-rules/bench`
(`~/.cache/...`), because 2,500,000 standards take a minute to generate.

    python benchmarks/run.py [--quick] [--skip-national] [--parts 0,5,8] [--cache DIR]

Parts:

0. start-up: `--help` and `check` of a bundled plan, each in a fresh process,
   interleaved with `python -c 'import lark'`;
1. parse + check of each bundled ruleset and of a generated 2,000-line ruleset:
   in a fresh process (the first call, what `standards-rules check` pays) and
   warm (in one process);
2. loading 100,000 standards from JSON and from JSON Lines, each in a fresh
   process: records/s and the peak resident memory of that process;
3. eligibility only over 100,000 standards with rulesets/spec/coal.rules:
   the engine's eligibility stage against the same stage written by hand
   (benchmarks/handwritten.py), the bare compiled predicate against the bare
   hand-written one, and the `rule-engine` and `cel-python` packages on a
   sample (they are far slower); every engine's verdicts are checked equal;
4. full evaluation against the hand-written equivalent, doing the same work at
   each step: the evaluation to the report's JSON values (`evaluate(...)` then
   `Report.to_dict()`, against `handwritten.evaluate_dict`), the JSON text from
   the evaluated result (`Report.to_json()` against `handwritten.report_text`),
   and both together (`evaluate(...).to_json()` against
   `handwritten.evaluate_json`); the JSON values must be equal and the texts
   byte-identical (asserted: ids, ranks, scores, leaders, passed-over,
   withdrawals and rejections);
5. national scale: 2,500,000 standards as JSON Lines through the command line
   (`standards-rules evaluate benchmarks/plans/national.rules ... --format json
   -o FILE`), a second-edition plan: wall time and peak resident memory;
6. `standards-rules verify` on each bundled ruleset at the default settings,
   each in a fresh process: wall time;
7. importing an export in the platform's layout (benchmarks/bench_import.py):
   100,000 standards with six 技术指标 rows each, as a workbook and as GB18030
   CSV files, each read in a fresh process: wall time and peak memory;
8. the second edition: the national plan with its defines against the same
   plan written out (benchmarks/plans/national_written_out.rules, reports
   asserted equal), and the evaluation time at n and 4n standards where every
   enterprise is excluded in the same run, and where the standards form version
   chains that grow with n (`Standard.replaces`; generate.py);
9. (only when asked, `--parts 9`: about ten minutes) the national data loaded
   once, then the evaluation and its JSON text in this process: the hand-written
   baseline of part 4 against the engine on the same plan, and the engine on the
   national plan (benchmarks/bench_scale.py).

Every figure is the median of several runs with the minimum and maximum beside
it (`--quick`: fewer, smaller). Where engine and baseline are compared, their
runs take turns in one run of this script, and the ratio is engine median ÷
baseline median. Each child's peak memory is reported by a fresh launcher
process (benchmarks/child.py), not by this one. The run ends with the table of
targets and exits 1 when one is not met.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import gc
import json
import os
import platform
import re
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_import  # noqa: E402
import bench_scale  # noqa: E402
import generate  # noqa: E402
import handwritten  # noqa: E402
from child import (  # noqa: E402
    PROBE_ADDITIONS,
    Spread,
    child_figures,
    interleaved,
    machine_speed,
    measured_child,
    ratio,
    timed,
    turns,
)

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
NATIONAL_RULESET = HERE / "plans" / "national.rules"
WRITTEN_OUT_RULESET = HERE / "plans" / "national_written_out.rules"
TARGET_RATIO = 1.5
TARGET_PARSE_MS = 50.0
TARGET_NATIONAL_S = 40.0
TARGET_NATIONAL_BYTES = 2e9
TARGET_VERIFY_S = 20.0
TARGET_DEFINES_RATIO = 1.05
# Linear growth: 4n standards cost 4 times n; a little more is start-up and noise.
TARGET_GROWTH = 4.8

results: dict[str, Any] = {}
verdicts: list[tuple[str, bool, str]] = []


# ---------------------------------------------------------------- helpers


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
    heading("1. Parse + check (ms): median (min–max)")
    # Rulesets only: a library (`library NAME {`) is checked through the plans that use it.
    files = [
        path
        for path in sorted(ROOT.glob("rulesets/*/*.rules"))
        if not re.search(r"^library\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    generated = workdir / "generated-2000.rules"
    generated.write_text(big_ruleset(), encoding="utf-8")
    # Prime lark's grammar cache so "first call" is what every later process pays.
    measured_child([sys.executable, "-c", COLD_PARSE, str(files[0])])
    runs = 3 if quick else 7
    print(f"  {runs} fresh processes and {runs} warm calls each", flush=True)
    row("ruleset", "lines", "first call", "warm", widths=(44, 8, 24, 24))
    worst = 0.0
    for path in [*files, generated]:
        text = path.read_text(encoding="utf-8")
        cold = Spread.of(
            [
                float(measured_child([sys.executable, "-c", COLD_PARSE, str(path)])[2]) / 1000
                for _ in range(runs)
            ]
        )
        warm, _ = timed(lambda t=text, p=path: parse_ruleset(t, str(p)), runs)
        bundled = path != generated
        name = str(path.relative_to(ROOT)) if bundled else "generated (2,000 lines)"
        if bundled:
            worst = max(worst, cold.median * 1000)
        row(name, text.count("\n"), cold.text(1000, 1), warm.text(1000, 1), widths=(44, 8, 24, 24))
        results.setdefault("parse", {})[name] = {
            "first_ms": cold.median * 1000,
            "warm_ms": warm.median * 1000,
            "first": cold.as_dict(),
            "warm": warm.as_dict(),
        }
    verdict(
        "parse + check of a bundled ruleset < 50 ms",
        worst < TARGET_PARSE_MS,
        f"slowest first call {worst:.1f} ms (median)",
    )


# ---------------------------------------------------------------- 0. start-up

TARGET_STARTUP_RATIO = 2.0


def part_startup(quick: bool) -> None:
    heading("0. Start-up: each command in a fresh process, against `python -c 'import lark'`")
    # Byte-compiled, as an installed package is: the children then read .pyc files.
    compileall.compile_dir(str(ROOT / "src" / "standards_rules"), quiet=1)
    runs = 5 if quick else 15
    plan = ROOT / "rulesets" / "spec" / "second_edition.rules"
    commands = {
        "python -c 'import lark' (baseline)": [sys.executable, "-c", "import lark"],
        "standards-rules --help": [*cli(), "--help"],
        f"standards-rules check {plan.relative_to(ROOT)}": [*cli(), "check", str(plan)],
    }
    for args in commands.values():
        measured_child(args)  # warm the page cache and lark's grammar cache
    print(f"  median of {runs} runs each, interleaved", flush=True)
    row("command", "median ms", "min ms", "max ms", "vs lark")
    walls: dict[str, list[float]] = {name: [] for name in commands}
    # Interleaved, so that load on the machine falls on all alike.
    for name, args in turns(commands.items(), runs):
        walls[name].append(measured_child(args)[0])
    baseline = Spread.of(next(iter(walls.values())))
    worst = 0.0
    for name, times in walls.items():
        spread = Spread.of(times)
        worst = max(worst, ratio(spread, baseline))
        row(name, f"{spread.median * 1000:.0f}", f"{spread.low * 1000:.0f}",
            f"{spread.high * 1000:.0f}", f"{ratio(spread, baseline):.2f}")  # fmt: skip
        results.setdefault("startup", {})[name] = spread.as_dict()
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
    runs = 1 if quick else 5
    print(f"  median (min–max) of {runs} fresh processes; peak: the largest of them", flush=True)
    row("format", "file MB", "seconds", "records/s", "peak MB", widths=(12, 10, 24, 14, 10))
    for suffix in (".json", ".jsonl"):
        path = data_file(cache, n, suffix)
        times, peaks = [], []
        for _ in range(runs):
            _, peak, out = measured_child([sys.executable, "-c", LOAD, str(path)])
            seconds, count, rejected = out.split()
            assert int(count) == n and int(rejected) == 0, out
            times.append(float(seconds))
            peaks.append(peak)
        spread, peak = Spread.of(times), max(peaks)
        row(suffix[1:].upper(), f"{path.stat().st_size / 1e6:.0f}", spread.text(digits=2),
            rate(n, spread.median), f"{peak / 1e6:.0f}", widths=(12, 10, 24, 14, 10))  # fmt: skip
        results.setdefault("load", {})[suffix] = {
            "seconds": spread.median,
            "peak_bytes": peak,
            "spread": spread.as_dict(),
        }


# ---------------------------------------------------------------- 3. eligibility


def hand_stage(dataset: Any, as_of: datetime.date) -> list[tuple[str, str, bool, list[str]]]:
    """The eligibility stage by hand: each standard once, by number, with its failed rules."""
    first, numbers = handwritten.by_number(dataset)  # sorted once, like the engine's
    out = []
    find = dataset.enterprise
    for number in numbers:
        standard = first[number]
        enterprise = find(standard.enterprise)
        failed = handwritten.eligible_failures(standard, enterprise, as_of)
        out.append((number, standard.enterprise, not failed, failed))
    return out


def compared(label: str, baseline: Spread, engine: Spread, n: int | None = None) -> None:
    """A table row: baseline and engine medians (min–max) and the ratio of the medians."""
    cells = [label, baseline.text(), engine.text(), f"{ratio(engine, baseline):.2f}"]
    if n is not None:
        cells.append(rate(n, engine.median))
    row(*cells, widths=(40, 26, 26, 9, 12))


def part_eligibility(dataset: Any, quick: bool) -> None:
    import peers

    n = len(dataset.standards)
    heading(f"3. Eligibility only, {n:,} standards, rulesets/spec/coal.rules")
    ruleset = load_ruleset(SPEC_RULESET)
    program = compile_ruleset(ruleset.ast)
    repeat = 3 if quick else 9
    pairs = accepted(dataset)
    ids = {m: [f.rule for f in failed_rules(program, m)] for m in range(64)}
    mask = program.eligible_mask

    def engine_predicate() -> list[list[str]]:
        return [ids[mask(s, e, AS_OF, (), None, (), None, None, None)] for s, e in pairs]

    def hand_predicate() -> list[list[str]]:
        return [handwritten.eligible_failures(s, e, AS_OF) for s, e in pairs]

    with collector_paused():
        spreads, got = interleaved(
            {
                "hand stage": lambda: hand_stage(dataset, AS_OF),
                "engine stage": lambda: judge(program, iter_accepted(dataset), AS_OF)[0],
                "hand predicate": hand_predicate,
                "engine predicate": engine_predicate,
            },
            repeat,
        )
    entries = [
        (e.standard, e.enterprise, e.eligible, [f.rule for f in e.failed])
        for e in got["engine stage"]
    ]
    assert entries == got["hand stage"], "engine and hand-written eligibility differ"
    assert got["engine predicate"] == got["hand predicate"]
    bare_hand = got["hand predicate"]
    print(f"  median (min–max) of {repeat} runs each, taking turns; seconds", flush=True)
    row("", "hand-written", "standards-rules", "ratio", "records/s", widths=(40, 26, 26, 9, 12))
    compared("eligibility stage", spreads["hand stage"], spreads["engine stage"], n)
    compared("predicate alone", spreads["hand predicate"], spreads["engine predicate"], n)
    per_record_hand = spreads["hand predicate"].median / n
    for name, make, size in (
        ("rule-engine", peers.rule_engine_runner, 1_000 if quick else 10_000),
        ("cel-python", peers.cel_runner, 300 if quick else 2_000),
    ):
        sample = pairs[:size]
        run = make(sample, AS_OF)
        spread, found = timed(run, 1 if quick else 3)
        assert found == bare_hand[:size], f"{name} disagrees with the hand-written predicate"
        times = spread.median / size / per_record_hand
        print(f"  {name} on the first {size:,}: {spread.text()} s, {rate(size, spread.median)}, "
              f"{times:.0f}x the hand-written predicate")  # fmt: skip
        results.setdefault("eligibility", {})[name] = {"records_per_s": size / spread.median}
    stage = ratio(spreads["engine stage"], spreads["hand stage"])
    predicate = ratio(spreads["engine predicate"], spreads["hand predicate"])
    results.setdefault("eligibility", {}).update(
        {name: spread.as_dict() for name, spread in spreads.items()}
    )
    verdict(
        "eligibility within 1.5x of hand-written",
        stage <= TARGET_RATIO and predicate <= TARGET_RATIO,
        f"stage {stage:.2f}x, predicate {predicate:.2f}x",
    )


# ---------------------------------------------------------------- 4. full evaluation


def part_full(dataset: Any, quick: bool) -> None:
    n = len(dataset.standards)
    heading(f"4. Full evaluation, {n:,} standards, rulesets/spec/coal.rules")
    ruleset = load_ruleset(SPEC_RULESET)
    repeat = 3 if quick else 7
    sha = ruleset.sha256
    report = evaluate(ruleset, dataset, as_of=AS_OF)
    hand_values = handwritten.evaluate_dict(dataset, AS_OF, sha)
    with collector_paused():  # the hand-written baseline gets the same collector pause
        spreads, got = interleaved(
            {
                "hand values": lambda: handwritten.evaluate_dict(dataset, AS_OF, sha),
                "engine values": lambda: evaluate(ruleset, dataset, as_of=AS_OF).to_dict(),
                "hand text": lambda: handwritten.report_text(hand_values),
                "engine text": report.to_json,
                "hand both": lambda: handwritten.evaluate_json(dataset, AS_OF, sha),
                "engine both": lambda: evaluate(ruleset, dataset, as_of=AS_OF).to_json(),
            },
            repeat,
        )
    assert got["engine values"] == got["hand values"], "the reports' JSON values differ"
    assert got["engine both"] == got["hand both"] == got["engine text"] == got["hand text"], (
        "engine and hand-written reports differ"
    )
    values = got["engine values"]
    size = len(str(got["engine both"]).encode("utf-8"))
    print(f"  median (min–max) of {repeat} runs each, taking turns; seconds", flush=True)
    row("", "hand-written", "standards-rules", "ratio", widths=(40, 26, 26, 9))
    compared("evaluation + JSON text", spreads["hand both"], spreads["engine both"])
    compared("  evaluation to the JSON values", spreads["hand values"], spreads["engine values"])
    compared("  JSON text of the evaluated result", spreads["hand text"], spreads["engine text"])
    sections = ", ".join(
        f"{len(values[k]):,} {k}"
        for k in ("eligibility", "ranking", "leaders", "passed_over", "withdrawals", "rejected")
    )
    print(f"  report {size / 1e6:.1f} MB: JSON values equal and text byte-identical ({sections})")
    both = ratio(spreads["engine both"], spreads["hand both"])
    alone = ratio(spreads["engine values"], spreads["hand values"])
    results["full"] = {name: spread.as_dict() for name, spread in spreads.items()}
    verdict(
        "full evaluation within 1.5x of hand-written",
        both <= TARGET_RATIO and alone <= TARGET_RATIO,
        f"with JSON {both:.2f}x, evaluation to JSON values {alone:.2f}x",
    )


# ---------------------------------------------------------------- 5. national scale


def cli() -> list[str]:
    script = Path(sys.executable).with_name("standards-rules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "standards_rules"]


def part_national(n: int, cache: Path, workdir: Path, runs: int) -> None:
    heading(f"5. National scale: {n:,} standards, JSON Lines, end to end from the command line")
    data = data_file(cache, n, ".jsonl")
    out = workdir / "national.json"
    args = [*cli(), "evaluate", str(NATIONAL_RULESET), str(data), "--as-of", AS_OF.isoformat()]
    args += ["--format", "json", "-o", str(out)]
    shown = [str(Path(a).relative_to(ROOT)) if a == str(NATIONAL_RULESET) else a for a in args]
    print(f"  $ standards-rules {' '.join(shown[len(cli()) :])}", flush=True)
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        figures = child_figures(args)
        walls.append(figures.wall)
        cpus.append(figures.cpu)
        peaks.append(figures.peak)
        with out.open("rb") as handle:
            handle.seek(-2, os.SEEK_END)
            assert handle.read() == b"}\n", "the report does not end as JSON"
    spread, cpu, peak = Spread.of(walls), Spread.of(cpus), max(peaks)
    print(f"  median (min–max) of {runs} runs; CPU: user + system; peak: the largest of them")
    row("", "records", "wall (s)", "CPU (s)", "peak MB", widths=(28, 12, 24, 24, 10))
    row("standards-rules evaluate", n, spread.text(digits=1), cpu.text(digits=1),
        f"{peak / 1e6:,.0f}", widths=(28, 12, 24, 24, 10))  # fmt: skip
    print(f"  input {data.stat().st_size / 1e9:.2f} GB, report {out.stat().st_size / 1e9:.2f} GB")
    out.unlink()
    results["national"] = {
        "records": n,
        "wall": spread.as_dict(),
        "cpu": cpu.as_dict(),
        "peak_bytes": peak,
    }
    if n >= 2_500_000:
        verdict(
            "2,500,000 standards end to end < 40 s",
            spread.median < TARGET_NATIONAL_S,
            f"{spread.median:.1f} s (median of {runs}, {spread.low:.1f}–{spread.high:.1f}; "
            f"CPU {cpu.median:.1f} s)",
        )
        verdict(
            "2,500,000 standards end to end < 2 GB",
            peak < TARGET_NATIONAL_BYTES,
            f"{peak / 1e9:.2f} GB (the largest of {runs} runs)",
        )


def part_verify(quick: bool) -> None:
    heading("6. verify on each bundled ruleset, from the command line (default settings)")
    runs = 1 if quick else 3
    print(f"  median (min–max) of {runs} runs; seconds")
    slowest = 0.0
    for ruleset in sorted((ROOT / "rulesets" / "jincheng").glob("*.rules")):
        args = [*cli(), "verify", str(ruleset)]
        spread = Spread.of([measured_child(args)[0] for _ in range(runs)])
        row(ruleset.name, spread.text(digits=1), widths=(44, 24))
        results.setdefault("verify", {})[ruleset.name] = spread.as_dict()
        slowest = max(slowest, spread.median)
    verdict(
        f"verify on a bundled ruleset < {TARGET_VERIFY_S:.0f} s",
        slowest < TARGET_VERIFY_S,
        f"slowest {slowest:.1f} s (median)",
    )


# ---------------------------------------------------------------- 8. second edition


def _without_sha(report: Any) -> dict[str, Any]:
    values = report.to_dict()
    values["ruleset"] = {k: v for k, v in values["ruleset"].items() if k != "sha256"}
    return values


def part_second_edition(cache: Path, n: int, quick: bool) -> None:
    from standards_rules.records import load_dataset_from_dict

    heading("8. Second edition: defines, same-run exclusion, version chains")
    repeat = 3 if quick else 7
    with_defines = load_ruleset(NATIONAL_RULESET)
    written_out = load_ruleset(WRITTEN_OUT_RULESET)
    dataset = load_dataset(data_file(cache, n, ".json"))
    with collector_paused():
        spreads, got = interleaved(
            {
                "written out": lambda d=dataset: evaluate(written_out, d, as_of=AS_OF),
                "defines": lambda d=dataset: evaluate(with_defines, d, as_of=AS_OF),
            },
            repeat,
        )
    assert _without_sha(got["defines"]) == _without_sha(got["written out"]), (
        "the plan with defines and the plan written out disagree"
    )
    del dataset, got
    gc.collect()
    defines = ratio(spreads["defines"], spreads["written out"])
    print(f"  benchmarks/plans/national.rules, {n:,} standards: evaluate(), median (min–max) "
          f"of {repeat} runs each, taking turns; seconds; reports equal")  # fmt: skip
    row("", "written out", "with defines", "ratio", widths=(40, 26, 26, 9))
    compared("plan with defines vs written out", spreads["written out"], spreads["defines"])
    results["defines"] = {name: spread.as_dict() for name, spread in spreads.items()}
    verdict(
        "a plan with defines within 1.05x of the plan written out",
        defines <= TARGET_DEFINES_RATIO,
        f"{defines:.3f}x",
    )
    small = n // 4
    print(f"\n  evaluate() at n = {small:,} and 4n = {n:,} standards, median (min–max) of "
          f"{repeat} runs each, taking turns; seconds")  # fmt: skip
    row("", f"n = {small:,}", f"4n = {n:,}", "4n / n", widths=(40, 26, 26, 9))
    for label, make, key in (
        ("same-run exclusion (every enterprise)", generate.exclusion_dataset, "exclusion"),
        ("version chains of n / 100 standards", generate.chain_dataset, "chains"),
    ):
        # Both sizes take turns, so that a change of the machine's speed falls on both alike.
        datasets = {size: load_dataset_from_dict(make(size, SEED)) for size in (small, n)}
        with collector_paused():
            by_name, reports = interleaved(
                {
                    str(size): lambda d=dataset: evaluate(with_defines, d, as_of=AS_OF)
                    for size, dataset in datasets.items()
                },
                repeat,
            )
        spreads = {size: by_name[str(size)] for size in datasets}
        for size in datasets:
            withdrawn = len(reports[str(size)].withdrawals)
            assert withdrawn > size // 2, f"{label}: too few withdrawals"
        del datasets, reports
        gc.collect()
        growth = ratio(spreads[n], spreads[small])
        row(label, spreads[small].text(), spreads[n].text(), f"{growth:.2f}",
            widths=(40, 26, 26, 9))  # fmt: skip
        results[key] = {str(size): spread.as_dict() for size, spread in spreads.items()}
        verdict(
            f"{label}: O(n), 4n within {TARGET_GROWTH}x of n",
            growth <= TARGET_GROWTH,
            f"{growth:.2f}x",
        )


# ---------------------------------------------------------------- main


PARTS = "0,1,2,3,4,5,6,7,8"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--skip-national", action="store_true", help="leave out part 5")
    parser.add_argument(
        "--parts", default=PARTS, help=f"which parts to run (default {PARTS}; 9 when asked)"
    )
    parser.add_argument("--national-runs", type=int, help="runs of part 5 (default 3, quick 1)")
    parser.add_argument("--cache", help="directory for generated data (default: user cache)")
    parser.add_argument("--results", help="also write the figures as JSON to this file")
    options = parser.parse_args()
    parts = {int(p) for p in options.parts.split(",")}
    if options.skip_national:
        parts.discard(5)
    n = 10_000 if options.quick else 100_000
    national = 100_000 if options.quick else 2_500_000
    national_runs = options.national_runs or (1 if options.quick else 3)
    cache = cache_dir(options.cache)
    print(
        f"standards-rules benchmarks: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, seed {SEED}, as_of {AS_OF}"
        + (" (quick)" if options.quick else ""),
        flush=True,
    )
    speeds: list[dict[str, object]] = []
    results["machine_speed"] = speeds

    def probe(moment: str) -> None:
        seconds = machine_speed()
        speeds.append({"when": moment, "seconds": seconds})
        print(f"  (machine: {PROBE_ADDITIONS:,} additions in a Python loop took {seconds:.2f} s "
              f"of CPU, {moment})", flush=True)  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if 0 in parts:
            probe("before part 0")
            part_startup(options.quick)
        if 1 in parts:
            probe("before part 1")
            part_parse(options.quick, workdir)
        if 2 in parts:
            probe("before part 2")
            part_load(n, cache, options.quick)
        if parts & {3, 4}:
            probe("before parts 3–4")
            dataset = load_dataset(data_file(cache, n, ".json"))
            if 3 in parts:
                part_eligibility(dataset, options.quick)
            if 4 in parts:
                part_full(dataset, options.quick)
            del dataset
            gc.collect()
        if 5 in parts:
            probe("before part 5")
            part_national(national, cache, workdir, national_runs)
        if 6 in parts:
            probe("before part 6")
            part_verify(options.quick)
        if 7 in parts:
            probe("before part 7")
            heading(f"7. Importing an export of {n:,} standards")
            figures = bench_import.part_import(n, cache, 1 if options.quick else 3)
            results["import"] = figures
            for label, figure in figures.items():
                seconds = figure["seconds"]
                verdicts.append(
                    (f"import {label} < {bench_import.TARGET_SECONDS:.0f} s",
                     seconds < bench_import.TARGET_SECONDS, f"{seconds:.2f} s (median)")
                )  # fmt: skip
        if 8 in parts:
            probe("before part 8")
            part_second_edition(cache, n, options.quick)
        if 9 in parts:
            probe("before part 9")
            heading(f"9. Evaluation at national scale after loading, {national:,} standards")
            results["scale"] = bench_scale.part_scale(
                data_file(cache, national, ".jsonl"),
                (SPEC_RULESET, NATIONAL_RULESET),
                AS_OF,
                2 if options.quick else 3,
                row,
            )
        probe("at the end")
    heading("Targets")
    for name, ok, detail in verdicts:
        print(f"  {'met    ' if ok else 'NOT MET'}  {name}: {detail}")
    if options.results:
        Path(options.results).write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not all(ok for _, ok, _ in verdicts):
        sys.exit(1)


if __name__ == "__main__":
    main()
