"""`coach doctor`: paths, schema, integrity, file mode, case count, backups (SPEC §8)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sqlite_utils import Database

from coachcli.store import migrations
from tests.conftest import Invoke
from tests.helpers import casebook_with, make_case


def report(coach: Invoke, *args: str) -> tuple[int, dict[str, object]]:
    result = coach(*args, "doctor", "--json")
    return result.exit_code, json.loads(result.stdout)


def test_a_fresh_machine_is_healthy_and_nothing_is_created(coach: Invoke, isolated: Path) -> None:
    result = coach("doctor")
    assert result.exit_code == 0
    assert "All is well." in result.stdout
    assert not (isolated.parent / "home" / "casebook.db").exists()


def test_a_healthy_casebook_reports_schema_integrity_mode_and_cases(
    coach: Invoke, isolated: Path
) -> None:
    casebook_with(isolated / "cb.db", make_case(), make_case())
    code, data = report(coach, "--casebook", "cb.db")
    assert code == 0
    assert (data["cases"], data["drafts"]) == (2, 0)
    assert data["schema_version"] == len(migrations.STEPS)
    checks = {c["check"]: c["ok"] for c in data["checks"]}  # type: ignore[attr-defined]
    assert checks == {
        "config_absent": True, "mode_ok": True, "backups_ok": True,
        "schema_ok": True, "integrity_ok": True, "wal_ok": True,
    }  # fmt: skip


def test_a_casebook_others_can_read_fails_the_check(coach: Invoke, isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    os.chmod(path, 0o644)
    result = coach("--casebook", "cb.db", "doctor")
    assert result.exit_code == 1
    assert "chmod 600" in result.stdout


def test_leftover_backups_are_reported(coach: Invoke, isolated: Path) -> None:
    casebook_with(isolated / "cb.db", make_case())
    (isolated / "cb.db.backup-20261124T100000000Z-42").write_bytes(b"")
    code, data = report(coach, "--casebook", "cb.db")
    assert code == 1
    assert any("backup-20261124" in c["text"] for c in data["checks"])  # type: ignore[attr-defined]


def test_a_corrupt_casebook_is_reported_and_left_alone(coach: Invoke, isolated: Path) -> None:
    path = isolated / "cb.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = coach("--casebook", "cb.db", "doctor")
    assert result.exit_code == 1
    assert "not a casebook" in result.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_older_casebook_is_reported_but_not_upgraded_by_doctor(
    coach: Invoke, isolated: Path
) -> None:
    old = Database(isolated / "old.db")
    migrations.migration_set().apply(old, stop_before="m002_create_fts")
    old.close()
    os.chmod(isolated / "old.db", 0o600)
    code, data = report(coach, "--casebook", "old.db")
    assert code == 0
    assert data["schema_version"] == 1
    assert "cases_fts" not in Database(isolated / "old.db").table_names()


def test_an_invalid_config_is_a_finding(coach: Invoke, isolated: Path) -> None:
    (isolated / "coach.toml").write_text("[frame]\ndiscussion_hours = -4\n")
    result = coach("doctor")
    assert result.exit_code == 1
    assert "frame.discussion_hours" in result.stdout
