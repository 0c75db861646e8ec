"""Building cases and casebooks for tests, through the real store."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from coachcli import store
from coachcli.domain.case import Case, iso

# The tests' one clock (SPEC §2): the autouse fixture sets $COACH_NOW to this moment, so
# coach, in-process or in a child process, lives at the same known now whatever the machine's
# clock says. Every date a test writes is relative to it.
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def ago(**delta: float) -> str:
    """NOW minus a timedelta, as a stored UTC time: `ago(days=3)`."""
    return iso(NOW - timedelta(**delta))


def day(offset: int, clock: str = "12:00:00") -> str:
    """A stored UTC time on the day `offset` days from NOW's: `day(-24, "08:00:00")`."""
    return f"{NOW.date() + timedelta(days=offset)}T{clock}.000Z"


def date(offset: int) -> str:
    """The day `offset` days from NOW's, as typed after --since and --until."""
    return (NOW.date() + timedelta(days=offset)).isoformat()


def ahead(**delta: float) -> str:
    """NOW plus a timedelta, as a stored UTC time: `ahead(hours=5)`."""
    return iso(NOW + timedelta(**delta))


def home_config(text: str) -> Path:
    """Write the home's config.toml (the test's `$COACH_HOME`): where who you are lives (§2)."""
    path = Path(os.environ["COACH_HOME"]) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def make_case(**fields: Any) -> Case:
    """A realistic open case; any field can be overridden."""
    base = Case(
        id=str(uuid.uuid4()),
        created_at=ago(days=5),
        updated_at=ago(days=5),
        agent="Sanne de Vries",
        team="Helpdesk Zorg",
        situation="Customer needs her wig washed before a second round of chemotherapy",
        rule="Policy pays for a new wig only",
        alternative="Pay for a professional wash instead",
        currency="EUR",
        status="open",
        rule_cost=Decimal("700.00"),
        alternative_cost=Decimal("50.00"),
        verdict="go",
        answers={"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "none"},
    )
    return replace(base, **fields)


def casebook_with(path: Path, *cases: Case) -> Path:
    """A casebook at `path` holding `cases`."""
    casebook = store.connect(path)
    assert casebook is not None
    try:
        for case in cases:
            store.insert_case(casebook, case)
    finally:
        casebook.close()
    return path


# `coach case new` without prompts: every required flag.
NEW_CASE = [
    "case", "new", "--no-input", "--agent", "Sanne",
    "--situation", "Glasses broke on holiday in Spain",
    "--rule", "Only contracted opticians are reimbursed",
    "--alternative", "Reimburse the local optician",
    "--loyalty", "yes", "--cost", "lower", "--human", "yes", "--risk", "none",
]  # fmt: skip


def unprivileged(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `coach ARGS` in a child process for which file modes hold.

    Root writes read-only files anyway (CAP_DAC_OVERRIDE), and the tests may run as root
    (a container, CI): there the child runs without the capabilities that allow it, so
    that a read-only casebook is read-only to it, as to any user.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        drop = [setpriv or "setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
        if setpriv is None or subprocess.run([*drop, "true"], check=False).returncode:
            pytest.skip("running as root, and cannot drop root's right to write read-only files")
        prefix = drop
    return subprocess.run(
        [*prefix, sys.executable, "-m", "coachcli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=60, check=False,
    )  # fmt: skip


def damage_an_index(path: Path) -> None:
    """Change one byte of a key in the `cases_created` index's page, as a bad disk sector
    or a buggy copy might: the page stays well-formed (so `quick_check` passes), but the
    index no longer agrees with its table (so `integrity_check` fails)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'cases_created'"
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        created = conn.execute("SELECT created_at FROM cases ORDER BY pk LIMIT 1").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * size
    at = data.find(created.encode(), start, start + size)
    assert at >= 0, "the key is not on the index's root page"
    # The last digit of the milliseconds (…00.000Z → …00.001Z): the entries stay in order,
    # so exactly this one row goes missing from the index.
    last = at + len(created) - 2
    data[last] = ord("1") if data[last] != ord("1") else ord("2")
    path.write_bytes(bytes(data))
