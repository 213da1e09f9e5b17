"""Testing: `verify`, the consistency check of a whole ruleset, and its plain-text report.

Takes a `CheckedRuleset` and the run options; gives `PropertyResult`s (see
`properties.check_all`), writes each counterexample as `DIR/NAME.json` (a
dataset `standards-rules evaluate` accepts) when asked, and renders the
lines `verify` prints: `ok NAME (proved)`, `ok NAME (tested: N examples)` or
`ok NAME (not applicable: …)` / `FAIL NAME`, below a sampled one why it was
sampled, and for a failure the
property's meaning, what went wrong, the dataset, and the command that
reproduces it.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from standards_rules.frontend import CheckedRuleset
from standards_rules.testing.properties import SHRINK_CALLS, Progress, PropertyResult, check_all


def save_counterexamples(
    results: Sequence[PropertyResult], directory: str | Path
) -> dict[str, Path]:
    """Write each failure's dataset as `DIR/NAME.json` (and `NAME.variant.json`); their paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for result in results:
        example = result.counterexample
        if example is None:
            continue
        path = out / f"{result.name}.json"
        path.write_text(example.dataset_json(), encoding="utf-8")
        written[result.name] = path
        variant = example.variant_json()
        if variant is not None:
            (out / f"{result.name}.variant.json").write_text(variant, encoding="utf-8")
    return written


def reproduce_command(ruleset: CheckedRuleset, result: PropertyResult, data: Path) -> str:
    """The `standards-rules evaluate` command line that shows the counterexample."""
    assert result.counterexample is not None
    as_of = result.counterexample.as_of.isoformat()
    parts = ["standards-rules", "evaluate", ruleset.source.path, str(data), "--as-of", as_of]
    return " ".join(shlex.quote(p) for p in parts)


def render_result(
    ruleset: CheckedRuleset, result: PropertyResult, saved: Path | None = None
) -> str:
    """The lines `verify` prints for one property."""
    if result.ok:
        if not result.note:
            return f"ok {result.name}"
        # The line keeps SPEC §7's form, `ok NAME (tested: N examples)`; why a property
        # was sampled rather than decided follows on the next line, indented.
        note, why = result.note, ""
        if note.startswith("tested: "):
            note, _, why = note.partition("; ")
        line = f"ok {result.name} ({note})"
        return f"{line}\n  {why}" if why else line
    example = result.counterexample
    lines = [f"FAIL {result.name}", f"  property: {result.explanation}"]
    if example is not None:
        lines.append(f"  found (as of {example.as_of}): {example.details}")
        if saved is not None:
            lines.append("  counterexample dataset:")
        else:
            lines.append("  counterexample dataset (save it with --save DIR):")
        lines.extend("    " + line for line in example.dataset_json().splitlines())
        if saved is not None:
            lines.append(f"  counterexample saved to {saved}")
            lines.append(f"  reproduce: {reproduce_command(ruleset, result, saved)}")
    return "\n".join(lines)


def verify(
    ruleset: CheckedRuleset,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    save: str | Path | None = None,
    names: Sequence[str] | None = None,
    shrink_calls: int = SHRINK_CALLS,
    progress: Progress | None = None,
) -> tuple[tuple[PropertyResult, ...], str]:
    """Run every property on `ruleset`; the results and the text `verify` prints."""
    results = check_all(
        ruleset,
        max_examples=max_examples,
        seed=seed,
        names=names,
        shrink_calls=shrink_calls,
        progress=progress,
    )
    saved = save_counterexamples(results, save) if save is not None else {}
    text = "\n".join(render_result(ruleset, r, saved.get(r.name)) for r in results)
    return results, text


__all__ = ["render_result", "reproduce_command", "save_counterexamples", "verify"]
