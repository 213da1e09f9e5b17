"""Write `src/standards_rules/check/record_fields.py` anew from the record classes.

Run after changing a record class in `records/model.py`:

    .venv/bin/python scripts/record_fields.py

`tests/test_record_fields.py` fails until the table says what the classes say.
"""

from __future__ import annotations

from pathlib import Path

from standards_rules.check import described_records

TABLE = Path(described_records.__file__).with_name("record_fields.py")

if __name__ == "__main__":
    TABLE.write_text(described_records.module_text(), encoding="utf-8")
    print(f"wrote {TABLE}")
