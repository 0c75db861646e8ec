"""Test isolation (SPEC §2): every test gets its own home, working folder and terminal.

The repository root is itself a workspace, so a test that ran in it would read the demo
`coach.toml` and write the demo casebook; the autouse fixture moves every test away.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from coachcli.cli import app

COACH_VARIABLES = (
    "COACH_CASEBOOK", "COACH_WORKSPACE", "COACH_LANG", "COACH_AGENT", "COACH_DEBUG",
)  # fmt: skip


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary COACH_HOME and working folder, no colour, and a fixed width."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    for name in COACH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.chdir(work)
    return work


Invoke = Callable[..., Result]


@pytest.fixture
def coach() -> Invoke:
    """Run `coach ARGS...` in-process, as a user would type it."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, prog_name="coach")

    return invoke
