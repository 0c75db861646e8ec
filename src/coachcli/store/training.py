"""Practice sessions in the casebook's `training` table (SPEC §15)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from coachcli.domain.training import Attempt, Session
from coachcli.store.casebook import Casebook, translate_errors
from coachcli.store.cases import IN_BATCH

if TYPE_CHECKING:
    import random
    import sqlite3

    from coachcli.domain.case import Case


def start_session(casebook: Casebook, session: Session) -> None:
    with casebook.write() as db:
        db.execute(
            "INSERT INTO training (id, trainee, started_at, seed, source, source_sha256, cases) "
            "VALUES (?, ?, ?, ?, ?, ?, '[]')",
            [
                session.id,
                session.trainee,
                session.started_at,
                session.seed,
                session.source,
                session.source_sha256,
            ],
        )


def add_attempt(casebook: Casebook, session_id: str, attempt: Attempt) -> None:
    """Append one answered case at once, so a session stopped halfway keeps it."""
    with casebook.write() as db:
        db.execute(
            "UPDATE training SET cases = json_insert(cases, '$[#]', json(?)) WHERE id = ?",
            [json.dumps(attempt.to_json()), session_id],
        )


def sessions(casebook: Casebook, trainee: str | None) -> list[Session]:
    """Sessions oldest first, for one trainee or everyone."""
    sql = "SELECT id, trainee, started_at, seed, source, source_sha256, cases FROM training"
    params: list[str] = []
    if trainee:
        sql += " WHERE trainee = ? COLLATE NOCASE"
        params.append(trainee)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql + " ORDER BY started_at", params).fetchall()
    return [
        Session(
            id=row[0],
            trainee=row[1],
            started_at=row[2],
            seed=row[3],
            source=row[4],
            source_sha256=row[5],
            attempts=[Attempt.from_json(a) for a in json.loads(row[6])],
        )
        for row in rows
    ]


# Below this many cases to choose from, the whole pool is read (a few thousand integers)
# and sampled; above it, cases are drawn by key, so that a million cases are never read.
SMALL_POOL = 2000


def practice_cases(
    casebook: Casebook, count: int, seed: int, tag: str | None = None, rule: str | None = None
) -> list[Case]:
    """`count` decided cases (domain.training.select's choice, made in SQL), chosen and
    ordered by `seed`: the same seed and the same casebook give the same session.

    The pool is every decided or closed case with a decision, with the tag, whose rule
    (by `rule_key`) contains `rule`. A small pool is sampled whole; a large one by
    drawing random keys between the lowest and highest and taking the first case in the
    pool at or after each, so the first question is on screen in milliseconds however
    large the casebook. A case just after a run of deleted or unsuitable ones is a little
    more likely to come up, which a practice session does not notice.
    """
    import random

    from coachcli.domain.case import rule_key
    from coachcli.store.exports import cases_by_id

    # `+status`: walk the cases by key, not through the status index, which would sort
    # three quarters of a million cases by key before the first one could be taken.
    clauses = ["+status IN ('decided', 'closed')", "decision IS NOT NULL"]
    params: list[Any] = []
    if tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM tags WHERE tags.case_id = cases.id "
            "AND tags.tag = ? COLLATE NOCASE)"
        )
        params.append(tag)
    if rule:
        # `instr` on the key: SQLite's own lower() folds only ASCII (§7).
        casebook.db.conn.create_function("rule_key", 1, rule_key, deterministic=True)
        clauses.append("instr(rule_key(rule), ?) > 0")
        params.append(rule_key(rule))
    pool = " AND ".join(clauses)
    rng = random.Random(seed)
    with translate_errors(casebook.path):
        db = casebook.db.conn
        limit = max(SMALL_POOL, 4 * count)
        small = db.execute(
            f"SELECT pk, id FROM cases WHERE {pool} ORDER BY pk LIMIT ?", [*params, limit]
        ).fetchall()
        if len(small) < limit:
            chosen = [row[1] for row in rng.sample(small, min(count, len(small)))]
        else:
            chosen = _drawn(db, pool, params, count, rng)
        found: dict[str, Case] = {}
        for start in range(0, len(chosen), IN_BATCH):
            found.update(cases_by_id(casebook, chosen[start : start + IN_BATCH]))
    return [found[case_id] for case_id in chosen]


def _drawn(
    db: sqlite3.Connection, pool: str, params: list[Any], count: int, rng: random.Random
) -> list[str]:
    """Ids of `count` different cases of a large pool, drawn by key in `rng`'s order."""
    # Two queries: together in one, SQLite reads every key instead of the two ends.
    low = db.execute("SELECT min(pk) FROM cases").fetchone()[0]
    high = db.execute("SELECT max(pk) FROM cases").fetchone()[0]
    first = f"SELECT id FROM cases WHERE {pool} AND pk >= ? ORDER BY pk LIMIT 1"
    chosen: list[str] = []
    for _ in range(20 * count):  # the pool holds 4 × count at least: collisions are rare
        row = db.execute(first, [*params, rng.randint(low, high)]).fetchone()
        if row is None:  # past the last case of the pool: start again from the lowest
            row = db.execute(first, [*params, low]).fetchone()
        if row[0] not in chosen:
            chosen.append(row[0])
            if len(chosen) == count:
                break
    return chosen
