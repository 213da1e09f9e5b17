"""Summary: what `standards-rules import` read, as lines for people (SPEC §3.3).

Takes an `ExportSummary` and the dataset it produced; gives the summary text:
files and encodings, rows read per sheet, standards accepted and rejected,
indicator names mapped (with their ids) and unmapped, with counts, rejections
grouped by reason, and what was ignored. Also the rejections as the JSON
values `--rejected FILE` writes.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from standards_rules.records.export.layout import ExportSummary
from standards_rules.records.model import Dataset

_SHEET_LABELS = {
    "enterprises": "企业",
    "standards": "标准",
    "indicators": "技术指标",
    "products": "产品",
    "events": "事件",
    "withdrawals": "退出",
    "titles": "称号",
}
_QUOTED = re.compile(r"'[^']*'")
_REASONS_SHOWN = 12


def reason_kind(error: str) -> str:
    """A rejection's reason without the quoted texts, so that like reasons count together."""
    return _QUOTED.sub("…", error.split(" (also ", 1)[0])


def summary_lines(summary: ExportSummary, dataset: Dataset) -> list[str]:
    lines = ["文件 files:"]
    lines.extend(f"  {file} ({encoding})" for file, encoding in summary.files)
    if summary.rows:
        counts = summary.rows
        rows = ", ".join(
            f"{label} {counts[k]}" for k, label in _SHEET_LABELS.items() if k in counts
        )
        lines.append(f"行 rows: {rows}")
    accepted = len(dataset.standards)
    counted = f"{accepted} accepted"
    if summary.standards is not None:
        counted = f"{summary.standards} read, {counted}, {summary.standards - accepted} rejected"
    lines.append(
        f"标准 standards: {counted}; 企业 enterprises: {len(dataset.enterprises)} accepted"
    )
    if summary.mapped:
        lines.append("指标名称 indicator names mapped:")
        by_indicator: dict[str, list[tuple[str, int]]] = {}
        for (name, indicator), count in summary.mapped.items():
            by_indicator.setdefault(indicator, []).append((name, count))
        for indicator, names in by_indicator.items():
            shown = ", ".join(f"{name} ×{count}" for name, count in names)
            lines.append(f"  {indicator} ← {shown}")
    if summary.unmapped:
        lines.append("指标名称 indicator names not in the ruleset (see warnings):")
        lines.extend(f"  {name} ×{count}" for name, count in sorted(summary.unmapped.items()))
    if summary.rejections:
        lines.append(f"剔除 rows rejected: {len(summary.rejections)}")
        reasons = Counter(reason_kind(r.error) for r in summary.rejections)
        for reason, count in reasons.most_common(_REASONS_SHOWN):
            lines.append(f"  ×{count} {reason}")
        if len(reasons) > _REASONS_SHOWN:
            lines.append(f"  … and {len(reasons) - _REASONS_SHOWN} other reasons")
    if summary.ignored:
        lines.append("忽略 ignored: " + "; ".join(summary.ignored))
    return lines


def rejections_json(summary: ExportSummary) -> list[dict[str, Any]]:
    """Every rejected row as `{path, record, error}`."""
    return [{"path": r.path, "record": r.record, "error": r.error} for r in summary.rejections]
