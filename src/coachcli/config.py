"""Reading and writing coach's settings: `coach.toml` in a workspace, `config.toml` at home.

Both files have the same keys (SPEC §2). Reading uses tomllib and writing tomli_w. Unknown
keys are kept and reported as warnings, so a newer coach's settings survive an older one.
Invalid values are a clear error naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from coachcli.domain.frame import FRAME_KEYS, Frame, InvalidValue, frame_from_mapping
from coachcli.errors import ConfigError
from coachcli.files import atomic_write
from coachcli.i18n import LANGUAGES

TEXT_KEYS = ("agent", "team", "language")
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


def load_config(path: Path) -> Config:
    """Read and check the config file at `path`; a missing file gives the defaults."""
    try:
        return parse(read_document(path))
    except InvalidValue as problem:
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
    texts = {key: _text(key, document.get(key)) for key in TEXT_KEYS}
    language = texts["language"]
    if language is not None and language not in LANGUAGES:
        raise InvalidValue("language", "language", language)
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
        agent=texts["agent"],
        team=texts["team"],
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


def _text(key: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidValue("text", key, value)
    return value or None


def _text_list(key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidValue("text_list", key, value)
    return value
