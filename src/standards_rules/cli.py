"""The command line: parse arguments, call the library, print, exit (SPEC §6.1).

Exit codes: 0 success; 1 a ruleset has errors or a test/verify failed; 2 bad
usage or an unreadable file; 3 with `--strict`, some records were rejected.
No logic a library user would need lives here.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from standards_rules.diagnostics import has_errors, render_all_text, render_json
from standards_rules.frontend import RulesetFileError, analyse, read_source

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3


def fail_usage(message: str) -> NoReturn:
    click.echo(f"standards-rules: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="standards-rules")
def main() -> None:
    """Check, test and evaluate Enterprise Standard Leader evaluation plans."""


@main.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print diagnostics.",
)
def check(rulesets: tuple[str, ...], output_format: str) -> None:
    """Parse and statically check RULESETS; print every diagnostic."""
    all_diagnostics = []
    texts = []
    unreadable = False
    for path in rulesets:
        try:
            source = read_source(path)
        except RulesetFileError as exc:
            click.echo(f"standards-rules: {exc}", err=True)
            unreadable = True
            continue
        _, diagnostics = analyse(source)
        all_diagnostics.extend(diagnostics)
        if diagnostics:
            texts.append(render_all_text(diagnostics, source))
    if output_format == "json":
        click.echo(render_json(all_diagnostics))
    elif texts:
        click.echo("\n".join(texts))
    if unreadable:
        sys.exit(EXIT_USAGE)
    if has_errors(all_diagnostics):
        sys.exit(EXIT_FAILED)
    if output_format == "text":
        click.echo(f"ok: {len(rulesets)} ruleset(s) checked", err=True)


if __name__ == "__main__":
    main()
