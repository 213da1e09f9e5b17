"""CSV layout: the platform's export, one row per standard, as raw records.

Takes CSV text with a header row; gives each row to a `DatasetBuilder` as an
enterprise record (the first row that names a credit code defines the
enterprise) and a standard record, both with the row's line as their path.
Header names are English or the platform's Chinese column names; a column
that is not a known field is an indicator (`sulfur`, `指标.sulfur`,
`indicator.sulfur`, or with a ruleset its label or alias); `previous.X` /
`上一版.X` columns are previous indicator values and `attr.X` / `属性.X`
columns are attributes. Empty cells are absent. Cells are read as people type
them (SPEC §3.2, `export.cells`); a cell that does not read rejects its row's
standard (or, for an enterprise column, the enterprise) naming the header, the
text and the reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import attrs

from standards_rules.records.export.cells import (
    Cell,
    CellError,
    cell_text,
    read_bool,
    read_code,
    read_credit_code,
    read_date,
    read_number,
    read_status,
    read_subject,
    read_text,
    read_whole,
)
from standards_rules.records.export.columns import Reader, read_verdict
from standards_rules.records.export.names import IndicatorNames, is_higher, ruleset_indicators
from standards_rules.records.export.requirement import RequirementProblem, read_requirement
from standards_rules.records.validate import DatasetBuilder


class CsvLayoutError(Exception):
    """The CSV text has no usable header or cannot be split into rows."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_COLUMNS: Mapping[str, tuple[str, str, Reader]] = {
    **dict.fromkeys(
        ("credit_code", "统一社会信用代码"), ("enterprise", "credit_code", read_credit_code)
    ),
    **dict.fromkeys(("enterprise_name", "企业名称"), ("enterprise", "name", read_text)),
    **dict.fromkeys(
        ("county", "所属地区", "行政区划", "所在区县", "所属区县"),
        ("enterprise", "county", read_text),
    ),
    **dict.fromkeys(("applied", "是否申报"), ("enterprise", "applied", read_bool)),
    **dict.fromkeys(("consent", "同意入榜", "是否同意入榜"), ("enterprise", "consent", read_bool)),
    **dict.fromkeys(("number", "标准编号"), ("standard", "number", read_code)),
    **dict.fromkeys(("name", "标准名称"), ("standard", "name", read_text)),
    **dict.fromkeys(("status", "标准状态"), ("standard", "status", read_status)),
    **dict.fromkeys(
        ("published_on", "公开时间", "发布日期"), ("standard", "published_on", read_date)
    ),
    **dict.fromkeys(("format_compliant", "格式规范"), ("standard", "format_compliant", read_bool)),
    **dict.fromkeys(("category", "产品类别", "类别"), ("standard", "category", read_text)),
    **dict.fromkeys(("subject", "标准类型"), ("standard", "subject", read_subject)),
    **dict.fromkeys(("replaces", "代替标准号"), ("standard", "replaces", read_code)),
    **dict.fromkeys(("product_name", "产品名称"), ("product", "name", read_text)),
    **dict.fromkeys(("model", "规格型号"), ("product", "model", read_text)),
    **dict.fromkeys(("mass_produced", "是否量产"), ("product", "mass_produced", read_bool)),
    **dict.fromkeys(("widely_provided", "广泛提供"), ("service", "widely_provided", read_bool)),
    **dict.fromkeys(("outlets", "网点数"), ("service", "outlets", read_whole)),
    **dict.fromkeys(
        ("report_passed", "符合性报告通过", "符合性报告结论"), ("report", "passed", read_verdict)
    ),
    **dict.fromkeys(
        ("report_issued_on", "报告出具日期", "符合性报告日期"), ("report", "issued_on", read_date)
    ),
    **dict.fromkeys(("report_agency", "报告出具机构", "检验机构"), ("report", "agency", read_text)),
}
_PREFIXES: Mapping[str, str] = {
    "indicator.": "indicators",
    "指标.": "indicators",
    "previous.": "previous_indicators",
    "上一版.": "previous_indicators",
    "attr.": "attributes",
    "属性.": "attributes",
}
# Where a problem in each part of a row is reported, after the row's path.
_PART_PATHS: Mapping[str, str] = {
    "enterprise": "",
    "standard": "",
    "product": "products[0].",
    "service": "service.",
    "report": "conformity_report.",
    "indicators": "indicators.",
    "previous_indicators": "previous_indicators.",
    "attributes": "attributes.",
}


