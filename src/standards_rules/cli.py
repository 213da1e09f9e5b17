"""The command line: parse arguments, call the library, print, exit (SPEC §6.1).

Exit codes: 0 success; 1 a ruleset has errors or a test/verify failed; 2 bad
usage or an unreadable file; 3 with `--strict`, some records were rejected.
No logic a library user would need lives here. This module holds the group,
`check` and what the commands share (options, exit codes, reading a ruleset
and a dataset); the other commands are `cli_outcomes`' (evaluate, explain,
diff), `cli_authoring`'s (fmt, new, import, lsp) and `testing.commands`'
(test, verify), each loaded only when it runs.
"""

from __future__ import annotations

import datetime
import io
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

import click

from standards_rules.collector import collector_paused
from standards_rules.program import ends_without_teardown

if TYPE_CHECKING:
    # Imported where a command uses them: `--help` needs none of the stages, and
    # `check` neither the compiler nor the records (docs/performance.md, start-up).
    from standards_rules.frontend import CheckedRuleset
    from standards_rules.records import Dataset
    from standards_rules.source import Source

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3


def fail_usage(message: str) -> NoReturn:
    click.echo(f"standards-rules: {message}", err=True)
    sys.exit(EXIT_USAGE)


def format_option(*choices: str, help: str | None = None) -> Callable[[F], F]:
    """`--format` with `choices`, the first being the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def as_of_option() -> Callable[[F], F]:
    return click.option(
        "--as-of", "as_of", metavar="DATE", help="Evaluation date (default: today)."
    )


_OUTCOMES = "standards_rules.cli_outcomes"
_AUTHORING = "standards_rules.cli_authoring"


class _LazyGroup(click.Group):
    """A command group whose commands but `check` are loaded only when they run.

    `test` and `verify` (which load hypothesis) are listed by their `summaries`.
    The commands of `cli_outcomes` and `cli_authoring` are registered as stand-ins
    holding the first paragraph of their help, which click lists and suggests as
    it does any command's; `get_command` gives the command itself. So `--help`
    imports none of their modules, nor `check` (docs/performance.md, start-up).
    """

    lazy: ClassVar[Mapping[str, str]] = {"test": "test_command", "verify": "verify_command"}
    # name → (module, attribute, the first paragraph of its help); tests/test_startup_imports.py
    # keeps these in step with the commands themselves.
    elsewhere: ClassVar[Mapping[str, tuple[str, str, str]]] = {
        "diff": (
            _OUTCOMES,
            "diff",
            "What a new version NEW of plan OLD changes: in the plans, then per standard on DATA.",
        ),
        "evaluate": (
            _OUTCOMES,
            "evaluate",
            "Evaluate RULESET against the records in DATA; print the report.",
        ),
        "explain": (
            _OUTCOMES,
            "explain",
            "Explain every verdict on one standard: rules, values, scores, rank, withdrawal.",
        ),
        "fmt": (
            _AUTHORING,
            "fmt",
            "Lay RULESETS out canonically (in place), keeping comments and line breaks.",
        ),
        "import": (
            _AUTHORING,
            "import_command",
            "Read an export in the platform's layout (EXPORTS: .xlsx, CSV files or a folder).",
        ),
        "lsp": (
            _AUTHORING,
            "lsp",
            "Run the language server on standard input and output (for editors).",
        ),
        "new": (_AUTHORING, "new", "Write a complete, commented plan skeleton for ruleset ID."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (_, _, summary) in self.elsewhere.items():
            self.add_command(click.Command(name, help=summary))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    # Their one-line help, so that `--help` lists them without importing them;
    # tests/test_startup_imports.py keeps these in step with the commands' own docstrings.
    summaries: ClassVar[Mapping[str, str]] = {
        "test": "Run the `example` blocks of RULESETS; one line per example.",
        "verify": "Property-check the consistency of RULESET (SPEC §7); one line per property.",
    }

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        for name in names:
            if name in self.lazy:
                rows.append((name, self.summaries[name]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            from standards_rules.testing import commands

            command: click.Command = getattr(commands, self.lazy[name])
            return command
        if name in self.elsewhere:
            import importlib

            module, attribute, _ = self.elsewhere[name]
            found: click.Command = getattr(importlib.import_module(module), attribute)
            return found
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="standards-rules")
def main() -> None:
    """Check, test and evaluate Enterprise Standard Leader evaluation plans."""
    # Arguments and paths may hold bytes that are not UTF-8 (decoded as lone
    # surrogates): printed back, they are escaped rather than a crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def read_sources(paths: tuple[str, ...]) -> tuple[list[Source], bool]:
    """The ruleset files that could be read, and whether any could not (each one is reported)."""
    from standards_rules.frontend import RulesetFileError, read_source

    sources = []
    unreadable = False
    for path in paths:
        try:
            sources.append(read_source(path))
        except RulesetFileError as exc:
            click.echo(f"standards-rules: {exc}", err=True)
            unreadable = True
    return sources, unreadable


@main.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(dir_okay=True))
@format_option("text", "json", help="How to print diagnostics.")
def check(rulesets: tuple[str, ...], output_format: str) -> None:
    """Parse and statically check RULESETS (or libraries); print every diagnostic.

    A library used by several of the files is reported once.
    """
    ends_without_teardown()  # it prints, and writes no file
    # The front end's imports and the checking make few reference cycles, and the
    # process ends with the command: the collector's passes would only cost time.
    with collector_paused():
        _check(rulesets, output_format)


def _check(rulesets: tuple[str, ...], output_format: str) -> None:
    from standards_rules.diagnostics import Diagnostic, has_errors, render_all_text, render_json
    from standards_rules.frontend import analyse_file

    found: dict[Diagnostic, None] = {}
    files: dict[str, Source] = {}
    sources, unreadable = read_sources(rulesets)
    for source in sources:
        analysis = analyse_file(source)
        files.update({source.path: source, **analysis.libraries.files()})
        found.update(dict.fromkeys(analysis.diagnostics))
    all_diagnostics = list(found)
    if output_format == "json":
        click.echo(render_json(all_diagnostics))
    elif all_diagnostics:
        click.echo(render_all_text(all_diagnostics, files))
    if unreadable:
        sys.exit(EXIT_USAGE)
    if has_errors(all_diagnostics):
        sys.exit(EXIT_FAILED)
    if output_format == "text":
        click.echo(f"ok: {len(rulesets)} ruleset(s) checked", err=True)


def checked_ruleset(ruleset_path: str) -> CheckedRuleset:
    """The checked ruleset, or exit: 1 for ruleset errors, 2 if unreadable."""
    from standards_rules.diagnostics import RulesetError, render_all_text
    from standards_rules.frontend import RulesetFileError, load_ruleset

    try:
        return load_ruleset(ruleset_path)
    except RulesetFileError as exc:
        fail_usage(str(exc))
    except RulesetError as exc:
        click.echo(render_all_text(exc.diagnostics, exc.sources), err=True)
        sys.exit(EXIT_FAILED)


def load_inputs(ruleset_path: str, data_path: str) -> tuple[CheckedRuleset, Dataset]:
    """The checked ruleset and the dataset, or exit: 1 for ruleset errors, 2 if unreadable."""
    from standards_rules.records import DatasetError, load_dataset

    ruleset = checked_ruleset(ruleset_path)
    try:
        dataset = load_dataset(data_path, ruleset)
    except DatasetError as exc:
        fail_usage(str(exc))
    return ruleset, dataset


def parse_date(value: str | None, option: str) -> datetime.date:
    from standards_rules.dates import iso_date

    if value is None:
        return datetime.date.today()
    day = iso_date(value)
    if day is None:
        fail_usage(f"{option} {value!r} is not a date like 2021-06-01")
    return day


def lang_option() -> Callable[[F], F]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default="zh",
        show_default=True,
        help="Language of tables, explanations and the notice.",
    )


if __name__ == "__main__":
    main()
