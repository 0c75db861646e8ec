"""`coach case new` without prompts: every flag, and the missing-flag error (§7)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from coachcli.domain.case import iso, parse_iso
from tests.conftest import Invoke
from tests.helpers import NEW_CASE, NOW, casebook_with, make_case

BASE = [
    "case", "new", "--no-input", "--agent", "Sanne",
    "--situation", "Glasses broke on holiday in Spain",
    "--rule", "Only contracted opticians are reimbursed",
    "--alternative", "Reimburse the local optician",
]  # fmt: skip


def new(coach: Invoke, *extra: str) -> dict[str, Any]:
    result = coach(*BASE, *extra, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Case ")
    case: dict[str, Any] = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    return case


def test_every_flag_lands_in_the_case(coach: Invoke) -> None:
    case = new(
        coach,
        "--customer", "polis 4471-22",
        "--rule-cost", "120", "--alt-cost", "160",
        "--other-department",
        "--loyalty", "yes", "--human", "unsure", "--risk", "acceptable",
        "--loyalty-note", "customer for 12 years", "--cost-note", "40 more",
        "--human-note", "on holiday, no other option", "--risk-note", "one-off",
        "--rung", "4",
        "--decision", "escalated", "--deadline", "2026-12-01T17:00",
        "--tag", "travel", "--tag", "optics",
        "--agent", "Bram", "--team", "Schade",
    )  # fmt: skip
    assert case["customer"] == "polis 4471-22"
    assert (case["rule_cost"], case["alternative_cost"]) == (120.0, 160.0)
    assert case["other_department"] is True and case["precedent"] is False
    assert case["answers"] == {
        "loyalty": "yes", "cost": "higher", "human": "unsure", "risk": "acceptable",
    }  # fmt: skip
    assert case["notes"] == {
        "loyalty": "customer for 12 years", "cost": "40 more",
        "human": "on holiday, no other option", "risk": "one-off",
    }  # fmt: skip
    assert (case["rung"], case["rung_inferred"]) == (4, 3)
    assert case["verdict"] == "discuss"
    assert case["advice"]["code"] == "discuss"
    assert (case["decision"], case["status"]) == ("escalated", "open")
    assert case["deadline"] == "2026-12-01T17:00:00.000Z"
    assert case["tags"] == ["optics", "travel"]
    assert (case["agent"], case["team"]) == ("Bram", "Schade")


def test_a_missing_value_is_a_usage_error_naming_the_flags(coach: Invoke, isolated: Path) -> None:
    result = coach("case", "new", "--no-input", "--situation", "x", "--alt-cost", "5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "coach: without prompts, coach still needs: "
        "--rule, --alternative, --loyalty, --human, --risk."
    )  # --cost is not missing: the cost figure answers it


def test_without_a_terminal_it_never_prompts(coach: Invoke) -> None:
    result = coach("case", "new", input="")  # CliRunner's stdin is no terminal
    assert result.exit_code == 2
    assert "--situation" in result.stderr


def test_an_explicit_cost_that_contradicts_the_costs_is_a_usage_error(coach: Invoke) -> None:
    result = coach(*BASE, "--rule-cost", "100", "--alt-cost", "20", "--cost", "higher",
                   "--loyalty", "yes", "--human", "yes", "--risk", "none")  # fmt: skip
    assert result.exit_code == 2
    assert "contradicts" in result.stderr


@pytest.mark.parametrize("bad", ["-5", "nan", "inf", "49.999", "1e3", "0x10", "fifty", ""])
def test_costs_must_be_finite_and_not_negative(coach: Invoke, isolated: Path, bad: str) -> None:
    result = coach(*BASE, "--alt-cost", bad, "--loyalty", "yes", "--human", "yes",
                   "--risk", "none")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: --alt-cost must be an amount of 0 or more with at most two decimals, "
        f"such as 50 or 49.95, not {bad!r}.\n"
    )
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert coach("case", "list", "--json").stdout == "[]\n"  # nothing was recorded


def test_escalating_without_a_deadline_uses_discussion_hours(coach: Invoke, isolated: Path) -> None:
    (isolated / "coach.toml").write_text("[frame]\ndiscussion_hours = 4\n")
    case = new(coach, "--cost", "same", "--loyalty", "yes", "--human", "yes", "--risk", "none",
               "--decision", "escalated")  # fmt: skip
    created = parse_iso(str(case["created_at"]))
    assert parse_iso(str(case["deadline"])) - created == timedelta(hours=4)


def test_a_duration_deadline_counts_from_now(coach: Invoke) -> None:
    case = new(coach, "--cost", "same", "--loyalty", "yes", "--human", "yes", "--risk", "none",
               "--decision", "escalated", "--deadline", "2d")  # fmt: skip
    hours = (parse_iso(str(case["deadline"])) - NOW).total_seconds() / 3600
    assert 47.9 < hours <= 48


def test_the_goodwill_already_spent_this_month_raises_the_rung(
    coach: Invoke, isolated: Path
) -> None:
    this_month = iso(NOW)
    spent = [
        make_case(agent="Bram", decision="set-aside", status="decided", rung=2,
                  rule_cost=Decimal(0), alternative_cost=Decimal(45), decided_at=this_month)
        for _ in range(2)
    ]  # fmt: skip
    casebook_with(isolated / "cb.db", *spent)
    answers = ["--loyalty", "yes", "--human", "yes", "--risk", "none", "--agent", "Bram"]
    # 90 of 100 spent: a 20 euro gesture no longer fits what remains.
    result = coach("--casebook", "cb.db", *BASE, "--alt-cost", "20", *answers, "--json")
    case = json.loads(result.stdout)
    assert case["rung_inferred"] == 3
    assert case["answers"]["cost"] == "higher" and case["verdict"] == "discuss"
    # Another agent's budget is untouched.
    other = coach("--casebook", "cb.db", *BASE, "--alt-cost", "20", *answers[:-2], "--json")
    assert json.loads(other.stdout)["rung_inferred"] == 2


def test_dutch_messages(coach: Invoke) -> None:
    result = coach("--lang", "nl", *BASE, "--cost", "same", "--loyalty", "yes",
                   "--human", "yes", "--risk", "none")  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.startswith("Casus ") and "opgeslagen" in result.stderr


def test_setting_a_rule_aside_needs_the_promise(coach: Invoke) -> None:
    result = coach(*BASE, "--cost", "same", "--loyalty", "yes", "--human", "yes",
                   "--risk", "none", "--decision", "set-aside")  # fmt: skip
    assert result.exit_code == 2
    assert "--promise" in result.stderr


def test_text_typed_in_a_latin_1_terminal_is_kept_not_lost(isolated: Path) -> None:
    """Bytes that are not UTF-8 on the command line ("één" from a Latin-1 terminal) used
    to end in an unexpected error, with the case lost; now they are read as Latin-1."""
    import os
    import subprocess
    import sys

    casebook = isolated / "latin.db"
    situation = b"Klant wil \xe9\xe9n bril vergoed, caf\xe9 dicht"
    args = [os.fsencode(a) for a in ("--casebook", str(casebook), *NEW_CASE, "--json")]
    situation_at = args.index(b"--situation") + 1
    args[situation_at] = situation
    ran = subprocess.run(
        [sys.executable.encode(), b"-m", b"coachcli", *args],
        capture_output=True, timeout=60, check=False, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["situation"] == "Klant wil één bril vergoed, café dicht"
