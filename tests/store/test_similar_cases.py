"""Similar past cases (SPEC §7, step 5 of `case new`): the precedent an agent sees during a
call is the case most like theirs, shown first, however old it is."""

from __future__ import annotations

from pathlib import Path

from coachcli import content, store
from coachcli.domain.case import Case
from coachcli.domain.search import match_any
from tests.helpers import ago, casebook_with, make_case

SITUATION = "Wig washed before a second chemotherapy round"
RULE = "Policy pays for a new wig only"


def decided(days: int, situation: str, rule: str, alternative: str) -> Case:
    return make_case(created_at=ago(days=days), updated_at=ago(days=days),
                     decided_at=ago(days=days), status="decided", decision="set-aside",
                     situation=situation, rule=rule, alternative=alternative)  # fmt: skip


def shown_for(path: Path, situation: str, rule: str) -> list[str]:
    """The ids `case new` shows as similar past cases, in the order it shows them."""
    query = match_any(f"{situation} {rule}", content.load("stopwords")["words"])
    casebook = store.connect(path)
    assert casebook is not None
    try:
        return [case.id for case in store.similar_cases(casebook, query)]
    finally:
        casebook.close()


def test_the_most_alike_case_comes_first_even_when_others_are_newer(tmp_path: Path) -> None:
    best = decided(400, "Wig washed before chemotherapy", RULE, "Pay for the wash")
    # Newer cases that share a single word with the call each.
    newer = [
        decided(30, "Needs a second hearing aid", "One hearing aid per five years",
                "Lend a spare one"),
        decided(20, "Round trip by taxi to the hospital", "Taxi costs need a referral",
                "Accept a letter from the GP"),
        decided(10, "Glasses broke before the holiday", "Glasses via the contracted optician",
                "Refund a local optician"),
    ]  # fmt: skip
    path = casebook_with(tmp_path / "casebook.db", best, *newer)
    shown = shown_for(path, SITUATION, RULE)
    assert len(shown) == 3
    assert shown[0] == best.id
