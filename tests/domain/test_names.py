"""Names as people give them (SPEC §2, §5): which login is whose, and what a name may hold."""

from __future__ import annotations

import pytest

from coachcli.domain.names import login_matches, name_problem, same_name


@pytest.mark.parametrize(
    ("login", "name", "matches"),
    [
        ("jdevries", "Jan de Vries", True),  # initial and surname with its particle
        ("jan.devries", "Jan de Vries", True),  # the whole name
        ("jan_de_vries", "Jan de Vries", True),
        ("JanDeVries", "Jan de Vries", True),  # case aside
        ("jan", "Jan de Vries", True),  # the first name
        ("jvries", "Jan de Vries", True),  # initial and last word
        ("devries", "Jan de Vries", True),  # the surname alone
        ("vries", "Jan de Vries", False),  # the last word alone is too loose
        ("jdv", "Jan de Vries", False),
        ("sdevries", "Jan de Vries", False),
        ("jan2", "Jan de Vries", False),
        ("fyilmaz", "Fatma Y\u0131lmaz", True),  # dotless i: i, as in the slug (§5)
        ("fylmaz", "Fatma Y\u0131lmaz", True),  # or dropped, as the earlier slug did
        ("liwei", "李伟", True),  # transliterated
        ("joelle", "Joëlle Bakker", True),
        ("priya", "Priya", True),  # one word: the name is the first name
        ("", "Jan de Vries", False),
        ("jan", "", False),
        ("jan", "李伟", False),
    ],
)
def test_a_login_matches_the_usual_logins_of_a_name(login: str, name: str, matches: bool) -> None:
    assert login_matches(login, name) is matches


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Jan de Vries", None),
        ("Fatma Y\u0131lmaz", None),
        ("李伟", None),
        ("\u0645\u0647\u062f\u06cc\u200c\u0632\u0627\u062f\u0647", None),  # Persian, with a ZWNJ
        ("", "required"),
        ("   ", "required"),
        ("Jan\nde Vries", "control"),
        ("Jan\x1b[2J", "control"),
        ("Jan\x1b]0;pwned\x07", "control"),
        ("Jan\u202eseirV", "control"),  # a right-to-left override
        ("Jan\u2028de Vries", "control"),  # a line separator
        ("x" * 100, None),
        ("x" * 101, "too_long"),
    ],
)
def test_what_a_name_may_hold(name: str, problem: str | None) -> None:
    assert name_problem(name) == problem


def test_the_same_name_is_found_whatever_its_case_and_spacing() -> None:
    assert same_name("Jan de Vries", "jan  De vries ")
    assert not same_name("Jan de Vries", "Jan de Vries-Bakker")
