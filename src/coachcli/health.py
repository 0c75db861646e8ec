"""`coach doctor`'s checks: are the paths, the config and the casebook in order? (SPEC §8)

Each check is a key from the message catalogue, a verdict and the values to show; the
text of every failed check says how to mend it. The checks read the casebook through a
read-only connection: an older casebook is reported, not upgraded, and nothing is
created. Three things do write, each said in the report:

- damage found leaves the marker beside the casebook that blocks writes (store/faults.py);
- a marked casebook that now passes every check has its marker removed;
- `--full` runs the search index's own check, an INSERT inside `BEGIN IMMEDIATE …
  ROLLBACK`, and `--repair` rebuilds the indexes when only they are damaged.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coachcli import config, store
from coachcli.config import Identity
from coachcli.errors import CoachError
from coachcli.paths import Paths, home_config_file

# integrity_check's words for an index that disagrees with its table: REINDEX mends it.
INDEX_PROBLEM = re.compile(
    r"missing from index|wrong # of entries in index|non-unique entry in index"
    r"|^cases_fts: SQLITE_CORRUPT"
)


MENDED_BY_REPAIR = ("doctor.integrity_bad_index", "doctor.search_index_bad")


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Whoami:
    """Who you are (SPEC §2), and the profile that makes your advice personal."""

    identity: Identity
    home_config: Path
    folder: Path  # the profiles folder in use
    profile: Path | None  # your profile's file, None when there is none
    looks_like: tuple[Path, str] | None  # a profile whose person your login name matches
    ask_command: str  # one that asks your name, as the user types it
    assess_command: str


@dataclass
class Report:
    paths: Paths
    checks: list[Check] = field(default_factory=list)
    who: Whoami | None = None
    schema_version: int | None = None
    cases: int | None = None
    drafts: int | None = None  # in the casebook and in draft files in the home
    file_system: str | None = None
    full: bool = False
    blocked: bool = False  # the damage marker is there: coach does not write
    draft_files: int = 0
    command: str = "coach case list"  # one that opens this casebook, as the user types it

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def add(self, key: str, ok: bool, **values: Any) -> None:
        self.checks.append(Check(key, ok, values))

    def outcome(self, name: str, ok: bool, **values: Any) -> None:
        """A check whose text differs by outcome: `doctor.<name>_ok` or `doctor.<name>_bad`."""
        self.add(f"doctor.{name}_{'ok' if ok else 'bad'}", ok, **values)


def diagnose(
    paths: Paths,
    drafts_folder: Path | None = None,
    a_command: str = "coach case list",
    *,
    full: bool = False,
    repair: bool = False,
    environ: Mapping[str, str] | None = None,
    commands: tuple[str, str] = ("coach case new", "coach profile assess"),
) -> Report:
    """Every check; `a_command` is one that opens this casebook, as the user types it.

    With `environ`, also who you are: `commands` are those that ask your name and take
    your profile, as the user types them."""
    report = Report(paths, full=full)
    report.command = a_command
    report.draft_files = _draft_files(drafts_folder)
    if report.draft_files:
        report.drafts = report.draft_files
    home = home_config_file(environ) if environ is not None else None
    personal_from = home if paths.location.kind == "workspace" else None
    report.checks.append(_config_check(paths.location.config_file, personal_from))
    if environ is not None:
        who_you_are(report, environ, *commands)
    casebook = paths.casebook
    _orphans(report, paths)
    if not casebook.exists():
        report.add("doctor.casebook_absent", True, path=casebook)
        from coachcli.store import faults

        if faults.clear_marker(casebook):  # the damaged file was moved away
            report.add("doctor.unblocked", True, found_by="-")
        return report
    _files(report, casebook)
    backups = store.leftover_backups(casebook)
    report.outcome("backups", not backups, count=len(backups), names=_names(backups))
    _file_system(report, casebook)
    try:
        _contents(report, casebook, full=full, repair=repair)
    except CoachError as error:
        if error.key == "error.casebook_corrupt":  # SQLite could not even read it
            report.add("doctor.integrity_bad", False, problems=error.values["why"], count=1)
        elif not any(
            c.values.get("error") and c.values["error"].key == error.key for c in report.checks
        ):  # said once is enough
            report.add("doctor.casebook_error", False, error=error)
    from coachcli.store import faults

    report.blocked = faults.read_marker(casebook) is not None
    return report


def _contents(report: Report, casebook: Path, *, full: bool, repair: bool) -> None:
    """Schema, counts and integrity, through a read-only connection."""
    from coachcli.store import faults

    marked = faults.read_marker(casebook)
    problems, version = _integrity(report, casebook)
    if version is None:
        return
    search: list[str] = []
    if version >= 2 and (full or marked is not None or repair):
        search = store.fts_check(casebook)
        report.outcome("search_index", not search, problems="; ".join(search))
    damage = problems + search
    if repair and damage:
        if not all(INDEX_PROBLEM.search(line) for line in damage):
            report.add("doctor.repair_refused", False)
            return
        store.rebuild_indexes(casebook)
        report.add("doctor.repaired", True)
        damage = _recheck(report, casebook)
        if not damage:  # what was found is mended now: no longer a reason to exit 1
            report.checks = [
                Check("doctor.mended", True, c.values) if c.key in MENDED_BY_REPAIR else c
                for c in report.checks
            ]
    if marked is not None:
        if damage:
            report.add(
                "doctor.blocked",
                False,
                found_at=faults.found_when(marked),
                found_by=faults.printable(str(marked.get("found_by", "?"))),
            )
        else:
            faults.clear_marker(casebook)
            found_by = faults.printable(str(marked.get("found_by", "?")))
            report.add("doctor.unblocked", True, found_by=found_by)


def _integrity(report: Report, casebook: Path) -> tuple[list[str], int | None]:
    opened = store.open_readonly(casebook)
    try:
        version = opened.schema_version()
        if version > store.CURRENT_VERSION:
            report.add("doctor.schema_newer", False, version=version, current=store.CURRENT_VERSION)
            return [], None
        problems = opened.integrity_check()
        counts = store.tally(opened) if version else {"cases": 0, "drafts": 0}
        set_aside = store.quarantined(opened) if version else []
        owed = opened.scrub_owed()
    finally:
        opened.close()
    report.schema_version = version
    report.cases, report.drafts = counts["cases"], counts["drafts"] + report.draft_files
    schema = "doctor.schema_ok" if version == store.CURRENT_VERSION else "doctor.schema_old"
    report.add(schema, True, version=version, current=store.CURRENT_VERSION)
    _integrity_outcome(report, problems)
    if set_aside:  # only after an upgrade met values it could not keep: rare, so no ✓ line
        ids = sorted({case_id[:8] for case_id in set_aside})
        report.add("doctor.quarantine", False, count=len(set_aside), ids=", ".join(ids),
                   path=casebook)  # fmt: skip
    # A delete while another program read the casebook: its text may be in the log.
    report.outcome("wal", not owed, path=casebook, command=report.command)
    return problems, version


def _integrity_outcome(report: Report, problems: list[str]) -> None:
    if not problems:
        report.add("doctor.integrity_ok", True)
        return
    only_indexes = all(INDEX_PROBLEM.search(line) for line in problems)
    key = "doctor.integrity_bad_index" if only_indexes else "doctor.integrity_bad"
    report.add(key, False, problems="; ".join(problems[:3]), count=len(problems))


def _recheck(report: Report, casebook: Path) -> list[str]:
    """After a repair: the full check and the search index's check, once more."""
    opened = store.open_readonly(casebook)
    try:
        problems = opened.integrity_check()
    finally:
        opened.close()
    problems += store.fts_check(casebook)
    report.outcome("recheck", not problems, problems="; ".join(problems[:3]))
    return problems


