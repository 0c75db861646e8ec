"""Test isolation (SPEC §2): every test gets its own home, working folder and terminal.

The repository root is itself a workspace, so a test that ran in it would read the demo
`coach.toml` and write the demo casebook; the autouse fixture moves every test away.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner, Result

from coachcli.cli import app
from coachcli.cli.env import Env
from coachcli.domain.case import iso
from tests.helpers import NOW

COACH_VARIABLES = (
    "COACH_CASEBOOK", "COACH_WORKSPACE", "COACH_LANG", "COACH_AGENT", "COACH_DEBUG",
)  # fmt: skip


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary COACH_HOME and working folder, the tests' clock, no colour, a fixed width.

    The clock is `tests.helpers.NOW` through `$COACH_NOW`, and the local zone is one with
    summer time, so that the difference between UTC and local time shows wherever it matters.
    """
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    for name in COACH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COACH_NOW", iso(NOW))
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    monkeypatch.chdir(work)
    return work


@pytest.fixture(autouse=True)
def secure_delete_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SQLite connection starts with `secure_delete` off, as on builds that default to
    off (SPEC §8). This machine's build defaults to on, which would hide a missing pragma."""
    connect = sqlite3.connect

    def connect_without_secure_delete(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = connect(*args, **kwargs)
        conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_without_secure_delete)


Invoke = Callable[..., Result]


@dataclass(frozen=True)
class Ran:
    """What a run on a Terminal left: its exit code and what it wrote to each stream."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Terminal:
    """A terminal of the test's own (SPEC §13 "Interactive prompts never run without a
    terminal"): keys typed into a prompt_toolkit pipe, and an Env that owns its streams, so
    that what coach writes to stdout and to stderr can be told apart."""

    def run(self, *args: str, keys: str = "", screen: bool = False) -> Ran:
        """Run `coach ARGS` with `keys` typed, then the end of input: a run that asks for
        more than was typed meets Ctrl-D instead of waiting for ever. With `screen`, stdout
        is the terminal too (else it is redirected, as most tests want it)."""
        stdout, stderr = io.StringIO(), io.StringIO()
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            pipe.close()
            env = Env(stdin=io.StringIO(), stdout=stdout, stderr=stderr, stdin_isatty=True,
                      stdout_isatty=screen, prompt_input=pipe,
                      prompt_output=DummyOutput())  # fmt: skip
            result = CliRunner().invoke(app, list(args), obj=env, prog_name="coach")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Ran(result.exit_code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def terminal() -> Terminal:
    return Terminal()


@pytest.fixture
def coach() -> Invoke:
    """Run `coach ARGS...` in-process, as a user would type it."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, prog_name="coach")

    return invoke


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 400 KB, to fill up: a tmpfs, which only root can mount.

    Skipped where mounting is not allowed; the same errors are also tested everywhere
    with SQLite's `max_page_count`, which makes SQLite report a full disk (SQLITE_FULL).
    """
    point = tmp_path / "tiny"
    point.mkdir()
    mount = shutil.which("mount")
    command = [mount or "mount", "-t", "tmpfs", "-o", "size=400k,mode=0700", "tmpfs", str(point)]
    if mount is None or subprocess.run(command, capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a small tmpfs here (it needs root): no real full disk")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill_up(disk: Path) -> Path:
    """Fill `disk` until the file system says it is full; returns the filler file."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (4096, 1):  # then byte by byte, to the last free byte
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    return filler
