"""`coach train` end to end in a pseudo-terminal, on the demo casebook of the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect

DEMO = Path(__file__).resolve().parents[2] / "casebooks" / "demo.json"


def test_a_trainee_practises_two_demo_cases_and_the_session_is_kept(isolated: Path) -> None:
    env = {**os.environ, "COACH_LANG": "en", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "coachcli", "train", "--from", str(DEMO), "--count", "2", "--seed", "7",
         "--trainee", "Sanne"],
        env=env, encoding="utf-8", timeout=20, dimensions=(50, 110),
    )  # fmt: skip
    for n in range(2):
        child.expect(f"Case {n + 1} / 2")
        child.expect("loyalty:")
        child.send("y")
        index = child.expect(["cost:", "human:"])  # cost is asked only without costs
        if index == 0:
            child.send("u")
            child.expect("human:")
        child.send("y")
        child.expect("risk:")
        child.send("a")
        child.expect("What would you decide")
        child.send("2")
        child.expect("What the casebook holds")
        if n == 0:
            child.expect("Press Enter for the next case")
            child.sendline("")
    child.expect(r"Agreement with the casebook \(cases practised: 2\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = subprocess.run(
        [sys.executable, "-m", "coachcli", "train", "--history", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    (session,) = json.loads(history.stdout)
    assert (session["trainee"], session["cases"]) == ("Sanne", 2)
    assert session["source"].startswith("demo.json (sha256:")
