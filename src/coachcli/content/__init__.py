"""coach's content: the TOML files beside this module, one per language where text is involved.

An organisation may replace any file with its own through `[content]` in `coach.toml`
(SPEC §2): `messages = "wording/messages.{lang}.toml"`. Relative override paths are read
from the folder of the config file that names them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from coachcli.errors import ConfigError

PACKAGE_DIR = Path(__file__).parent


def bundled_path(name: str, lang: str | None = None) -> Path:
    """The packaged file for content `name`, in `lang` when the content has text."""
    return PACKAGE_DIR / (f"{name}.{lang}.toml" if lang else f"{name}.toml")


def load(
    name: str,
    lang: str | None = None,
    overrides: Mapping[str, str] | None = None,
    base: Path | None = None,
) -> dict[str, Any]:
    """Read content `name`, from the organisation's override when `[content]` names one."""
    override = (overrides or {}).get(name)
    if override is None:
        return _read(bundled_path(name, lang))
    path = Path(override.replace("{lang}", lang or "")).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    return _read(path)


@cache
def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError("error.content_missing", file=path) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError("error.config_syntax", file=path, problem=str(error)) from None
