"""Benchmark: loading 100,000 standards from JSON and from JSON Lines.

Not a test. Generates a dataset with a fixed seed, writes it as JSON and as
JSON Lines to a temporary directory, loads each file, and prints records per
second and the peak memory of a load (tracemalloc, in a second, untimed run,
because tracing slows allocation down several times).

    python benchmarks/bench_load.py [--standards N]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from standards_rules.records import complete_credit_code, load_dataset
from standards_rules.records.credit_code import CHARSET

SEED = 20210422
STANDARDS_PER_ENTERPRISE = 10


def generate(count: int, rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    enterprises = []
    for index in range(max(1, count // STANDARDS_PER_ENTERPRISE)):
        body = "911405" + "".join(rng.choice(CHARSET) for _ in range(11))
        enterprises.append(
            {
                "credit_code": complete_credit_code(body),
                "name": f"晋城市第{index}煤业有限公司",
                "county": rng.choice(["泽州县", "高平市", "阳城县", "陵川县", "沁水县"]),
                "applied": rng.random() < 0.8,
                "consent": rng.random() < 0.9,
                "events": [],
                "withdrawals": [],
            }
        )
    standards = []
    for index in range(count):
        year = rng.randint(2015, 2021)
        standards.append(
            {
                "number": f"Q/JCMY {index:06d}-{year}",
                "name": "动力煤",
                "enterprise": enterprises[index % len(enterprises)]["credit_code"],
                "status": rng.choice(["current", "current", "abolished"]),
                "published_on": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "format_compliant": rng.random() < 0.9,
                "category": rng.choice(["动力煤", "无烟煤", "焦煤"]),
                "subject": "product",
                "products": [
                    {
                        "name": "动力煤",
                        "model": f"Q{rng.randint(4500, 6000)}",
                        "mass_produced": True,
                    }
                ],
                "service": None,
                "indicators": {
                    "sulfur": round(rng.uniform(0.2, 1.2), 2),
                    "calorific": round(rng.uniform(20.0, 28.0), 1),
                    "ash": round(rng.uniform(8.0, 30.0), 1),
                },
                "previous_indicators": None,
                "conformity_report": {
                    "passed": True,
                    "issued_on": "2021-03-01",
                    "agency": "山西省煤炭质量检测中心",
                },
                "attributes": {},
            }
        )
    return {"enterprises": enterprises, "standards": standards, "titles": []}


def write(data: dict[str, list[dict[str, Any]]], directory: Path) -> tuple[Path, Path]:
    as_json = directory / "dataset.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    as_lines = directory / "dataset.jsonl"
    with as_lines.open("w", encoding="utf-8") as out:
        for kind, key in (("enterprise", "enterprises"), ("standard", "standards")):
            for record in data[key]:
                out.write(json.dumps({"type": kind, **record}, ensure_ascii=False) + "\n")
    return as_json, as_lines


def measure(path: Path, count: int) -> None:
    started = time.perf_counter()
    dataset = load_dataset(path)
    elapsed = time.perf_counter() - started
    assert len(dataset.standards) == count and not dataset.rejected, dataset.rejected[:3]
    del dataset
    tracemalloc.start()
    load_dataset(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = path.stat().st_size / 1e6
    print(
        f"{path.suffix:7} {size:6.1f} MB  {elapsed:6.2f} s  "
        f"{count / elapsed:9,.0f} standards/s  peak {peak / 1e6:6.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=100_000)
    count = parser.parse_args().standards
    data = generate(count, random.Random(SEED))
    with tempfile.TemporaryDirectory() as tmp:
        for path in write(data, Path(tmp)):
            measure(path, count)


if __name__ == "__main__":
    main()
