"""Part 9: evaluation at national scale, after loading, against the hand-written baseline.

Part 5 times the whole command. This part asks what the 40 s target leaves for
loading: the 2,500,000 standards are loaded once, then the evaluation and its
JSON text are timed in this process, taking turns, for

- the hand-written evaluation of rulesets/spec/coal.rules (benchmarks/handwritten.py,
  part 4's baseline),
- the engine on the same plan (the texts are asserted byte-identical), and
- the engine on benchmarks/plans/national.rules (part 5's plan).

Not in the default parts: it takes about ten minutes.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import handwritten
from child import interleaved, ratio

from standards_rules import load_dataset, load_ruleset
from standards_rules.collector import collector_paused
from standards_rules.evaluate import evaluate

Row = Callable[..., None]


def part_scale(
    data: Path, plans: tuple[Path, Path], as_of: datetime.date, repeat: int, row: Row
) -> dict[str, Any]:
    """Time the three evaluations of `data`; print their rows; return the figures."""
    spec_plan, national_plan = (load_ruleset(path) for path in plans)
    dataset = load_dataset(data)
    gc.collect()
    with collector_paused():
        spreads, texts = interleaved(
            {
                "hand-written, spec coal plan": lambda: handwritten.evaluate_json(
                    dataset, as_of, spec_plan.sha256
                ),
                "standards-rules, spec coal plan": lambda: evaluate(
                    spec_plan, dataset, as_of=as_of
                ).to_json(),
                "standards-rules, national plan": lambda: evaluate(
                    national_plan, dataset, as_of=as_of
                ).to_json(),
            },
            repeat,
        )
    hand, engine, national = texts.values()
    assert hand == engine, "engine and hand-written reports differ"
    print(
        f"  {len(dataset.standards):,} standards loaded once; evaluate(...).to_json(), "
        f"median (min–max) of {repeat} runs each, taking turns; seconds"
    )
    row("", "seconds", "vs hand-written", widths=(40, 26, 16))
    baseline = spreads["hand-written, spec coal plan"]
    for label, spread in spreads.items():
        row(label, spread.text(digits=1), f"{ratio(spread, baseline):.2f}", widths=(40, 26, 16))
    sizes = (len(hand.encode("utf-8")), len(national.encode("utf-8")))
    print(f"  report {sizes[0] / 1e9:.2f} GB (spec coal plan, byte-identical), "
          f"{sizes[1] / 1e9:.2f} GB (national plan)")  # fmt: skip
    return {label: spread.as_dict() for label, spread in spreads.items()}
