"""Choosing practice cases in the casebook (SPEC §15): in SQL, repeatable by seed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcli import store
from coachcli.store import training
from tests.helpers import casebook_with, make_case

# 40 cases: the even ones decided (20), the odd ones open (20). Every fourth (0, 4, ...,
# 36: 10 of the decided) has the tag "zorg" and a rule typed as "ÉÉN  Gehoorapparaat".
CASES = [
    make_case(id=f"{n:08x}-0000-4000-8000-000000000000",
              status="decided" if n % 2 == 0 else "open",
              decision="set-aside" if n % 2 == 0 else None,
              tags=("zorg",) if n % 4 == 0 else ("reis",),
              rule="ÉÉN  Gehoorapparaat per vijf jaar" if n % 4 == 0 else "Referral required")
    for n in range(40)
]  # fmt: skip
DECIDED = {c.id for c in CASES if c.status == "decided"}
TAGGED = {c.id for c in CASES if "zorg" in c.tags}


@pytest.fixture
def casebook(tmp_path: Path) -> Iterator[store.Casebook]:
    opened = store.connect(casebook_with(tmp_path / "practice.db", *CASES))
    assert opened is not None
    yield opened
    opened.close()


@pytest.mark.parametrize("small_pool", [training.SMALL_POOL, 8])  # sampled whole / drawn
def test_the_same_seed_repeats_a_session_exactly(
    casebook: store.Casebook, small_pool: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With SMALL_POOL 8, the 20 decided cases are more than max(8, 4 × 2): drawn by key.
    monkeypatch.setattr(training, "SMALL_POOL", small_pool)
    first = [c.id for c in training.practice_cases(casebook, 2, seed=7)]
    again = [c.id for c in training.practice_cases(casebook, 2, seed=7)]
    other = [c.id for seed in range(8, 14) for c in training.practice_cases(casebook, 2, seed)]
    assert first == again
    assert len(set(first)) == 2 and set(first) <= DECIDED  # never an open case
    assert any(case_id not in first for case_id in other)  # another seed, other cases


def test_a_small_pool_is_given_whole(casebook: store.Casebook) -> None:
    chosen = training.practice_cases(casebook, 50, seed=1)
    assert {c.id for c in chosen} == DECIDED  # all 20, each once
    assert len(chosen) == 20


def test_tag_and_rule_narrow_the_pool(casebook: store.Casebook) -> None:
    tagged = training.practice_cases(casebook, 50, seed=1, tag="ZORG")
    assert {c.id for c in tagged} == TAGGED  # 10 decided cases, n = 0, 4, ..., 36
    # The same rule by rule_key: "één" matches "ÉÉN" (SQLite's lower() folds only ASCII).
    ruled = training.practice_cases(casebook, 50, seed=1, rule="één gehoorapparaat")
    assert {c.id for c in ruled} == TAGGED
    assert training.practice_cases(casebook, 5, seed=1, rule="no such rule") == []
