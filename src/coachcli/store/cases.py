"""Reading and writing cases in the casebook: the mapping between Case and its rows.

Costs are stored as integer cents (`rule_cost_cents`, `alternative_cost_cents`, SPEC §3),
so SQL sums and differences are exact too; a Case holds them as Decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coachcli.domain.case import (
    QUESTIONS,
    Advice,
    Case,
    CaseFilter,
    Comment,
    iso,
    prefix_end,
    rule_key,
    rule_prefix,
)
from coachcli.domain.ladder import GOODWILL_RUNG
from coachcli.domain.money import from_cents, to_cents
from coachcli.domain.search import id_prefix
from coachcli.domain.vocab import Decision
from coachcli.errors import CoachError, NotFoundError
from coachcli.store import casebook as opening
from coachcli.store.casebook import Casebook, translate_errors

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_MATCHES_SHOWN = 10
COSTS = ("rule_cost", "alternative_cost")


def case_row(case: Case) -> dict[str, Any]:
    """The `cases` row of a case: answers, notes and advice flattened into columns, costs
    in cents, and the rule's `rule_key` beside it (derived, so not in the JSON)."""
    row = case.to_json()
    row["rule_key"] = rule_key(case.rule)
    for nested in ("answers", "notes", "advice", "tags", "comments", *COSTS):
        del row[nested]
    for name in COSTS:
        value = getattr(case, name)
        row[f"{name}_cents"] = None if value is None else to_cents(value)
    row["review_copy"] = case.review_copy  # the kind of copy, not just the JSON's bool
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


# Row writes inside the caller's transaction: the one place that spells out these SQL
# statements, for single cases, merges and bulk inserts alike.


def insert_rows(db: Database, cases: list[Case]) -> None:
    """Insert new cases with their tags and comments."""
    if not cases:
        return
    values = [case_row(case) for case in cases]
    names = ", ".join(values[0])
    marks = ", ".join(f":{name}" for name in values[0])
    db.conn.executemany(f"INSERT INTO cases ({names}) VALUES ({marks})", values)
    db.conn.executemany(
        "INSERT OR IGNORE INTO tags (case_id, tag) VALUES (?, ?)",
        [(case.id, tag) for case in cases for tag in case.tags],
    )
    db.conn.executemany(
        "INSERT INTO comments (id, case_id, author, created_at, text, review_copy) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (c.id, case.id, c.author, c.created_at, c.text, c.review_copy)
            for case in cases
            for c in case.comments
        ],
    )


def update_rows(db: Database, case: Case) -> None:
    """Replace a stored case's fields and tags; its comments are left as they are."""
    row = case_row(case)
    assignments = ", ".join(f"{column} = :{column}" for column in row if column != "id")
    db.execute(f"UPDATE cases SET {assignments} WHERE id = :id", row)
    db.execute("DELETE FROM tags WHERE case_id = ?", [case.id])
    db.conn.executemany(
        "INSERT INTO tags (case_id, tag) VALUES (?, ?)", [(case.id, t) for t in case.tags]
    )


def insert_comment(db: Database, case_id: str, comment: Comment) -> None:
    db.execute(
        "INSERT INTO comments (id, case_id, author, created_at, text, review_copy) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            comment.id,
            case_id,
            comment.author,
            comment.created_at,
            comment.text,
            comment.review_copy,
        ],
    )


def insert_case(
    casebook: Casebook,
    case: Case,
    draft_id: str | None = None,
) -> None:
    """Add a new case with its tags and comments, in one write transaction; the draft it
    was made from, if any, goes in the same transaction, so a case is never saved twice.

    It waits up to 30 s for the write lock (SPEC §8): a customer's case is not lost to an
    import holding the lock for a few seconds."""
    with casebook.write(wait=opening.SAVE_TIMEOUT_S) as db:
        insert_rows(db, [case])
        if draft_id is not None:
            db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])


def save_case(casebook: Casebook, case: Case) -> None:
    """Replace a stored case's fields and tags; comments are added with `add_comment`."""
    with casebook.write() as db:
        update_rows(db, case)


