"""The one place that decides where coach's files live (SPEC §2).

A *workspace* is a folder with a `coach.toml`, found by walking up from the current
directory as git finds `.git`. Outside a workspace coach uses a *home*: `$COACH_HOME`, or
the platform's user data directory. The casebook is chosen by `--casebook`, then
`$COACH_CASEBOOK`, then the workspace, then the home; the first match wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from coachcli.errors import NotFoundError

WORKSPACE_FILE = "coach.toml"
HOME_CONFIG_FILE = "config.toml"

CasebookSource = Literal["--casebook", "$COACH_CASEBOOK", "workspace", "home"]


@dataclass(frozen=True)
class Location:
    """Where config, profiles and the default casebook live: a workspace or the home."""

    kind: Literal["workspace", "home"]
    root: Path

    @property
    def config_file(self) -> Path:
        name = WORKSPACE_FILE if self.kind == "workspace" else HOME_CONFIG_FILE
        return self.root / name

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def default_casebook(self) -> Path:
        if self.kind == "workspace":
            return self.root / "casebooks" / "casebook.db"
        return self.root / "casebook.db"


@dataclass(frozen=True)
class Paths:
    """Everything a command needs to know about where it reads and writes."""

    location: Location
    casebook: Path
    casebook_source: CasebookSource


def profile_file(folder: Path, name: str) -> Path:
    """Where `name`'s colour profile lives: `profiles/<slug>.toml` (§5)."""
    from coachcli.domain.names import slug

    return folder / f"{slug(name)}.toml"


def find_workspace(start: Path, environ: Mapping[str, str]) -> Path | None:
    """Return the workspace folder named by `$COACH_WORKSPACE`, or found above `start`."""
    named = environ.get("COACH_WORKSPACE")
    if named:
        root = Path(named).expanduser()
        if not (root / WORKSPACE_FILE).is_file():
            raise NotFoundError("error.workspace_missing", path=root)
        return root.resolve()
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    return None


def home_dir(environ: Mapping[str, str]) -> Path:
    """`$COACH_HOME`, or the platform's user data directory for coach."""
    named = environ.get("COACH_HOME")
    if named:
        return Path(named).expanduser()
    # platformdirs is only needed here, and only without $COACH_HOME.
    from platformdirs import user_data_path

    return user_data_path("coach", appauthor=False)


def home_config_file(environ: Mapping[str, str]) -> Path:
    """The home's `config.toml`: the only file that holds who you are and your language
    (SPEC §2), whether or not a workspace is in use."""
    return home_dir(environ) / HOME_CONFIG_FILE


def drafts_dir(environ: Mapping[str, str]) -> Path:
    """Where an unfinished case goes when the casebook cannot take it (§7): the home's
    `drafts/`, whatever workspace or casebook is in use, since the home is personal."""
    return home_dir(environ) / "drafts"


def resolve(
    *,
    casebook_flag: Path | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Paths:
    """Decide the location and the casebook for this run, in the order of SPEC §2."""
    env = os.environ if environ is None else environ
    workspace = find_workspace(cwd or Path.cwd(), env)
    location = (
        Location("workspace", workspace)
        if workspace is not None
        else Location("home", home_dir(env))
    )
    if casebook_flag is not None:
        return Paths(location, casebook_flag.expanduser(), "--casebook")
    if env.get("COACH_CASEBOOK"):
        return Paths(location, Path(env["COACH_CASEBOOK"]).expanduser(), "$COACH_CASEBOOK")
    source: CasebookSource = "workspace" if location.kind == "workspace" else "home"
    return Paths(location, location.default_casebook, source)
