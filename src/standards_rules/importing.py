"""`standards-rules import`: an export in the platform's layout written as §3 JSON (SPEC §3.3).

Takes a checked ruleset, the export's files and where to write; reads them
with `read_dataset`, writes the accepted records as a dataset JSON file (and,
when asked, the rejected rows as JSON), and gives the summary lines to print.
Raises `DatasetError` when the export cannot be read and `OSError` when an
output cannot be written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from standards_rules.frontend import CheckedRuleset
from standards_rules.records.export.summary import rejections_json, summary_lines
from standards_rules.records.load import dump_dataset, read_dataset


def import_export(
    ruleset: CheckedRuleset,
    exports: Sequence[str | Path],
    output: str | Path,
    rejected: str | Path | None = None,
) -> list[str]:
    """Read `exports`, write `output` (and `rejected`); give the summary to print."""
    dataset, summary = read_dataset(exports, ruleset)
    _write_json(output, dump_dataset(dataset))
    lines = summary_lines(summary, dataset)
    if dataset.warnings:
        lines.append(f"警告 warnings: {len(dataset.warnings)}")
        lines.extend(f"  {w.path}: {w.warning}" for w in dataset.warnings)
    lines.append(f"写入 written: {output}")
    if rejected is not None:
        _write_json(rejected, rejections_json(summary))
        lines.append(f"写入 rejections written: {rejected}")
    return lines


def _write_json(path: str | Path, value: object) -> None:
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