def add_comment(casebook: Casebook, case: Case, comment: Comment) -> None:
    """Add a comment and mark the case as changed, in one transaction."""
    with casebook.write() as db:
        insert_comment(db, case.id, comment)
        db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", [comment.created_at, case.id])


def delete_case(casebook: Casebook, case_id: str, when: str) -> bool:
    """A hard delete for a privacy request (§8): the case, its comments and tags, out of
    the index's segments too, and a tombstone so that an import cannot bring it back.

    Returns whether the write-ahead log was truncated as well; when a reader kept it, the
    casebook stays marked until a later write manages it (`Casebook.scrub`).
    """
    with casebook.write() as db:
        db.execute("DELETE FROM cases WHERE id = ?", [case_id])  # triggers clear the index
        db.execute(
            "INSERT OR REPLACE INTO deleted (id, deleted_at, reason) VALUES (?, ?, 'privacy')",
            [case_id, when],
        )
        forget(casebook, db)
    return casebook.scrub()


def forget(casebook: Casebook, db: Database) -> None:
    """The end of every deleting transaction: no deleted word is left in the index.

    FTS5 records a delete as a marker beside the old entries, which stay in their segment
    until segments are merged; SQLite 3.40 has no FTS5 secure-delete, so the index is
    merged into one segment (`optimize`), and `secure_delete` zeroes the old segments.
    """
    db.execute("INSERT INTO cases_fts (cases_fts) VALUES ('optimize')")
    casebook.owe_scrub()


def find_case(casebook: Casebook, typed: str) -> Case:
    """The case whose id starts with `typed` (4+ hex characters), as git finds commits."""
    prefix = id_prefix(typed)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            f"SELECT {read_columns()} FROM cases WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            [prefix, prefix + "~", MAX_MATCHES_SHOWN + 1],
        ).fetchall()
        if not rows:
            raise NotFoundError("error.case_not_found", id=typed)
        if len(rows) > 1:
            # Short id, date and agent: never the situation, which is a customer's (§13).
            details = [f"{r[ID][:8]}  {r[CREATED_AT][:10]}  {r[AGENT]}" for r in rows]
            raise CoachError("error.case_ambiguous", id=typed, count=len(rows), details=details)
        return next(_with_children(casebook, rows))


def search_cases(casebook: Casebook, match: str, limit: int | None) -> list[Case]:
    """Cases matching an FTS5 expression (built by domain.search), most recently added first.

    Rowid order lets FTS5 stop after `limit` matches; ranking every match by bm25 took half
    a second for a common word in a casebook of a million cases.
    """
    sql = (
        f"SELECT {read_columns()} FROM cases_fts JOIN cases ON cases.pk = cases_fts.rowid "
        "WHERE cases_fts MATCH ? ORDER BY cases_fts.rowid DESC"
    )
    params: list[Any] = [match]
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql, params).fetchall()
        return list(_with_children(casebook, rows))


SIMILAR_WINDOW = 5000


def similar_cases(casebook: Casebook, match: str | None, limit: int = 3) -> list[Case]:
    """Decided or closed cases most like the one at hand: precedent for the agent (§7).

    Ranked by bm25 among the SIMILAR_WINDOW most recent matches, so that the agent on a
    call never waits for a million cases to be scored.
    """
    if match is None:
        return []
    sql = (
        f"SELECT {read_columns()} FROM cases_fts JOIN cases ON cases.pk = cases_fts.rowid "
        "WHERE cases_fts MATCH :match AND cases.status IN ('decided', 'closed') "
        "AND cases_fts.rowid >= (SELECT coalesce(min(rowid), 0) FROM ("
        "  SELECT rowid FROM cases_fts WHERE cases_fts MATCH :match "
        "  ORDER BY rowid DESC LIMIT :window)) "
        "ORDER BY bm25(cases_fts) LIMIT :limit"
    )
    params = {"match": match, "window": SIMILAR_WINDOW, "limit": limit}
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql, params).fetchall()
        return list(_with_children(casebook, rows))


