"""Command-line half of comparing: run a comparison or a diff and print it (the click
commands in cli.py stay thin and call these). Each returns the exit code."""

from __future__ import annotations

import datetime

import click

from standards_rules.compare.standing import UnknownStandardError
from standards_rules.compare.versus import compare
from standards_rules.compare.versus_text import render_versus
from standards_rules.compile import ProgramError
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset

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
    if output_format == "json":
        import json

        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_versus(comparison, lang))
    return EXIT_OK


__all__ = ["print_versus"]
