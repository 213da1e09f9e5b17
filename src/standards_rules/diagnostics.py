"""Diagnostics: problems found in a ruleset, their stable codes, and their rendering.

Passes append `Diagnostic`s to a list and never raise mid-pass; the façade raises
one `RulesetError` holding them all. Rendering follows SPEC §6.2: a header line
`path:line:column: severity[CODE]: message`, the source line, and a caret
under the span.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence

import attrs

from standards_rules.frozen import Frozen
from standards_rules.limits import MAX_SHOWN_SOURCE_LINE
from standards_rules.source import Source, Span
from standards_rules.visible import shown, shown_keeping_tabs


class Severity(enum.Enum):
    """How bad a diagnostic is: an error fails `check`; warnings alone do not."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(eq=False, repr=False, slots=False)
class Diagnostic(Frozen):
    """One problem of a ruleset: its stable code, severity, message, span and file (SPEC §6.2)."""

    code: str
    severity: Severity
    message: str
    span: Span
    path: str = "<ruleset>"

    @property
    def is_error(self) -> bool:
        """Whether this diagnostic is an error (and so fails the ruleset)."""
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        """The diagnostic as `check --format json` prints it."""
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def error(code: str, message: str, span: Span, path: str = "<ruleset>") -> Diagnostic:
    """An error diagnostic."""
    return Diagnostic(code, Severity.ERROR, message, span, path)


def warning(code: str, message: str, span: Span, path: str = "<ruleset>") -> Diagnostic:
    """A warning diagnostic."""
    return Diagnostic(code, Severity.WARNING, message, span, path)


class StandardsRulesError(Exception):
    """The base of every error this library raises on purpose."""


class RulesetError(StandardsRulesError):
    """A ruleset has errors; `diagnostics` holds every problem found, warnings included."""

    def __init__(
        self,
        diagnostics: Sequence[Diagnostic],
        source: Source | None = None,
        sources: Mapping[str, Source] | None = None,
    ) -> None:
        self.diagnostics = tuple(diagnostics)
        self.source = source
        # Every file a diagnostic may point into (the ruleset and its libraries), by path.
        self.sources: dict[str, Source] = dict(sources or {})
        if source is not None:
            self.sources.setdefault(source.path, source)
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        summary = f"{len(errors)} error(s)"
        if first is not None:
            summary += (
                f"; first: {first.path}:{first.span.line}:{first.span.column}: {first.message}"
            )
        super().__init__(summary)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any of `diagnostics` is an error."""
    return any(d.is_error for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """The order diagnostics are shown in: by file, line, column, then code."""
    return (diagnostic.path, diagnostic.span.line, diagnostic.span.column, diagnostic.code)


def render_text(diagnostic: Diagnostic, source: Source | None) -> str:
    """The three-line text form: header, source line, caret under the span.

    Control characters are shown as escapes, so that a plan's text cannot steer
    the terminal; a line too long to read is cut to a window around the span.
    """
    span = diagnostic.span
    header = shown(
        f"{diagnostic.path}:{span.line}:{span.column}: "
        f"{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"
    )
    if source is None:
        return header
    line = source.line_text(span.line)
    if not line.strip():
        return header
    end = span.end_column if span.end_line == span.line else len(line) + 1
    start = min(span.column - 1, len(line))
    stop = max(start, min(end, len(line) + 1) - 1)
    before, marked, after = (
        shown_keeping_tabs(part) for part in (line[:start], line[start:stop], line[stop:])
    )
    if len(before) + len(marked) + len(after) > MAX_SHOWN_SOURCE_LINE:
        before = _cut_start(before, _SHOWN_BEFORE)
        marked = _cut_end(marked, _SHOWN_MARKED)
        after = _cut_end(after, _SHOWN_AFTER)
    # East Asian wide characters take two terminal cells; the caret must stay under them.
    pad = "".join(_cells(ch) for ch in before)
    carets = "^" * max(1, sum(len(_cells(ch)) for ch in marked))
    return f"{header}\n    {before}{marked}{after}\n    {pad}{carets}"


# SPEC §6.2 shows the source line itself; only a line longer than
# MAX_SHOWN_SOURCE_LINE characters, which no reader could take in, is cut to the
# span and this much of what stands on either side of it.
_SHOWN_BEFORE = 60
_SHOWN_MARKED = 80
_SHOWN_AFTER = 40


def _cut_start(text: str, keep: int) -> str:
    return text if len(text) <= keep else "…" + text[len(text) - keep + 1 :]


def _cut_end(text: str, keep: int) -> str:
    return text if len(text) <= keep else text[: keep - 1] + "…"


def _cells(ch: str) -> str:
    import unicodedata

    if ch == "\t":
        return "\t"
    return "  " if unicodedata.east_asian_width(ch) in ("W", "F") else " "


def render_all_text(
    diagnostics: Sequence[Diagnostic], sources: Source | Mapping[str, Source] | None
) -> str:
    """Every diagnostic in order; each with the line of the file it points into, when known."""
    if isinstance(sources, Source):
        sources = {sources.path: sources}
    files = sources or {}
    return "\n".join(render_text(d, files.get(d.path)) for d in sorted(diagnostics, key=sort_key))


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The diagnostics as the JSON list `check --format json` prints (SPEC §6.2)."""
    import json  # here: `check` prints text unless asked for JSON

    return json.dumps(
        [d.to_dict() for d in sorted(diagnostics, key=sort_key)], ensure_ascii=False, indent=2
    )


