"""Where an output may go (SPEC §10): `casebook export --output`, `profile assess --output`
and `team profile --html` never replace the casebook, a database, a profile or a config
file; FIFOs and devices are written to as they are; a stopped write leaves nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from coachcli import store
from tests.conftest import Invoke, fill_up
from tests.helpers import casebook_with, make_case

DEMO_PROFILES = Path(__file__).resolve().parents[2] / "profiles"
PERSONAL = "Mevrouw Jansen belt vanaf 06-12345678 over haar pruik"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def workspace(isolated: Path) -> Path:
    """A workspace with a casebook of one case, a profile and a config file."""
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    (isolated / "profiles").mkdir()
    (isolated / "profiles" / "sanne.toml").write_text('name = "Sanne"\n')
    casebook_with(isolated / "casebooks" / "casebook.db", make_case(situation=PERSONAL))
    return isolated


def everything(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its digest: what a refused write must not change."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("casebooks/casebook.db", "is the casebook in use"),
        ("casebooks/casebook.db-wal", "is the casebook in use (or one of its files)"),
        ("casebooks/casebook.db.damaged", "is the casebook in use (or one of its files)"),
        ("casebooks/../casebooks/casebook.db", "is the casebook in use"),
        ("other.sqlite", "is an SQLite database"),
        ("profiles/sanne.toml", "is a colour profile"),
        ("profiles/new.toml", "is in the profiles folder"),
        ("coach.toml", "is a config file"),
        ("../home/config.toml", "is a config file"),
        ("elsewhere/config.toml", "is a config file"),
        ("casebooks", "is a folder"),
        (".", "is a folder"),
    ],
)
def test_an_export_never_replaces_what_coach_or_sqlite_keeps(
    coach: Invoke, workspace: Path, target: str, says: str
) -> None:
    with sqlite3.connect(workspace / "other.sqlite") as conn:
        conn.execute("CREATE TABLE invoices (amount)")
    conn.close()
    before = everything(workspace)
    result = coach("casebook", "export", "--no-redact", "--output", target)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"coach: --output {target} {says}")
    assert "Nothing was written" in result.stderr or "folder" in says
    assert everything(workspace) == before


def test_a_link_to_the_casebook_is_refused_too(coach: Invoke, workspace: Path) -> None:
    (workspace / "innocent.json").symlink_to(workspace / "casebooks" / "casebook.db")
    before = everything(workspace / "casebooks")
    result = coach("casebook", "export", "--output", "innocent.json")
    assert result.exit_code == 2
    assert "is the casebook in use" in result.stderr
    assert everything(workspace / "casebooks") == before


def test_profile_assess_and_team_html_never_replace_the_casebook(
    coach: Invoke, workspace: Path
) -> None:
    before = everything(workspace)
    assess = coach("profile", "assess", "--no-input", "--output", "casebooks/casebook.db")
    team = coach("team", "profile", "--html", "casebooks/casebook.db")
    config = coach("team", "profile", "--html", "coach.toml")
    assert (assess.exit_code, team.exit_code, config.exit_code) == (2, 2, 2)
    assert "--output casebooks/casebook.db is the casebook in use" in assess.stderr
    assert "--html casebooks/casebook.db is the casebook in use" in team.stderr
    assert "--html coach.toml is a config file" in config.stderr
    assert everything(workspace) == before


def test_an_export_goes_through_a_fifo_as_it_is(coach: Invoke, workspace: Path) -> None:
    fifo = workspace / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    # A daemon: if coach replaced the FIFO, the reader waits for ever, and must not keep
    # the test run from ending.
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = coach("casebook", "export", "--output", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the FIFO, not a regular file
    assert received, "the FIFO's reader got nothing"
    assert json.loads(received[0])["cases"][0]["situation"].startswith("Mevrouw Jansen belt")
    assert sorted(p.name for p in workspace.iterdir() if p.name.startswith("pipe")) == ["pipe"]


def coach_beside_a_read_only_dev(
    *args: str, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """Run `coach ARGS` where a mistake cannot replace the machine's /dev/stdout.

    As root, renaming a file over /dev/stdout succeeds, and did, for every process on the
    machine, when these tests ran against the code before this fix: so as root the child
    gets its own mount namespace with /dev bound read-only. Other users cannot write /dev.
    """
    command = [sys.executable, "-m", "coachcli", *args]
    if os.geteuid() == 0:
        unshare = shutil.which("unshare")
        script = 'mount --bind /dev /dev && mount -o remount,bind,ro /dev && exec "$@"'
        prefix = [unshare or "unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh"]
        if unshare is None or subprocess.run([*prefix, "true"], check=False).returncode:
            pytest.skip("as root, /dev could not be made read-only for the child")
        command = [*prefix, *command]
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False, timeout=60
    )


def test_dev_stdout_is_this_runs_stdout(workspace: Path) -> None:
    done = coach_beside_a_read_only_dev("casebook", "export", "--output", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["format"] == "coach-casebook"


def test_dev_stdout_redirected_to_a_file_is_written_there(workspace: Path) -> None:
    out = workspace / "shell-redirect.json"
    with out.open("w") as handle:  # `coach ... --output /dev/stdout > shell-redirect.json`
        done = coach_beside_a_read_only_dev(
            "casebook", "export", "--output", "/dev/stdout", stdout=handle
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["format"] == "coach-casebook"


def device(folder: Path, name: str, minor: int) -> Path:
    """/dev/null (minor 3) or /dev/full (minor 7): as root a copy of the device in `folder`,
    so that a mistake replaces the copy, not the machine's own; otherwise the real one,
    which no other user can replace."""
    if os.geteuid() != 0:
        return Path("/dev") / name
    node = folder / name
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return node


def test_dev_null_stays_a_device_and_dev_full_is_a_clear_error(
    coach: Invoke, workspace: Path
) -> None:
    null, full = device(workspace, "null", 3), device(workspace, "full", 7)
    result = coach("casebook", "export", "--output", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)
    result = coach("casebook", "export", "--output", str(full))
    assert result.exit_code == 1
    assert result.stderr == (
        f"coach: cannot write {full}: No space left on device; nothing was left behind.\n"
    )
    assert stat.S_ISCHR(full.stat().st_mode)


def test_missing_folders_are_all_created_owner_only(coach: Invoke, workspace: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which gives folders 0755
    try:
        result = coach("casebook", "export", "--output", "a/b/c/review.md")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    modes = [stat.S_IMODE((workspace / p).stat().st_mode) for p in ("a", "a/b", "a/b/c")]
    assert modes == [0o700, 0o700, 0o700]
    assert stat.S_IMODE((workspace / "a/b/c/review.md").stat().st_mode) == 0o600


def test_a_write_that_fails_leaves_no_temporary_file(
    coach: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachcli.exchange import export

    written = export.write_json

    def half_then_fail(*args: object) -> int:
        written(*args)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("coachcli.exchange.export.write_json", half_then_fail)
    result = coach("casebook", "export", "--no-redact", "--output", "out/r.json")
    assert result.exit_code == 1
    assert result.stderr == (
        "coach: this export is NOT redacted: it holds customers' personal data. Share it with "
        "no one who does not need it.\n"
        "coach: cannot write out/r.json: No space left on device; nothing was left behind.\n"
    )
    assert list((workspace / "out").iterdir()) == []


def test_an_export_to_a_full_disk_leaves_nothing(
    coach: Invoke, workspace: Path, tiny_disk: Path
) -> None:
    fill_up(tiny_disk)
    result = coach("casebook", "export", "--output", str(tiny_disk / "r.json"))
    assert result.exit_code == 1
    assert "No space left on device; nothing was left behind." in result.stderr
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]


# --- Stopped in the middle -------------------------------------------------------------


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough cases that an export runs long enough to be stopped in the middle; built
    once, copied for each test."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    casebook = store.connect(path)
    assert casebook is not None
    try:
        cases = [make_case(situation=f"{PERSONAL} ({n})") for n in range(6000)]
        with casebook.write() as db:
            store.cases.insert_rows(db, cases)
    finally:
        casebook.close()
    return path


@pytest.fixture
def big_casebook(big_template: Path, isolated: Path) -> Path:
    path = isolated / "big.db"
    shutil.copyfile(big_template, path)
    path.chmod(0o600)
    return path


def start_export(casebook: Path, target: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start an unredacted export and wait until its temporary file is being written."""
    child = subprocess.Popen(
        [sys.executable, "-m", "coachcli", "--casebook", str(casebook),
         "casebook", "export", "--no-redact", "--output", str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for _ in range(20_000):
        temps = list(target.parent.glob(f"{target.name}.tmp-*"))
        if temps and temps[0].stat().st_size > 0:
            return child, temps[0]
        assert child.poll() is None, child.communicate()
        time.sleep(0.001)
    raise AssertionError("the export never started writing")


@pytest.mark.parametrize(
    ("sent", "code", "says"),
    [
        (signal.SIGTERM, 143, "coach: stopped by SIGTERM; nothing was half-written.\n"),
        (signal.SIGHUP, 129, "coach: stopped by SIGHUP; nothing was half-written.\n"),
        (signal.SIGINT, 130, "coach: interrupted.\n"),
    ],
)
def test_an_export_stopped_midway_leaves_no_temporary_file(
    big_casebook: Path, isolated: Path, sent: signal.Signals, code: int, says: str
) -> None:
    target = isolated / "out" / "review.json"
    child, temp = start_export(big_casebook, target)
    assert temp.name.startswith("review.json.tmp-")  # a user who finds one sees what it was
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    child.send_signal(sent)
    _, err = child.communicate(timeout=60)
    assert child.returncode == code
    assert err.endswith(says)
    assert list(target.parent.iterdir()) == []


def test_a_killed_export_leaves_a_temporary_file_that_the_next_one_removes(
    big_casebook: Path, isolated: Path, coach: Invoke
) -> None:
    target = isolated / "review.json"
    child, temp = start_export(big_casebook, target)
    child.kill()  # SIGKILL: nothing can clean up after it
    child.communicate(timeout=60)
    assert temp.exists() and PERSONAL.encode() in temp.read_bytes()
    doctor = coach("--casebook", str(big_casebook), "doctor")
    assert doctor.exit_code == 1
    assert "1 temporary file(s) left by a write that was killed" in doctor.stdout
    again = coach("--casebook", str(big_casebook), "casebook", "export", "--output", str(target))
    assert again.exit_code == 0, again.output
    assert again.stderr.startswith(
        "coach: removed 1 temporary file(s) that an interrupted earlier write left behind "
        f"(they may hold customers' data): {temp.name}\n"
    )
    assert sorted(p.name for p in isolated.iterdir() if "review" in p.name) == ["review.json"]


def test_a_temporary_file_another_coach_is_still_writing_is_left_alone(
    coach: Invoke, workspace: Path
) -> None:
    import fcntl

    busy = workspace / "review.json.tmp-writing"
    legacy = workspace / ".review.json.abc123.tmp"  # as coach named them before
    legacy.write_text(PERSONAL)
    with busy.open("w") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # as a running export holds it
        result = coach("casebook", "export", "--output", "review.json")
        assert result.exit_code == 0, result.output
        assert busy.exists()
    assert not legacy.exists()
    assert f"{legacy.name}\n" in result.stderr


def test_another_users_fifo_is_not_written_into(coach: Invoke, workspace: Path) -> None:
    fifo = workspace / "review.json"
    os.mkfifo(fifo)
    os.chown(fifo, 65534, 65534) if os.geteuid() == 0 else pytest.skip("needs root to chown")
    result = coach("casebook", "export", "--output", str(fifo))
    assert result.exit_code == 1
    assert result.stderr == (
        f"coach: {fifo} is a pipe that belongs to another user, who would read what coach "
        "writes into it; nothing was written.\n"
    )


def test_team_html_to_dev_stdout_redirected_to_a_file(workspace: Path) -> None:
    out = workspace / "team.html"
    with out.open("w") as handle:  # `coach team profile --html /dev/stdout > team.html`
        done = coach_beside_a_read_only_dev(
            "team", "profile", str(DEMO_PROFILES), "--html", "/dev/stdout", stdout=handle
        )
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_a_fifo_swapped_for_the_casebook_is_not_emptied(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is checked, then opened: an attacker who swaps a FIFO for a link to the
    casebook in between gets an error, not an emptied casebook."""
    from coachcli import files
    from coachcli.errors import CoachError

    casebook = workspace / "casebooks" / "casebook.db"
    before = digest(casebook)
    swapped = workspace / "swapped"
    swapped.symlink_to(casebook)
    monkeypatch.setattr(files, "is_direct", lambda path: True)  # as it was when checked
    with pytest.raises(CoachError) as caught:
        files.atomic_write(swapped, b"export")
    assert caught.value.key == "error.output_swapped"
    assert digest(casebook) == before
