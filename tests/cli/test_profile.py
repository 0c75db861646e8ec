"""`coach profile ...` and `coach team frame` (SPEC §5, §9), and advice tuned to a colour."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest

from coachcli import content
from coachcli.domain.profile import COLOURS, parse_items, shuffled
from tests.conftest import Invoke, Terminal
from tests.helpers import home_config

ITEMS = parse_items(content.load("questionnaire", "en"))
LEAST = {"blue": "green", "red": "blue", "yellow": "blue", "green": "red"}


def persona(colour: str) -> dict[str, dict[str, dict[str, str]]]:
    """Answers of someone who is always most `colour`."""

    def option(item_id: str, wanted: str) -> str:
        item = next(i for i in ITEMS if i.id == item_id)
        return next(o.id for o in item.options if o.colour == wanted)

    return {
        "answers": {
            item.id: {"most": option(item.id, colour), "least": option(item.id, LEAST[colour])}
            for item in ITEMS
        }
    }


@pytest.fixture
def workspace(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    home_config('agent = "Sanne de Vries"\n')
    return isolated


def take(coach: Invoke, workspace: Path, name: str, colour: str, *extra: str) -> Path:
    answers = workspace / f"{colour}.json"
    answers.write_text(json.dumps(persona(colour)))
    result = coach("profile", "assess", "--name", name, "--answers", str(answers), *extra)
    assert result.exit_code == 0, result.output
    return workspace / "profiles" / f"{name.lower().replace(' ', '-')}.toml"


def write_answers(workspace: Path, answers: Mapping[str, object], name: str = "a.json") -> Path:
    path = workspace / name
    path.write_text(json.dumps(answers))
    return path


def test_assess_with_answers_writes_every_key_of_the_spec(coach: Invoke, workspace: Path) -> None:
    path = take(coach, workspace, "Sanne de Vries", "green")
    profile = tomllib.loads(path.read_text())
    assert list(profile) == [
        "name",
        "team",
        "taken_at",
        "language",
        "questionnaire",
        "items",
        "dominant",
        "secondary",
        "tied",
        "balanced",
        "close",
        "comfort_rung",
        "stretch_rung",
        "seed",
        "points",
        "scores",
        "answers",
    ]  # fmt: skip  (tomli_w writes tables after values)
    assert (profile["name"], profile["team"], profile["dominant"]) == (
        "Sanne de Vries", "Zorg", "green",
    )  # fmt: skip
    assert (profile["questionnaire"], profile["items"]) == (6, 16)
    # Always green most and red least: green 16 × 2, red 0, blue and yellow 16 × 1.
    assert profile["points"] == {"blue": 16, "red": 0, "yellow": 16, "green": 32}
    assert profile["scores"] == {"blue": 25.0, "red": 0.0, "yellow": 25.0, "green": 50.0}
    assert (profile["secondary"], profile["tied"]) == ("blue", ["blue", "yellow"])
    assert (profile["balanced"], profile["close"]) == (False, ["green"])
    assert (profile["comfort_rung"], profile["stretch_rung"]) == (1, 2)
    assert len(profile["answers"]) == len(ITEMS)


def test_a_retake_needs_yes_without_a_terminal_and_keeps_the_file(
    coach: Invoke, workspace: Path
) -> None:
    path = take(coach, workspace, "Sanne de Vries", "green")
    before = path.read_bytes()
    answers = workspace / "red.json"
    answers.write_text(json.dumps(persona("red")))
    refused = coach("profile", "assess", "--answers", str(answers), "--no-input")
    assert refused.exit_code == 1
    assert "--yes" in refused.stderr
    assert path.read_bytes() == before
    take(coach, workspace, "Sanne de Vries", "red", "--yes")
    assert tomllib.loads(path.read_text())["dominant"] == "red"


def test_a_missing_answers_file_is_said_before_an_existing_profile(
    coach: Invoke, workspace: Path
) -> None:
    """What the user must mend first is the file they named, not the --yes they will need."""
    path = take(coach, workspace, "Sanne de Vries", "green")
    result = coach("profile", "assess", "--answers", "missing.toml", "--no-input")
    assert (result.exit_code, result.stderr) == (1, "coach: missing.toml does not exist.\n")
    assert path.is_file()


def test_bad_answer_files_name_the_problem(coach: Invoke, workspace: Path) -> None:
    answers = persona("blue")
    del answers["answers"]["queue-board-red-again"]
    answers["answers"]["feedback-from-team-lead"]["least"] = answers["answers"][
        "feedback-from-team-lead"
    ]["most"]
    path = workspace / "bad.toml"
    import tomli_w

    path.write_text(tomli_w.dumps(answers))
    result = coach("profile", "assess", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: `most` and `least` are the same statement for: feedback-from-team-lead;"
        " pick two different ones.\n"
    )
    answers["answers"]["feedback-from-team-lead"]["least"] = "z"
    path.write_text(tomli_w.dumps(answers))
    result = coach("profile", "assess", "--answers", str(path))
    assert result.stderr == (
        "coach: `most` or `least` is not one of the statements (a, b, c, d) of:"
        " feedback-from-team-lead.\n"
    )
    answers["answers"]["feedback-from-team-lead"]["least"] = (
        "a" if answers["answers"]["feedback-from-team-lead"]["most"] != "a" else "b"
    )
    path.write_text(tomli_w.dumps(answers))
    result = coach("profile", "assess", "--answers", str(path))
    assert result.stderr == "coach: no answer for: queue-board-red-again.\n"
    answers["answers"]["queue-board-red-again"] = {"most": "a", "least": "b"}
    answers["answers"]["queue-on-red"] = {"most": "a", "least": "b"}  # questionnaire 2's
    path.write_text(tomli_w.dumps(answers))
    result = coach("--lang", "nl", "profile", "assess", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: de vragenlijst heeft geen vraag queue-on-red;"
        " `coach --lang nl profile questions` laat alle vragen zien.\n"
    )
    garbled = workspace / "garbled.json"
    garbled.write_text("{not json")
    assert coach("profile", "assess", "--answers", str(garbled)).exit_code == 1
    assert not (workspace / "profiles").exists()


def test_without_answers_or_a_terminal_it_says_what_to_do(coach: Invoke, workspace: Path) -> None:
    result = coach("profile", "assess")
    assert result.exit_code == 2
    assert "--answers" in result.stderr


def test_the_interactive_assessment_end_to_end(
    terminal: Terminal, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pick the yellow statement as most and the blue one as least, each by the number it
    was shown with in the first list: the least step keeps every statement's number."""
    seed = 12345
    monkeypatch.setattr("random.SystemRandom.randrange", lambda self, n: seed)
    keys = []
    for item in ITEMS:
        order = shuffled(item, seed)
        most = next(n for n, o in enumerate(order, 1) if o.colour == "yellow")
        least = next(n for n, o in enumerate(order, 1) if o.colour == "blue")
        # The first list's key is pressed again in the second: it picks nothing there.
        keys += [str(most), str(most), str(least)]
    result = terminal.run("profile", "assess", keys="".join(keys))
    assert result.exit_code == 0, result.output
    assert "16 / 16" in result.stderr
    assert "Mostly yellow" in result.stdout
    profile = tomllib.loads((workspace / "profiles" / "sanne-de-vries.toml").read_text())
    assert (profile["dominant"], profile["seed"]) == ("yellow", seed)
    assert profile["scores"]["yellow"] == 50.0 and profile["scores"]["blue"] == 0.0


