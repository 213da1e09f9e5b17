"""Records: the typed dataset (enterprises, standards, titles) and its loading.

Takes dataset files or in-memory objects; gives a `Dataset` of frozen attrs
records plus the records that were rejected, with their paths and reasons.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from standards_rules.records.credit_code import (
    check_character,
    complete_credit_code,
    credit_code_problem,
    is_valid_credit_code,
)
from standards_rules.records.model import (
    ConformityReport,
    Dataset,
    DatasetWarning,
    Enterprise,
    Event,
    EventKind,
    Product,
    Rejected,
    Service,
    Standard,
    Status,
    Subject,
    Title,
    Withdrawal,
    record_schema,
)

if TYPE_CHECKING:
    from standards_rules.records.load import (
        DatasetError,
        dump_dataset,
        load_dataset,
        load_dataset_from_dict,
        load_dataset_from_text,
        make_converter,
        read_dataset,
    )

# The loader (cattrs, orjson, the export readers) is imported when first used: the
# checker reads the record model alone, and `check` should not pay for the loader.
_LOADER = (
    "DatasetError",
    "dump_dataset",
    "load_dataset",
    "load_dataset_from_dict",
    "load_dataset_from_text",
    "make_converter",
    "read_dataset",
)


def __getattr__(name: str) -> Any:
    if name not in _LOADER:
        raise AttributeError(f"module 'standards_rules.records' has no attribute {name!r}")
    value = getattr(importlib.import_module("standards_rules.records.load"), name)
    globals()[name] = value
    return value


__all__ = [
    "ConformityReport",
    "Dataset",
    "DatasetError",
    "DatasetWarning",
    "Enterprise",
    "Event",
    "EventKind",
    "Product",
    "Rejected",
    "Service",
    "Standard",
    "Status",
    "Subject",
    "Title",
    "Withdrawal",
    "check_character",
    "complete_credit_code",
    "credit_code_problem",
    "dump_dataset",
    "is_valid_credit_code",
    "load_dataset",
    "load_dataset_from_dict",
    "load_dataset_from_text",
    "make_converter",
    "read_dataset",
    "record_schema",
]
