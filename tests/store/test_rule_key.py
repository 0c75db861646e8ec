"""m009 fills rule_key in SQL where it can: that shortcut must agree with the domain's
rule_key (SPEC §7) for every text it takes."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import given
from hypothesis import strategies as st

from coachcli.domain.case import rule_key
from coachcli.store.migrations import PLAIN_RULE

# Letters of both cases, the white space agents type, and a few letters that fold oddly.
TEXTS = st.text(alphabet=st.sampled_from("aBz Z09:-*~\t\n\u00a0ßİǰ\uff22é"), max_size=12)


@given(TEXTS)
def test_the_sql_shortcut_agrees_with_rule_key(rule: str) -> None:
    with closing(sqlite3.connect(":memory:")) as conn:
        plain, lowered = conn.execute(
            f"SELECT {PLAIN_RULE}, lower(rule) FROM (SELECT ? AS rule)", [rule]
        ).fetchone()
    if plain:
        assert lowered == rule_key(rule)


def test_the_shortcut_takes_plain_rules_and_leaves_the_rest_to_python() -> None:
    with closing(sqlite3.connect(":memory:")) as conn:

        def plain(rule: object) -> int:
            row = conn.execute(f"SELECT {PLAIN_RULE} FROM (SELECT ? AS rule)", [rule])
            return int(row.fetchone()[0])

        assert plain("Glasses only via a contracted optician: 100% *") == 1
        assert [plain(r) for r in (" lead", "trail ", "two  spaces", "tab\there", "é", 12)] == [
            0, 0, 0, 0, 0, 0,
        ]  # fmt: skip
