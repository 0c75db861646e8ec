"""Every text exists in English and Dutch, with the same placeholders (SPEC §12)."""

from __future__ import annotations

import string

import pytest

from coachcli import content
from coachcli.errors import UsageError
from coachcli.i18n import LANGUAGES, Messages, choose_language, flatten

# Every content file with text exists per language: messages.en.toml, golden.nl.toml, ...
CONTENT = sorted({p.name.split(".")[0] for p in content.PACKAGE_DIR.glob("*.en.toml")})


def catalogue(lang: str) -> dict[str, str]:
    """All texts of all content files in one language, keyed by file and dotted key."""
    texts: dict[str, str] = {}
    for name in CONTENT:
        for key, value in flatten(content.load(name, lang)).items():
            texts[f"{name}:{key}"] = str(value)
    return texts


def test_the_content_files_exist_in_every_language() -> None:
    assert {"messages", "golden", "advice"} <= set(CONTENT)
    for name in CONTENT:
        for lang in LANGUAGES:
            assert content.bundled_path(name, lang).is_file()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def words(template: str) -> str:
    """The template's own text, without its placeholders."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template)).strip(": ")


def test_every_key_exists_in_every_language() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            missing = keys[other] - keys[lang]
            assert not missing, f"only in {other}, missing in {lang}: {sorted(missing)}"


def test_every_text_has_the_same_placeholders_in_every_language() -> None:
    english = catalogue("en")
    dutch = catalogue("nl")
    for key, text in english.items():
        assert placeholders(text) == placeholders(dutch[key]), key


def test_no_text_is_left_empty_or_untranslated_by_accident() -> None:
    english = catalogue("en")
    dutch = catalogue("nl")
    assert all(text.strip() for text in [*english.values(), *dutch.values()])
    same = [key for key in english if english[key] == dutch[key] and len(words(english[key])) > 12]
    assert same == [], f"identical in both languages: {same}"


def test_messages_fill_in_values_and_nested_errors() -> None:
    nl = Messages("nl")
    inner = UsageError("invalid.int_range", key="frame.x", value=9, low=1, high=4)
    assert nl("error.config_invalid", file="coach.toml", problem=inner) == (
        "coach.toml: frame.x moet een geheel getal van 1 tot en met 4 zijn, niet 9."
    )


@pytest.mark.parametrize(
    ("flag", "environ", "configured", "expected"),
    [
        ("en", {"COACH_LANG": "nl", "LANG": "nl_NL.UTF-8"}, "nl", "en"),
        (None, {"COACH_LANG": "nl", "LANG": "en_GB.UTF-8"}, "en", "nl"),
        (None, {"COACH_LANG": "nl_BE.UTF-8"}, None, "nl"),
        (None, {"LANG": "en_GB.UTF-8"}, "nl", "nl"),
        (None, {"LANG": "nl_NL.UTF-8"}, None, "nl"),
        (None, {"LANG": "de_DE.UTF-8"}, None, "en"),
        (None, {}, None, "en"),
    ],
)
def test_language_is_chosen_in_the_order_of_the_spec(
    flag: str | None, environ: dict[str, str], configured: str | None, expected: str
) -> None:
    assert choose_language(flag, environ, configured) == expected


def test_an_unknown_coach_lang_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        choose_language(None, {"COACH_LANG": "fr"})


def test_every_message_key_the_code_names_exists() -> None:
    """A key typed in the code but missing from the catalogue would show users the key."""
    import ast
    import re
    from pathlib import Path

    import coachcli

    messages = flatten(content.load("messages", "en"))
    sections = {key.split(".")[0] for key in messages}
    shaped = re.compile(r"^[a-z_]+\.[a-z_0-9]+$")
    missing = set()
    for path in Path(coachcli.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            # Keys are the first argument: t("case.saved"), CoachError("error.no_draft", ...).
            first = node.args[0] if isinstance(node, ast.Call) and node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                text = first.value
                if shaped.match(text) and text.split(".")[0] in sections and text not in messages:
                    missing.add(f"{path.name}: {text}")
    assert not missing, sorted(missing)


@pytest.mark.parametrize(
    ("deadline", "en", "nl"),
    [
        ("2026-11-27T09:29:40Z", "in 2 days", "over 2 dagen"),  # set 48 h ahead seconds ago
        ("2026-11-25T14:30:00Z", "in 5 h", "over 5 uur"),
        ("2026-11-25T10:00:00Z", "in 30 min", "over 30 min"),
        ("2026-11-25T09:29:40Z", "overdue by 1 min", "1 min over tijd"),  # not "by 0 min"
        ("2026-11-25T06:30:00Z", "overdue by 3 h", "3 uur over tijd"),
        ("2026-11-22T09:30:00Z", "overdue by 3 days", "3 dagen over tijd"),
    ],
)
def test_a_countdown_reads_in_whole_units(deadline: str, en: str, nl: str) -> None:
    from coachcli.domain.case import parse_iso
    from coachcli.i18n import countdown

    now = parse_iso("2026-11-25T09:30:00Z")
    assert (countdown(deadline, now, Messages("en")), countdown(deadline, now, Messages("nl"))) == (
        en,
        nl,
    )


@pytest.mark.parametrize(
    ("stamp", "en", "nl"),
    [
        ("2026-11-27T09:47:00Z", "Fri 27 Nov 10:47", "vr 27 nov 10:47"),  # winter: UTC+1
        ("2026-07-02T22:15:00Z", "Fri 3 Jul 00:15", "vr 3 jul 00:15"),  # summer: UTC+2, next day
    ],
)
def test_a_moment_is_local_time_in_each_language(stamp: str, en: str, nl: str) -> None:
    from coachcli.i18n import moment

    assert (moment(stamp, Messages("en")), moment(stamp, Messages("nl"))) == (en, nl)


def test_a_message_on_a_terminal_wraps_between_words_and_keeps_a_command_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from coachcli.cli.env import Env

    monkeypatch.setenv("COLUMNS", "40")
    stderr = io.StringIO()
    env = Env(stderr=stderr, stderr_isatty=True, lang_flag="en")
    env.say("case.draft_saved", id="cd4de5f6", command="coach case new --resume cd4de5f6")
    lines = stderr.getvalue().splitlines()
    assert all(len(line) < 40 for line in lines if "`" not in line)
    # Run with --lang en, so the command to type again carries it (§12).
    assert "`coach --lang en case new --resume cd4de5f6`." in lines
    assert " ".join(lines) == (
        "Nothing is lost: your answers are kept as draft cd4de5f6. "
        "Continue with `coach --lang en case new --resume cd4de5f6`."
    )
    piped = io.StringIO()
    Env(stderr=piped, stderr_isatty=False, lang_flag="en").say(
        "case.draft_saved", id="cd4de5f6", command="coach case new --resume cd4de5f6"
    )
    assert piped.getvalue().count("\n") == 1  # captured or piped: one line


def test_a_count_groups_its_thousands_as_each_language_does() -> None:
    assert (Messages("en").count(1_000_000), Messages("nl").count(1_000_000)) == (
        "1,000,000",
        "1.000.000",
    )
    assert Messages("nl").count(999) == "999"
