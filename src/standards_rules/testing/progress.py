"""Testing: the progress bar `verify` shows on a terminal (SPEC §7: long runs show progress).

Takes the stream to draw on; gives a context manager yielding a
`properties.Progress` callback (property, examples checked, the floor), drawn
with rich on that stream when it is a terminal, and a callback that does
nothing when it is not (piped output stays clean).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TextIO

from standards_rules.testing.properties import Progress


def _ignore(name: str, done: int, floor: int) -> None:
    return None


@contextlib.contextmanager
def progress_bar(stream: TextIO) -> Iterator[Progress]:
    """A callback that draws the run's progress on `stream`, only if it is a terminal."""
    if not stream.isatty():
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import (
        Progress as Bar,
    )

    console = Console(file=stream)
    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("examples"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(name: str, done: int, floor: int) -> None:
            task = tasks.get(name)
            if task is None:
                task = tasks[name] = bar.add_task(name, total=floor)
            # Past the floor the run goes on until every threshold case is met.
            bar.update(task, completed=done, total=max(floor, done))

        yield update


__all__ = ["progress_bar"]
