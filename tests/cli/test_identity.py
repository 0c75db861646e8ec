"""Who you are is personal (SPEC §2): the name asked once and kept in the home's config.toml,
a workspace's `agent` and `language` ignored, and `doctor` saying who you are.

Every run here has only a login name to go by (`$USER`), as on a fresh machine, unless the
test gives a name. Keys go to a terminal of the test's own: `\\x15` (Ctrl-U) clears a
prefilled answer, `\\x03` is Ctrl-C.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

from coachcli import config
from tests.cli.test_drafts import REST, RULE, SITUATION
from tests.cli.test_profile import persona
from tests.conftest import Invoke, Terminal
from tests.helpers import NEW_CASE, home_config

CLEAR = "\x15"
CTRL_C = "\x03"
# The flags of NEW_CASE without its `--agent`: a run that gives no name.
NAMELESS = [arg for arg in NEW_CASE if arg not in ("--agent", "Sanne")]


@pytest.fixture(autouse=True)
def login(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("USER", "jdevries")
    return "jdevries"


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated.parent / "home"


def agents(coach: Invoke) -> list[str]:
    result = coach("case", "list", "--json")
    assert result.exit_code == 0, result.output
    return [case["agent"] for case in json.loads(result.stdout)]


def profile_of(coach: Invoke, folder: Path, name: str, colour: str = "green") -> Path:
    """Take `name`'s assessment without a terminal (`--answers`), as a trainer might."""
    answers = folder / f"{colour}.json"
    answers.write_text(json.dumps(persona(colour)))
    result = coach("profile", "assess", "--name", name, "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    (path,) = [line for line in result.stderr.splitlines() if line.startswith("Profile saved")]
    return Path(path.removeprefix("Profile saved in ").removesuffix("."))


# --- Asked once ------------------------------------------------------------------------


def test_the_name_is_asked_once_kept_in_the_home_config_and_not_asked_again(
    terminal: Terminal, coach: Invoke, home: Path
) -> None:
    first = terminal.run("case", "new", keys="Jan de Vries\r" + SITUATION + RULE + "".join(REST))

    assert first.exit_code == 0, first.output
    path = home / "config.toml"
    assert first.stderr.startswith(
        f"Your name is kept in {path}; to change it, edit `agent` there.\n"
    )
    assert path.read_bytes() == b'agent = "Jan de Vries"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Asked again, the name would take the situation's line, and the flow would run short.
    second = terminal.run("case", "new", keys=SITUATION + RULE + "".join(REST))
    assert second.exit_code == 0, second.output
    assert "name" not in second.stderr
    assert agents(coach) == ["Jan de Vries", "Jan de Vries"]


def test_the_question_and_the_line_after_it_are_dutch_in_dutch(
    terminal: Terminal, home: Path
) -> None:
    ran = terminal.run("--lang", "nl", "case", "new", keys="Jan de Vries\r" + CTRL_C)

    assert ran.exit_code == 130
    path = home / "config.toml"
    assert ran.stderr.splitlines()[0] == (
        f"Je naam staat nu in {path}; wijzigen kan daar, bij `agent`."
    )
    assert path.read_bytes() == b'agent = "Jan de Vries"\n'


def test_profile_assess_and_train_ask_it_too(
    terminal: Terminal, coach: Invoke, isolated: Path, home: Path
) -> None:
    answers = isolated / "green.json"
    answers.write_text(json.dumps(persona("green")))

    assessed = terminal.run("profile", "assess", "--answers", str(answers), keys="Jan de Vries\r")

    assert assessed.exit_code == 0, assessed.output
    assert (home / "profiles" / "jan-de-vries.toml").is_file()
    assert tomllib.loads((home / "config.toml").read_text()) == {"agent": "Jan de Vries"}
    (home / "config.toml").unlink()
    from tests.cli.test_train import CASES
    from tests.exchange.test_import import write_export

    export = write_export(isolated / "practice.json", CASES)
    # Prefilled now with Jan de Vries, whose profile the login matches: cleared first.
    trained = terminal.run("train", "--from", str(export), keys=CLEAR + "Bram Bakker\r" + CTRL_C)
    assert trained.exit_code == 130
    assert tomllib.loads((home / "config.toml").read_text()) == {"agent": "Bram Bakker"}


def test_the_name_is_prefilled_from_the_one_profile_the_login_matches(
    terminal: Terminal, coach: Invoke, home: Path, isolated: Path
) -> None:
    profile_of(coach, isolated, "Jan de Vries")
    profile_of(coach, isolated, "Priya Raghunathan", "red")

    ran = terminal.run("case", "new", keys="\r" + CTRL_C)  # Enter takes what is prefilled

    assert ran.exit_code == 130
    assert (home / "config.toml").read_bytes() == b'agent = "Jan de Vries"\n'


def test_a_prefilled_name_can_be_replaced(
    terminal: Terminal, coach: Invoke, home: Path, isolated: Path
) -> None:
    profile_of(coach, isolated, "Jan de Vries")

    ran = terminal.run("case", "new", keys=CLEAR + "Jan de Vries-Bakker\r" + CTRL_C)

    assert ran.exit_code == 130
    assert (home / "config.toml").read_bytes() == b'agent = "Jan de Vries-Bakker"\n'


def test_nothing_is_prefilled_when_no_profile_or_two_match(
    terminal: Terminal, coach: Invoke, home: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile_of(coach, isolated, "Jan de Vries")
    profile_of(coach, isolated, "Sanne de Vries", "red")
    for login in ("pbakker", "devries"):  # none matches; both match
        monkeypatch.setenv("USER", login)
        # Enter on an empty answer is refused, so Ctrl-C still finds the question.
        ran = terminal.run("case", "new", keys="\r" + CTRL_C)
        assert ran.exit_code == 130
        assert ran.stderr == "\ncoach: interrupted.\n"
        assert not (home / "config.toml").exists()


def test_ctrl_c_at_the_question_exits_130_and_keeps_nothing(terminal: Terminal, home: Path) -> None:
    path = home_config('team = "Zorg"\n')

    ran = terminal.run("case", "new", keys="Jan de" + CTRL_C)

    assert ran.exit_code == 130
    assert ran.stderr == "\ncoach: interrupted.\n"
    assert path.read_bytes() == b'team = "Zorg"\n'


@pytest.mark.parametrize("typed", ["Jan\x1b[2J", "Jan\nde Vries", "x" * 101])
def test_a_name_with_control_characters_or_too_long_is_refused_at_the_prompt(
    terminal: Terminal, home: Path, typed: str
) -> None:
    # Pasted (bracketed paste), so that the escape and the newline arrive as text.
    ran = terminal.run("case", "new", keys=f"\x1b[200~{typed}\x1b[201~\r" + CTRL_C)

    # Refused: still at the question when Ctrl-C comes, not at the situation.
    assert ran.exit_code == 130
    assert ran.stderr == "\ncoach: interrupted.\n"
    assert not (home / "config.toml").exists()


def test_the_refusals_say_why_in_both_languages() -> None:
    from coachcli.cli.identity import _check
    from coachcli.i18n import Messages

    en, nl = _check(Messages("en")), _check(Messages("nl"))
    assert en("Jan\nde Vries") == "A name cannot hold control characters or line breaks."
    assert nl("Jan\x1b[2J") == "Een naam kan geen stuurtekens of regeleinden bevatten."
    assert en("x" * 101) == "A name has at most 100 characters."
    assert nl("x" * 101) == "Een naam heeft hoogstens 100 tekens."
    assert en("  ") == "Please type an answer; this one cannot be left empty."
    assert en("Jan de Vries") is True


def test_keeping_the_name_keeps_every_other_key_and_makes_the_file_owner_only(
    terminal: Terminal, home: Path
) -> None:
    path = home_config(
        'team = "Zorg"\nlanguage = "en"\nfuture = "kept"\n'
        "[frame]\ngoodwill_budget = 149.95\nsomething_new = 3\n"
    )
    os.chmod(path, 0o644)

    ran = terminal.run("case", "new", keys="Jan de Vries\r" + CTRL_C)

    assert ran.exit_code == 130
    assert tomllib.loads(path.read_text()) == {
        "team": "Zorg", "language": "en", "future": "kept", "agent": "Jan de Vries",
        "frame": {"goodwill_budget": 149.95, "something_new": 3},
    }  # fmt: skip
    assert "goodwill_budget = 149.95\n" in path.read_text()  # exactly as written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_in_a_workspace_the_name_goes_to_the_home_never_to_the_workspace(
    terminal: Terminal, coach: Invoke, isolated: Path, home: Path
) -> None:
    workspace = isolated / "coach.toml"
    workspace.write_text('team = "Zorg"\n')

    ran = terminal.run("case", "new", keys="Jan de Vries\r" + CTRL_C)

    assert ran.exit_code == 130
    assert workspace.read_bytes() == b'team = "Zorg"\n'
    assert (home / "config.toml").read_bytes() == b'agent = "Jan de Vries"\n'
    assert json.loads(coach("budget", "--json").stdout)["agent"] == "Jan de Vries"


def test_a_home_that_cannot_keep_the_name_costs_only_the_keeping(
    terminal: Terminal, coach: Invoke, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(config, "atomic_write", refuse)  # a read-only home, even for root

    ran = terminal.run("case", "new", keys="Jan de Vries\r" + SITUATION + RULE + "".join(REST))

    assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines()[0] == (
        f"coach: your name could not be kept in {home / 'config.toml'} (Permission denied); "
        "coach will ask again next time."
    )
    assert agents(coach) == ["Jan de Vries"]
    assert not (home / "config.toml").exists()


# --- Without a terminal --------------------------------------------------------------------


def test_without_a_terminal_the_login_name_is_used_with_one_warning(
    coach: Invoke, home: Path
) -> None:
    result = coach(*NAMELESS)

    assert result.exit_code == 0, result.output
    warning, saved = result.stderr.splitlines()
    assert saved.startswith("Case ") and saved.endswith(" saved.")
    assert warning == (
        "coach: your name is not known, so coach goes by your login name jdevries and advice "
        "cannot be personal; run `coach case new` once in a terminal (it asks your name), or "
        f'put `agent = "Your Name"` in {home / "config.toml"}.'
    )
    assert agents(coach) == ["jdevries"]
    assert not (home / "config.toml").exists()


def test_the_warning_is_dutch_in_dutch_and_gives_the_command_as_typed(
    coach: Invoke, home: Path
) -> None:
    result = coach("--lang", "nl", *NAMELESS)

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "coach: je naam is niet bekend, dus coach gaat uit van je inlognaam jdevries en kan "
        "geen persoonlijk advies geven; start `coach --lang nl case new` één keer in een "
        "terminal (dan vraagt coach je naam), of zet "
        f'`agent = "Je Naam"` in {home / "config.toml"}.'
    )


def test_a_login_name_with_control_sequences_is_shown_not_run(
    coach: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "jd\x1b]0;pwned\x07")

    result = coach(*NAMELESS)

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "your login name jd\\x1b]0;pwned\\x07 and advice" in result.stderr


def test_no_input_on_a_terminal_does_not_ask_either(
    terminal: Terminal, coach: Invoke, home: Path
) -> None:
    ran = terminal.run(*NAMELESS, keys="Jan de Vries\r")

    assert ran.exit_code == 0, ran.output
    assert ran.stderr.count("your name is not known") == 1
    assert agents(coach) == ["jdevries"]
    assert not (home / "config.toml").exists()


def test_a_usage_error_is_the_only_line_without_a_name(coach: Invoke) -> None:
    result = coach("case", "new", "--no-input", "--situation", "Taxi home")

    assert result.exit_code == 2
    assert result.stderr.startswith("coach: without prompts, coach still needs: --rule")
    assert len(result.stderr.splitlines()) == 1


def test_a_name_from_anywhere_is_never_asked_nor_warned_about(
    terminal: Terminal, coach: Invoke, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flagged = coach(*NAMELESS, "--agent", "Jan de Vries")
    monkeypatch.setenv("COACH_AGENT", "Sanne de Vries")
    from_env = terminal.run("case", "new", keys=SITUATION + RULE + "".join(REST))

    assert flagged.exit_code == from_env.exit_code == 0, from_env.output
    assert "name" not in flagged.stderr + from_env.stderr
    assert agents(coach) == ["Sanne de Vries", "Jan de Vries"]
    assert not (home / "config.toml").exists()


# --- profile assess --name -----------------------------------------------------------------


@pytest.fixture
def answers(isolated: Path) -> Path:
    path = isolated / "green.json"
    path.write_text(json.dumps(persona("green")))
    return path


def test_assess_name_becomes_yours_when_you_confirm_it(
    terminal: Terminal, home: Path, answers: Path
) -> None:
    ran = terminal.run("profile", "assess", "--name", "Jan de Vries", "--answers", str(answers),
                       keys="y")  # fmt: skip

    assert ran.exit_code == 0, ran.output
    assert (home / "config.toml").read_bytes() == b'agent = "Jan de Vries"\n'
    assert (home / "profiles" / "jan-de-vries.toml").is_file()


def test_assess_name_is_confirmed_with_the_dutch_key_in_dutch(
    terminal: Terminal, home: Path, answers: Path
) -> None:
    ran = terminal.run("--lang", "nl", "profile", "assess", "--name", "Jan de Vries",
                       "--answers", str(answers), keys="j")  # fmt: skip

    assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines()[0] == (
        f"Je naam staat nu in {home / 'config.toml'}; wijzigen kan daar, bij `agent`."
    )
    assert (home / "config.toml").read_bytes() == b'agent = "Jan de Vries"\n'


def test_assess_name_is_not_yours_when_you_say_no(
    terminal: Terminal, coach: Invoke, home: Path, answers: Path
) -> None:
    ran = terminal.run("profile", "assess", "--name", "Bram Bakker", "--answers", str(answers),
                       keys="n")  # fmt: skip

    assert ran.exit_code == 0, ran.output
    assert not (home / "config.toml").exists()
    assert (home / "profiles" / "bram-bakker.toml").is_file()


def test_assess_name_is_not_kept_without_a_terminal(
    coach: Invoke, home: Path, answers: Path
) -> None:
    result = coach("profile", "assess", "--name", "Jan de Vries", "--answers", str(answers))

    assert result.exit_code == 0, result.output
    assert not (home / "config.toml").exists()
    assert "your name is not known, so coach goes by your login name jdevries" in result.stderr


def test_assess_name_asks_nothing_when_your_name_is_known(
    terminal: Terminal, home: Path, answers: Path
) -> None:
    path = home_config('agent = "Sanne de Vries"\n')

    ran = terminal.run("profile", "assess", "--name", "Jan de Vries", "--answers", str(answers))

    assert ran.exit_code == 0, ran.output  # no key was typed: nothing was asked
    assert path.read_bytes() == b'agent = "Sanne de Vries"\n'


def test_ctrl_c_at_the_confirmation_keeps_neither_name_nor_profile(
    terminal: Terminal, home: Path, answers: Path
) -> None:
    ran = terminal.run("profile", "assess", "--name", "Jan de Vries", "--answers", str(answers),
                       keys=CTRL_C)  # fmt: skip

    assert ran.exit_code == 130
    assert not (home / "config.toml").exists()
    assert not (home / "profiles").exists()


# --- The workspace's copy ------------------------------------------------------------------


@pytest.fixture
def shared(isolated: Path) -> Path:
    """A team's workspace whose coach.toml holds a name and a language, as before §2 said
    they are personal."""
    path = isolated / "coach.toml"
    path.write_text('agent = "Iedereen"\nlanguage = "nl"\nteam = "Zorg"\n')
    return path


def test_a_workspaces_agent_and_language_are_ignored_with_one_warning_naming_the_file(
    coach: Invoke, shared: Path, home: Path
) -> None:
    home_config('agent = "Jan de Vries"\n')

    result = coach("budget", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["agent"] == "Jan de Vries"
    assert result.stderr == (
        f"coach: {shared} has `agent`, `language`: these are personal, so coach ignores them here. "
        f"Set them in your own {home / 'config.toml'}.\n"
    )
    shown = coach("budget")
    assert "Goodwill" in shown.stdout  # English: the workspace's language = "nl" is ignored


def test_the_warning_about_the_workspace_is_dutch_when_your_language_is(
    coach: Invoke, shared: Path, home: Path
) -> None:
    home_config('language = "nl"\n')

    result = coach("budget", "--json")

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"coach: {shared} bevat `agent`, `language`: die zijn persoonlijk, "
        "dus coach negeert ze hier. "
        f"Zet ze in je eigen {home / 'config.toml'}.\n"
    )


def test_a_name_in_the_workspace_does_not_stop_the_question(
    terminal: Terminal, shared: Path, home: Path
) -> None:
    ran = terminal.run("case", "new", keys="Jan de Vries\r" + CTRL_C)

    assert ran.exit_code == 130
    assert (home / "config.toml").read_bytes() == b'agent = "Jan de Vries"\n'
    assert shared.read_bytes() == b'agent = "Iedereen"\nlanguage = "nl"\nteam = "Zorg"\n'


def test_team_frame_set_leaves_the_personal_keys_where_they_were(
    coach: Invoke, shared: Path, home: Path
) -> None:
    result = coach("team", "frame", "--set", "goodwill_budget=150")

    assert result.exit_code == 0, result.output
    assert tomllib.loads(shared.read_text()) == {
        "agent": "Iedereen", "language": "nl", "team": "Zorg", "frame": {"goodwill_budget": 150},
    }  # fmt: skip
    assert not (home / "config.toml").exists()


def test_a_name_with_control_characters_in_the_home_config_is_an_error_naming_it(
    coach: Invoke, home: Path
) -> None:
    path = home_config('agent = "Jan\\u001b[2J"\n')

    result = coach("budget")

    assert result.exit_code == 1
    assert result.stderr == (
        f"coach: {path}: agent must be a name on one line, without control characters, "
        "not 'Jan\\x1b[2J'.\n"
    )


# --- Profiles found by the name inside -----------------------------------------------------


def test_a_profile_is_found_by_the_name_inside_when_its_file_is_named_otherwise(
    coach: Invoke, home: Path, isolated: Path
) -> None:
    made = profile_of(coach, isolated, "Jan de Vries")
    made.rename(made.with_name("jan.toml"))
    home_config('agent = "Jan de Vries"\n')

    shown = coach("profile", "show", "--json")
    advice = coach(*NAMELESS[:-8], "--loyalty", "yes", "--human", "yes", "--risk", "none",
                   "--rule-cost", "100", "--alt-cost", "140", "--json")  # fmt: skip

    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["name"] == "Jan de Vries"
    # Green: at ease up to rung 1, so a goodwill step (rung 2) is a stretch (§6).
    assert json.loads(advice.stdout)["advice"]["code"] == "go-stretch"


def test_profile_show_with_only_a_login_name_says_why_nothing_is_found(
    coach: Invoke, home: Path
) -> None:
    result = coach("profile", "show")

    assert result.exit_code == 1
    warning, error = result.stderr.splitlines()
    assert warning.startswith("coach: your name is not known, so coach goes by your login name")
    assert error == (
        "coach: jdevries has no profile yet; fill in the questionnaire with `coach profile assess`."
    )


# --- doctor --------------------------------------------------------------------------------


def doctor_lines(coach: Invoke, *args: str) -> tuple[int, list[str]]:
    # Wide enough for any temporary path on one line: the layout is not what is tested.
    os.environ["COLUMNS"] = "1000"
    result = coach(*args, "doctor")
    return result.exit_code, [" ".join(line.split()) for line in result.stdout.splitlines()]


def test_doctor_names_you_the_source_and_your_profile(
    coach: Invoke, home: Path, isolated: Path
) -> None:
    made = profile_of(coach, isolated, "Jan de Vries")
    path = home_config('agent = "Jan de Vries"\n')

    code, lines = doctor_lines(coach)

    assert code == 0
    assert f"you Jan de Vries (from {path})" in lines
    assert f"your profile {made}" in lines
    data = json.loads(coach("doctor", "--json").stdout)
    assert data["agent"] == {
        "name": "Jan de Vries", "source": "config", "known": True, "profile": str(made),
    }  # fmt: skip


def test_doctor_with_only_a_login_points_to_the_profile_that_looks_like_yours(
    coach: Invoke, isolated: Path
) -> None:
    made = profile_of(coach, isolated, "Jan de Vries")

    code, lines = doctor_lines(coach, "--lang", "nl")

    assert code == 0  # advice for nobody in particular is a hint, not a fault
    text = " ".join(lines)
    assert (
        "jij jdevries: alleen je inlognaam ($USER), dus het advies is niet persoonlijk; "
        "`coach --lang nl case new` vraagt één keer je naam"
    ) in text
    assert (
        f"je profiel geen profiel van jdevries; {made} (Jan de Vries) lijkt van jou: "
        "`coach --lang nl case new` vraagt één keer je naam"
    ) in text


def test_doctor_says_how_to_take_a_missing_profile(
    coach: Invoke, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_AGENT", "Bram Bakker")

    code, lines = doctor_lines(coach)

    assert code == 0
    assert "you Bram Bakker (from $COACH_AGENT)" in lines
    assert (
        f"your profile none for Bram Bakker in {home / 'profiles'}; fill in the questionnaire with "
        "`coach profile assess`"
    ) in " ".join(lines)


def test_doctor_finds_a_workspace_holding_personal_keys(
    coach: Invoke, shared: Path, home: Path
) -> None:
    code, lines = doctor_lines(coach)

    assert code == 1
    assert (
        f"✗ {shared} has `agent`, `language`: these are personal, so coach ignores them there; "
        f"remove them from it, and set them in your own {home / 'config.toml'}"
    ) in " ".join(lines)
    assert "you jdevries: only your login name ($USER)" in " ".join(lines)


def test_doctor_reports_a_broken_home_config_in_a_workspace(coach: Invoke, isolated: Path) -> None:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    path = home_config('agent = "Jan\n')

    code, lines = doctor_lines(coach)

    assert code == 1
    assert any(line.startswith(f"✗ config: {path} is not valid TOML") for line in lines)
