"""The `standards-rules` program: the command line, and an exit that need not free the heap.

After a `check` the process holds the parser's tables, the AST, the checker's types
and every module; the interpreter freeing them one by one at exit took ~30 ms,
about a seventh of the whole command. A command that leaves nothing to close or
flush but the standard streams says so (`ends_without_teardown`); the program then
flushes them and ends the process at once, with the command's exit status. Called
in-process instead (`cli.main` from click's test runner or a program), nothing of
this applies.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

_without_teardown = False
_as_program = False

# What Python exits with when the standard streams cannot be flushed at exit
# (a closed pipe, `standards-rules check … | head -1`).
_UNFLUSHED = 120


def ends_without_teardown() -> None:
    """Called by a command that has nothing left to close when it returns.

    Run as the program, the process then ends when the command returns, and the cyclic
    collector stops for good: whatever it could still free goes with the process (its
    one pass after a `check`, over what the check made, was ~2 % of the command).
    """
    global _without_teardown
    _without_teardown = True
    if _as_program:
        gc.disable()


def run() -> NoReturn:
    """Run the command line in this process, as the program."""
    global _as_program
    _as_program = True
    # What importing the command line builds (click, the commands) lives until exit and
    # makes no garbage: the cyclic collector is off meanwhile, then never scans it again.
    gc.disable()
    from standards_rules.cli import main

    gc.freeze()
    gc.enable()

    try:
        main()
    except SystemExit as exit:
        code = exit.code
    else:
        code = 0
    if not _without_teardown:
        sys.exit(code)
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    status = code if isinstance(code, int) else 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        status = status or _UNFLUSHED
    os._exit(status)


__all__ = ["ends_without_teardown", "run"]
