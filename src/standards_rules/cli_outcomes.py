"""The command line, outcomes: `evaluate`, `explain` and `diff` (SPEC §6.1).

Standalone `click.Command` objects the main group (`cli.main`) loads only when
one of them runs. Parse arguments, call the library (evaluation, explanation,
comparison), print, exit with the codes `cli` names. What each imports, it
imports when it runs.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

import click

from standards_rules.cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REJECTED,
    as_of_option,
    fail_usage,
    format_option,
    lang_option,
    load_inputs,
    parse_date,
)
from standards_rules.render import FORMATS

if TYPE_CHECKING:
    from standards_rules.render.words import Lang


@click.command()
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
    day = parse_date(as_of, "--as-of")
    start = parse_date(publicity_start, "--publicity-start") if publicity_start else None
    checked, dataset = load_inputs(ruleset, data)
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


@click.command()
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

    day = parse_date(as_of, "--as-of")
    checked, dataset = load_inputs(ruleset, data)
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


@click.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.argument("data", type=click.Path())
@as_of_option()
@format_option("text", "json")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def diff(old: str, new: str, data: str, as_of: str | None, output_format: str, lang: str) -> None:
    """What a new version NEW of plan OLD changes: in the plans, then per standard on DATA."""
    from standards_rules.compare.commands import print_diff

    day = parse_date(as_of, "--as-of")
    sys.exit(print_diff(old, new, data, day, output_format, lang))


__all__ = ["diff", "evaluate", "explain"]