# The rule autocomplete counts the rules of this many most recently added cases: what the
# team decides about now, and quick however large the casebook. Measured on 1,000,000
# cases: counting them all took 0.9 s (by rule) and 2.6 s (by rule_key and spelling);
# this, 28 ms, within the 50 ms the rule prompt may add (SPEC §14).
RULES_WINDOW = 20_000


def known_rules(casebook: Casebook, limit: int = 200, window: int = RULES_WINDOW) -> list[str]:
    """The rules in the casebook's `window` most recent cases, for autocomplete, most
    frequent first: one per rule_key ("the same rule", §7), in its most frequent spelling
    (of equally frequent ones, the first in binary order, so it does not change from run
    to run)."""
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            """
            WITH recent AS (
                SELECT rule_key, rule FROM cases ORDER BY pk DESC LIMIT :window
            ), spellings AS (
                SELECT rule_key, rule, count(*) AS n FROM recent GROUP BY rule_key, rule
            ), ranked AS (
                SELECT rule, sum(n) OVER same AS total,
                    row_number() OVER (same ORDER BY n DESC, rule) AS place
                FROM spellings WINDOW same AS (PARTITION BY rule_key)
            )
            SELECT rule FROM ranked WHERE place = 1 ORDER BY total DESC, rule LIMIT :limit
            """,
            {"window": window, "limit": limit},
        ).fetchall()
    return [row[0] for row in rows]


def goodwill_cases(
    casebook: Casebook, agent: str, start: str, end: str
) -> list[tuple[str, Decimal]]:
    """(id, extra cost) of the agent's goodwill steps decided in [start, end) (§9):
    `domain.ladder.goodwill_of` in SQL (set aside on rung 2 as inferred, with an extra
    cost), so the amounts listed add up to what was spent. In whole cents, exact."""
    extra = "coalesce(alternative_cost_cents, 0) - coalesce(rule_cost_cents, 0)"
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            f"SELECT id, {extra} FROM cases "
            "WHERE agent = ? COLLATE NOCASE AND decision = ? "
            "AND coalesce(rung_inferred, rung) = ? "
            f"AND decided_at >= ? AND decided_at < ? AND {extra} > 0 ORDER BY decided_at",
            [agent, Decision.SET_ASIDE, GOODWILL_RUNG, start, end],
        ).fetchall()
    return [(row[0], from_cents(row[1])) for row in rows]


def agent_signals(casebook: Casebook, now: str) -> dict[str, tuple[int, ...]]:
    """Per agent: cases, set aside, escalated, open, overdue, rungs lowered below the
    inference and steps set aside against the advice (the team view's signals, §9)."""
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            "SELECT agent, count(*), sum(decision = 'set-aside'), sum(decision = 'escalated'), "
            "sum(status = 'open'), "
            "sum(status = 'open' AND deadline IS NOT NULL AND deadline < ?), "
            "sum(rung < rung_inferred), sum(against_advice) "
            "FROM cases GROUP BY agent",
            [now],
        ).fetchall()
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in rows}


# Cases removed per purge transaction: the write lock is held about a second per batch
# (§14), so a `case new` meanwhile waits at most that long; each batch merges the index.
PURGE_BATCH = 10_000


def purge(casebook: Casebook, before: str, when: str) -> tuple[int, int, bool]:
    """Remove closed cases and drafts last changed before `before` (retention, §7), in
    batches, each leaving `retention` tombstones and no deleted word in the index.

    Returns the cases and drafts removed, and whether the write-ahead log was truncated.
    """
    cases = 0
    while True:
        with casebook.write() as db:
            ids = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM cases WHERE status = 'closed' AND updated_at < ? LIMIT ?",
                    [before, PURGE_BATCH],
                ).fetchall()
            ]
            for start in range(0, len(ids), IN_BATCH):
                chunk = ids[start : start + IN_BATCH]
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM cases WHERE id IN ({marks})", chunk)
            db.conn.executemany(
                "INSERT OR REPLACE INTO deleted (id, deleted_at, reason) "
                "VALUES (?, ?, 'retention')",
                [(case_id, when) for case_id in ids],
            )
            drafts = 0
            if len(ids) < PURGE_BATCH:  # the last batch
                drafts = db.execute("DELETE FROM drafts WHERE updated_at < ?", [before]).rowcount
            if ids or drafts:
                forget(casebook, db)
        cases += len(ids)
        if len(ids) < PURGE_BATCH:
            break
    scrubbed = casebook.scrub() if cases or drafts else not casebook.scrub_owed()
    return cases, drafts, scrubbed


