"""Command-line half of comparing: run a comparison or a diff and print it (the click
commands in cli.py stay thin and call these). Each returns the exit code."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import click

from standards_rules.compare.diff import diff
from standards_rules.compare.diff_text import render_diff
from standards_rules.compare.standing import UnknownStandardError
from standards_rules.compare.versus import compare
from standards_rules.compare.versus_text import render_versus
from standards_rules.compile import ProgramError
from standards_rules.diagnostics import RulesetError, render_all_text
from standards_rules.frontend import CheckedRuleset, RulesetFileError, load_ruleset
from standards_rules.records import DatasetError, load_dataset
from standards_rules.records.model import Dataset
from standards_rules.render.context import Plan

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def print_versus(
    ruleset: CheckedRuleset,
    dataset: Dataset,
    a: str,
    b: str,
    as_of: datetime.date,
    output_format: str,
    lang: str,
) -> int:
    """`explain --standard A --versus B`: print the comparison as text or JSON."""
    try:
        comparison = compare((ruleset, dataset), a, b, as_of=as_of)
    except UnknownStandardError as exc:
        click.echo(f"standards-rules: {exc}", err=True)
        return EXIT_USAGE
    except ProgramError as exc:
        click.echo(f"standards-rules: {ruleset.source.path}: {exc}", err=True)
        return EXIT_FAILED
    plan = Plan.of(ruleset)
    _emit(output_format, comparison.to_dict, lambda: render_versus(comparison, lang, plan))
    return EXIT_OK


def print_diff(
    old_path: str,
    new_path: str,
    data_path: str,
    as_of: datetime.date,
    output_format: str,
    lang: str,
) -> int:
    """`diff OLD NEW DATA`: print what differs; 0 whether or not anything does, 1 when a
    version has errors (both must check to be compared), 2 on bad usage or an unreadable file.

    An export in the platform's layout is read with the new version's indicators."""
    rulesets = []
    for path in (old_path, new_path):
        try:
            rulesets.append(load_ruleset(path))
        except RulesetFileError as exc:
            click.echo(f"standards-rules: {exc}", err=True)
            return EXIT_USAGE
        except RulesetError as exc:
            click.echo(render_all_text(exc.diagnostics, exc.sources), err=True)
            return EXIT_FAILED
    try:
        dataset = load_dataset(data_path, rulesets[1])
    except DatasetError as exc:
        click.echo(f"standards-rules: {exc}", err=True)
        return EXIT_USAGE
    try:
        result = diff(rulesets[0], rulesets[1], dataset, as_of=as_of)
    except ProgramError as exc:
        click.echo(f"standards-rules: {exc}", err=True)
        return EXIT_FAILED
    _emit(output_format, result.to_dict, lambda: render_diff(result, lang))
    return EXIT_OK


def _emit(output_format: str, data: Callable[[], object], text: Callable[[], str]) -> None:
    """Print JSON or text; empty text prints nothing at all."""
    if output_format == "json":
        click.echo(json.dumps(data(), ensure_ascii=False, indent=2))
        return
    shown = text()
    if shown:
        click.echo(shown)


__all__ = ["print_diff", "print_versus"]
