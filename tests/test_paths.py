"""Where data lives (SPEC §2): workspace discovery and the casebook's order of precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.errors import NotFoundError
from coachcli.paths import find_workspace, resolve
from tests.conftest import Invoke


def make_workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "coach.toml").write_text("[frame]\n")
    return root


def test_the_workspace_is_found_from_a_subfolder(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "team")
    deep = workspace / "notes" / "2026"
    deep.mkdir(parents=True)
    assert find_workspace(deep, {}) == workspace.resolve()
    paths = resolve(environ={}, cwd=deep)
    assert paths.location.kind == "workspace"
    assert paths.casebook == workspace.resolve() / "casebooks" / "casebook.db"
    assert paths.location.profiles_dir == workspace.resolve() / "profiles"


def test_outside_a_workspace_the_home_is_used(tmp_path: Path) -> None:
    paths = resolve(environ={"COACH_HOME": str(tmp_path / "h")}, cwd=tmp_path)
    assert paths.location.kind == "home"
    assert paths.casebook == tmp_path / "h" / "casebook.db"
    assert paths.location.config_file == tmp_path / "h" / "config.toml"


def test_without_coach_home_the_platform_data_folder_is_used(tmp_path: Path) -> None:
    from platformdirs import user_data_path

    paths = resolve(environ={}, cwd=tmp_path)
    assert paths.location.root == user_data_path("coach", appauthor=False)


def test_coach_workspace_names_a_workspace_explicitly(tmp_path: Path) -> None:
    elsewhere = make_workspace(tmp_path / "elsewhere")
    make_workspace(tmp_path / "here")
    paths = resolve(environ={"COACH_WORKSPACE": str(elsewhere)}, cwd=tmp_path / "here")
    assert paths.location.root == elsewhere.resolve()


def test_coach_workspace_without_coach_toml_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        resolve(environ={"COACH_WORKSPACE": str(tmp_path)}, cwd=tmp_path)


def test_casebook_precedence_flag_then_environment_then_workspace_then_home(
    tmp_path: Path,
) -> None:
    workspace = make_workspace(tmp_path / "ws")
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_CASEBOOK": str(tmp_path / "env.db")}
    flag = tmp_path / "flag.db"
    assert resolve(casebook_flag=flag, environ=env, cwd=workspace).casebook == flag
    assert resolve(environ=env, cwd=workspace).casebook == tmp_path / "env.db"
    del env["COACH_CASEBOOK"]
    assert resolve(environ=env, cwd=workspace).casebook_source == "workspace"
    assert resolve(environ=env, cwd=tmp_path).casebook == tmp_path / "home" / "casebook.db"


def test_the_cli_follows_the_same_precedence(
    coach: Invoke, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace(isolated)

    def casebook_in_use(*args: str) -> tuple[str, str]:
        result = coach(*args, "doctor", "--json")
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        return report["casebook"]["source"], Path(report["casebook"]["path"]).name

    assert casebook_in_use() == ("workspace", "casebook.db")
    monkeypatch.setenv("COACH_CASEBOOK", "from-env.db")
    assert casebook_in_use() == ("$COACH_CASEBOOK", "from-env.db")
    assert casebook_in_use("--casebook", "from-flag.db") == ("--casebook", "from-flag.db")
