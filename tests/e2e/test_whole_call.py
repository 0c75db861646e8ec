"""A whole live call in a real pseudo-terminal of 80 columns (pexpect), in English and in
Dutch, as a new agent meets it (SPEC §2, §3, §6, §7): the name asked once on the first run,
an ambiguous amount asked, the amounts shown back, a lowered rung that asks why, a sign-off
advice that preselects escalating and shows the countdown, and a step set aside against
the advice, confirmed first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pexpect


def spawn(lang: str) -> pexpect.spawn:
    # A new agent: only a login name is known. No cursor-position requests: pexpect, unlike
    # a terminal, never answers them.
    env = {**os.environ, "USER": "jdevries", "COACH_LANG": lang, "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "80"}  # fmt: skip
    return pexpect.spawn(
        sys.executable, ["-m", "coachcli", "case", "new"], env=env, encoding="utf-8",
        timeout=20, dimensions=(45, 80),
    )  # fmt: skip


def cases() -> list[dict[str, Any]]:
    listed = subprocess.run(
        [sys.executable, "-m", "coachcli", "case", "list", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found: list[dict[str, Any]] = json.loads(listed.stdout)
    return found


def home_config() -> dict[str, Any]:
    return tomllib.loads((Path(os.environ["COACH_HOME"]) / "config.toml").read_text())


def answer(child: pexpect.spawn, keys: str) -> None:
    """Loyalty, human and risk, one key each, without a note (the costs answer cost)."""
    for key in keys:
        child.expect(r"\?")
        child.send(key)
        child.expect(r"\?")  # the note
        child.sendline("")


def test_a_new_english_agent_escalates_a_precedent_after_lowering_its_rung(
    isolated: Path,
) -> None:
    child = spawn("en")
    child.expect_exact("What is your name, as your team knows it?")
    child.sendline("Jan de Vries")
    child.expect_exact("Your name is kept in")
    child.expect_exact("Situation")
    child.sendline("Wig needs a wash before the second round of chemo")
    child.expect_exact("Which rule")
    child.sendline("Policy pays for a new wig only")
    child.expect_exact("instead")
    child.sendline("Pay for a professional wash")
    child.expect_exact("Customer reference")
    child.sendline("relation 40213377")
    child.expect_exact("Tags")
    child.sendline("wig, chemo")
    child.expect_exact("following the rule cost")
    child.sendline("1.450")  # in English a dot is the decimal mark: 1450 or 1.45?
    child.expect_exact("Did you mean €1,450.00 or €1.45?")
    child.send("1")
    child.expect_exact("alternative cost")
    child.sendline("50,-")
    child.expect_exact("Does either of these apply?")
    child.send("3")  # it sets a precedent: rung 4
    answer(child, "yya")
    child.expect_exact("Which rung is the step on?")
    child.send("1")  # lower than the inferred 4
    child.expect_exact("Why rung 1 rather than 4?")
    child.sendline("The same wash was paid last month")
    child.expect_exact("Go, but it needs sign-off")
    child.expect_exact("Costs: rule €1,450.00, alternative €50.00; €1,400.00 less.")
    child.expect_exact("What do you decide?")
    child.send("\r")  # the advice preselects escalating
    child.expect(r"Case ([0-9a-f]{8}) saved\.")
    # NOW is Wed 25 Nov 09:30 UTC; 48 h later is Fri 27 Nov 10:30 in Amsterdam.
    child.expect_exact("The discussion is open until Fri 27 Nov 10:30, in 2 days")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (case,) = cases()
    assert case["agent"] == "Jan de Vries"
    assert home_config()["agent"] == "Jan de Vries"
    assert (case["rule_cost"], case["alternative_cost"]) == (1450, 50)
    assert (case["customer"], case["tags"]) == ("relation 40213377", ["chemo", "wig"])
    assert (case["rung"], case["rung_inferred"]) == (1, 4)
    assert case["rung_reason"] == "The same wash was paid last month"
    assert (case["advice"]["code"], case["decision"], case["status"]) == (
        "sign-off", "escalated", "open",
    )  # fmt: skip
    assert (case["deadline"], case["against_advice"]) == ("2026-11-27T09:30:00.000Z", False)

    # The second call asks the name no more.
    child = spawn("en")
    child.expect_exact("Situation")
    assert "What is your name" not in (child.before or "")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_een_nieuwe_medewerker_laat_de_regel_bewust_tegen_het_advies_los(isolated: Path) -> None:
    child = spawn("nl")
    child.expect_exact("Wat is je naam, zoals je team je kent?")
    child.sendline("Fatma Yilmaz")
    child.expect_exact("Situatie")
    child.sendline("Klant wil taxi naar het ziekenhuis vergoed zonder verwijzing")
    child.expect_exact("Welke regel")
    child.sendline("Taxi alleen met verwijzing van de huisarts")
    child.expect_exact("in plaats daarvan")
    child.sendline("Deze ene rit vergoeden")
    child.expect_exact("Klantreferentie")
    child.sendline("")
    child.expect_exact("Labels")
    child.sendline("")
    child.expect_exact("volgen van de regel")
    child.sendline("")
    child.expect_exact("alternatief")
    child.sendline("45,50")
    child.expect_exact("Moet een andere afdeling iets doen, of schept dit een precedent?")
    child.send("2")  # another department must act: rung 3, above the mandate of 2
    answer(child, "jja")
    child.expect_exact("Op welke trede staat de stap?")
    child.send("\r")  # as inferred
    child.expect_exact("Doen, maar alleen met akkoord")
    child.expect_exact("Kosten: regel niet opgegeven, alternatief € 45,50; € 45,50 extra.")
    child.expect_exact("Wat besluit je?")
    child.send("2")  # set the rule aside anyway
    child.expect_exact("Tegen het advies (‘akkoord nodig’) in de regel loslaten?")
    child.send("j")
    child.expect_exact("Wat beloof je de klant precies?")
    child.sendline("We vergoeden deze ene rit van 45,50 euro")
    child.expect(r"Casus ([0-9a-f]{8}) opgeslagen\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (case,) = cases()
    assert case["agent"] == "Fatma Yilmaz"
    assert case["alternative_cost"] == 45.5
    assert (case["rung"], case["rung_inferred"], case["rung_reason"]) == (3, 3, None)
    assert (case["advice"]["code"], case["decision"], case["status"]) == (
        "sign-off", "set-aside", "decided",
    )  # fmt: skip
    assert case["against_advice"] is True
    assert case["promise"] == "We vergoeden deze ene rit van 45,50 euro"
