"""Encodings: the bytes of a CSV file as text, in UTF-8 (with or without a BOM) or GB18030.

Takes a file's bytes; gives its text and the name of the encoding read, for the
loader's summary. Excel on a Chinese system saves CSV in GB18030 (a superset of
GBK and GB2312); bytes that are valid UTF-8 are read as UTF-8, anything else as
GB18030, and bytes that are neither raise `EncodingProblem` naming the offset.
"""

from __future__ import annotations

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 (BOM)"
GB18030 = "GB18030"


class EncodingProblem(ValueError):
    """Neither UTF-8 nor GB18030: `line`, `column` and the byte say where."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of `data`; raises `EncodingProblem`."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as exc:
            raise _problem(data, exc.start + 3, "not UTF-8 text after its BOM") from None
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), GB18030
    except UnicodeDecodeError as exc:
        raise _problem(data, exc.start, "neither UTF-8 nor GB18030 text") from None


def _problem(data: bytes, offset: int, what: str) -> EncodingProblem:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return EncodingProblem(f"{what} (byte 0x{data[offset]:02x} at offset {offset})", line, column)