def _files(report: Report, casebook: Path) -> None:
    """Modes of the casebook, its -wal and -shm; and whether coach can write them."""
    from coachcli.store import faults

    for suffix, name in (("", "mode"), ("-wal", "wal_mode"), ("-shm", "shm_mode")):
        path = faults.companion(casebook, suffix)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        report.outcome(name, not mode & 0o077, mode=f"{mode:04o}", path=path)
    blocker = faults.write_blocker(casebook)
    if blocker is None:
        report.add("doctor.writable_ok", True)
    else:
        report.add("doctor.writable_bad", False, error=blocker)


def _file_system(report: Report, casebook: Path) -> None:
    from coachcli.filesystems import file_system, is_network

    kind = file_system(casebook)
    report.file_system = kind
    if kind is not None:
        report.outcome("file_system", not is_network(kind), kind=kind)


def _orphans(report: Report, paths: Paths) -> None:
    """Temporary files that a killed write (SIGKILL) left in the folders coach knows."""
    from coachcli.files import TEMP_INFIX, stale_temps

    folders = {paths.casebook.parent, paths.location.root, paths.location.profiles_dir}
    found: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for candidate in folder.glob(f"*{TEMP_INFIX}*"):
            original = candidate.with_name(candidate.name.split(TEMP_INFIX)[0])
            found.update(stale_temps(original))
    orphans = sorted(found)
    if orphans:
        names = " ".join(str(path) for path in orphans)
        report.add("doctor.orphans_bad", False, count=len(orphans), names=names)


