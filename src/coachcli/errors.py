"""The errors coach reports to its users, and the exit codes they map to (SPEC §13).

Every error carries a message key from the catalogue (i18n) plus its values, so the one
place that prints errors (the CLI boundary) can show it in the user's language.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # about the data or the world: not found, invalid file, corrupt casebook
    USAGE = 2
    INTERRUPTED = 130  # Ctrl-C, as a shell reports it
    # 128 + the signal's number, as a shell reports a process stopped by it.
    HANGUP = 129
    TERMINATED = 143


class CoachError(Exception):
    """An error a user can act on: shown as one line on stderr, never as a traceback."""

    exit_code = ExitStatus.ERROR

    def __init__(self, key: str, /, *, details: list[str] | None = None, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
        # For errors whose answer is a list (the matches of an ambiguous id, say).
        self.details = details or []


class UsageError(CoachError):
    """The command line itself is wrong: a missing flag, a value out of range."""

    exit_code = ExitStatus.USAGE


class ConfigError(CoachError):
    """coach.toml or config.toml holds something coach cannot use."""


class CasebookError(CoachError):
    """The casebook cannot be opened or used: not SQLite, corrupt, or from a newer coach."""


class NotFoundError(CoachError):
    """A case, draft, profile or file that was asked for does not exist."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while coach was writing a file (see files.py).

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` swallows it
    and every cleanup on the way out runs.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
