"""CSV layout: the platform's export, one row per standard, as raw records.

Takes CSV text with a header row; gives each row to a `DatasetBuilder` as an
enterprise record (the first row that names a credit code defines the
enterprise) and a standard record, both with the row's line as their path.
Header names are English or the platform's Chinese column names; a column
that is not a known field is an indicator (`sulfur`, `指标.sulfur`,
`indicator.sulfur`); `previous.X` / `上一版.X` columns are previous indicator
values and `attr.X` / `属性.X` columns are attributes. Empty cells are absent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping

from standards_rules.records.validate import DatasetBuilder


class CsvLayoutError(Exception):
    """The CSV text has no usable header or cannot be split into rows."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_COLUMNS: Mapping[str, tuple[str, str]] = {
    **dict.fromkeys(("credit_code", "统一社会信用代码"), ("enterprise", "credit_code")),
    **dict.fromkeys(("enterprise_name", "企业名称"), ("enterprise", "name")),
    **dict.fromkeys(("county", "所属地区", "行政区划", "所在区县"), ("enterprise", "county")),
    **dict.fromkeys(("applied", "是否申报"), ("enterprise", "applied")),
    **dict.fromkeys(("consent", "同意入榜"), ("enterprise", "consent")),
    **dict.fromkeys(("number", "标准编号"), ("standard", "number")),
    **dict.fromkeys(("name", "标准名称"), ("standard", "name")),
    **dict.fromkeys(("status", "标准状态"), ("standard", "status")),
    **dict.fromkeys(("published_on", "公开时间", "发布日期"), ("standard", "published_on")),
    **dict.fromkeys(("format_compliant", "格式规范"), ("standard", "format_compliant")),
    **dict.fromkeys(("category", "产品类别", "类别"), ("standard", "category")),
    **dict.fromkeys(("subject", "标准类型"), ("standard", "subject")),
    **dict.fromkeys(("product_name", "产品名称"), ("product", "name")),
    **dict.fromkeys(("model", "规格型号"), ("product", "model")),
    **dict.fromkeys(("mass_produced", "是否量产"), ("product", "mass_produced")),
    **dict.fromkeys(("widely_provided", "广泛提供"), ("service", "widely_provided")),
    **dict.fromkeys(("outlets", "网点数"), ("service", "outlets")),
    **dict.fromkeys(("report_passed", "符合性报告通过"), ("report", "passed")),
    **dict.fromkeys(("report_issued_on", "报告出具日期"), ("report", "issued_on")),
    **dict.fromkeys(("report_agency", "报告出具机构"), ("report", "agency")),
}
_PREFIXES: Mapping[str, str] = {
    "indicator.": "indicators",
    "指标.": "indicators",
    "previous.": "previous_indicators",
    "上一版.": "previous_indicators",
    "attr.": "attributes",
    "属性.": "attributes",
}
_BOOLEAN_FIELDS = frozenset(
    {"applied", "consent", "format_compliant", "mass_produced", "widely_provided", "passed"}
)
_TRUE = frozenset({"true", "yes", "y", "1", "是", "有"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "无"})


def _boolean(cell: str) -> object:
    folded = cell.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return cell


def _number(cell: str) -> object:
    try:
        value = float(cell)
    except ValueError:
        return cell
    return int(value) if value.is_integer() and "." not in cell and "e" not in cell else value


Placer = Callable[[dict[str, dict[str, object]], str], None]


def _placer(column: str) -> Placer:
    target = _COLUMNS.get(column)
    if target is not None:
        part, field = target
        parse = _boolean if field in _BOOLEAN_FIELDS else _number if field == "outlets" else str

        def place(parts: dict[str, dict[str, object]], cell: str) -> None:
            parts.setdefault(part, {})[field] = parse(cell)

        return place
    mapping, key = "indicators", column
    for prefix, name in _PREFIXES.items():
        if column.startswith(prefix):
            mapping, key = name, column[len(prefix) :]
            break
    parse_value: Callable[[str], object] = str if mapping == "attributes" else _number

    def place_mapping(parts: dict[str, dict[str, object]], cell: str) -> None:
        parts.setdefault(mapping, {})[key] = parse_value(cell)

    return place_mapping


def _records(parts: dict[str, dict[str, object]]) -> tuple[dict[str, object], dict[str, object]]:
    enterprise = parts.get("enterprise", {})
    standard = parts.get("standard", {})
    if "credit_code" in enterprise:
        standard["enterprise"] = enterprise["credit_code"]
    standard["indicators"] = parts.get("indicators", {})
    for part, field in (("product", "products"), ("service", "service"), ("report", None)):
        if part in parts:
            value = parts[part]
            standard[field or "conformity_report"] = [value] if field == "products" else value
    for mapping in ("previous_indicators", "attributes"):
        if mapping in parts:
            standard[mapping] = parts[mapping]
    return enterprise, standard


def read_csv_rows(text: str, builder: DatasetBuilder) -> None:
    """Give every row of `text` to `builder`; raise `CsvLayoutError` on an unusable file."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise CsvLayoutError("empty CSV file: expected a header row", 1)
        columns = [h.strip() for h in header]
        for name in ("标准编号", "number"):
            if name in columns:
                break
        else:
            raise CsvLayoutError("the header has no 'number' (标准编号) column", 1)
        placers = [_placer(c) for c in columns]
        seen_codes: set[str] = set()
        start = reader.line_num + 1
        for row in reader:
            at, start = start, reader.line_num + 1
            path = builder.path_at(at)
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(placers):
                builder.reject_standard(
                    at, None, f"row has {len(row)} cells, header {len(placers)}"
                )
                continue
            parts: dict[str, dict[str, object]] = {}
            for place, cell in zip(placers, row, strict=False):
                cell = cell.strip()
                if cell:
                    place(parts, cell)
            enterprise, standard = _records(parts)
            code = enterprise.get("credit_code")
            if isinstance(code, str) and code not in seen_codes:
                seen_codes.add(code)
                builder.add_enterprise(enterprise, path)
            builder.add_standard(standard, at)
    except csv.Error as exc:
        raise CsvLayoutError(f"malformed CSV: {exc}", reader.line_num) from None
