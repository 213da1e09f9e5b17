"""The command line: parse arguments, call the library, print, exit (SPEC §6.1).

Exit codes: 0 success; 1 a ruleset has errors or a test/verify failed; 2 bad
usage or an unreadable file; 3 with `--strict`, some records were rejected.
No logic a library user would need lives here.
"""

from __future__ import annotations

import datetime
import gc
import io
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

import click

from standards_rules.collector import collector_paused
from standards_rules.program import ends_without_teardown
from standards_rules.render import FORMATS

if TYPE_CHECKING:
    # Imported where a command uses them: `--help` needs none of the stages, and
    # `check` neither the compiler nor the records (docs/performance.md, start-up).
    from standards_rules.frontend import CheckedRuleset
    from standards_rules.records import Dataset
    from standards_rules.render.words import Lang
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


class _LazyGroup(click.Group):
    """A command group whose `test` and `verify` load hypothesis only when they run."""

    lazy: ClassVar[Mapping[str, str]] = {"test": "test_command", "verify": "verify_command"}

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


def _read_sources(paths: tuple[str, ...]) -> tuple[list[Source], bool]:
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
    sources, unreadable = _read_sources(rulesets)
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


def _checked(ruleset_path: str) -> CheckedRuleset:
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


def _load(ruleset_path: str, data_path: str) -> tuple[CheckedRuleset, Dataset]:
    """The checked ruleset and the dataset, or exit: 1 for ruleset errors, 2 if unreadable."""
    from standards_rules.records import DatasetError, load_dataset

    ruleset = _checked(ruleset_path)
    try:
        dataset = load_dataset(data_path, ruleset)
    except DatasetError as exc:
        fail_usage(str(exc))
    return ruleset, dataset


def _parse_date(value: str | None, option: str) -> datetime.date:
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


