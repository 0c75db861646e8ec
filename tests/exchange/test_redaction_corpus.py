"""Redaction on a corpus of our own (SPEC §10, issue 14), through every export format.

Each item of redaction_corpus.toml becomes one case, its text in one field (the items take
turns over the free-text fields; some name a tag, the team or a comment's author). The
default export is written in json, jsonl, csv, md and html, read back as a trainer would
open it, and every item is judged: nothing that had to go may be left (a leak), nothing
that had to stay may be lost (damage).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import uuid
from pathlib import Path
from typing import Any

from coachcli.domain.case import Case, Comment
from tests.conftest import Invoke
from tests.exchange.corpus import Item, Tally, load
from tests.helpers import ago, casebook_with, make_case

ITEMS = load()
# The free-text fields the items take turns over.
TURNS = ("situation", "rule", "alternative", "promise", "lessons", "note", "comment", "reason")
# Where each field shows in each format: md and html are handouts without tags, team and
# the rung's reason; csv counts comments without their text.
SHOWN = {
    "json": {*TURNS, "tag", "team", "author"},
    "jsonl": {*TURNS, "tag", "team", "author"},
    "csv": {*TURNS, "tag", "team"} - {"comment"},
    "md": {*TURNS, "author"} - {"reason"},
    "html": {*TURNS, "author"} - {"reason"},
}
NEUTRAL = "Klant wil een uitzondering op de regel"


def field_of(item: Item) -> str:
    return item.field or TURNS[item.number % len(TURNS)]


def case_of(item: Item) -> Case:
    """One closed case holding the item's text in its field, and nothing personal else."""
    where = field_of(item)
    text = item.text
    note = text if where == "note" else "Lang klant"
    comment = Comment(
        str(uuid.UUID(int=item.number + 1)),
        text if where == "author" else "Teamleider Zorg",
        ago(days=300 - item.number / 1000),
        text if where == "comment" else "Akkoord, zo doen",
    )
    return make_case(
        id=str(uuid.UUID(int=(1 << 64) + item.number)),
        created_at=ago(days=400 - item.number / 1000),  # the export's order is the corpus's
        updated_at=ago(days=200),
        status="closed",
        decision="set-aside",
        outcome="resolved",
        agent="Sanne de Vries",
        team=text if where == "team" else "Helpdesk Zorg",
        situation=text if where == "situation" else NEUTRAL,
        rule=text if where == "rule" else "Alleen een nieuwe pruik",
        alternative=text if where == "alternative" else "Wassen vergoeden",
        promise=text if where == "promise" else "We vergoeden het wassen",
        lessons=text if where == "lessons" else "Regel aanpassen",
        rung_reason=text if where == "reason" else None,
        notes={"loyalty": note, "cost": None, "human": None, "risk": None},
        tags=(text,) if where == "tag" else ("zorg",),
        comments=(comment,),
    )


def value_in(case: dict[str, Any], where: str) -> str:
    """The item's field in a case as json or jsonl holds it."""
    key = {"note": "notes", "comment": "comments", "author": "comments", "reason": "rung_reason",
           "tag": "tags"}.get(where, where)  # fmt: skip
    value = case[key]
    if where == "note":
        return str(value["loyalty"])
    if where in ("comment", "author"):
        return str(value[0]["text" if where == "comment" else "author"])
    if where == "tag":
        return str(value[0])
    return str(value)


def csv_value(row: dict[str, str], where: str) -> str:
    column = {"note": "note_loyalty", "reason": "rung_reason", "tag": "tags"}.get(where, where)
    value = row[column]
    return value[1:] if value.startswith("'") else value  # a formula-safe cell


def sections(document: str, fmt: str) -> list[str]:
    """Per case, the part of a handout that shows it, as a reader sees it (unescaped)."""
    if fmt == "md":
        parts = re.split(r"(?m)^## \d+\. ", document)[1:]
        return [re.sub(r"\\([\\`*_\[\]|<>#])", r"\1", part) for part in parts]
    parts = re.split(r"<h2>\d+\. ", document)[1:]
    return [html.unescape(re.sub(r"<[^>]+>", " ", part)) for part in parts]


def export_corpus(coach: Invoke, isolated: Path) -> dict[str, str]:
    db = casebook_with(isolated / "corpus.db", *(case_of(item) for item in ITEMS))
    written = {}
    for fmt in SHOWN:
        target = isolated / f"corpus.{fmt}"
        result = coach("--casebook", str(db), "casebook", "export", "--output", str(target))
        assert result.exit_code == 0, result.output
        written[fmt] = target.read_text(encoding="utf-8-sig")
    return written


def judge(written: dict[str, str]) -> Tally:
    tally = Tally()
    for fmt, document in written.items():
        found: list[Any]
        if fmt == "json":
            found = json.loads(document)["cases"]
        elif fmt == "jsonl":
            found = [json.loads(line) for line in document.splitlines()[1:]]
        elif fmt == "csv":
            found = list(csv.DictReader(io.StringIO(document)))
        else:
            found = sections(document, fmt)
        assert len(found) == len(ITEMS), fmt
        for item, shown in zip(ITEMS, found, strict=True):
            where = field_of(item)
            if where not in SHOWN[fmt]:
                continue
            if fmt in ("json", "jsonl"):
                redacted = value_in(shown, where)
            elif fmt == "csv":
                redacted = csv_value(shown, where)
            else:
                redacted = str(shown)
            tally.add(item, redacted, f"{fmt}: ", part=fmt in ("md", "html"))
    return tally


def test_the_corpus_is_large_realistic_and_covers_every_kind() -> None:
    kinds = {item.kind for item in ITEMS}
    assert len(ITEMS) >= 300
    assert sum(item.benign for item in ITEMS) >= 80
    assert {"email", "phone", "iban", "bsn", "postcode", "dob", "benign"} <= kinds
    assert {item.lang for item in ITEMS} == {"en", "nl"}
    assert {"tag", "team", "author"} <= {item.field for item in ITEMS}
    # The examples of issue 14, word for word.
    texts = " | ".join(item.text for item in ITEMS)
    for example in ("06.12.34.56.78", "010 - 123 45 67", "06-12345678-thuis", "+1 555 123 4567",
                    "j.jansen @ gmail.com", "jan[at]example[dot]nl", "BE32 7347 1723 6702 voor",
                    "7192.29.339",
                    "6811 kd", "5611 Ab", "12 mrt 1980", "March 3, 1980", "1980/03/12",
                    "d.o.b.", "AGB-code 01012345", "Sinds 2024 IT-problemen"):  # fmt: skip
        assert example in texts, example


def test_no_personal_datum_leaks_and_nothing_is_damaged_in_any_format(
    coach: Invoke, isolated: Path
) -> None:
    tally = judge(export_corpus(coach, isolated))
    assert tally.failures == [], "\n".join(tally.failures[:40])
    # Every item was judged in json, and the fields a handout shows in md and html.
    assert sum(tally.items.values()) > 4 * len(ITEMS)


def test_the_readme_counts_the_corpus_as_it_is() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    said = re.search(r"holds the (\d+) realistic items", readme)
    assert said is not None
    assert int(said[1]) == len(ITEMS)
    assert sum(not item.benign for item in ITEMS) >= 200 and sum(i.benign for i in ITEMS) >= 80