def quarantined(casebook: Casebook) -> list[str]:
    """The ids of the cases that an upgrade set values of aside (SPEC §8), in order; empty
    before schema version 5, which made the `quarantine` table."""
    with translate_errors(casebook.path):
        exists = casebook.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'quarantine'"
        ).fetchone()
        if not exists:
            return []
        rows = casebook.db.execute("SELECT row_id FROM quarantine ORDER BY id").fetchall()
    return [row[0] for row in rows]


def has_cases(casebook: Casebook) -> bool:
    """Whether the casebook holds any case at all: one row read, however large it is."""
    with translate_errors(casebook.path):
        return bool(casebook.db.execute("SELECT EXISTS (SELECT 1 FROM cases)").fetchone()[0])


def count_cases(casebook: Casebook) -> int:
    with translate_errors(casebook.path):
        return int(casebook.db.execute("SELECT count(*) FROM cases").fetchone()[0])


def list_cases(casebook: Casebook, wanted: CaseFilter, now: datetime) -> list[Case]:
    """Cases matching `wanted`, newest first."""
    if wanted.limit and wanted.rule and _is_prefix(wanted.rule):
        keys = _keys_starting(casebook, rule_prefix(wanted.rule))
        if keys is not None:
            return _newest_per_rule(casebook, wanted, keys, now)
    where, params = _where(wanted, now)
    sql = f"SELECT {read_columns()} FROM cases {where} ORDER BY created_at DESC, pk DESC"
    if wanted.limit:
        sql += " LIMIT ?"
        params.append(wanted.limit)
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql, params).fetchall()
        return list(_with_children(casebook, rows))


# `case list --rule "Brillen*" --limit N`: at most this many rules are each asked for
# their N newest cases, which the index gives in order; more, and the matches are sorted.
PER_RULE_MAX = 100


def _is_prefix(typed: str) -> bool:
    return typed.rstrip().endswith("*")


def _keys_starting(casebook: Casebook, start: str) -> list[str] | None:
    """The rule_keys that start with `start`, one index seek each (a loose index scan);
    None when there are more than PER_RULE_MAX."""
    end = prefix_end(start)
    below = "AND rule_key < :end" if end is not None else ""
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            f"""
            WITH RECURSIVE keys(key) AS (
                SELECT (SELECT min(rule_key) FROM cases WHERE rule_key >= :start {below})
                UNION ALL
                SELECT (SELECT min(rule_key) FROM cases WHERE rule_key > keys.key {below})
                FROM keys WHERE keys.key IS NOT NULL LIMIT :most
            )
            SELECT key FROM keys WHERE key IS NOT NULL
            """,
            {"start": start, "end": end, "most": PER_RULE_MAX + 2},
        ).fetchall()
    return None if len(rows) > PER_RULE_MAX else [row[0] for row in rows]