def test_ctrl_c_ends_the_assessment_and_writes_nothing(terminal: Terminal, workspace: Path) -> None:
    result = terminal.run("profile", "assess", keys="1212\x03")
    assert result.exit_code == 130
    assert result.stderr.endswith("coach: interrupted.\n")
    assert not (workspace / "profiles").exists()


def test_show_list_and_questions(coach: Invoke, workspace: Path) -> None:
    take(coach, workspace, "Sanne de Vries", "green")
    take(coach, workspace, "Bram Bakker", "red")
    (workspace / "profiles" / "broken.toml").write_text("name = ")
    (workspace / "profiles" / "README.md").write_text("not a profile")
    shown = coach("profile", "show")
    assert "Mostly green" in shown.stdout
    assert "Explicit permission" in shown.stdout
    assert json.loads(coach("profile", "show", "Bram Bakker", "--json").stdout)["dominant"] == "red"
    assert coach("profile", "show", "Nobody").exit_code == 1
    listed = coach("profile", "list", "--json")
    assert sorted(p["name"] for p in json.loads(listed.stdout)) == ["Bram Bakker", "Sanne de Vries"]
    assert "broken.toml" in listed.stderr
    questions = json.loads(coach("profile", "questions", "--json").stdout)
    assert len(questions) == len(ITEMS)
    assert set(questions[0]) == {"id", "text", "options"}
    assert set(questions[0]["options"][0]) == {"id", "colour", "text"}
    dutch = json.loads(coach("--lang", "nl", "profile", "questions", "--json").stdout)
    assert dutch[0]["text"] != questions[0]["text"]