class IndicatorValues:
    """How indicator cells are read: numbers, or with a ruleset also names and requirement text."""

    def __init__(self, ruleset: object | None = None) -> None:
        self._names = None if ruleset is None else IndicatorNames(ruleset_indicators(ruleset))

    def key(self, column: str) -> str:
        """The indicator id a column names (its id, label or alias), else the column as written."""
        indicator = None if self._names is None else self._names.match(column)
        return column if indicator is None else indicator.id

    def reader(self, key: str) -> Reader:
        indicator = None if self._names is None else self._names.by_id.get(key)
        if indicator is None:
            return read_number

        def read(cell: Cell) -> object:
            try:
                return read_number(cell)
            except CellError:
                pass
            try:
                return read_requirement(
                    cell_text(cell), higher=is_higher(indicator), unit=indicator.unit
                )
            except RequirementProblem as exc:
                raise CellError(exc.reason) from None

        return read


@attrs.frozen
class _Column:
    header: str
    part: str
    field: str
    read: Reader


def _is_number(column: _Column) -> bool:
    return column.part == "standard" and column.field == "number"


def _column(header: str, values: IndicatorValues) -> _Column:
    target = _COLUMNS.get(header)
    if target is not None:
        return _Column(header, *target)
    mapping, key = "indicators", header
    for prefix, name in _PREFIXES.items():
        if header.startswith(prefix):
            mapping, key = name, header[len(prefix) :]
            break
    if mapping == "attributes":
        return _Column(header, mapping, key, read_text)
    key = values.key(key)
    return _Column(header, mapping, key, values.reader(key))


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


def read_csv_rows(text: str, builder: DatasetBuilder, ruleset: object | None = None) -> None:
    """Give every row of `text` to `builder`; raise `CsvLayoutError` on an unusable file.

    `ruleset`: its indicators' labels and aliases name columns too, and their
    cells may hold requirement text (`≥96`, SPEC §3.3).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise CsvLayoutError("empty CSV file: expected a header row", 1)
        headers = [h.strip().lstrip("\ufeff") for h in header]
        if "标准编号" not in headers and "number" not in headers:
            raise CsvLayoutError("the header has no 'number' (标准编号) column", 1)
        values = IndicatorValues(ruleset)
        columns = [_column(h, values) for h in headers]
        _no_field_twice(columns)
        seen_codes: set[str] = set()
        start = reader.line_num + 1
        for row in reader:
            at, start = start, reader.line_num + 1
            if any(cell.strip() for cell in row):
                _read_row(builder, columns, row, at, seen_codes)
    except csv.Error as exc:
        raise CsvLayoutError(f"malformed CSV: {exc}", reader.line_num) from None


def _no_field_twice(columns: list[_Column]) -> None:
    """Two columns for one field (`number` and 标准编号, an indicator by its id and by its
    label) would leave one of them unread: the header is unusable."""
    first: dict[tuple[str, str], _Column] = {}
    for column in columns:
        if not column.header:
            continue
        earlier = first.setdefault((column.part, column.field), column)
        if earlier is not column:
            raise CsvLayoutError(
                f"the columns {earlier.header!r} and {column.header!r} both hold {column.field}",
                1,
            )


def _read_row(
    builder: DatasetBuilder, columns: list[_Column], row: list[str], at: int, seen: set[str]
) -> None:
    path = builder.path_at(at)
    if len(row) > len(columns):
        # Empty cells past the header (a trailing comma) hold nothing to place.
        if any(cell.strip() for cell in row[len(columns) :]):
            given = zip(columns, row, strict=False)
            written = next((read_code(cell) for c, cell in given if _is_number(c)), None)
            error = f"row has {len(row)} cells, header {len(columns)}"
            builder.reject_standard(at, written, error)
            return
        row = row[: len(columns)]
    parts: dict[str, dict[str, object]] = {}
    problems: list[tuple[_Column, str, str]] = []
    for column, cell in zip(columns, row, strict=False):
        try:
            value = column.read(cell)
        except CellError as exc:
            problems.append((column, cell.strip(), exc.reason))
            continue
        if value is not None:
            parts.setdefault(column.part, {})[column.field] = value
    enterprise, standard = _records(parts)
    code = enterprise.get("credit_code")
    number = standard.get("number")
    bad_enterprise = [p for p in problems if p[0].part == "enterprise"]
    if isinstance(code, str) and code not in seen:
        seen.add(code)
        if bad_enterprise:
            where, error = _problem(path, bad_enterprise)
            builder.reject_enterprise(where, code, error)
        else:
            builder.add_enterprise(enterprise, path)
    own = [p for p in problems if p[0].part != "enterprise"]
    if own:
        where, error = _problem(path, own)
        builder.reject_standard(at, number if isinstance(number, str) else None, error, where)
    else:
        builder.add_standard(standard, at)


def _problem(path: str, problems: list[tuple[_Column, str, str]]) -> tuple[str, str]:
    """The path of the first problem and every problem's header, cell text and reason."""
    first = problems[0][0]
    shown = "; ".join(f"{column.header} '{text}': {reason}" for column, text, reason in problems)
    return f"{path}.{_PART_PATHS[first.part]}{first.field}", shown
