"""`coach doctor`'s checks: are the paths, the config and the casebook in order? (SPEC §8)

Each check is a key from the message catalogue, a verdict and the values to show. The
checks only read: an older casebook is reported, not upgraded, and nothing is created.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coachcli import config, store
from coachcli.errors import CoachError
from coachcli.paths import Paths


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    paths: Paths
    checks: list[Check]
    schema_version: int | None = None
    cases: int | None = None
    drafts: int | None = None  # in the casebook and in draft files in the home

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def diagnose(
    paths: Paths, drafts_folder: Path | None = None, a_command: str = "coach case list"
) -> Report:
    """Every check; `a_command` is one that opens this casebook, as the user types it."""
    checks = [_config_check(paths.location.config_file)]
    casebook = paths.casebook
    files = _draft_files(drafts_folder)
    if not casebook.exists():
        checks.append(Check("doctor.casebook_absent", True, {"path": casebook}))
        return Report(paths, checks, drafts=files if files else None)
    mode = stat.S_IMODE(casebook.stat().st_mode)
    checks.append(_check("mode", not mode & 0o077, mode=f"{mode:04o}", path=casebook))
    backups = store.leftover_backups(casebook)
    checks.append(_check("backups", not backups, count=len(backups), names=_names(backups)))
    try:
        opened = store.connect(casebook, create=False, migrate=False)
    except CoachError as error:
        return Report(paths, [*checks, Check("doctor.casebook_error", False, {"error": error})])
    assert opened is not None  # the file exists
    try:
        version = opened.schema_version()
        problems = opened.quick_check()
        cases = store.count_cases(opened) if version else 0
        drafts = store.count_drafts(opened) if version else 0
        owed = opened.scrub_owed()
    except CoachError as error:
        return Report(paths, [*checks, Check("doctor.casebook_error", False, {"error": error})])
    finally:
        opened.close()
    schema = "doctor.schema_ok" if version == store.CURRENT_VERSION else "doctor.schema_old"
    checks += [
        Check(schema, True, {"version": version, "current": store.CURRENT_VERSION}),
        _check("integrity", not problems, problems="; ".join(problems[:3])),
        # A delete while another program read the casebook: its text may be in the log.
        _check("wal", not owed, path=casebook, command=a_command),
    ]
    return Report(paths, checks, version, cases, drafts + files)


def _check(name: str, ok: bool, **values: Any) -> Check:
    """A check whose text differs by outcome: `doctor.<name>_ok` or `doctor.<name>_bad`."""
    return Check(f"doctor.{name}_{'ok' if ok else 'bad'}", ok, values)


def _config_check(path: Path) -> Check:
    if not path.exists():
        return Check("doctor.config_absent", True, {"path": path})
    try:
        config.load_config(path)
    except CoachError as error:
        return Check("doctor.config_error", False, {"error": error})
    return Check("doctor.config_ok", True, {"path": path})


def _draft_files(folder: Path | None) -> int:
    if folder is None:
        return 0
    from coachcli import draftfiles

    return len(draftfiles.read_drafts(folder)[0])


def _names(paths: list[Path]) -> str:
    return ", ".join(p.name for p in paths)
