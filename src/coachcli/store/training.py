"""Practice sessions in the casebook's `training` table (SPEC §15)."""

from __future__ import annotations

import json

from coachcli.domain.training import Attempt, Session
from coachcli.store.casebook import Casebook, translate_errors


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
