"""A call cut short in a real pseudo-terminal (pexpect): SIGHUP, SIGTERM, a closed terminal
window and SIGKILL mid-call keep what the agent typed; `--resume` shows it and finishes (§7).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.e2e.test_live_call import coach_json, spawn


@pytest.fixture(autouse=True)
def sanne(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agent of `spawn`'s calls, for the commands run beside them too."""
    monkeypatch.setenv("COACH_AGENT", "Sanne")


SITUATION = "Customer needs her wig washed before a second round of chemo"
RULE = "Policy pays for a new wig only"


def two_answers(child: pexpect.spawn) -> None:
    child.expect("Situation")
    child.sendline(SITUATION)
    child.expect("Which rule")
    child.sendline(RULE)
    child.expect("What would you do instead")


def stored_drafts(home: Path) -> list[dict[str, Any]]:
    """What the casebook's drafts hold, read with plain sqlite3."""
    with closing(sqlite3.connect(home / "casebook.db")) as conn:
        return [json.loads(row[0]) for row in conn.execute("SELECT data FROM drafts")]


def hang_up(child: pexpect.spawn) -> int:
    """Close the terminal window: the pseudo-terminal's master side goes away, and the
    kernel hangs up the child. Returns its exit code."""
    os.close(child.child_fd)
    _, status = os.waitpid(child.pid, 0)
    child.closed = child.ptyproc.closed = True
    return os.waitstatus_to_exitcode(status)


def finish_after_recap(child: pexpect.spawn) -> str:
    """`--resume`: the recap shows what was kept, then the rest of the call; the case id."""
    child.expect("Continuing draft [0-9a-f]{8}, started just now")
    child.expect(SITUATION)
    child.expect(RULE)
    child.expect("What would you do instead")  # the first question not yet answered
    child.sendline("Pay for a professional wash")
    for prompt in ("Customer reference", "Tags"):  # one optional step: Enter skips
        child.expect(prompt)
        child.sendline("")
    for answer in ("700", "50", ""):  # the costs, and neither department nor precedent
        child.expect(r"\?")
        child.sendline(answer)
    for key in "yya":  # loyalty, human, risk; cost follows from the costs
        child.expect(r"\?")
        child.send(key)
        child.expect("Note")
        child.sendline("")
    child.expect("Which rung")
    child.send("\r")
    child.expect("What do you decide")
    child.send("2")
    child.expect("promise the customer")
    child.sendline("We reimburse the wash")
    child.expect(r"Case ([0-9a-f]{8}) saved\.")
    short: str = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return short


@pytest.mark.parametrize("sent", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_mid_call_keeps_the_draft_and_resume_finishes_it(
    isolated: Path, sent: signal.Signals
) -> None:
    child = spawn("case", "new")
    two_answers(child)

    child.kill(sent)

    child.expect(r"kept as draft [0-9a-f]{8}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    home = isolated.parent / "home"
    (kept,) = stored_drafts(home)
    assert (kept["situation"], kept["rule"], kept["alternative"]) == (SITUATION, RULE, None)
    assert list((home / "drafts").iterdir()) == []  # in the casebook: no file left over
    assert [d["situation"] for d in coach_json("case", "drafts")] == [SITUATION]

    short = finish_after_recap(spawn("case", "new", "--resume"))

    assert coach_json("case", "drafts") == []
    assert coach_json("case", "show", short)["promise"] == "We reimburse the wash"


def test_closing_the_terminal_window_mid_call_keeps_the_draft(isolated: Path) -> None:
    child = spawn("case", "new")
    two_answers(child)

    assert hang_up(child) == 130

    (kept,) = stored_drafts(isolated.parent / "home")
    assert (kept["situation"], kept["rule"]) == (SITUATION, RULE)
    finish_after_recap(spawn("case", "new", "--resume"))


def test_sigkill_mid_call_leaves_the_working_copy_which_resume_finishes(isolated: Path) -> None:
    """Nothing can run after SIGKILL: the copy written before each prompt is what is left."""
    child = spawn("case", "new")
    two_answers(child)

    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()

    (draft,) = coach_json("case", "drafts")
    assert draft["situation"] == SITUATION
    assert draft["file"] is not None and Path(draft["file"]).parent.name == "drafts"
    finish_after_recap(spawn("case", "new", "--resume"))
    assert coach_json("case", "drafts") == []
    assert not Path(draft["file"]).exists()
