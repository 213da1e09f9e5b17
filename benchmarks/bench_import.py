"""Benchmark: importing an export of 100,000 standards in the platform's layout.

Not a test. Writes (once, cached beside the other generated data) an export of
N standards with six 技术指标 rows each — three that map to the coal plan's
indicators, in requirement text with units and full-width forms, and three it
does not rank — as a workbook and as GB18030 CSV files, then reads each in a
fresh process with `read_dataset` and reports the wall time and the peak
resident memory. `run.py` runs it as part 7; alone:

    python benchmarks/bench_import.py [--standards N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from child import Spread, measured_child  # noqa: E402

RULES = ROOT / "rulesets" / "jincheng" / "coal.rules"
SEED = 20210422
STANDARDS_PER_ENTERPRISE = 10
TARGET_SECONDS = 10.0

READ = textwrap.dedent(
    """
    import sys, time
    from standards_rules import load_ruleset
    from standards_rules.records import read_dataset
    ruleset = load_ruleset(sys.argv[2])
    started = time.perf_counter()
    dataset, summary = read_dataset([sys.argv[1]], ruleset)
    print(time.perf_counter() - started, len(dataset.standards), len(summary.rejections))
    """
)


def sheets(n: int, seed: int = SEED) -> dict[str, list[list[object]]]:
    from standards_rules.records import complete_credit_code
    from standards_rules.records.credit_code import CHARSET

    rng = random.Random(seed)
    codes = [
        complete_credit_code("911405" + "".join(rng.choice(CHARSET) for _ in range(11)))
        for _ in range(max(1, n // STANDARDS_PER_ENTERPRISE))
    ]
    enterprises: list[list[object]] = [["统一社会信用代码", "企业名称", "是否申报", "是否同意入榜"]]
    enterprises += [[code, f"晋城市第{k}煤业有限公司", "是", "√"] for k, code in enumerate(codes)]
    standards: list[list[object]] = [
        [
            "标准编号",
            "标准名称",
            "统一社会信用代码",
            "标准状态",
            "公开时间",
            "格式规范",
            "产品类别",
            "标准类型",
            "符合性报告结论",
        ]
    ]
    indicators: list[list[object]] = [["标准编号", "指标名称", "技术要求", "单位"]]
    products: list[list[object]] = [["标准编号", "产品名称", "规格型号", "是否量产"]]
    for k in range(n):
        number = f"Q/JC{k // 10000:04d} {k % 10000:04d}-2021"
        standards.append([number, "无烟煤", codes[k % len(codes)], "现行",
                          f"2021/{1 + k % 12}/{1 + k % 28}", "是", rng.choice(["块煤", "末煤"]),
                          "产品", "符合"])  # fmt: skip
        sulfur = round(rng.uniform(0.2, 1.4), 2)
        calorific = round(rng.uniform(21.5, 29), 1)
        ash = round(rng.uniform(5, 19), 1)
        indicators += [
            [
                number,
                "全硫 St,d",
                rng.choice([f"≤{sulfur}", f"不大于{sulfur}%", f"{sulfur}以下"]),
                "%",
            ],
            [number, "收到基低位发热量Qnet,ar", f"≥{calorific * 1000:.0f} kJ/kg", None],
            [number, "干燥基灰分 Ad", rng.choice([f"{ash - 1:.1f}～{ash}", f"≤{ash}％"]), None],
            [number, "全水分 Mt", "≤8.0", "%"],
            [number, "挥发分 Vdaf", "≤10", "%"],
            [number, "灰熔融性软化温度ST", "＞1250", "℃"],
        ]
        products.append([number, "无烟煤", f"WY-{k % 50}", "是"])
    return {"企业": enterprises, "标准": standards, "技术指标": indicators, "产品": products}


def export_paths(cache: Path, n: int) -> tuple[Path, Path]:
    """The workbook and the CSV folder of `n` standards, written once and cached."""
    sys.path.insert(0, str(ROOT / "tests"))
    from exportkit import write_csv_folder, write_xlsx

    workbook = cache / f"export-{n}-seed{SEED}.xlsx"
    folder = cache / f"export-{n}-seed{SEED}"
    if not workbook.exists() or not folder.exists():
        print(f"  (generating an export of {n:,} standards into {cache} ...)", flush=True)
        tables = sheets(n)
        partial = workbook.with_suffix(".partial.xlsx")
        write_xlsx(partial, tables)
        partial.replace(workbook)
        write_csv_folder(folder, tables, encoding="gb18030")
    return workbook, folder


def measure(path: Path, n: int) -> tuple[float, int]:
    """(seconds to read, peak resident bytes) of reading `path` in a fresh process."""
    _, peak, out = measured_child([sys.executable, "-c", READ, str(path), str(RULES)])
    seconds, accepted, rejected = out.split()
    assert int(accepted) == n and int(rejected) == 0, out
    return float(seconds), peak


def part_import(n: int, cache: Path, repeats: int = 3) -> dict[str, dict[str, float]]:
    """Each layout read `repeats` times: the median seconds (with min and max), peak memory."""
    workbook, folder = export_paths(cache, n)
    figures: dict[str, dict[str, float]] = {}
    for label, path in (("xlsx", workbook), ("CSV, GB18030", folder)):
        runs = [measure(path, n) for _ in range(repeats)]
        seconds = Spread.of([s for s, _ in runs])
        peak = max(p for _, p in runs)
        verdict = "met" if seconds.median < TARGET_SECONDS else "NOT MET"
        print(
            f"  {label:14} {n:,} standards, {6 * n:,} indicator rows: "
            f"{seconds.text(digits=2)} s (median of {repeats}, min–max), peak "
            f"{peak / 1e6:.0f} MB  (target < {TARGET_SECONDS:.0f} s: {verdict})"
        )
        figures[label] = {"seconds": seconds.median, "peak_bytes": float(peak)}
        figures[label].update({f"seconds_{k}": v for k, v in seconds.as_dict().items()})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=100_000)
    parser.add_argument(
        "--cache", default=str(Path.home() / ".cache" / "standards-rules" / "bench")
    )
    options = parser.parse_args()
    cache = Path(options.cache)
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    part_import(options.standards, cache)
    print(f"  ({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