CASE = ["case", "new", "--no-input", "--json", "--situation", "Glasses broke abroad",
        "--rule", "Contracted opticians only", "--alternative", "Pay the local optician",
        "--loyalty", "yes", "--human", "yes", "--risk", "none"]  # fmt: skip
RUNG_2 = ["--rule-cost", "100", "--alt-cost", "140"]  # 40 extra: goodwill
RUNG_3 = ["--cost", "same", "--other-department"]  # no extra cost, another department


# §6 for each colour's (comfort, stretch): blue (1,3), red (4,4), yellow (3,4), green (1,2).
@pytest.mark.parametrize(
    ("colour", "facts", "mandate", "code"),
    [
        ("blue", RUNG_2, 2, "go-stretch"), ("blue", RUNG_2, 3, "go-stretch"),
        ("blue", RUNG_3, 2, "sign-off"), ("blue", RUNG_3, 3, "go-stretch"),
        ("red", RUNG_2, 2, "go"), ("red", RUNG_2, 3, "go"),
        ("red", RUNG_3, 2, "sign-off"), ("red", RUNG_3, 3, "go"),
        ("yellow", RUNG_2, 2, "go"), ("yellow", RUNG_2, 3, "go"),
        ("yellow", RUNG_3, 2, "sign-off"), ("yellow", RUNG_3, 3, "go"),
        ("green", RUNG_2, 2, "go-stretch"), ("green", RUNG_2, 3, "go-stretch"),
        ("green", RUNG_3, 2, "sign-off"), ("green", RUNG_3, 3, "check-colleague"),
    ],
)  # fmt: skip
def test_advice_for_each_colour_at_rung_2_and_3_and_mandate_2_and_3(
    coach: Invoke, workspace: Path, colour: str, facts: list[str], mandate: int, code: str
) -> None:
    take(coach, workspace, "Sanne de Vries", colour)
    assert coach("team", "frame", "--set", f"max_rung_without_signoff={mandate}").exit_code == 0
    result = coach(*CASE, *facts)
    assert result.exit_code == 0, result.output
    case = json.loads(result.stdout)
    assert case["colour"] == colour
    assert case["advice"]["code"] == code


def test_the_advice_carries_the_colour_tip_and_watch_out(coach: Invoke, workspace: Path) -> None:
    take(coach, workspace, "Sanne de Vries", "green")
    advice = json.loads(coach(*CASE, *RUNG_2).stdout)["advice"]
    assert "explicit permission in the team frame" in advice["text"]
    assert "the frame covers you" in advice["watch_out"]
    dutch = json.loads(coach("--lang", "nl", *CASE, *RUNG_2).stdout)["advice"]
    assert "expliciete toestemming" in dutch["text"]


