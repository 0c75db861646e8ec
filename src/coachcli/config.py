"""Reading and writing coach's settings: `coach.toml` in a workspace, `config.toml` at home.

Both files have the same keys (SPEC §2). Reading uses tomllib and writing tomli_w. Unknown
keys are kept and reported as warnings, so a newer coach's settings survive an older one.
Invalid values are a clear error naming the file and the key.

Who you are is personal: `agent` and `language` are read only from the home's file, since
a workspace is shared by a team and a name in it would be everyone's name. A workspace
copy of them is ignored (the caller warns), and coach writes them only to the home.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from coachcli.domain.frame import FRAME_KEYS, Frame, InvalidValue, frame_from_mapping
from coachcli.errors import ConfigError
from coachcli.files import atomic_write
from coachcli.i18n import LANGUAGES

TEXT_KEYS = ("agent", "team", "language")
PERSONAL_KEYS = ("agent", "language")
TABLES = {"frame": set(FRAME_KEYS), "redact": {"patterns", "terms"}, "content": None}


@dataclass(frozen=True)
class Config:
    agent: str | None = None
    team: str | None = None
    language: str | None = None
    frame: Frame = field(default_factory=Frame)
    redact_patterns: tuple[str, ...] = ()
    redact_terms: tuple[str, ...] = ()
    # content file name -> path, which may hold `{lang}` (SPEC §2 `[content]`).
    content: Mapping[str, str] = field(default_factory=dict)
    # Dotted names of keys this coach does not know; kept in the file, reported as warnings.
    unknown_keys: tuple[str, ...] = ()
    # Personal keys a workspace's file holds: not used (the home's are), reported as a warning.
    ignored_keys: tuple[str, ...] = ()


AgentSource = Literal["--agent", "$COACH_AGENT", "config", "$USER", "default"]


@dataclass(frozen=True)
class Identity:
    """Who runs coach, and where that name comes from (SPEC §2)."""

    name: str
    source: AgentSource

    @property
    def known(self) -> bool:
        """Whether someone gave this name; a login name says nothing about the person."""
        return self.source not in ("$USER", "default")


def choose_agent(flag: str | None, environ: Mapping[str, str], configured: str | None) -> Identity:
    """`--agent`, then `$COACH_AGENT`, then the home config's `agent`, then `$USER`.

    A name from a flag or the environment is checked as the prompt and the config check
    it: one line, no control characters, since it is stored on every case recorded."""
    if flag:
        return Identity(_one_line(flag, "--agent"), "--agent")
    if environ.get("COACH_AGENT"):
        return Identity(_one_line(environ["COACH_AGENT"], "$COACH_AGENT"), "$COACH_AGENT")
    if configured:
        return Identity(configured, "config")
    if environ.get("USER"):
        return Identity(environ["USER"], "$USER")
    return Identity("agent", "default")


def _one_line(name: str, where: str) -> str:
    if not name.isprintable():  # rare: worth the import only then
        from coachcli.domain.names import name_problem

        if name_problem(name) == "control":
            raise InvalidValue("name", where, name)
    return name


def default_document() -> dict[str, Any]:
    """What `coach init` writes: every frame setting with its default, and empty redaction."""
    return {"frame": Frame().to_toml(), "redact": {"patterns": [], "terms": []}}


def read_document(path: Path) -> dict[str, Any]:
    """The raw TOML table of a config file; a missing file is an empty one.

    Fractions are read as Decimals, exactly as written (`goodwill_per_case = 49.95`), and
    tomli_w writes them back the same way: money never passes through a binary float."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle, parse_float=Decimal)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError("error.config_syntax", file=path, problem=str(error)) from None
    except OSError as error:
        raise ConfigError("error.config_unreadable", file=path, problem=error.strerror) from None


def load_config(path: Path, *, home: Path | None = None) -> Config:
    """Read and check the config file at `path`; a missing file gives the defaults.

    With `home` (when `path` is a workspace's coach.toml), `agent` and `language` come from
    the home's config.toml, and the workspace's own are named in `ignored_keys`. Of the
    home's file only those two are read then: its frame does not apply in a workspace."""
    document = read_document(path)
    ignored: tuple[str, ...] = ()
    if home is not None:
        ignored = tuple(key for key in PERSONAL_KEYS if key in document)
        document = {key: value for key, value in document.items() if key not in ignored}
    try:
        loaded = parse(document)
    except InvalidValue as problem:
        raise ConfigError("error.config_invalid", file=path, problem=problem) from None
    if home is None:
        return loaded
    agent, language = read_personal(home)
    return replace(loaded, agent=agent, language=language, ignored_keys=ignored)


def read_personal(path: Path) -> tuple[str | None, str | None]:
    """`agent` and `language` of the home's config.toml, checked; nothing else is read."""
    try:
        return _personal(read_document(path))
    except InvalidValue as problem:
        raise ConfigError("error.config_invalid", file=path, problem=problem) from None


def remember(path: Path, key: str, value: str) -> None:
    """Set one key in the home's config.toml, keeping every other key, unknown ones too.

    The file is written whole to a temporary name and renamed, and left owner-only: it
    holds the agent's name. Comments in it are not kept (tomli_w writes data only)."""
    document = read_document(path)
    document[key] = value
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o600
    if mode & 0o077:  # atomic_write keeps the mode it finds: take others' access away first
        os.chmod(path, mode & 0o700)
    try:
        write_document(path, document)
    except InvalidValue as problem:  # the file was wrong before: say which, write nothing
        raise ConfigError("error.config_invalid", file=path, problem=problem) from None


def parse(document: Mapping[str, Any]) -> Config:
    """Check a config document against SPEC §2 and turn it into a Config."""
    unknown = [key for key in document if key not in TEXT_KEYS and key not in TABLES]
    for name, known in TABLES.items():
        table = document.get(name, {})
        if not isinstance(table, dict):
            raise InvalidValue("table", name, table)
        if known is not None:
            unknown += [f"{name}.{key}" for key in table if key not in known]
    agent, language = _personal(document)
    team = _text("team", document.get("team"))
    redact = document.get("redact", {})
    patterns = _text_list("redact.patterns", redact.get("patterns", []))
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error:
            raise InvalidValue("regex", "redact.patterns", pattern) from None
    content = document.get("content", {})
    for key, value in content.items():
        _text(f"content.{key}", value)
    return Config(
        agent=agent,
        team=team,
        language=language,
        frame=frame_from_mapping(document.get("frame", {})),
        redact_patterns=tuple(patterns),
        redact_terms=tuple(_text_list("redact.terms", redact.get("terms", []))),
        content=dict(content),
        unknown_keys=tuple(unknown),
    )


def write_document(path: Path, document: Mapping[str, Any]) -> None:
    """Check `document`, then replace the file at `path` with it in one rename."""
    import tomli_w

    parse(document)  # never write a file that the next read would reject
    atomic_write(path, tomli_w.dumps(dict(document)).encode())


def _personal(document: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """`agent` and `language`, checked: a name on one line, a language coach speaks."""
    agent = (_text("agent", document.get("agent")) or "").strip() or None
    if agent is not None and not agent.isprintable():  # rare: worth the import only then
        from coachcli.domain.names import name_problem

        if name_problem(agent) == "control":
            raise InvalidValue("name", "agent", agent)
    language = _text("language", document.get("language"))
    if language is not None and language not in LANGUAGES:
        raise InvalidValue("language", "language", language)
    return agent, language


def _text(key: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidValue("text", key, value)
    return value or None


def _text_list(key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidValue("text_list", key, value)
    return value
