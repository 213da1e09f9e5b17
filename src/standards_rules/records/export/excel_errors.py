"""Excel error cells: where a sheet of a workbook holds #N/A, #DIV/0!, #VALUE!, … (SPEC §3.2).

python-calamine reads an error cell as an empty text, which a cell with nothing
in it also is; the sheet's XML says which cells hold an error
(`<c r="B7" t="e"><f>1/0</f><v>#DIV/0!</v></c>`). Takes a workbook's path and a
sheet's name; gives each error cell as (row number, column number, both from 1)
with the error's text. The sheet's XML is read a chunk at a time and only a chunk
that has an error cell's mark is searched; a workbook whose parts cannot be found
gives no error cells (calamine has read it, or said why it cannot).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

_CHUNK = 1 << 22
# The start tag of an error cell, its attributes in any order and either quote.
_ERROR_CELL = re.compile(rb"<c\s[^>]*?\bt\s*=\s*[\"']e[\"'][^>]*>")
_REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Za-z]{1,3})([0-9]+)[\"']")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_MARKS = (b'"e"', b"'e'")


def error_cells(path: str, sheet_name: str) -> dict[tuple[int, int], str]:
    """The error cells of the sheet `sheet_name` of the workbook at `path`."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet_name)
            if part is None:
                return {}
            with archive.open(part) as xml:
                return dict(_errors(iter(lambda: xml.read(_CHUNK), b"")))
    except Exception:  # a part missing or malformed, in any of zipfile's and XML's ways
        return {}


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The path in the archive of the sheet's XML, through the workbook's relationships."""
    workbook = _target(archive, "_rels/.rels", "officeDocument", "") or "xl/workbook.xml"
    tree = ElementTree.fromstring(archive.read(workbook))
    relation = next(
        (
            value
            for sheet in tree.iter()
            if _local(sheet.tag) == "sheet" and sheet.get("name") == sheet_name
            for key, value in sheet.attrib.items()
            if _local(key) == "id"
        ),
        None,
    )
    if relation is None:
        return None
    folder, name = posixpath.split(workbook)
    return _target(archive, posixpath.join(folder, "_rels", name + ".rels"), relation, folder)


def _target(archive: zipfile.ZipFile, rels: str, wanted: str, folder: str) -> str | None:
    """The target of the relationship of `rels` whose id (or type's last word) is `wanted`."""
    if rels not in archive.NameToInfo:
        return None
    for relation in ElementTree.fromstring(archive.read(rels)).iter():
        kind = relation.get("Type", "").rsplit("/", 1)[-1]
        target = relation.get("Target")
        if target is not None and wanted in (relation.get("Id"), kind):
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join(folder, target))
    return None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _errors(chunks: Iterator[bytes]) -> Iterator[tuple[tuple[int, int], str]]:
    """Error cells in XML given in chunks: each chunk is searched up to its last `<c`,
    before which every cell is whole (an error cell holds no `<`), the rest kept."""
    rest = b""
    for chunk in chunks:
        text = rest + chunk
        cut = text.rfind(b"<c")
        if cut <= 0:
            rest = text
            continue
        yield from _found(text[:cut])
        rest = text[cut:]
    yield from _found(rest)


def _found(text: bytes) -> Iterator[tuple[tuple[int, int], str]]:
    if not any(mark in text for mark in _MARKS):
        return
    for cell in _ERROR_CELL.finditer(text):
        reference = _REFERENCE.search(cell[0])
        if reference is None:
            continue
        letters, row = reference.groups()
        column = 0
        for letter in letters.upper():
            column = column * 26 + letter - 64
        end = -1 if cell[0].endswith(b"/>") else text.find(b"</c>", cell.end())
        value = _VALUE.search(text, cell.end(), end) if end != -1 else None
        shown = value[1].decode("utf-8", "replace").strip() if value is not None else ""
        yield (int(row), column), shown or "#N/A"