def _newest_per_rule(
    casebook: Casebook, wanted: CaseFilter, keys: list[str], now: datetime
) -> list[Case]:
    """The newest `wanted.limit` cases of these rules: each rule's newest from the
    (rule_key, created_at) index, then the newest of those. Sorting every match of a rule
    that 125,000 cases share took half a second on 1,000,000 cases."""
    if not keys:
        return []
    where, shared = _where(replace(wanted, rule=None), now)
    where += " AND " if where else "WHERE "
    parts, params = [], []
    for key in keys:
        parts.append(
            f"SELECT pk FROM (SELECT pk FROM cases {where}rule_key = ? "
            "ORDER BY created_at DESC, pk DESC LIMIT ?)"
        )
        params += [*shared, key, wanted.limit]
    sql = (
        f"SELECT {read_columns()} FROM cases WHERE pk IN ({' UNION ALL '.join(parts)}) "
        "ORDER BY created_at DESC, pk DESC LIMIT ?"
    )
    with translate_errors(casebook.path):
        rows = casebook.db.execute(sql, [*params, wanted.limit]).fetchall()
        return list(_with_children(casebook, rows))


def iter_cases(
    casebook: Casebook, wanted: CaseFilter, now: datetime, batch: int = 500
) -> Iterator[Case]:
    """Every matching case, oldest first, a batch at a time, so memory stays flat."""
    where, params = _where(wanted, now)
    with translate_errors(casebook.path):
        cursor = casebook.db.execute(
            f"SELECT {read_columns()} FROM cases {where} ORDER BY created_at, pk", params
        )
        while rows := cursor.fetchmany(batch):
            yield from _with_children(casebook, rows)


def count_matching(casebook: Casebook, wanted: CaseFilter, now: datetime) -> int:
    where, params = _where(wanted, now)
    with translate_errors(casebook.path):
        return int(casebook.db.execute(f"SELECT count(*) FROM cases {where}", params).fetchone()[0])


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
        clauses.append(_rule_clause(wanted.rule, params))
    if wanted.since:
        clauses.append("created_at >= ?")
        params.append(wanted.created_from())
    if wanted.until:
        clauses.append("created_at < ?")
        params.append(wanted.created_before())
    if wanted.tag:
        clauses.append("id IN (SELECT case_id FROM tags WHERE tag = ? COLLATE NOCASE)")
        params.append(wanted.tag)
    if wanted.overdue:
        clauses.append("status = 'open' AND deadline IS NOT NULL AND deadline < ?")
        params.append(iso(now))
    if wanted.follow_up_before:
        clauses.append(f"{DUE} AND decided_at < ?")
        params.append(wanted.follow_up_before)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


# A follow-up is due for a case decided (set aside or followed) that nobody followed up
# yet: these words are those of the `cases_followup_due` index (m009), so SQLite uses it.
DUE = "retained IS NULL AND decision IN ('set-aside', 'followed-rule')"


def _rule_clause(typed: str, params: list[Any]) -> str:
    """`--rule TEXT`: the same rule (rule_key equal); with a trailing `*`, every rule that
    starts so, as a range on the rule_key index (SPEC §7)."""
    if not typed.rstrip().endswith("*"):
        params.append(rule_key(typed))
        return "rule_key = ?"
    start = rule_prefix(typed)
    if not start:
        return "1"  # `*` alone: every rule
    end = prefix_end(start)
    params.append(start)
    if end is None:
        return "rule_key >= ?"
    params.append(end)
    return "rule_key >= ? AND rule_key < ?"


# Ids per `IN (...)` list: below the 999 variables that SQLite builds before 3.32 allow, so
# that `case list --limit 0` works on a casebook of any size with any build.
IN_BATCH = 500


def _with_children(casebook: Casebook, rows: Sequence[Sequence[Any]]) -> Iterator[Case]:
    """Attach tags and comments with one query each per IN_BATCH cases, not one per case."""
    tags: dict[str, list[str]] = {}
    comments: dict[str, list[Comment]] = {}
    for start in range(0, len(rows), IN_BATCH):
        ids = [row[ID] for row in rows[start : start + IN_BATCH]]
        marks = ",".join("?" * len(ids))
        # Plain tuples, not sqlite-utils' dicts: an export reads every row of both tables.
        for case_id, tag in casebook.db.execute(
            f"SELECT case_id, tag FROM tags WHERE case_id IN ({marks}) ORDER BY tag", ids
        ):
            tags.setdefault(case_id, []).append(tag)
        for case_id, *comment in casebook.db.execute(
            "SELECT case_id, id, author, created_at, text, review_copy FROM comments "
            f"WHERE case_id IN ({marks}) ORDER BY created_at, id",
            ids,
        ):
            comments.setdefault(case_id, []).append(Comment(*comment))
    for row in rows:
        yield case_from_row(row, tags.get(row[ID], ()), comments.get(row[ID], ()))


