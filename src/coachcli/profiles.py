"""Profile files on disk (SPEC §5): `profiles/<slug>.toml`, written with tomli_w.

Only `*.toml` files are profiles. Reading a broken file raises a CoachError that names it,
so `team profile` can warn and skip it while `profile show` reports it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from coachcli.domain.profile import Profile
from coachcli.errors import CoachError, NotFoundError
from coachcli.files import atomic_write
from coachcli.paths import profile_file


def read_profile(path: Path, *, summary: bool = False) -> Profile:
    """A profile file; with `summary`, without the per-item answers.

    The answers are most of the file, and the team view never shows them: leaving them
    unparsed makes `team profile` over 2,000 files twice as fast. A file cut before its
    first `[answers` table is still valid TOML, whatever order the keys were written in.
    """
    try:
        text = path.read_text(encoding="utf-8")
        if summary:
            cut = text.find("\n[answers")
            text = text if cut < 0 else text[: cut + 1]
        return Profile.from_document(tomllib.loads(text))
    except FileNotFoundError:
        raise NotFoundError("error.profile_missing", path=path) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
        raise CoachError("error.profile_invalid", path=path, problem=str(error)) from None


def find_profile(folder: Path, name: str) -> Profile | None:
    """The profile of `name`, or None when there is none (see `find_profile_file`)."""
    path = find_profile_file(folder, name)
    return read_profile(path) if path is not None else None


def find_profile_file(folder: Path, name: str) -> Path | None:
    """The file of `name`'s profile (SPEC §5), case and spacing aside; None when there is
    none. In this order: `<slug>.toml`, the file of the slug the earlier rule gave
    (`mehmet-ylmaz.toml`), or the one whose `name` inside is theirs.

    A slug's file whose `name` inside is someone else's (`Li Wei` in `li-wei.toml` when
    `李伟` asks) is not theirs. Looking inside every profile costs a read of each, so it
    is done only when neither slug's file is theirs: a file renamed by hand."""
    from coachcli.domain.names import old_slug, same_name

    path = profile_file(folder, name)
    earlier = old_slug(name)
    for candidate in (path, folder / f"{earlier}.toml" if earlier else None):
        if candidate is not None and candidate.is_file():
            inside = owner(candidate)
            if inside is None or same_name(inside, name):
                return candidate
    for candidate, inside in profile_names(folder):
        if same_name(inside, name):
            return candidate
    return None


def owner(path: Path) -> str | None:
    """The `name` inside a profile file, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
        name = _name_line(head.decode("utf-8", "replace"), whole=len(head) < _HEAD)
        if name is _FURTHER:  # a hand-made file: its name comes later
            name = _name_line(path.read_text(encoding="utf-8"), whole=True)
    except (OSError, UnicodeDecodeError):
        return None
    return name if isinstance(name, str) else None


def profile_names(folder: Path) -> Iterator[tuple[Path, str]]:
    """Each profile file in `folder` with the `name` inside it; unreadable files are skipped
    here (`team profile` and `profile list` are where they are reported).

    Only the `name = ...` line is parsed, from the file's first kilobyte where tomli_w puts
    it: `case new` may look through a team of 2,000 for a profile whose file is named
    otherwise, and whole profiles take ten times as long."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.toml")):
        name = owner(path)
        if name is not None:
            yield path, name


_HEAD = 1024
_PLAIN_NAME = re.compile(r'name\s*=\s*"([^"\\\x00-\x1f\x7f]*)"\s*')
_FURTHER = object()  # not in the first kilobyte, which held no table either


def _name_line(text: str, *, whole: bool) -> object:
    """The top-level `name` of a profile's TOML text: a str, None when there is none, or
    _FURTHER when `text` (not `whole`) ends before the first table."""
    lines = text.splitlines()
    if not whole:
        lines = lines[:-1]  # perhaps cut off halfway
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("["):
            return None  # a table: the top-level keys are behind us
        if stripped.startswith("name") and stripped[4:].lstrip().startswith("="):
            plain = _PLAIN_NAME.fullmatch(stripped)
            if plain:  # the usual line: no escapes, no need for a TOML parser
                return plain.group(1)
            try:
                value = tomllib.loads(stripped).get("name")
            except tomllib.TOMLDecodeError:
                return None
            return value if isinstance(value, str) else None
    return None if whole else _FURTHER


def write_profile(path: Path, profile: Profile) -> None:
    import tomli_w

    atomic_write(path, tomli_w.dumps(profile.to_document()).encode())


def profile_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The profile files among `paths`: files as given, folders' `*.toml` in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.toml"))
        else:
            yield path
