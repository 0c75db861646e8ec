"""Reading and writing cases in the casebook: the mapping between Case and its rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from coachcli.domain.case import QUESTIONS, Advice, Case, CaseFilter, Comment, iso
from coachcli.store.casebook import Casebook, translate_errors


def case_row(case: Case) -> dict[str, Any]:
    """The `cases` row of a case: answers, notes and advice flattened into columns."""
    row = case.to_json()
    for nested in ("answers", "notes", "advice", "tags", "comments"):
        del row[nested]
    for question in QUESTIONS:
        row[f"answer_{question}"] = case.answers.get(question)
        row[f"note_{question}"] = case.notes.get(question)
    advice = (
        case.advice.to_json()
        if case.advice
        else dict.fromkeys(("code", "within_comfort", "within_mandate", "text", "watch_out"))
    )
    for key, value in advice.items():
        row[f"advice_{key}"] = value
    return row


def insert_case(casebook: Casebook, case: Case) -> None:
    """Add a new case with its tags and comments, in one write transaction."""
    with casebook.write() as db:
        db.table("cases").insert(case_row(case))
        db.table("tags").insert_all({"case_id": case.id, "tag": tag} for tag in case.tags)
        db.table("comments").insert_all(
            comment.to_json() | {"case_id": case.id} for comment in case.comments
        )


def count_cases(casebook: Casebook) -> int:
    with translate_errors(casebook.path):
        return int(casebook.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def list_cases(casebook: Casebook, wanted: CaseFilter, now: datetime) -> list[Case]:
    """Cases matching `wanted`, newest first."""
    where, params = _where(wanted, now)
    sql = f"SELECT * FROM cases {where} ORDER BY created_at DESC, pk DESC"
    if wanted.limit:
        sql += " LIMIT ?"
        params.append(wanted.limit)
    with translate_errors(casebook.path):
        rows = [dict(row) for row in casebook.db.query(sql, params)]
        return list(_with_children(casebook, rows))


def _where(wanted: CaseFilter, now: datetime) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column in ("status", "verdict"):
        value = getattr(wanted, column)
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    for column in ("agent", "team"):
        value = getattr(wanted, column)
        if value:
            clauses.append(f"{column} = ? COLLATE NOCASE")
            params.append(value)
    if wanted.rule:
        clauses.append("rule LIKE ? ESCAPE '\\'")
        params.append(f"%{_escape_like(wanted.rule.strip())}%")
    if wanted.since:
        clauses.append("created_at >= ?")
        params.append(wanted.created_from())
    if wanted.until:
        clauses.append("created_at < ?")
        params.append(wanted.created_before())
    if wanted.overdue:
        clauses.append("status = 'open' AND deadline IS NOT NULL AND deadline < ?")
        params.append(iso(now))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _with_children(casebook: Casebook, rows: list[dict[str, Any]]) -> Iterator[Case]:
    """Attach tags and comments with one query each, not one per case."""
    ids = [row["id"] for row in rows]
    marks = ",".join("?" * len(ids))
    tags: dict[str, list[str]] = {}
    comments: dict[str, list[Comment]] = {}
    if ids:
        for tag_row in casebook.db.query(
            f"SELECT case_id, tag FROM tags WHERE case_id IN ({marks}) ORDER BY tag", ids
        ):
            tags.setdefault(tag_row["case_id"], []).append(tag_row["tag"])
        for c in casebook.db.query(
            f"SELECT * FROM comments WHERE case_id IN ({marks}) ORDER BY created_at, id", ids
        ):
            comments.setdefault(c["case_id"], []).append(
                Comment(c["id"], c["author"], c["created_at"], c["text"])
            )
    for row in rows:
        yield case_from_row(row, tags.get(row["id"], ()), comments.get(row["id"], ()))


def case_from_row(
    row: Mapping[str, Any], tags: Iterable[str] = (), comments: Iterable[Comment] = ()
) -> Case:
    advice = None
    if row["advice_code"] is not None:
        advice = Advice(
            code=row["advice_code"],
            within_comfort=bool(row["advice_within_comfort"]),
            within_mandate=bool(row["advice_within_mandate"]),
            text=row["advice_text"] or "",
            watch_out=row["advice_watch_out"] or "",
        )
    return Case(
        id=row["id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        decided_at=row["decided_at"],
        closed_at=row["closed_at"],
        agent=row["agent"],
        team=row["team"],
        colour=row["colour"],
        situation=row["situation"],
        rule=row["rule"],
        alternative=row["alternative"],
        customer=row["customer"],
        rule_cost=row["rule_cost"],
        alternative_cost=row["alternative_cost"],
        currency=row["currency"],
        other_department=bool(row["other_department"]),
        precedent=bool(row["precedent"]),
        answers={q: row[f"answer_{q}"] for q in QUESTIONS},
        notes={q: row[f"note_{q}"] for q in QUESTIONS},
        verdict=row["verdict"],
        rung=row["rung"],
        rung_inferred=row["rung_inferred"],
        advice=advice,
        status=row["status"],
        decision=row["decision"],
        promise=row["promise"],
        deadline=row["deadline"],
        outcome=row["outcome"],
        lessons=row["lessons"],
        rule_changed=bool(row["rule_changed"]),
        tags=tuple(tags),
        comments=tuple(comments),
    )
