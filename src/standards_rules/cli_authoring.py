"""The command line, authoring: `fmt`, `new`, `import` and `lsp` (SPEC §6.1).

Standalone `click.Command` objects the main group (`cli.main`) loads only when
one of them runs: lay plans out, start a new plan, turn the platform's export
into a dataset, serve editors. Parse arguments, call the library, print, exit
with the codes `cli` names. What each imports, it imports when it runs.
"""

from __future__ import annotations

import os
import sys

import click

from standards_rules.cli import EXIT_FAILED, EXIT_USAGE, checked_ruleset, fail_usage, read_sources


@click.command()
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would.")
def fmt(rulesets: tuple[str, ...], check_only: bool) -> None:
    """Lay RULESETS out canonically (in place), keeping comments and line breaks."""
    from standards_rules.diagnostics import render_all_text
    from standards_rules.syntax.format import FormatError, format_diff, format_source

    sources, unreadable = read_sources(rulesets)
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


@click.command("import")
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

    checked = checked_ruleset(ruleset)
    try:
        lines = import_export(checked, exports, output, rejected)
    except DatasetError as exc:
        fail_usage(str(exc))
    except OSError as exc:
        fail_usage(f"{exc.filename}: cannot be written ({exc.strerror})")
    click.echo("\n".join(lines))


@click.command()
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


@click.command()
def lsp() -> None:
    """Run the language server on standard input and output (for editors)."""
    from standards_rules.lsp.server import serve

    serve()


__all__ = ["fmt", "import_command", "lsp", "new"]
