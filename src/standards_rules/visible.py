"""Text from data shown as text: control characters made visible, never sent to a terminal.

A label, a standard number or a name may hold anything its author typed,
including ESC sequences that would recolour, move or retitle a terminal. Every
renderer passes such text through `shown` before it is printed or written.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators; bidirectional
# overrides too, since they reorder what a reader sees on the line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A source line shown under a diagnostic keeps its tabs: the caret line repeats them
# so that the caret stays under the span whatever the terminal's tab stops.
_CONTROL_BUT_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str | None, missing: str = "") -> str:
    """`text` with every control character written as an escape (`\\x1b`); `missing` for None."""
    if text is None:
        return missing
    return _CONTROL.sub(_escaped, text)


def shown_keeping_tabs(text: str) -> str:
    """Like `shown`, but tabs are kept as they are."""
    return _CONTROL_BUT_TAB.sub(_escaped, text)


def shown_lines(text: str) -> str:
    """Like `shown`, line by line: the newlines between lines are kept."""
    return "\n".join(shown(line) for line in text.split("\n"))


__all__ = ["shown", "shown_keeping_tabs", "shown_lines"]
