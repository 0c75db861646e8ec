"""Profile files found by the name inside them (SPEC §5), however they were written."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcli import profiles

REST = 'team = "Zorg"\n\n[scores]\nblue = 25.0\n'


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('name = "Jan de Vries"\n' + REST, "Jan de Vries"),  # as tomli_w writes it
        ('# ours\nteam = "Zorg"\nname = "Jan de Vries"  # by hand\n', "Jan de Vries"),
        ("name = 'Jan de Vries'\n", "Jan de Vries"),  # a literal string
        ('name = "Jo\\u00ebl"\n', "Joël"),  # an escape
        ("#" + "x" * 2000 + '\nname = "Jan de Vries"\n', "Jan de Vries"),  # after 1 KiB
        ('team = "Zorg"\n[extra]\nname = "Not the person"\n', None),  # inside a table
        ("name = 42\n", None),
        ('name = "Jan\n', None),  # broken
    ],
)
def test_the_name_inside_a_profile_is_read_however_it_was_written(
    tmp_path: Path, text: str, name: str | None
) -> None:
    (tmp_path / "someone.toml").write_text(text)

    found = list(profiles.profile_names(tmp_path))

    assert found == ([] if name is None else [(tmp_path / "someone.toml", name)])


def test_a_profile_is_found_by_its_slug_first_then_by_the_name_inside(tmp_path: Path) -> None:
    (tmp_path / "jan.toml").write_text('name = "Jan de Vries"\n')
    (tmp_path / "notes.txt").write_text('name = "Jan de Vries"\n')  # not a profile: not .toml

    assert profiles.find_profile_file(tmp_path, "jan  de VRIES") == tmp_path / "jan.toml"
    (tmp_path / "jan-de-vries.toml").write_text('name = "Jan de Vries"\n')
    assert profiles.find_profile_file(tmp_path, "Jan de Vries") == tmp_path / "jan-de-vries.toml"
    assert profiles.find_profile_file(tmp_path, "Sanne de Vries") is None
    assert profiles.find_profile_file(tmp_path / "absent", "Jan de Vries") is None