# Every diagnostic code with a one-line description; docs/diagnostics.md gives a failing example.
CODES: dict[str, str] = {
    # syntax
    "E100": "a character that cannot start any token",
    "E101": "a token where the language expects something else",
    "E102": "the file ends before the ruleset is complete",
    "E103": "expressions nested too deeply",
    "E104": "an invalid escape in a string",
    "E105": "a date that does not exist",
    "E106": "a ruleset file too large to check",
    "E107": "a section written twice",
    "E110": "a `use` of a file that cannot be read",
    "E111": "a `use` cycle",
    "E112": "a `use` of a ruleset (only libraries can be used), or a library given as a ruleset",
    # limits (docs/limits.md)
    "E120": "a number beyond ±1.8e308",
    "E121": "a number or date written with digits that are not ASCII",
    "E122": "half of a surrogate pair in a text",
    "E123": "a duration longer than the calendar",
    # names
    "E201": "an unknown indicator id",
    "E202": "an unknown name",
    "E203": "an unknown field",
    "E204": "an unknown function",
    "E205": "an unknown tier",
    "E206": "an unknown rule or trigger id in `because`",
    "E207": "a duplicate id",
    "E208": "a string that is not one of a field's fixed values",
    "E209": "a variable or parameter that hides a name in scope",
    "E210": "an unknown reference name",
    "E211": "`awarded` outside a withdraw trigger",
    "E212": "a define that takes a name already taken",
    "E213": "defines that use each other in a cycle",
    "E214": "a define used with the wrong arguments",
    "E215": "a define parameter of an unknown type",
    # types
    "E301": "operands of the wrong type",
    "E302": "a rule, require or trigger body that is not bool",
    "E303": "a builtin called with the wrong number of arguments",
    "E304": "a direction-aware comparison whose left side is not an indicator field",
    "E305": "a regular expression that does not compile",
    "E306": "a regular expression that is not a string literal",
    "E330": "a regular expression that cannot be matched in bounded time",
    # structure
    "E401": "a weight that is not positive",
    "E402": "weights that do not sum to 1",
    "E403": "relative normalisation with an indicator lacking that limit",
    "E404": "tiers out of order for the indicator's direction",
    "E406": "a required section is missing",
    "E407": "rank, group or leaders without a score section",
    "E409": "an indicator without `better lower` or `better higher`",
    "E410": "a leaders section without `top`",
    "E411": "a weight on a basic indicator",
    "E412": "two indicators sharing a name",
    "E413": "a `range` whose MIN is not below its MAX",
    "E414": "a named reference called `national` or `industry`",
    "E416": "`bands` on an indicator without tiers",
    "E417": "a band worse than a national or industry limit",
    "E418": "`per enterprise` that is not a whole number of at least 1",
    "E419": "a `valid` period that is not positive",
    # warnings
    "W501": "a rule that can never hold",
    "W502": "a rule that always holds",
    "W503": "a division by the literal zero",
    "W504": "a tier that an eligibility rule's limit comparison cannot admit",
    "W505": "an example names a standard that is not in its data",
}