def test_team_frame_set_rejects_bad_input_and_leaves_the_file_byte_identical(
    coach: Invoke, workspace: Path
) -> None:
    config = workspace / "coach.toml"
    before = config.read_bytes()
    for bad in ["max_rung_without_signoff=5", "goodwill_budget=-1", "goodwill_per_case=1000",
                "discussion_hours=0", "currency=euro", "colour=red", "goodwill_budget",
                "goodwill_budget=lots", "exception_limit=nan"]:  # fmt: skip
        result = coach("team", "frame", "--set", bad)
        assert result.exit_code == 2, bad
        assert config.read_bytes() == before, bad
    # One bad setting among good ones changes nothing either.
    both = coach("team", "frame", "--set", "goodwill_budget=300", "--set", "currency=12")
    assert both.exit_code == 2 and config.read_bytes() == before


def test_team_frame_set_rewrites_the_config_and_keeps_the_rest(
    coach: Invoke, workspace: Path
) -> None:
    result = coach("team", "frame", "--set", "goodwill_budget=250", "--set",
                   "frame.max_rung_without_signoff=3", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["max_rung_without_signoff"] == 3
    saved = tomllib.loads((workspace / "coach.toml").read_text())
    assert saved["team"] == "Zorg"
    assert saved["frame"] == {"goodwill_budget": 250, "max_rung_without_signoff": 3}
    shown = coach("team", "frame")
    assert "250" in shown.stdout and "mandate" in shown.stdout


def test_an_organisations_rungs_take_effect_at_once(coach: Invoke, workspace: Path) -> None:
    take(coach, workspace, "Sanne de Vries", "green")
    assert json.loads(coach(*CASE, *RUNG_2).stdout)["advice"]["code"] == "go-stretch"
    (workspace / "our-rungs.toml").write_text(
        "".join(f"[{c}]\ncomfort = 2\nstretch = 3\n" for c in COLOURS)
    )
    config = workspace / "coach.toml"
    config.write_text(config.read_text() + '[content]\nrungs = "our-rungs.toml"\n')
    assert json.loads(coach(*CASE, *RUNG_2).stdout)["advice"]["code"] == "go"


def answers_for(points_plan: list[tuple[str, str]]) -> dict[str, object]:
    """Answers giving most and least per item, by colour, in the questionnaire's order."""

    def option(item_id: str, wanted: str) -> str:
        item = next(i for i in ITEMS if i.id == item_id)
        return next(o.id for o in item.options if o.colour == wanted)

    return {
        "answers": {
            item.id: {"most": option(item.id, most), "least": option(item.id, least)}
            for item, (most, least) in zip(ITEMS, points_plan, strict=True)
        }
    }


def test_the_result_screen_names_every_close_colour_and_a_settled_tie(
    coach: Invoke, workspace: Path
) -> None:
    """8 items blue most and red least, 8 yellow most and red least:
    blue 8×2 + 8×1 = 24, yellow 24, green 16, red 0. Blue and yellow tie (blue first by
    the colour order) and are close; the room is comfort min(1, 3) = 1, stretch
    max(3, 4) = 4, with the tips and watch-outs of both."""
    plan = [("blue", "red")] * 8 + [("yellow", "red")] * 8
    path = write_answers(workspace, answers_for(plan))
    result = coach("profile", "assess", "--answers", str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "37.5%" in out and "25.0%" in out and "0.0%" in out
    assert "Mostly blue." in out and "Then yellow." in out
    assert (
        "Balanced: blue and yellow are within 5 percentage points of each other, so your room "
        "takes in both." in out
    )
    assert "Same score: blue and yellow; the fixed order blue, red, yellow, green" in out
    assert "You are at ease up to rung 1" in out and "you can go up to rung 4" in out
    assert "  blue   Clear criteria" in out and "  yellow Checking the cost" in out
    assert "  blue   Don't wait for a rule" in out and "  yellow Promise only what" in out
    saved = tomllib.loads((workspace / "profiles" / "sanne-de-vries.toml").read_text())
    assert saved["close"] == ["blue", "yellow"] and saved["tied"] == ["blue", "yellow"]
    assert (saved["comfort_rung"], saved["stretch_rung"]) == (1, 4)
    dutch = coach("--lang", "nl", "profile", "show")
    assert "37,5%" in dutch.stdout
    assert "In balans: blauw en geel liggen binnen 5 procentpunten van elkaar" in dutch.stdout
    tie = "Gelijke score: blauw en geel; bij gelijke stand beslist de vaste volgorde"
    assert tie in dutch.stdout


def test_a_balanced_profile_warns_with_each_close_colour_in_a_case(
    coach: Invoke, workspace: Path
) -> None:
    plan = [("blue", "red")] * 8 + [("yellow", "red")] * 8
    path = write_answers(workspace, answers_for(plan))
    assert coach("profile", "assess", "--answers", str(path)).exit_code == 0
    advice = json.loads(coach(*CASE, *RUNG_2).stdout)["advice"]
    assert "Don't wait for a rule that covers everything." in advice["watch_out"]
    assert "Promise only what can be delivered." in advice["watch_out"]


def test_show_takes_the_name_as_an_argument_or_with_name(coach: Invoke, workspace: Path) -> None:
    take(coach, workspace, "Bram Bakker", "red")
    by_flag = coach("profile", "show", "--name", "Bram Bakker", "--json")
    assert json.loads(by_flag.stdout)["name"] == "Bram Bakker"
    assert coach("profile", "show", "Bram Bakker", "--name", "Bram Bakker").exit_code == 0
    both = coach("profile", "show", "Bram Bakker", "--name", "Sanne de Vries")
    assert both.exit_code == 2
    assert "once" in both.stderr


def test_a_name_whose_slug_is_taken_by_someone_else_is_refused(
    coach: Invoke, workspace: Path
) -> None:
    take(coach, workspace, "Li Wei", "red")
    li_wei = workspace / "profiles" / "li-wei.toml"
    before = li_wei.read_bytes()
    answers = write_answers(workspace, persona("green"))
    refused = coach("profile", "assess", "--name", "李伟", "--answers", str(answers), "--yes")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"coach: {li_wei} holds the profile of someone else whose name gives the same file"
        " name. Nothing was written; save yours with --output FILE.\n"
    )
    assert li_wei.read_bytes() == before
    own = workspace / "profiles" / "li-wei-2.toml"
    made = coach("profile", "assess", "--name", "李伟", "--answers", str(answers),
                 "--output", str(own))  # fmt: skip
    assert made.exit_code == 0, made.output
    # Each is found: Li Wei by the slug, 李伟 by the name inside the other file.
    shown = json.loads(coach("profile", "show", "李伟", "--json").stdout)
    assert (shown["name"], shown["dominant"]) == ("李伟", "green")
    shown = json.loads(coach("profile", "show", "Li Wei", "--json").stdout)
    assert (shown["name"], shown["dominant"]) == ("Li Wei", "red")


def test_a_name_of_emoji_gets_a_file_named_by_its_hash(coach: Invoke, workspace: Path) -> None:
    take(coach, workspace, "Sanne de Vries", "red")
    answers = write_answers(workspace, persona("blue"))
    result = coach("profile", "assess", "--name", "😀🎉", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    # printf '😀🎉' | sha256sum: f7648e9f…
    assert (workspace / "profiles" / "profile-f7648e9f.toml").is_file()


OLD_PROFILE = """name = "Mehmet Yılmaz"
team = "Demo helpdesk"
taken_at = "2026-11-24T08:07:15.691Z"
language = "en"
dominant = "blue"
secondary = "green"
tied = []
balanced = true
comfort_rung = 1
stretch_rung = 3
seed = 1303338761

[scores]
blue = 29.7
red = 15.6
yellow = 26.6
green = 28.1

[answers.call-no-script]
most = "d"
least = "a"
"""


def test_a_profile_under_the_old_slug_is_found_and_a_retake_replaces_it(
    coach: Invoke, workspace: Path
) -> None:
    folder = workspace / "profiles"
    folder.mkdir()
    old = folder / "mehmet-ylmaz.toml"
    old.write_text(OLD_PROFILE)
    shown = json.loads(coach("profile", "show", "Mehmet Yılmaz", "--json").stdout)
    # Read from its scores (see tests/domain/test_profile.py): blue 19, green 18, yellow 17.
    assert shown["points"] == {"blue": 19, "red": 10, "yellow": 17, "green": 18}
    assert shown["close"] == ["blue", "green", "yellow"]
    screen = coach("profile", "show", "--name", "Mehmet Yılmaz").stdout
    assert "Balanced: blue, green and yellow are within 5 percentage points" in screen
    answers = write_answers(workspace, persona("red"))
    retake = coach("profile", "assess", "--name", "Mehmet Yılmaz", "--answers", str(answers))
    assert retake.exit_code == 1 and str(old) in retake.stderr  # asks before replacing
    retake = coach("profile", "assess", "--name", "Mehmet Yılmaz", "--answers", str(answers),
                   "--yes")  # fmt: skip
    assert retake.exit_code == 0, retake.output
    assert sorted(p.name for p in folder.iterdir()) == ["mehmet-ylmaz.toml"]
    assert tomllib.loads(old.read_text())["dominant"] == "red"


def test_a_long_statement_is_wrapped_under_its_first_line_not_cut_off() -> None:
    from coachcli.prompts import wrapped

    text = (
        "I find the rule that comes closest and reason from there, even if the caller "
        "has to hold for a minute."
    )
    # In the list: after ` » 1) ` (6 columns), 79 columns wide at most.
    assert wrapped(text, 80) == (
        "I find the rule that comes closest and reason from there, even if the\n"
        "      caller has to hold for a minute."
    )
    # As the answer, after `? Most like you: ` (16 + 3 columns): 60 columns for the first
    # line, which "…from there," (57) fills and "…there, even" (62) would overflow.
    assert wrapped(text, 80, first=19) == (
        "I find the rule that comes closest and reason from there,\n"
        "      even if the caller has to hold for a minute."
    )
    assert wrapped("I take what's useful and get on with the next call.", 80) == (
        "I take what's useful and get on with the next call."
    )
    # After a question that fills the line (`? kosten: Brengt het geen extra kosten mee,
    # en verlaagt het juist de kosten? ` ends in column 78), the answer starts on a line of
    # its own: never "la" / "ger".
    assert wrapped("lager: het bespaart geld", 80, first=78) == ("\n      lager: het bespaart geld")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"answers": [1, 2]}', "{path} has no table of answers; expected"),
        ('{"other": {}}', "{path} has no table of answers; expected"),
        ("[1]", "{path} has no table of answers; expected"),
        ('{"answers": {"queue-board-red-again": {"most": 1, "least": "b"},'
         ' "feedback-from-team-lead": "a"}}',
         "in {path}, each answer needs `most` and `least`, each the letter of a statement;"
         " not so for: queue-board-red-again, feedback-from-team-lead."),
    ],
)  # fmt: skip
def test_an_answers_file_of_the_wrong_shape_says_so(
    coach: Invoke, workspace: Path, text: str, message: str
) -> None:
    path = workspace / "answers.json"
    path.write_text(text)
    result = coach("profile", "assess", "--answers", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("coach: " + message.format(path=path))
    assert not (workspace / "profiles").exists()
