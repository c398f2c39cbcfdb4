"""The one-line progress bar the long commands draw on a terminal."""

from __future__ import annotations

from typing import TextIO


def progress(done: int, total: int, label: str, stream: TextIO) -> None:
    """Redraw `label [####....] done/total` in place, only when `stream` is a terminal."""
    if not stream.isatty():
        return
    width = 30
    filled = width * done // max(1, total)
    end = "\n" if done >= total else ""
    stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
    stream.flush()
