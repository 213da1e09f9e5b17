"""Standards handed from one process to another as plain values, and built again.

Takes `Standard` records (on the sending side) and gives `marshal`-able tuples;
takes those tuples (on the receiving side) and gives records equal to the ones
sent. The loader's worker process reads part of a large JSON Lines file this
way (`records.line_worker`). A record's field values go across by position in a
table of values: each text, date, number, product list, conformity report,
status, subject and list of indicator names is sent once, as a table entry,
and a record names it by its index. So the receiver makes each shared value
once (as the loader's `Shared` cache does) and, for a record, only looks values
up and builds the record itself. Index 1 is None; no index is 0, so that an
index is found by `found or added`.

Only plain records go across: one with a service or attributes is left to the
receiver to read from its line (the worker sends the line instead).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from standards_rules.records.construct import slot_builder
from standards_rules.records.model import (
    EMPTY_ATTRIBUTES,
    ConformityReport,
    Product,
    Standard,
    Status,
    Subject,
)

# A table entry: (kind, what to make the value from).
TEXT, DAY, NUMBER, NAMES, PRODUCTS, REPORT, STATUS, SUBJECT = range(8)
Entry = tuple[int, Any]
# Past this many values a table starts again (at a batch's end), so that values
# that hardly repeat (unique model names, say) do not pile up on either side.
TABLE_LIMIT = 1 << 16

_new_standard = slot_builder(Standard)
_new_product = slot_builder(Product)
_new_report = slot_builder(ConformityReport)


def can_send(record: Standard) -> bool:
    """Whether `record` goes across as values (else its line does)."""
    return record.service is None and record.attributes is EMPTY_ATTRIBUTES


class Encoder:
    """The sending side: records as tuples of table indices, and the table's new entries."""

    __slots__ = ("_by_id", "_kept", "_names", "_new")

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        # Values are found by identity (the loader's cache shares equal values), and
        # kept so that no identity is reused while it is in the table.
        self._by_id: dict[int, int] = {id(None): 1}
        self._kept: list[object] = [None, None]
        self._names: dict[tuple[str, ...], int] = {}
        self._new: list[Entry] = []

    def entries(self) -> tuple[bool, list[Entry]]:
        """The entries added since the last call, and whether the table starts again after
        the batch they came with (both sides then forget it)."""
        new = self._new
        full = len(self._kept) >= TABLE_LIMIT
        if full:
            self._start()
        else:
            self._new = []
        return full, new

    def index(self, value: Any) -> int:
        found = self._by_id.get(id(value))
        if found is not None:
            return found
        kind = value.__class__
        entry: Entry
        if kind is str:
            entry = (TEXT, value)
        elif kind is float:
            entry = (NUMBER, value)
        elif kind is datetime.date:
            entry = (DAY, value.isoformat())
        elif kind is tuple:  # a standard's products
            index = self.index
            products = tuple((index(p.name), index(p.model), p.mass_produced) for p in value)
            entry = (PRODUCTS, products)
        elif kind is ConformityReport:
            entry = (REPORT, (value.passed, self.index(value.issued_on), self.index(value.agency)))
        elif kind is Status or kind is Subject:
            entry = (STATUS if kind is Status else SUBJECT, value.value)
        else:
            raise TypeError(f"cannot send {kind.__name__}")
        return self._add(value, entry)

    def _add(self, value: object, entry: Entry) -> int:
        number = len(self._kept)
        self._kept.append(value)
        self._by_id[id(value)] = number
        self._new.append(entry)
        return number

    def standard(self, record: Standard) -> tuple[Any, ...]:
        """`record` (one `can_send` allows) as a tuple of its values and indices."""
        # Each value looked up inline, `index` called only for a value not yet sent:
        # this runs for millions of records.
        found = self._by_id.get
        index = self.index
        names = self._names.get
        values = record.indicators
        indicators = tuple(values)
        indicator_names = names(indicators) or self._add_names(indicators)
        indicator_values = tuple([found(id(v)) or index(v) for v in values.values()])
        previous = record.previous_indicators
        previous_values: tuple[int, ...] = ()
        if previous is None:
            previous_names = 0

        else:
            keys = tuple(previous)
            previous_names = names(keys) or self._add_names(keys)
            previous_values = tuple([found(id(v)) or index(v) for v in previous.values()])
        name, status, published_on = record.name, record.status, record.published_on
        category, subject, products = record.category, record.subject, record.products
        report, replaces = record.conformity_report, record.replaces
        return (
            record.number,
            found(id(name)) or index(name),
            record.enterprise,
            found(id(status)) or index(status),
            found(id(published_on)) or index(published_on),
            record.format_compliant,
            found(id(category)) or index(category),
            found(id(subject)) or index(subject),
            found(id(products)) or index(products),
            indicator_names,
            indicator_values,
            previous_names,
            previous_values,
            found(id(report)) or index(report),
            found(id(replaces)) or index(replaces),
        )

    def _add_names(self, names: tuple[str, ...]) -> int:
        number = self._names[names] = self._add(names, (NAMES, names))
        return number


class Decoder:
    """The receiving side: the table, and records built from their tuples."""

    __slots__ = ("_holder", "_makers", "_table")

    def __init__(self, holder: type) -> None:
        """`holder`: the compact-dict holder class the indicator values are made with."""
        self._holder = holder
        self._table: list[Any] = [None, None]
        table = self._table
        fromisoformat = datetime.date.fromisoformat

        def products(items: tuple[tuple[int, int, bool], ...]) -> tuple[Product, ...]:
            return tuple(_new_product(table[n], table[m], flag) for n, m, flag in items)

        def report(values: tuple[bool, int, int]) -> ConformityReport:
            passed, issued, agency = values
            return _new_report(passed, table[issued], table[agency])

        def same(value: object) -> object:
            return value

        self._makers: tuple[Callable[[Any], object], ...] = (
            same,  # TEXT
            fromisoformat,  # DAY
            same,  # NUMBER
            same,  # NAMES
            products,
            report,
            Status,
            Subject,
        )

    def add(self, entries: list[Entry]) -> None:
        """The entries of one batch, in order (each may refer to those before it)."""
        append = self._table.append
        makers = self._makers
        # One at a time: a product list or report is made from texts and dates just added.
        for kind, made_from in entries:
            append(makers[kind](made_from))

    def restart(self) -> None:
        """Forget the table, after a batch whose sender started again."""
        del self._table[2:]

    def standard(self, values: tuple[Any, ...], codes: dict[str, str]) -> Standard:
        """The record `values` stands for; `codes`: the enterprises' shared credit codes."""
        table = self._table
        (
            number,
            name,
            enterprise,
            status,
            published_on,
            compliant,
            category,
            subject,
            products,
            names,
            indicators,
            previous_names,
            previous_indicators,
            report,
            replaces,
        ) = values
        kept: dict[str, float] = self._holder().__dict__
        for key, value in zip(table[names], indicators, strict=True):
            kept[key] = table[value]
        previous: dict[str, float] | None = None
        if previous_names:
            previous = self._holder().__dict__
            for key, value in zip(table[previous_names], previous_indicators, strict=True):
                previous[key] = table[value]
        return _new_standard(
            number,
            table[name],
            codes.get(enterprise, enterprise),
            table[status],
            table[published_on],
            compliant,
            table[category],
            table[subject],
            table[products],
            None,
            kept,
            previous,
            table[report],
            EMPTY_ATTRIBUTES,
            table[replaces],
        )


__all__ = ["TABLE_LIMIT", "Decoder", "Encoder", "can_send"]
