"""Worker processes: a module of this package run beside the loader, its output in a file.

Takes a module name (one with `main(argv) -> int`) and its arguments; gives a
started `Worker`, or None where none is to be started: the environment
variable `STANDARDS_RULES_WORKERS` is `0` (for a program that must not start
processes), there is no interpreter to start (a frozen program), or no process
or temporary file to be had. The worker runs this very interpreter with the
package's own directory first on its path, so that it imports the same code
wherever the package came from; its standard output goes to a temporary file
the caller reads once it has finished. `close()`, or leaving the `with` block,
stops a worker still running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import IO

import standards_rules

SWITCH = "STANDARDS_RULES_WORKERS"
_RUN = (
    "import importlib, sys; sys.path.insert(0, sys.argv.pop(1)); "
    "sys.exit(importlib.import_module(sys.argv.pop(1)).main(sys.argv))"
)


class Worker:
    """A started worker process and the file its output goes to."""

    def __init__(self, process: subprocess.Popen[bytes], output: IO[bytes]) -> None:
        self._process = process
        self._output = output

    @classmethod
    def start(cls, module: str, *args: str) -> Worker | None:
        if os.environ.get(SWITCH, "").strip() == "0":
            return None
        root = os.path.dirname(os.path.dirname(standards_rules.__file__ or ""))
        # A frozen program's executable is the program, not an interpreter to run code.
        if not sys.executable or getattr(sys, "frozen", False) or not root:
            return None
        try:
            output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        except OSError:
            return None
        command = [sys.executable, "-c", _RUN, root, module, *args]
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.DEVNULL
            )
        except OSError:
            output.close()
            return None
        return cls(process, output)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._output.close()

    def output(self) -> IO[bytes] | None:
        """What the worker wrote, from its start, once it has finished; None if it failed."""
        if self._process.wait() != 0:
            return None
        try:
            self._output.seek(0)
        except OSError:
            return None
        return self._output


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


__all__ = ["SWITCH", "Worker", "cores"]
