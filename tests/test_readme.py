"""The README's promises to a newcomer (SPEC §1): a quick start of exactly two commands, the
first of which gives a case flow with precedents to see and rules to autocomplete, on a
fresh clone and again on a second run; and shell completion, offered in one line."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Invoke, Terminal
from tests.helpers import home_config

REPOSITORY = Path(__file__).resolve().parents[1]
README = (REPOSITORY / "README.md").read_text()
FIRST = "pip install . && coach casebook import casebooks/demo.json && coach case new"
SECOND = "pip install '.[test]' && pytest"


def quick_start() -> list[str]:
    """The commands of the README's "Quick start" section, one per fenced block."""
    section = README.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, re.DOTALL)]


def test_the_quick_start_is_two_commands_the_first_brings_the_demo_cases() -> None:
    assert quick_start() == [FIRST, SECOND]


def test_ci_runs_the_second_command_verbatim() -> None:
    assert f"\n{SECOND}\n" in (REPOSITORY / ".ci" / "run").read_text()


def test_the_readme_offers_shell_completion() -> None:
    assert "`coach --install-completion`" in README
    assert "`coach --show-completion`" in README


@pytest.fixture
def fresh_clone(isolated: Path) -> Path:
    """The demo workspace as a fresh clone has it: no casebook.db (git-ignored)."""
    shutil.copy(REPOSITORY / "coach.toml", isolated / "coach.toml")
    shutil.copytree(REPOSITORY / "profiles", isolated / "profiles")
    (isolated / "casebooks").mkdir()
    shutil.copy(REPOSITORY / "casebooks" / "demo.json", isolated / "casebooks" / "demo.json")
    home_config('agent = "Sanne de Vries"\n')
    return isolated


def run_quick_start(coach: Invoke) -> list[str]:
    """Every step of the first command before `case new`, after pip: what each said."""
    said = []
    steps = [shlex.split(step) for step in FIRST.split("&&")]
    assert steps[0][:2] == ["pip", "install"] and steps[-1] == ["coach", "case", "new"]
    for step in steps[1:-1]:
        assert step[0] == "coach"
        result = coach(*step[1:])
        assert result.exit_code == 0, result.output
        said.append(result.stderr)
    return said


def cases(coach: Invoke) -> list[str]:
    return sorted(case["id"] for case in json.loads(coach("case", "list", "--json").stdout))


def test_the_first_command_can_be_run_twice_without_doubling_anything(
    fresh_clone: Path, coach: Invoke
) -> None:
    review_copy = (
        "casebooks/demo.json is a review copy (redacted or anonymised): its cases never "
        "replace a full copy you hold.\n"
    )
    assert run_quick_start(coach) == [
        review_copy + "Imported: 12 added, 0 updated, 0 unchanged, 0 skipped.\n"
    ]
    first = cases(coach)
    assert len(first) == 12
    assert run_quick_start(coach) == [
        review_copy + "Imported: 0 added, 0 updated, 12 unchanged, 0 skipped.\n"
        "Nothing changed: this casebook already holds everything in the file(s).\n"
    ]
    assert cases(coach) == first


def test_after_the_first_command_case_new_shows_precedents(
    fresh_clone: Path, coach: Invoke, terminal: Terminal
) -> None:
    run_quick_start(coach)
    keys = [
        "Customer wants the wash of her wig paid, after chemo\r",  # situation
        "The policy only pays for a new wig\r",  # rule
        "Pay the wash\r",  # alternative
        "\r\r",  # no customer reference, no tags
        "\r\r\r",  # no costs, no other department or precedent
    ]
    ran = terminal.run("case", "new", keys="".join(keys))  # then it meets the end of input
    assert ran.exit_code == 130
    assert "Similar past cases (2)" in ran.stderr
    assert "Customer's wig needs a professional wash after radiotherapy" in ran.stderr


def test_after_the_first_command_the_rule_prompt_offers_the_demo_rules(
    fresh_clone: Path, coach: Invoke
) -> None:
    """In a real pseudo-terminal: prompt_toolkit draws the completion menu as one types."""
    run_quick_start(coach)
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable, ["-m", "coachcli", "case", "new"], env=env, encoding="utf-8",
        timeout=20, dimensions=(30, 100),
    )  # fmt: skip
    try:
        child.expect("Situation")
        child.sendline("Customer wants the wash of her wig paid, after chemo")
        child.expect("rule is in the way")
        child.send("only pays for a new")  # the middle of a demo rule
        # The menu underlines the part typed: `The policy \x1b[0;1;4monly pays ... wig`.
        child.expect(r"The policy \S*only pays for a new\S* wig")
    finally:
        child.terminate(force=True)
