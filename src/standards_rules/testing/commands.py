"""Command line: `standards-rules test` and `standards-rules verify` (SPEC §6.1, §7).

Standalone `click.Command` objects (`test_command`, `verify_command`) that the
main group (`cli._LazyGroup`) loads by name when one of them runs, so that no
other command imports hypothesis. Parse arguments, call the
library (`testing.examples`, `testing.verify`), print, exit: 0 all passed; 1 a
ruleset has errors or an example/property failed; 2 an unreadable file.
"""

from __future__ import annotations

import sys

import click

from standards_rules import ast
from standards_rules.diagnostics import RulesetError, has_errors, render_all_text, render_text
from standards_rules.frontend import (
    CheckedRuleset,
    RulesetFileError,
    analyse_file,
    load_ruleset,
    read_source,
)
from standards_rules.testing.examples import ExampleResult, format_expect, run_examples

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _load(path: str) -> CheckedRuleset | int:
    """The checked ruleset, or the exit code after printing why it cannot be used."""
    try:
        return load_ruleset(path)
    except RulesetFileError as exc:
        click.echo(f"standards-rules: {exc}", err=True)
        return EXIT_USAGE
    except RulesetError as exc:
        library = _library_check(path)
        if library is not None:
            return library
        click.echo(render_all_text(exc.diagnostics, exc.sources), err=True)
        return EXIT_FAILED


def _library_check(path: str) -> int | None:
    """For a library file (named beside its rulesets, `test plans/*.rules`): check it, say
    that its examples are its rulesets', and give the exit code; None for anything else."""
    source = read_source(path)
    analysis = analyse_file(source)
    if not isinstance(analysis.node, ast.Library):
        return None
    if has_errors(analysis.diagnostics):
        sources = {source.path: source, **analysis.libraries.files()}
        click.echo(render_all_text(analysis.diagnostics, sources), err=True)
        return EXIT_FAILED
    click.echo(
        f"{path}: library {analysis.node.id}, checked; its rulesets run the examples", err=True
    )
    return EXIT_OK


def _render_example(ruleset: CheckedRuleset, result: ExampleResult) -> str:
    lines = [f"{'ok' if result.ok else 'FAIL'} {result.name}"]
    if result.error is not None:
        lines.append(f"  {result.error}")
    for failure in result.failures:
        lines.append(f"  {ruleset.source.path}:{failure.line}: {format_expect(failure.expect)}")
        lines.append(f"    expected: {failure.expected}")
        lines.append(f"    actual:   {failure.actual}")
        if failure.decided_by:
            lines.append(f"    because:  {failure.decided_by}")
    return "\n".join(lines)


@click.command("test")
@click.argument("rulesets", nargs=-1, required=True, type=click.Path(dir_okay=True))
def test_command(rulesets: tuple[str, ...]) -> None:
    """Run the `example` blocks of RULESETS; one line per example."""
    code = EXIT_OK
    total = passed = 0
    for path in rulesets:
        loaded = _load(path)
        if isinstance(loaded, int):
            code = max(code, loaded)
            continue
        if not loaded.ast.examples:
            click.echo(f"{path}: no examples", err=True)
        elif len(rulesets) > 1:
            click.echo(f"# {path}", err=True)
        for result in run_examples(loaded):
            total += 1
            passed += result.ok
            for diagnostic in result.warnings:
                click.echo(render_text(diagnostic, loaded.source), err=True)
            click.echo(_render_example(loaded, result))
            if result.error is not None:
                code = max(code, EXIT_USAGE)
            elif not result.ok:
                code = max(code, EXIT_FAILED)
    click.echo(f"{passed} of {total} example(s) passed", err=True)
    sys.exit(code)


@click.command("verify")
@click.argument("ruleset", type=click.Path(dir_okay=True))
@click.option(
    "--examples",
    "max_examples",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Generated datasets per sampled property, at least (more until every threshold "
    "case is met).",
)
@click.option("--seed", type=int, default=None, help="Seed for generation (default: fixed).")
@click.option(
    "--save",
    "save_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write each counterexample as DIR/NAME.json.",
)
def verify_command(ruleset: str, max_examples: int, seed: int | None, save_dir: str | None) -> None:
    """Property-check the consistency of RULESET (SPEC §7); one line per property."""
    from standards_rules.testing.progress import progress_bar
    from standards_rules.testing.verify import verify

    loaded = _load(ruleset)
    if isinstance(loaded, int):
        sys.exit(loaded)
    try:
        with progress_bar(sys.stderr) as progress:
            results, text = verify(
                loaded, max_examples=max_examples, seed=seed, save=save_dir, progress=progress
            )
    except OSError as exc:
        click.echo(f"standards-rules: cannot save counterexamples: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(text)
    sys.exit(EXIT_OK if all(r.ok for r in results) else EXIT_FAILED)


__all__ = ["test_command", "verify_command"]