@main.command()
@click.argument("ruleset", type=click.Path())
@click.argument("data", type=click.Path())
@as_of_option()
@click.option(
    "--publicity-start", metavar="DATE", help="First day of the public notice (default: as-of)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="json (default), table, html (the public notice) or xlsx (the agency's workbook); "
    "with -o, the file's extension decides.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE.")
@lang_option()
@click.option(
    "--strict", is_flag=True, help="Exit 3 when some records were rejected or warned about."
)
def evaluate(
    ruleset: str,
    data: str,
    as_of: str | None,
    publicity_start: str | None,
    output_format: str | None,
    output: str | None,
    lang: Lang,
    strict: bool,
) -> None:
    """Evaluate RULESET against the records in DATA; print the report."""
    from standards_rules.compile import ProgramError
    from standards_rules.evaluate import evaluate as run
    from standards_rules.render.context import Plan, Records
    from standards_rules.render.output import OutputError, write_report
    from standards_rules.render.output import output_format as chosen_format

    try:
        fmt = chosen_format(output_format, output)
    except OutputError as exc:
        fail_usage(str(exc))
    day = _parse_date(as_of, "--as-of")
    start = _parse_date(publicity_start, "--publicity-start") if publicity_start else None
    checked, dataset = _load(ruleset, data)
    if len(dataset.standards) >= 100_000:
        # The dataset lives until exit: keep the cyclic collector off its millions of
        # objects (measured: a quarter of the evaluation time of 1,000,000 standards).
        gc.freeze()
    try:
        report = run(checked, dataset, as_of=day, publicity_start=start)
    except ProgramError as exc:
        click.echo(f"standards-rules: {ruleset}: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    if start is not None and report.publicity is None:
        message = "--publicity-start is not used: the plan has no publicity section"
        click.echo(f"standards-rules: {message}", err=True)
    try:
        write_report(
            report, Plan.of(checked), Records.of(dataset), fmt=fmt, output=output, lang=lang
        )
    except OutputError as exc:
        fail_usage(str(exc))
    code = EXIT_OK
    if strict and (report.rejected or report.warnings):
        rejected, warned = len(report.rejected), len(report.warnings)
        message = f"{rejected} record(s) rejected, {warned} warning(s)"
        click.echo(f"standards-rules: {message}", err=True)
        code = EXIT_REJECTED
    if len(dataset.standards) >= 100_000:
        # Every output is written and closed (the report file by its `with`); freeing
        # millions of records one by one at exit would only cost seconds.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if code:
        sys.exit(code)


@main.command()
@click.argument("ruleset", type=click.Path())
@click.argument("data", type=click.Path())
@click.option("--standard", "number", required=True, metavar="NUMBER", help="Standard number.")
@click.option("--versus", metavar="NUMBER", help="Compare with this standard (SPEC §6.5).")
@as_of_option()
@format_option("text", "json")
@lang_option()
def explain(
    ruleset: str,
    data: str,
    number: str,
    versus: str | None,
    as_of: str | None,
    output_format: str,
    lang: Lang,
) -> None:
    """Explain every verdict on one standard: rules, values, scores, rank, withdrawal.

    With --versus, why it stands where it does against another, and what it would take.
    """
    from standards_rules.compile import ProgramError
    from standards_rules.explain import UnknownStandardError
    from standards_rules.explain import explain as run
    from standards_rules.render.context import Plan, Records
    from standards_rules.render.explain_text import render_explanation

    day = _parse_date(as_of, "--as-of")
    checked, dataset = _load(ruleset, data)
    if versus is not None:
        from standards_rules.compare.commands import print_versus

        sys.exit(print_versus(checked, dataset, number, versus, day, output_format, lang))
    try:
        explanation = run(checked, dataset, number, as_of=day)
    except UnknownStandardError as exc:
        fail_usage(str(exc))
    except ProgramError as exc:
        click.echo(f"standards-rules: {ruleset}: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    if output_format == "json":
        click.echo(explanation.to_json())
    else:
        plan, records = Plan.of(checked), Records.of(dataset)
        click.echo(render_explanation(explanation, plan, records, lang=lang))


@main.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.argument("data", type=click.Path())
@as_of_option()
@format_option("text", "json")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def diff(old: str, new: str, data: str, as_of: str | None, output_format: str, lang: str) -> None:
    """What a new version NEW of plan OLD changes: in the plans, then per standard on DATA."""
    from standards_rules.compare.commands import print_diff

    day = _parse_date(as_of, "--as-of")
    sys.exit(print_diff(old, new, data, day, output_format, lang))


@main.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would.")
def fmt(rulesets: tuple[str, ...], check_only: bool) -> None:
    """Lay RULESETS out canonically (in place), keeping comments and line breaks."""
    from standards_rules.diagnostics import render_all_text
    from standards_rules.syntax.format import FormatError, format_diff, format_source

    sources, unreadable = _read_sources(rulesets)
    failed = False
    for source in sources:
        path = source.path
        try:
            formatted = format_source(source)
        except FormatError as exc:
            shown = render_all_text(exc.diagnostics, source) if exc.diagnostics else str(exc)
            click.echo(shown, err=True)
            failed = True
            continue
        if formatted == source.text:
            continue
        if check_only:
            click.echo(format_diff(source, formatted), nl=False)
            click.echo(f"would reformat {path}", err=True)
            failed = True
        else:
            # As read: a byte order mark kept, the line ends as `format_source` gave them.
            encoding = "utf-8-sig" if source.byte_order_mark else "utf-8"
            with open(path, "w", encoding=encoding, newline="") as file:
                file.write(formatted)
            click.echo(f"reformatted {path}")
    if unreadable:
        sys.exit(EXIT_USAGE)
    if failed:
        sys.exit(EXIT_FAILED)


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        fail_usage(f"{output}: cannot be written ({exc.strerror})")


@main.command("import")
@click.argument("ruleset", type=click.Path())
@click.argument("exports", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, metavar="DATASET.json", help="Where to write.")
@click.option("--rejected", metavar="FILE", help="Also write the rejected rows as JSON.")
def import_command(
    ruleset: str, exports: tuple[str, ...], output: str, rejected: str | None
) -> None:
    """Read an export in the platform's layout (EXPORTS: .xlsx, CSV files or a folder).

    Writes the accepted records as a dataset that `evaluate` reads, and prints
    what was read: files and encodings, rows, indicator names, rejections.
    """
    from standards_rules.importing import import_export
    from standards_rules.records import DatasetError

    checked = _checked(ruleset)
    try:
        lines = import_export(checked, exports, output, rejected)
    except DatasetError as exc:
        fail_usage(str(exc))
    except OSError as exc:
        fail_usage(f"{exc.filename}: cannot be written ({exc.strerror})")
    click.echo("\n".join(lines))


@main.command()
@click.argument("ruleset_id", metavar="ID")
@click.option("-o", "--output", metavar="FILE", help="Write the plan to FILE (else print it).")
@click.option("--use", "library", metavar="LIBRARY", help="A shared library the plan uses.")
def new(ruleset_id: str, output: str | None, library: str | None) -> None:
    """Write a complete, commented plan skeleton for ruleset ID."""
    from standards_rules.skeleton import SkeletonError, skeleton

    try:
        text = skeleton(ruleset_id, library)
    except SkeletonError as exc:
        fail_usage(str(exc))
    if output is not None and os.path.exists(output):
        fail_usage(f"{output}: exists already; choose another file")
    _write(text, output)


@main.command()
def lsp() -> None:
    """Run the language server on standard input and output (for editors)."""
    from standards_rules.lsp.server import serve

    serve()


if __name__ == "__main__":
    main()