# The columns a Case is read from, in the order `case_from_row` unpacks them. Named, not
# `SELECT *`: reading a row as a plain tuple costs half of building a dict from it, which an
# export of 100,000 cases notices (0.6 s).
CASE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "decided_at",
    "closed_at",
    "agent",
    "team",
    "colour",
    "situation",
    "rule",
    "alternative",
    "customer",
    "rule_cost_cents",
    "alternative_cost_cents",
    "currency",
    "other_department",
    "precedent",
    *(f"answer_{q}" for q in QUESTIONS),
    *(f"note_{q}" for q in QUESTIONS),
    "verdict",
    "rung",
    "rung_inferred",
    "rung_reason",
    "advice_code",
    "advice_within_comfort",
    "advice_within_mandate",
    "advice_text",
    "advice_watch_out",
    "against_advice",
    "status",
    "decision",
    "promise",
    "deadline",
    "outcome",
    "lessons",
    "rule_changed",
    "retained",
    "followed_up_at",
    "review_copy",
)
ID, CREATED_AT, AGENT = 0, 1, 5  # positions in CASE_COLUMNS that callers read


def read_columns(table: str = "cases") -> str:
    return ", ".join(f"{table}.{column}" for column in CASE_COLUMNS)


def case_from_row(
    row: Sequence[Any], tags: Iterable[str] = (), comments: Iterable[Comment] = ()
) -> Case:
    """The Case of a row read as `SELECT {read_columns()}`."""
    (
        case_id, created_at, updated_at, decided_at, closed_at, agent, team, colour,
        situation, rule, alternative, customer, rule_cents, alternative_cents, currency,
        other_department, precedent, *answers_notes,
    ) = row[:17 + 2 * len(QUESTIONS)]  # fmt: skip
    (
        verdict, rung, rung_inferred, rung_reason, advice_code, within_comfort,
        within_mandate, advice_text, watch_out, against_advice, status, decision, promise,
        deadline, outcome, lessons, rule_changed, retained, followed_up_at, review_copy,
    ) = row[17 + 2 * len(QUESTIONS):]  # fmt: skip
    advice = None
    if advice_code is not None:
        advice = Advice(
            code=advice_code,
            within_comfort=bool(within_comfort),
            within_mandate=bool(within_mandate),
            text=advice_text or "",
            watch_out=watch_out or "",
        )
    count = len(QUESTIONS)
    return Case.trusted(
        id=case_id,
        created_at=created_at,
        updated_at=updated_at,
        decided_at=decided_at,
        closed_at=closed_at,
        agent=agent,
        team=team,
        colour=colour,
        situation=situation,
        rule=rule,
        alternative=alternative,
        customer=customer,
        rule_cost=_amount(rule_cents),
        alternative_cost=_amount(alternative_cents),
        currency=currency,
        other_department=bool(other_department),
        precedent=bool(precedent),
        answers=dict(zip(QUESTIONS, answers_notes[:count], strict=True)),
        notes=dict(zip(QUESTIONS, answers_notes[count:], strict=True)),
        verdict=verdict,
        rung=rung,
        rung_inferred=rung_inferred,
        rung_reason=rung_reason,
        advice=advice,
        against_advice=bool(against_advice),
        status=status,
        decision=decision,
        promise=promise,
        deadline=deadline,
        outcome=outcome,
        lessons=lessons,
        rule_changed=bool(rule_changed),
        retained=retained,
        followed_up_at=followed_up_at,
        review_copy=review_copy,
        tags=tuple(tags),
        comments=tuple(comments),
    )


def _amount(cents: int | None) -> Decimal | None:
    return None if cents is None else from_cents(cents)
