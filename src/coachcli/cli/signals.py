"""SIGTERM and SIGHUP as Ctrl-C, for commands that must clean up after themselves.

A killed `import` must not leave its staging file (customers' data) behind: Python runs no
`finally` on SIGTERM by default. Inside this block the signal raises KeyboardInterrupt,
so the command unwinds as after Ctrl-C (exit 130) and removes what it made.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    names = ("SIGTERM", "SIGHUP")
    wanted = [getattr(signal, name) for name in names if hasattr(signal, name)]
    try:
        previous = {number: signal.signal(number, _interrupt) for number in wanted}
    except ValueError:  # not the main thread (a test runner's worker): leave them alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
