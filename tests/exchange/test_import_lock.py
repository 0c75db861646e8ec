"""An import never costs an agent their case (SPEC §8, §10): it holds the write lock only
for its short merge, and `case new` waits up to 30 s for it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.exchange.test_import import HEADER, snapshot
from tests.helpers import casebook_with, make_case

NEW_CASE = [
    "case", "new", "--no-input", "--json", "--situation", "Wig wash before chemo",
    "--rule", "Policy pays a new wig only", "--alternative", "Pay the wash",
    "--loyalty", "yes", "--cost", "same", "--human", "yes", "--risk", "none",
    "--decision", "followed-rule", "--agent", "Sanne",
]  # fmt: skip


def coach(*args: str) -> subprocess.Popen[str]:
    """A real `coach` process, as an agent starts it beside the import."""
    return subprocess.Popen(
        [sys.executable, "-m", "coachcli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )  # fmt: skip


def test_case_new_waits_for_a_lock_held_longer_than_five_seconds(tmp_path: Path) -> None:
    """The saving write waits up to 30 s: a lock held for 7 s (longer than the 5 s every
    other write waits) delays the case, and it is saved."""
    path = casebook_with(tmp_path / "casebook.db", make_case())
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(7.0, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    agent = coach("--casebook", str(path), *NEW_CASE)
    out, err = agent.communicate(timeout=60)
    waited = time.monotonic() - started
    release.join()
    holder.close()
    assert agent.returncode == 0, err
    assert waited > 6.0  # it really waited for the lock
    saved = json.loads(out)["id"]
    assert saved in {case["id"] for case in snapshot(path)}


def big_export(path: Path, count: int) -> Path:
    """`count` cases in jsonl, written directly: building them through a casebook would
    take longer than the import itself."""
    template = make_case(lessons="Washing is cheaper", tags=("pruik", "zorg")).to_json()
    with path.open("w") as out:
        out.write(json.dumps(HEADER) + "\n")
        for n in range(count):
            template["id"] = str(uuid.UUID(int=n + 1, version=4))
            template["situation"] = f"Customer {n} needs her wig washed before chemotherapy"
            out.write(json.dumps(template) + "\n")
    return path


@pytest.mark.slow
def test_a_case_new_started_during_a_big_import_saves_its_case(tmp_path: Path) -> None:
    path = casebook_with(tmp_path / "casebook.db", make_case())
    export = big_export(tmp_path / "big.jsonl", 50_000)
    importer = coach("--casebook", str(path), "casebook", "import", str(export), "--json")
    # Wait until the import holds the write lock (its merge), then start the agent's case.
    probe = sqlite3.connect(path, isolation_level=None, timeout=0)
    deadline = time.monotonic() + 120
    while True:
        assert importer.poll() is None, "the import ended before its lock was seen"
        assert time.monotonic() < deadline
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            break  # locked: the merge is running
        time.sleep(0.01)
    probe.close()
    agent = coach("--casebook", str(path), *NEW_CASE)
    agent_out, agent_err = agent.communicate(timeout=60)
    import_out, import_err = importer.communicate(timeout=120)
    assert importer.returncode == 0, import_err
    assert json.loads(import_out)["added"] == 50_000
    assert agent.returncode == 0, agent_err
    saved = json.loads(agent_out)["id"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 50_002
        assert conn.execute("SELECT count(*) FROM cases WHERE id = ?", [saved]).fetchone()[0]
