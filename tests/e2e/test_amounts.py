"""End to end in a real pseudo-terminal of 80 columns (pexpect): an amount typed the way
the agent's language writes it is read so, an ambiguous one is asked, and the verdict
panel shows what was read before anyone decides (SPEC §3, §6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

CALL = [
    "case", "new", "--situation", "Taxi home after chemotherapy",
    "--rule", "Taxis are paid from 25 km", "--alternative", "Pay the taxi from 12 km",
    "--customer", "REF-1", "--tag", "taxi",
]  # fmt: skip


def spawn(lang: str) -> pexpect.spawn:
    env = {**os.environ, "COACH_AGENT": "Sanne", "COACH_LANG": lang, "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    return pexpect.spawn(
        sys.executable, ["-m", "coachcli", *CALL], env=env, encoding="utf-8", timeout=20,
        dimensions=(40, 80),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "typed", "question", "keys", "costs", "decide", "saved"),
    [
        ("en", "1.450", "Did you mean €1,450.00 or €1.45?", "yyn",
         "Costs: rule €1,450.00, alternative not given; €1,450.00 less.",
         "What do you decide", r"Case [0-9a-f]{8} saved"),
        ("nl", "1,450", "Bedoel je € 1.450,00 of € 1,45?", "jjg",
         "Kosten: regel € 1.450,00, alternatief niet opgegeven; € 1.450,00 minder.",
         "Wat besluit je", r"Casus [0-9a-f]{8} opgeslagen"),
    ],
)  # fmt: skip
def test_an_ambiguous_amount_is_asked_and_shown_back_before_the_decision(
    isolated: Path, lang: str, typed: str, question: str, keys: str, costs: str,
    decide: str, saved: str,
) -> None:  # fmt: skip
    child = spawn(lang)
    child.expect(r"\(EUR\)")  # the rule's cost
    child.sendline(typed)
    child.expect_exact(question)
    child.send("1")  # the thousands
    child.expect(r"\(EUR\)")  # the alternative's cost
    child.sendline("")
    child.expect(r"\?")  # another department or a precedent: neither
    child.sendline("")
    for key in keys:  # loyalty, human, risk; the cost follows from the costs
        child.expect(r"\?")
        child.send(key)
        child.expect(r"\?")  # the note
        child.sendline("")
    child.expect(r"\?")  # the rung: the inferred one
    child.send("\r")
    child.expect_exact(costs)
    child.expect(decide)
    child.send("1")  # followed the rule
    child.expect(saved)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    listed = subprocess.run(
        [sys.executable, "-m", "coachcli", "case", "list", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    (case,) = json.loads(listed.stdout)
    assert (case["rule_cost"], case["alternative_cost"]) == (1450, None)
