"""A progress bar on stderr for long commands (rich), shown only where stderr is a terminal.

A script reading stdout (``audit export > trail.jsonl``) or a pipe on stderr gets no bar at all.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def event_progress(*, always: bool = False) -> Progress:
    """A bar counting events (or steps); ``always`` shows it even when stderr is not a terminal."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not (always or console.is_terminal),
    )