def _config_check(path: Path, home: Path | None) -> Check:
    """The config in use, read as every command reads it: in a workspace, with `agent` and
    `language` from the home's config.toml (`home`), whose errors name that file."""
    if not path.exists() and (home is None or not home.exists()):
        return Check("doctor.config_absent", True, {"path": path})
    try:
        config.load_config(path, home=home)
    except CoachError as error:
        return Check("doctor.config_error", False, {"error": error})
    if not path.exists():
        return Check("doctor.config_absent", True, {"path": path})
    return Check("doctor.config_ok", True, {"path": path})


def who_you_are(
    report: Report, environ: Mapping[str, str], ask_command: str, assess_command: str
) -> None:
    """Who you are and where that comes from, and whether your profile is found (§2). A
    workspace file that holds `agent` or `language` is a finding: they are ignored there."""
    from coachcli import profiles
    from coachcli.domain.names import login_matches

    paths = report.paths
    home = home_config_file(environ)
    try:
        agent = config.read_personal(home)[0]
    except CoachError:  # a broken home config is the config check's finding
        agent = None
    identity = config.choose_agent(None, environ, agent)
    folder = paths.location.profiles_dir
    found = profiles.find_profile_file(folder, identity.name)
    looks_like = None
    if found is None and not identity.known:
        matches = [
            (p, name)
            for p, name in profiles.profile_names(folder)
            if login_matches(identity.name, name)
        ]
        if len({name for _, name in matches}) == 1:
            looks_like = matches[0]
    report.who = Whoami(identity, home, folder, found, looks_like, ask_command, assess_command)
    if paths.location.kind == "workspace":
        try:
            document = config.read_document(paths.location.config_file)
        except CoachError:
            return  # said by the config check
        ignored = [key for key in config.PERSONAL_KEYS if key in document]
        if ignored:
            report.add(
                "doctor.personal_ignored",
                False,
                file=paths.location.config_file,
                keys=", ".join(f"`{key}`" for key in ignored),
                home=home,
            )


def _draft_files(folder: Path | None) -> int:
    if folder is None:
        return 0
    from coachcli import draftfiles

    return len(draftfiles.read_drafts(folder)[0])


def _names(paths: list[Path]) -> str:
    return ", ".join(p.name for p in paths)
