"""An export's cases, written by SQLite itself (SPEC §10, §14).

Building 100,000 Case objects, turning each into a dict and encoding it costs about three
seconds in Python; SQLite's `json_object` writes the same case object of SPEC §7, in the
same key order and with the same escapes, in about one. So an export asks SQLite for each
case's JSON, and only a case that must change on its way out (one a redactor suspects) is
read as a Case, redacted and encoded in Python. `Case.to_json` stays the definition of the
object: tests/store/test_exports.py checks that both give the same, case by case.

A review copy's JSON (`review=True`) is the one a redacted case with nothing to redact
gets: no customer reference, and marked as a review copy, with its comments.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from coachcli.domain.case import QUESTIONS, Case, CaseFilter
from coachcli.store.casebook import Casebook, translate_errors
from coachcli.store.cases import _where, _with_children, read_columns

# A case as SQLite writes it: its JSON, its id, and (for a review copy) its free texts for
# the redactor's quick look: agent, team, situation, rule, alternative, promise, the reason
# for a lower rung, lessons, the notes, the advice, the tags and the comments.
Stored = tuple[str, str, Sequence[str | None]]


def _flag(column: str) -> str:
    return f"json(iif({column}, 'true', 'false'))"


def _amount(column: str) -> str:
    """Whole amounts as integers, others with their cents, as `money.to_json` writes them."""
    return f"iif({column} % 100 = 0, {column} / 100, {column} / 100.0)"


def _questions(prefix: str) -> str:
    return "json_object(" + ", ".join(f"'{q}', {prefix}_{q}" for q in QUESTIONS) + ")"


def case_json(review: bool) -> str:
    """The SQL expression of a `cases` row's JSON: `Case.to_json`'s keys, in its order."""
    copy = "1" if review else "review_copy"
    return f"""json_object(
        'id', id, 'created_at', created_at, 'updated_at', updated_at,
        'decided_at', decided_at, 'closed_at', closed_at, 'agent', agent, 'team', team,
        'colour', colour, 'situation', situation, 'rule', rule, 'alternative', alternative,
        'customer', {"NULL" if review else "customer"},
        'rule_cost', {_amount("rule_cost_cents")},
        'alternative_cost', {_amount("alternative_cost_cents")},
        'currency', currency, 'other_department', {_flag("other_department")},
        'precedent', {_flag("precedent")}, 'answers', {_questions("answer")},
        'notes', {_questions("note")}, 'verdict', verdict, 'rung', rung,
        'rung_inferred', rung_inferred, 'rung_reason', rung_reason,
        'advice', iif(advice_code IS NULL, NULL, json_object(
            'code', advice_code, 'within_comfort', {_flag("advice_within_comfort")},
            'within_mandate', {_flag("advice_within_mandate")},
            'text', coalesce(advice_text, ''), 'watch_out', coalesce(advice_watch_out, ''))),
        'against_advice', {_flag("against_advice")}, 'status', status,
        'decision', decision, 'promise', promise, 'deadline', deadline, 'outcome', outcome,
        'lessons', lessons, 'rule_changed', {_flag("rule_changed")},
        'retained', retained, 'followed_up_at', followed_up_at,
        'review_copy', {_flag(copy)},
        'tags', json((SELECT json_group_array(tag) FROM
            (SELECT tag FROM tags WHERE case_id = cases.id ORDER BY tag))),
        'comments', json((SELECT json_group_array(json_object(
                'id', id, 'author', author, 'created_at', created_at, 'text', text,
                'review_copy', {_flag("1" if review else "review_copy")}))
            FROM (SELECT * FROM comments WHERE case_id = cases.id ORDER BY created_at, id))))"""


FREE_TEXTS = f"""agent, team, situation, rule, alternative, promise, rung_reason, lessons,
    {", ".join(f"note_{q}" for q in QUESTIONS)}, advice_text, advice_watch_out,
    (SELECT group_concat(tag, char(10)) FROM tags WHERE case_id = cases.id),
    (SELECT group_concat(author || char(10) || text, char(10)) FROM comments
        WHERE case_id = cases.id)"""


def writes_json(casebook: Casebook) -> bool:
    """Whether this SQLite has the JSON functions (built in since 3.38; nearly always)."""
    import sqlite3

    try:
        casebook.db.execute("SELECT json_object('a', json('true'))").fetchone()
    except sqlite3.OperationalError:  # no such function
        return False
    return True


def case_json_batches(
    casebook: Casebook, wanted: CaseFilter, now: datetime, *, review: bool, batch: int = 500
) -> Iterator[list[Stored]]:
    """Every matching case's JSON, oldest first, a batch at a time (memory stays flat)."""
    where, params = _where(wanted, now)
    texts = f", {FREE_TEXTS}" if review else ""
    sql = f"SELECT {case_json(review)}, id{texts} FROM cases {where} ORDER BY created_at, pk"
    with translate_errors(casebook.path):
        cursor = casebook.db.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            yield [(row[0], row[1], row[2:]) for row in rows]


def cases_by_id(casebook: Casebook, ids: Sequence[str]) -> dict[str, Case]:
    """The cases with these ids (at most IN_BATCH of them), with tags and comments."""
    marks = ",".join("?" * len(ids))
    with translate_errors(casebook.path):
        rows = casebook.db.execute(
            f"SELECT {read_columns()} FROM cases WHERE id IN ({marks})", list(ids)
        ).fetchall()
        return {case.id: case for case in _with_children(casebook, rows)}
