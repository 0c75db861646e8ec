"""`coach init`: a new workspace, and never overwriting one (SPEC §2)."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

from tests.conftest import Invoke


def test_init_creates_a_workspace_that_doctor_and_list_accept(
    coach: Invoke, isolated: Path
) -> None:
    result = coach("init", "helpdesk")
    assert result.exit_code == 0, result.output
    root = isolated / "helpdesk"
    assert (root / "profiles").is_dir()
    assert (root / "casebooks").is_dir()
    settings = tomllib.loads((root / "coach.toml").read_text())
    assert settings["frame"]["max_rung_without_signoff"] == 2
    assert settings["frame"]["goodwill_budget"] == 100.0
    assert stat.S_IMODE((root / "coach.toml").stat().st_mode) == 0o600
    assert "helpdesk" in result.stderr
    assert result.stdout == ""


def test_init_refuses_to_overwrite(coach: Invoke, isolated: Path) -> None:
    target = isolated / "coach.toml"
    target.write_text('team = "Zorg"\n[frame]\ngoodwill_budget = 2000\n')
    before = target.read_bytes()
    result = coach("init")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert result.stderr.count("\n") == 1
    assert target.read_bytes() == before
    assert not (isolated / "profiles").exists()


def test_init_in_the_current_folder_then_commands_use_it(
    coach: Invoke, isolated: Path, monkeypatch: object
) -> None:
    assert coach("init").exit_code == 0
    sub = isolated / "profiles"
    import os

    os.chdir(sub)  # workspace discovery walks up from here
    result = coach("doctor", "--json")
    assert result.exit_code == 0, result.output
    assert '"kind": "workspace"' in result.stdout


def test_init_on_a_file_is_an_error(coach: Invoke, isolated: Path) -> None:
    (isolated / "notes.txt").write_text("x")
    result = coach("init", "notes.txt")
    assert result.exit_code == 1
    assert "not a folder" in result.stderr
