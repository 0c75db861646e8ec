"""`coach doctor`: paths, schema, integrity, file mode, case count, backups (SPEC §8)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from coachcli.store import migrations
from tests.conftest import Invoke
from tests.helpers import NEW_CASE, ago, casebook_with, damage_an_index, make_case, unprivileged


def count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        found: int = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    conn.close()
    return found


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
    assert data["drafts"] == 0
    assert data["writes_blocked"] is False
    checks = {c["check"]: c["ok"] for c in data["checks"]}  # type: ignore[attr-defined]
    assert checks == {
        "config_absent": True, "mode_ok": True, "writable_ok": True, "backups_ok": True,
        "file_system_ok": True, "schema_ok": True, "integrity_ok": True, "wal_ok": True,
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


def test_a_casebook_the_group_can_read_fails_the_check_too(coach: Invoke, isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    os.chmod(path, 0o640)
    result = coach("--casebook", "cb.db", "doctor")
    assert result.exit_code == 1
    assert "casebook file mode 0640: others can read customers' data" in result.stdout
    assert "chmod 600" in result.stdout


# --- Damage, and mending it ----------------------------------------------------------


def examine(coach: Invoke, *flags: str) -> tuple[int, dict[str, object]]:
    """`coach --casebook cb.db doctor --json FLAGS`: the exit code and the report."""
    result = coach("--casebook", "cb.db", "doctor", "--json", *flags)
    return result.exit_code, json.loads(result.stdout)


def checks_of(data: dict[str, object]) -> dict[str, str]:
    return {c["check"]: c["text"] for c in data["checks"]}  # type: ignore[attr-defined]


def test_a_damaged_index_that_quick_check_misses_is_found_and_blocks_writes(
    coach: Invoke, isolated: Path
) -> None:
    path = casebook_with(isolated / "cb.db", make_case(), make_case(created_at=ago(days=4)))
    damage_an_index(path)
    with sqlite3.connect(path) as conn:  # the check that ran before: it sees nothing
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    assert coach("--casebook", "cb.db", *NEW_CASE).exit_code == 0  # no check on every open
    code, data = examine(coach)
    assert code == 1
    assert checks_of(data)["integrity_bad_index"] == (
        "integrity check failed in the indexes only (1 problem(s): row 1 missing from index "
        "cases_created); the cases themselves are whole. coach does not write to the casebook "
        "until it is mended: run `coach --casebook cb.db doctor --repair`, which rebuilds the "
        "indexes from the cases"
    )
    assert data["writes_blocked"] is True
    refused = coach("--casebook", "cb.db", *NEW_CASE)
    assert refused.exit_code == 1
    assert "coach does not write to the casebook cb.db: it was found damaged" in refused.stderr
    assert count(path) == 3


def test_repair_rebuilds_damaged_indexes_and_lifts_the_block(coach: Invoke, isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case(), make_case())
    damage_an_index(path)
    assert examine(coach)[0] == 1
    code, data = examine(coach, "--repair")
    assert code == 0
    texts = checks_of(data)
    assert texts["repaired"] == "rebuilt every index and the search index from the cases"
    assert texts["recheck_ok"] == "checked again after the repair: every check passes"
    assert texts["unblocked"].startswith("the casebook passes every check now")
    assert data["writes_blocked"] is False
    assert not (isolated / "cb.db.damaged").exists()
    assert coach("--casebook", "cb.db", *NEW_CASE).exit_code == 0
    assert count(path) == 3
    assert examine(coach)[0] == 0


def test_damage_in_the_cases_is_not_repaired_and_the_advice_keeps_every_case(
    coach: Invoke, isolated: Path
) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    with sqlite3.connect(path) as conn:  # a row whose NOT NULL column is empty
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'situation TEXT NOT NULL', "
            "'situation TEXT') WHERE name = 'cases'"
        )
    conn.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE cases SET situation = NULL")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'situation TEXT,', "
            "'situation TEXT NOT NULL,') WHERE name = 'cases'"
        )
    conn.close()
    code, data = examine(coach, "--repair")
    assert code == 1
    texts = checks_of(data)
    assert texts["integrity_bad"].startswith("integrity check failed (1 problem(s): NULL value")
    rescue = "coach --casebook cb.db casebook export --no-redact --output rescue.json"
    assert rescue in texts["integrity_bad"]
    assert texts["repair_refused"].startswith("not repaired: the damage is in the cases")
    assert data["writes_blocked"] is True


def test_full_checks_the_search_index_which_the_integrity_check_does_not(
    coach: Invoke, isolated: Path
) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    with sqlite3.connect(path) as conn:  # the text changes behind the index's back
        conn.execute("DROP TRIGGER cases_fts_update")
        conn.execute("UPDATE cases SET situation = 'something else entirely'")
    conn.close()
    assert examine(coach)[0] == 0
    code, data = examine(coach, "--full")
    assert code == 1
    assert data["full"] is True
    assert checks_of(data)["search_index_bad"] == (
        "search index check failed (cases_fts: SQLITE_CORRUPT_VTAB); the cases themselves are "
        "whole: run `coach --casebook cb.db doctor --repair`, which rebuilds the index from the "
        "cases"
    )
    assert data["writes_blocked"] is True


def test_a_read_only_shm_left_by_an_earlier_run_is_found(isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    code = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        "c.execute('SELECT count(*) FROM cases').fetchall(); os.kill(os.getpid(), 9)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    (isolated / "cb.db-shm").chmod(0o444)
    result = unprivileged("--casebook", "cb.db", "doctor", "--json", cwd=isolated)
    assert result.returncode == 1
    texts = checks_of(json.loads(result.stdout))
    assert texts["writable_bad"].startswith(
        "cb.db-shm, left by an earlier run, is read-only and blocks every write"
    )
    assert (
        texts["shm_mode_bad"]
        == "cb.db-shm mode 0444: others can read it; run `chmod 600 cb.db-shm`"
    )
    assert texts["wal_mode_ok"] == "cb.db-wal mode 0600: only you can read it"


def test_a_casebook_on_a_network_file_system_is_a_finding(
    coach: Invoke, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    casebook_with(isolated / "cb.db", make_case())
    monkeypatch.setattr("coachcli.filesystems.file_system", lambda path: "nfs4")
    code, data = examine(coach)
    assert code == 1
    assert data["file_system"] == "nfs4"
    assert checks_of(data)["file_system_bad"].startswith(
        "on a network file system or a sync service's mount (nfs4): SQLite needs a local disk"
    )


def test_every_finding_says_how_to_mend_it_in_dutch_too(coach: Invoke, isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    damage_an_index(path)
    result = coach("--lang", "nl", "--casebook", "cb.db", "doctor")
    assert result.exit_code == 1
    flat = " ".join(result.stdout.split())
    assert "integriteitscontrole mislukt, alleen in de indexen" in flat
    mend = "draai `coach --casebook cb.db --lang nl doctor --repair`, dat de indexen opnieuw"
    assert mend + " opbouwt uit de casussen" in flat


def test_moving_a_damaged_casebook_away_lifts_its_block(coach: Invoke, isolated: Path) -> None:
    path = casebook_with(isolated / "cb.db", make_case())
    damage_an_index(path)
    coach("--casebook", "cb.db", "doctor")
    path.rename(isolated / "cb.db.broken")
    code, data = examine(coach)
    assert code == 0
    assert "unblocked" in checks_of(data)
    assert coach("--casebook", "cb.db", *NEW_CASE).exit_code == 0
