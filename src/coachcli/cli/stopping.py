"""A closed terminal (SIGHUP) or SIGTERM during `case new` stops it like Ctrl-C (§7).

The handlers are installed only while the agent answers prompts and the case is saved,
and the earlier ones are restored afterwards. The first signal interrupts the prompt; once
coach is keeping the draft or saving the case (`hold`), a signal only waits its turn, so
that the write it would cut short is finished first.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

STOPPING = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)  # Windows has no SIGHUP


class Stop:
    def __init__(self) -> None:
        self.signal: int | None = None
        self.held = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signal is None:
            self.signal = signum
        if not self.held:
            self.held = True  # a second signal does not cut short the keeping of the draft
            raise KeyboardInterrupt

    def hold(self) -> None:
        """From now on a signal is noted, not raised: a draft or case is being written."""
        self.held = True


@contextlib.contextmanager
def stopping() -> Iterator[Stop]:
    stop = Stop()
    previous = {}
    try:
        for number in STOPPING:
            previous[number] = signal.signal(number, stop.handle)
    except ValueError:  # not the main thread: signals stay as they are
        pass
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
