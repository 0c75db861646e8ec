"""Settings (SPEC §2): defaults, validation that names the key, and unknown keys kept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from coachcli import config
from coachcli.domain.frame import Frame, InvalidValue, frame_from_mapping
from coachcli.errors import ConfigError
from coachcli.i18n import Messages


def test_a_missing_file_gives_the_defaults_of_the_spec(tmp_path: Path) -> None:
    loaded = config.load_config(tmp_path / "coach.toml")
    assert loaded.frame == Frame(2, Decimal(100), Decimal(50), Decimal(500), 48, 6, "EUR")
    assert (loaded.agent, loaded.team, loaded.language) == (None, None, None)
    assert loaded.redact_patterns == loaded.redact_terms == ()


def test_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text(
        'agent = "Sanne"\nteam = "Zorg"\nlanguage = "nl"\n'
        "[frame]\nmax_rung_without_signoff = 3\ngoodwill_budget = 250\n"
        '[redact]\nterms = ["Antoni van Leeuwenhoek"]\n'
        '[content]\nmessages = "ours/messages.{lang}.toml"\n'
    )
    loaded = config.load_config(path)
    assert (loaded.agent, loaded.team, loaded.language) == ("Sanne", "Zorg", "nl")
    assert loaded.frame.max_rung_without_signoff == 3
    assert loaded.frame.goodwill_budget == 250
    assert loaded.redact_terms == ("Antoni van Leeuwenhoek",)
    assert loaded.content == {"messages": "ours/messages.{lang}.toml"}


@pytest.mark.parametrize(
    ("frame", "key"),
    [
        ({"max_rung_without_signoff": 5}, "frame.max_rung_without_signoff"),
        ({"max_rung_without_signoff": 0}, "frame.max_rung_without_signoff"),
        ({"max_rung_without_signoff": 2.5}, "frame.max_rung_without_signoff"),
        ({"goodwill_budget": -1}, "frame.goodwill_budget"),
        ({"goodwill_budget": "lots"}, "frame.goodwill_budget"),
        ({"goodwill_budget": True}, "frame.goodwill_budget"),
        ({"goodwill_budget": float("inf")}, "frame.goodwill_budget"),
        ({"goodwill_per_case": 150}, "frame.goodwill_per_case"),  # > goodwill_budget
        ({"exception_limit": 20}, "frame.exception_limit"),  # < goodwill_per_case
        ({"discussion_hours": 0}, "frame.discussion_hours"),
        ({"currency": "euro"}, "frame.currency"),
    ],
)
def test_an_invalid_frame_value_is_an_error_that_names_the_key(
    frame: dict[str, object], key: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        frame_from_mapping(frame)
    assert caught.value.values["key"] == key
    assert key in Messages("en").error(caught.value)


def test_frame_limits_are_checked_against_each_other() -> None:
    frame = frame_from_mapping(
        {"goodwill_budget": 2000, "goodwill_per_case": 2000, "exception_limit": 2000}
    )
    assert frame.goodwill_per_case == frame.exception_limit == 2000


def test_an_invalid_file_is_an_error_that_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text("[frame]\nmax_rung_without_signoff = 7\n")
    with pytest.raises(ConfigError) as caught:
        config.load_config(path)
    text = Messages("en").error(caught.value)
    assert str(path) in text
    assert "frame.max_rung_without_signoff" in text
    assert "\n" not in text


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text("[frame\n")
    with pytest.raises(ConfigError) as caught:
        config.load_config(path)
    assert caught.value.key == "error.config_syntax"


def test_unknown_keys_are_reported_and_kept_on_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text('future_key = 1\n[frame]\ncolour_of_the_month = "red"\n')
    loaded = config.load_config(path)
    assert loaded.unknown_keys == ("future_key", "frame.colour_of_the_month")
    document = config.read_document(path)
    document["frame"]["goodwill_budget"] = 300.0
    config.write_document(path, document)
    again = config.read_document(path)
    assert again["future_key"] == 1
    assert again["frame"]["colour_of_the_month"] == "red"
    assert again["frame"]["goodwill_budget"] == 300.0


def test_writing_an_invalid_document_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "coach.toml"
    path.write_text("[frame]\nmax_rung_without_signoff = 2\n")
    before = path.read_bytes()
    with pytest.raises(InvalidValue):
        config.write_document(path, {"frame": {"max_rung_without_signoff": 9}})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "work"] == ["coach.toml"]


def test_in_a_workspace_agent_and_language_come_from_the_home(tmp_path: Path) -> None:
    workspace, home = tmp_path / "coach.toml", tmp_path / "config.toml"
    workspace.write_text('agent = "Iedereen"\nlanguage = "fr"\nteam = "Zorg"\n')
    home.write_text('agent = "Jan de Vries"\nlanguage = "nl"\n[frame]\ngoodwill_budget = -1\n')

    loaded = config.load_config(workspace, home=home)

    # The workspace's own are ignored, even one coach could not use ("fr"); of the home's
    # file only the personal keys count: its frame does not apply in a workspace.
    assert (loaded.agent, loaded.language, loaded.team) == ("Jan de Vries", "nl", "Zorg")
    assert loaded.ignored_keys == ("agent", "language")
    assert loaded.frame == Frame()


def test_remember_sets_one_key_and_keeps_the_rest_as_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('language = "nl"\nfuture = 1\n[frame]\ngoodwill_per_case = 49.95\n')

    config.remember(path, "agent", "Jan de Vries")

    assert path.read_text() == (
        'language = "nl"\nfuture = 1\nagent = "Jan de Vries"\n\n'
        "[frame]\ngoodwill_per_case = 49.95\n"
    )


def test_remember_writes_nothing_over_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('agent = "Jan\n')

    with pytest.raises(ConfigError):
        config.remember(path, "agent", "Jan de Vries")

    assert path.read_text() == 'agent = "Jan\n'
