"""m005_store_costs_in_cents (SPEC §3, §8): old REAL costs become whole cents exactly, what
is no amount is set aside in `quarantine`, and the rebuild of `cases` cascades into nothing.

The real old casebooks (v1..v4, written by earlier versions of coach) are upgraded in
test_old_casebooks.py; here a schema-4 casebook is made to hold what those could not.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlite_utils import Database

from coachcli import store
from coachcli.domain import money
from coachcli.domain.case import CaseFilter
from coachcli.store import migrations
from tests.conftest import Invoke
from tests.helpers import NOW, make_case
from tests.store.test_casebook import open_, row_for


def casebook_before_cents(path: Path, *costs: tuple[object, object]) -> list[str]:
    """A casebook as schema version 4 left it, with one case per (rule_cost,
    alternative_cost) pair stored as given, the way an older coach or a hand edit did."""
    old = Database(path)
    migrations.migration_set().apply(old, stop_before="m005_store_costs_in_cents")
    ids = []
    for rule_cost, alternative_cost in costs:
        case = make_case()
        row = row_for(old, case) | {"rule_cost": rule_cost, "alternative_cost": alternative_cost}
        old.table("cases").insert(row)
        old.execute(
            "INSERT INTO comments (id, case_id, author, created_at, text) VALUES (?, ?, ?, ?, ?)",
            [f"c-{case.id}", case.id, "Bram", case.created_at, "Called back."],
        )
        ids.append(case.id)
    old.close()
    return ids


def test_old_float_costs_become_cents_rounded_half_up_from_what_was_typed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    ids = casebook_before_cents(
        path,
        (0.1 + 0.2, 64.01),  # 0.30000000000000004: typed as 0.1 + 0.2 never, stored so anyway
        (2.675, 0.285),  # three decimals let in by an older coach: half up, 2.68 and 0.29
        (None, 14.01),
    )
    casebook = open_(path)
    stored = dict(
        (row[0], tuple(row[1:]))
        for row in casebook.db.execute(
            "SELECT id, rule_cost_cents, alternative_cost_cents FROM cases"
        ).fetchall()
    )
    assert [stored[i] for i in ids] == [(30, 6401), (268, 29), (None, 1401)]
    assert store.quarantined(casebook) == []
    casebook.close()


def test_an_old_cost_that_is_no_amount_is_set_aside_and_its_case_kept(
    coach: Invoke, tmp_path: Path
) -> None:
    """What an older coach let in (`--rule-cost 1e300`, an import of -5, a hand-edited
    'lots') cannot become cents: SPEC §8 sets it aside in `quarantine`, which doctor lists."""
    path = tmp_path / "old.db"
    huge, negative, text = casebook_before_cents(path, (1e300, 50.0), (20.0, -5.0), ("lots", 12.5))
    casebook = open_(path)
    rows = casebook.db.execute(
        "SELECT row_id, column_name, value, reason, migration FROM quarantine ORDER BY id"
    ).fetchall()
    assert sorted(rows) == sorted([
        (huge, "rule_cost", "1e+300", "too_large", "m005_store_costs_in_cents"),
        (negative, "alternative_cost", "-5.0", "negative", "m005_store_costs_in_cents"),
        (text, "rule_cost", "lots", "not_a_number", "m005_store_costs_in_cents"),
    ])  # fmt: skip
    kept = {c.id: c for c in store.list_cases(casebook, CaseFilter(limit=None), NOW)}
    assert (kept[huge].rule_cost, str(kept[huge].alternative_cost)) == (None, "50.00")
    assert (str(kept[negative].rule_cost), kept[negative].alternative_cost) == ("20.00", None)
    assert (kept[text].rule_cost, str(kept[text].alternative_cost)) == (None, "12.50")
    assert [len(kept[i].comments) for i in (huge, negative, text)] == [1, 1, 1]
    casebook.close()

    result = coach("--casebook", str(path), "doctor", "--json")
    assert result.exit_code == 1
    checks = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
    short = ", ".join(sorted(i[:8] for i in (huge, negative, text)))
    assert checks["quarantine"]["ok"] is False
    assert checks["quarantine"]["text"].startswith(
        "3 value(s) that an upgrade could not keep are set aside in the table quarantine "
        f"(cases {short}); the cases themselves were kept. "
        f"See them with `sqlite3 {path} 'SELECT * FROM quarantine'`;"
    )


def test_m005_refuses_to_rebuild_cases_while_foreign_keys_are_on(tmp_path: Path) -> None:
    """Inside a transaction `PRAGMA foreign_keys = OFF` does nothing, so dropping `cases`
    would cascade into comments and tags: the step refuses, and nothing changes."""
    path = tmp_path / "old.db"
    (case_id,) = casebook_before_cents(path, (10.0, 20.0))
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(RuntimeError, match="foreign keys"):
        migrations.migration_set().apply(db)
    assert db.execute("SELECT count(*) FROM comments WHERE case_id = ?", [case_id]).fetchone() == (
        1,
    )
    assert "rule_cost" in db["cases"].columns_dict
    db.close()


def converted(value: object) -> int | None:
    """m005's SQL for one old value, run by SQLite itself."""
    conn = sqlite3.connect(":memory:")
    conn.create_function("coach_cents", 1, migrations.cents_or_null, deterministic=True)
    conn.execute("CREATE TABLE cases (rule_cost REAL)")
    conn.execute("INSERT INTO cases VALUES (?)", [value])
    (cents,) = conn.execute(f"SELECT {migrations.cents_sql('rule_cost')} FROM cases").fetchone()
    conn.close()
    return cents  # type: ignore[no-any-return]


def python_rule(value: float) -> int | None:
    try:
        return money.to_cents(money.from_float_rounded(value))
    except money.AmountError:
        return None


@given(
    st.one_of(
        st.floats(min_value=-1e10, max_value=2e9, allow_nan=False),
        st.integers(min_value=0, max_value=100_000_000_000).map(lambda c: c / 100),
        st.integers(min_value=0, max_value=100_000_000_000_0).map(lambda m: m / 1000),
    )
)
@example(0.285)  # repr 0.285: half up to 0.29, though the float itself is 0.28499...
@example(2.675)
@example(0.1 + 0.2)
@example(1000000000.0)
@example(1000000000.004)
@example(999999999.995)
@example(float("inf"))
@example(-0.0)
@example(5e-324)
def test_the_sql_that_converts_old_costs_agrees_with_the_python_rule(value: float) -> None:
    """m005 converts mostly in SQL, for speed; it must give exactly what the rule of
    domain.money gives: cents rounded half up from the shortest repr, NULL for no amount."""
    assert converted(value) == python_rule(value)
