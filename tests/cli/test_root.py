"""The CLI root: help, version, language, the error boundary of SPEC §13, suggestions for a
mistyped command, and shell completion."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from coachcli import __version__
from coachcli.cli import app
from tests.conftest import Invoke
from tests.helpers import home_config


def all_commands() -> list[tuple[str, ...]]:
    """Every command and group path, e.g. ("case", "list"), walked from the real app."""
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found.append(path)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(None):
                walk(command.get_command(None, name), (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def test_the_commands_of_the_spec_exist() -> None:
    commands = all_commands()
    for expected in [
        ("case", "new"), ("case", "list"), ("case", "show"), ("case", "search"),
        ("case", "comment"), ("case", "decide"), ("case", "close"), ("case", "delete"),
        ("case", "drafts"),
        ("casebook", "export"), ("casebook", "import"), ("casebook", "stats"),
        ("casebook", "rules"), ("casebook", "purge"), ("profile", "assess"),
        ("profile", "show"), ("profile", "list"), ("profile", "questions"),
        ("team", "profile"), ("team", "frame"), ("budget",), ("doctor",), ("init",),
    ]:  # fmt: skip
        assert expected in commands


def test_running_one_command_loads_no_other_group() -> None:
    code = (
        "import sys; from coachcli.cli import main; sys.argv = ['coach', 'doctor', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('loaded:' + ','.join(m for m in ('coachcli.cli.case', 'coachcli.cli.team')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "loaded:"


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "coach")
def test_every_command_has_help_text(coach: Invoke, path: tuple[str, ...]) -> None:
    result = coach(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    command = typer.main.get_command(app)
    for name in path:
        command = command.get_command(None, name)  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_version(coach: Invoke) -> None:
    result = coach("--version")
    assert result.exit_code == 0
    assert result.stdout == f"coach {__version__}\n"


def test_an_unknown_command_is_a_usage_error(coach: Invoke) -> None:
    result = coach("frobnicate")
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: 'frobnicate' is not a coach command. `coach --help` lists them.\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["caes", "new"], "'caes' is not a coach command. Did you mean `coach case`?"),
        (["CASE", "list"], "'CASE' is not a coach command. Did you mean `coach case`?"),
        (["casebok", "stats"], "'casebok' is not a coach command. Did you mean `coach casebook`?"),
        (["case", "nwe"], "'nwe' is not a `coach case` command. Did you mean `coach case new`?"),
        (["team", "profiel"], "'profiel' is not a `coach team` command. "
                              "Did you mean `coach team profile`?"),
        (["team", "xyz"], "'xyz' is not a `coach team` command. `coach team --help` lists them."),
        (["--lang", "nl", "caes", "new"], "'caes' is geen opdracht van coach. "
                                          "Bedoelde je `coach --lang nl case`?"),
        (["--lang", "nl", "case", "nwe"], "'nwe' is geen opdracht van `coach --lang nl case`. "
                                          "Bedoelde je `coach --lang nl case new`?"),
        (["--lang", "nl", "xyz"], "'xyz' is geen opdracht van coach. "
                                  "Met `coach --lang nl --help` zie je welke er zijn."),
        (["--casebook", "team.db", "cas"], "'cas' is not a coach command. "
                                           "Did you mean `coach --casebook team.db case`?"),
        (["cas\x1b]0;owned\x07e"], "'cas\\x1b]0;owned\\x07e' is not a coach command. "
                                    "`coach --help` lists them."),
    ],
)  # fmt: skip
def test_a_mistyped_command_is_answered_with_the_closest_one(
    coach: Invoke, isolated: Path, typed: list[str], said: str
) -> None:
    result = coach(*typed)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"coach: {said}\n"
    assert list(isolated.iterdir()) == []  # nothing opened, nothing made


@pytest.mark.parametrize("how", ["config", "environment"])
def test_the_suggestion_speaks_the_language_chosen_without_a_flag(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "config":
        home_config('language = "nl"\n')
    else:
        monkeypatch.setenv("COACH_LANG", "nl")
    result = coach("case", "nwe")
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: 'nwe' is geen opdracht van `coach case`. Bedoelde je `coach case new`?\n"
    )


def test_shell_completion_is_offered_in_the_help(coach: Invoke) -> None:
    options = coach("--help").stdout
    assert "--install-completion" in options
    assert "--show-completion" in options


def test_tab_completes_commands_of_the_groups_that_load_lazily(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What bash asks for when one presses Tab after `coach case n` (typer's bash script)."""
    monkeypatch.setenv("_COACH_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "coach cas")
    monkeypatch.setenv("COMP_CWORD", "1")
    assert coach().stdout == "case\ncasebook\n"
    monkeypatch.setenv("COMP_WORDS", "coach case n")
    monkeypatch.setenv("COMP_CWORD", "2")
    assert coach().stdout == "new\n"
    monkeypatch.setenv("COMP_WORDS", "coach --lang ")
    monkeypatch.setenv("COMP_CWORD", "2")
    assert coach().stdout == "en\nnl\n"


def test_install_completion_sets_up_bash(tmp_path: Path) -> None:
    """As a user runs it, from bash (the shell is found from the parent process)."""
    home = tmp_path / "user"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    command = f"{shlex.quote(sys.executable)} -m coachcli --install-completion; exit $?"
    ran = subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    script = home / ".bash_completions" / "coach.sh"
    assert f"source '{script}'" in (home / ".bashrc").read_text()
    assert "complete -o default -F _coach_completion coach" in script.read_text()


def test_an_unknown_language_is_a_usage_error(coach: Invoke) -> None:
    result = coach("--lang", "fr", "doctor")
    assert result.exit_code == 2
    assert "Invalid value for '--lang': 'fr' is not one of 'en', 'nl'." in result.stderr
    assert result.stdout == ""


def test_dutch_is_chosen_with_lang(coach: Invoke) -> None:
    result = coach("--lang", "nl", "case", "list")
    assert result.exit_code == 0
    assert result.stderr.strip() == "Nog geen casussen."


def test_a_bug_is_one_line_without_personal_data(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **options: object) -> None:
        bsn = "111222333"  # a local variable holding personal data
        raise ValueError(f"customer {bsn} broke it")

    monkeypatch.setattr("coachcli.health.diagnose", explode)
    result = coach("doctor")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "ValueError" in result.stderr
    assert "111222333" not in result.output
    assert "Traceback" not in result.output


def test_coach_debug_shows_a_traceback_but_never_local_variables(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **options: object) -> None:
        secret_note = "customer is in chemotherapy"  # noqa: F841  a local that must not leak
        raise ValueError("boom")

    monkeypatch.setattr("coachcli.health.diagnose", explode)
    monkeypatch.setenv("COACH_DEBUG", "1")
    result = coach("doctor")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert "explode" in result.stderr
    assert "chemotherapy" not in result.stderr


def test_ctrl_c_exits_130(coach: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("coachcli.health.diagnose", interrupted)
    result = coach("doctor")
    assert result.exit_code == 130


def test_python_dash_m_runs_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coachcli", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout == f"coach {__version__}\n"


def test_the_installed_coach_command_reports_errors_in_one_line(tmp_path: object) -> None:
    """Through a real process: stdout stays clean, stderr has one line, exit code 2."""
    result = subprocess.run(
        [sys.executable, "-m", "coachcli", "case", "list", "--since", "yesterday"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "coach: --since takes a day as YYYY-MM-DD, not 'yesterday'.\n"


def test_a_file_that_cannot_be_written_is_one_line_naming_it(
    coach: Invoke, isolated: object
) -> None:
    from pathlib import Path

    blocker = Path(str(isolated)) / "notes.txt"
    blocker.write_text("a file where a folder should be")
    result = coach("casebook", "export", "--output", str(blocker / "review.json"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("coach: cannot use ") and "notes.txt" in result.stderr
    assert blocker.read_text() == "a file where a folder should be"


def test_a_suggested_command_is_given_as_the_user_runs_coach(coach: Invoke) -> None:
    """SPEC §12: with `--lang nl`, a command a message suggests carries `--lang nl` too,
    so that following it answers in Dutch again; without the flag it stays plain."""
    dutch = coach("--lang", "nl", "profile", "show", "Nobody")
    assert "`coach --lang nl profile assess`" in dutch.stderr
    wrong = coach("--lang", "nl", "case", "list", "--bogus")
    assert wrong.stderr == (
        "coach: `coach --lang nl case list` kent de optie --bogus niet; "
        "`coach --lang nl case list --help` laat ze allemaal zien.\n"
    )
    plain = coach("profile", "show", "Nobody")
    assert "`coach profile assess`" in plain.stderr
