"""Remake the casebook files that earlier versions of coach wrote (SPEC §8), by hand.

    python tests/store/old_casebooks/make_old_casebooks.py /path/to/repository

For each schema version this checks out the commit that introduced it into a temporary git
worktree, runs *that commit's* code in a child process (PYTHONPATH points at the worktree)
to write `vN.db`, and then reads the file with plain `sqlite3` into `vN.json`: the data the
upgrade tests expect to survive. Today's coach is never imported, so a bug in it cannot
leak into the fixtures.

The content is fixed (ids, times, texts), so every run writes the same rows. The one
wall-clock value an old coach stamps itself, `_sqlite_migrations.applied_at` (written by
sqlite-utils), is set to a fixed time in plain SQL after the old code has closed the file.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
# Schema version -> the commit that introduced it. m001 and m002 came in one commit; the
# version 1 file is that commit's code with only its first migration applied.
COMMITS = {
    1: "506d2db463fa523d062ef0024d8a9110f2c89eb6",
    2: "506d2db463fa523d062ef0024d8a9110f2c89eb6",
    3: "120a8836fddf809c5f14c39585c8b94f3b35c263",
    4: "89482b0ec096f62d85ef3feaa91bd6c32041d56a",
}
APPLIED_AT = "2026-11-02 07:55:00.000000+00:00"
# Table -> the columns that order its rows in the manifest.
TABLES = {
    "_sqlite_migrations": "id",
    "cases": "id",
    "comments": "id",
    "tags": "case_id, tag",
    "drafts": "id",
    "deleted": "id",
    "training": "id",
}

WIG = "3f9a2c1b-6d4e-4a7b-9c21-5e8f0a1b2c3d"
TAXI = "7b21e0c4-92aa-4f3e-8d10-4c6b9e2f7a15"
GLASSES = "a4c8f2d9-1e37-4b6a-a5f0-9d2e8c7b6a41"
PHYSIO = "c19e5b70-3a2d-4f81-b6c4-0e7d9a8f5b32"
BRACES = "5e0d7a63-b8f1-4c29-9e4a-2b1c6d8f3e07"
HEARING = "d82b4f1e-6c9a-4e05-8b37-f1a0c5e9d264"
IJMUIDEN = "91f3c6a8-0d4b-4e72-a19c-7e5b2d8f4c60"
SUNSCREEN = "e6a05d29-7f3c-4b18-8c6e-3a9f1b0d7e54"  # deleted on a privacy request

NOORD, INTERNATIONAL, ZUID = "Zorgdesk Noord", "Care Desk International", "Zorgdesk Zuid"


def advice(code: str, comfort: bool, mandate: bool, text: str, watch_out: str) -> dict[str, Any]:
    return {
        "code": code,
        "within_comfort": comfort,
        "within_mandate": mandate,
        "text": text,
        "watch_out": watch_out,
    }


def answers(loyalty: str, cost: str, human: str, risk: str) -> dict[str, str]:
    return {"loyalty": loyalty, "cost": cost, "human": human, "risk": risk}


def notes(**given: str) -> dict[str, str | None]:
    return {q: given.get(q) for q in ("loyalty", "cost", "human", "risk")}


# The fields of each case (as the old `Case` takes them); comments are listed apart.
CASES: list[dict[str, Any]] = [
    {
        "id": WIG,
        "created_at": "2026-11-03T09:14:05.000Z",
        "updated_at": "2026-11-04T13:02:11.000Z",
        "decided_at": "2026-11-03T09:21:40.000Z",
        "agent": "Sanne de Vries",
        "team": NOORD,
        "colour": "green",
        "situation": "Klant krijgt chemotherapie en wil haar pruik laten wassen en in model "
        "laten brengen; de polis vergoedt alleen een nieuwe pruik (€ 450).",
        "rule": "Haarwerken: alleen vergoeding bij aanschaf van een nieuwe pruik",
        "alternative": "Eenmalig de wasbeurt bij de pruikenspecialist vergoeden",
        "customer": "REL-4471-0932",
        "rule_cost": 450.0,
        "alternative_cost": 49.95,
        "currency": "EUR",
        "answers": answers("yes", "lower", "yes", "acceptable"),
        "notes": notes(
            human="Ze zag er erg tegen op om wéér een nieuwe pruik te laten aanmeten.",
            risk="Eenmalige uitzondering, geen nieuwe regel.",
        ),
        "verdict": "go",
        "rung": 2,
        "rung_inferred": 2,
        "advice": advice(
            "go", True, True, "Doe het, en leg vast wat je toezegt.", "Noem het eenmalig."
        ),
        "status": "decided",
        "decision": "set-aside",
        "promise": "We vergoeden één wasbeurt van € 49,95; de nota mag per e-mail.",
        "tags": ("coulance", "oncologie", "pruik"),
    },
    {
        "id": TAXI,
        "created_at": "2026-11-10T14:02:51.000Z",
        "updated_at": "2026-11-10T15:30:00.000Z",
        "agent": "Priya Raman",
        "team": INTERNATIONAL,
        "colour": "blue",
        "situation": "Customer may not drive for six weeks after cataract surgery and asks us "
        "to pay for a taxi to the hospital for her check-ups.",
        "rule": "Patient transport: only ambulance transport or mileage by own car is covered",
        "alternative": "Reimburse three taxi rides to the eye clinic",
        "rule_cost": None,
        "alternative_cost": 62.4,
        "currency": "EUR",
        "other_department": True,
        "answers": answers("yes", "higher", "yes", "unsure"),
        "notes": notes(risk="Everyone with the same surgery could ask for this."),
        "verdict": "discuss",
        "rung": 3,
        "rung_inferred": 3,
        "advice": advice(
            "sign-off",
            False,
            False,
            "Ask your team lead to sign this off before promising anything.",
            "Do not name an amount yet.",
        ),
        "status": "open",
        "decision": "escalated",
        "deadline": "2026-11-12T16:00:00.000Z",
        "tags": ("eye-care", "taxi", "transport"),
    },
    {
        "id": GLASSES,
        "created_at": "2026-11-05T10:40:00.000Z",
        "updated_at": "2026-11-14T08:05:30.000Z",
        "decided_at": "2026-11-05T10:52:13.000Z",
        "closed_at": "2026-11-14T08:05:30.000Z",
        "agent": "Joëlle Bakker",
        "team": NOORD,
        "colour": "yellow",
        "situation": "Klant kocht tijdens de vakantie in België een nieuwe bril toen de oude "
        "brak; wij vergoeden alleen via een gecontracteerde opticien.",
        "rule": "Brillen alleen vergoed via een gecontracteerde opticien",
        "alternative": "De Belgische nota vergoeden tot wat een gecontracteerde opticien rekent",
        "customer": "REL-2210-5568",
        "rule_cost": 0.0,
        "alternative_cost": 189.99,
        "currency": "EUR",
        "answers": answers("yes", "higher", "yes", "none"),
        "verdict": "go",
        "rung": 2,
        "rung_inferred": 2,
        "advice": advice(
            "go-stretch",
            False,
            True,
            "Het mag binnen je mandaat; het voelt misschien ongemakkelijk.",
            "Vraag om een gespecificeerde nota.",
        ),
        "status": "closed",
        "decision": "set-aside",
        "promise": "We vergoeden de bril tot € 189,99 zodra de gespecificeerde nota binnen is.",
        "outcome": "resolved",
        "lessons": "Een buitenlandse nota met specificatie volstaat; vraag de glassterkte erbij.",
        "rule_changed": True,
        "tags": ("bril", "buitenland"),
    },
    {
        "id": PHYSIO,
        "created_at": "2026-11-06T13:20:00.000Z",
        "updated_at": "2026-11-06T13:31:45.000Z",
        "decided_at": "2026-11-06T13:31:45.000Z",
        "agent": "Priya Raman",
        "team": INTERNATIONAL,
        "colour": "blue",
        "situation": "After knee surgery the customer has used all nine physiotherapy sessions "
        "of her plan; the surgeon advises three more.",
        "rule": "Physiotherapy: at most nine sessions a calendar year on this plan",
        "alternative": "Cover three extra sessions as goodwill",
        "rule_cost": None,
        "alternative_cost": None,
        "currency": "EUR",
        "answers": answers("unsure", "higher", "yes", "unacceptable"),
        "notes": notes(loyalty="She mentioned switching insurer in January anyway."),
        "verdict": "stop",
        "rung": 3,
        "rung_inferred": 3,
        "advice": advice(
            "stick-to-rule",
            True,
            True,
            "Follow the rule and explain the supplementary plan.",
            "Mention that she can upgrade from 1 January.",
        ),
        "status": "decided",
        "decision": "followed-rule",
        "tags": ("limits", "physiotherapy"),
    },
    {
        "id": BRACES,
        "created_at": "2026-11-17T11:03:27.000Z",
        "updated_at": "2026-11-17T11:03:27.000Z",
        "agent": "Mehmet Kaya",
        "team": ZUID,
        "colour": "red",
        "situation": "De aanvraag voor een beugel kwam één week na de 18e verjaardag van de "
        "zoon binnen; de orthodontist maakte het plan al in de zomer.",
        "rule": "Orthodontie alleen vergoed tot 18 jaar",
        "alternative": "Vergoeden omdat het behandelplan vóór de 18e verjaardag is opgesteld",
        "customer": "REL-8830-1175",
        "rule_cost": 0.0,
        "alternative_cost": 2450.0,
        "currency": "EUR",
        "answers": answers("yes", "higher", "unsure", "acceptable"),
        "verdict": "discuss",
        "rung": 4,
        "rung_inferred": 3,
        "advice": advice(
            "discuss", False, False, "Bespreek dit met je team.", "Beloof de klant nog niets."
        ),
        "status": "open",
        "tags": ("leeftijdsgrens", "orthodontie", "tandarts"),
    },
    {
        "id": HEARING,
        "created_at": "2026-11-07T08:45:10.000Z",
        "updated_at": "2026-11-20T09:00:00.000Z",
        "decided_at": "2026-11-07T09:02:00.000Z",
        "closed_at": "2026-11-20T09:00:00.000Z",
        "agent": "Daan Visser",
        "team": INTERNATIONAL,
        "colour": None,
        "situation": "Customer's hearing aid fell into the sea at Cassis on the Côte d'Azur; "
        "a replacement is covered once every five years.",
        "rule": "Hearing aids: one replacement every five years",
        "alternative": "Pay the €395 personal contribution for the replacement ourselves",
        "rule_cost": 0.0,
        "alternative_cost": 395.0,
        "currency": "EUR",
        "answers": answers("no", "higher", "unsure", "unacceptable"),
        "verdict": "stop",
        "rung": 3,
        "rung_inferred": 3,
        "advice": advice(
            "stick-to-rule", True, True, "Keep to the rule.", "Point to the travel insurance."
        ),
        "status": "closed",
        "decision": "followed-rule",
        "outcome": "unresolved",
        "lessons": "Ask about travel insurance first: it often covers loss abroad.",
        "tags": ("hearing-aid", "travel"),
    },
    {
        "id": IJMUIDEN,
        "created_at": "2026-11-12T07:58:00.000Z",
        "updated_at": "2026-11-13T10:15:00.000Z",
        "decided_at": "2026-11-12T08:06:30.000Z",
        "agent": "Eline Bijlsma",
        "team": NOORD,
        "colour": "green",
        "situation": "Klant uit IJmuiden betaalde haar eigen risico twee keer doordat het "
        "ziekenhuis dezelfde nota dubbel declareerde.",
        "rule": "Eigen risico pas terugbetalen als het ziekenhuis de declaratie corrigeert",
        "alternative": "Het dubbel betaalde bedrag nu terugstorten en zelf verrekenen",
        "rule_cost": None,
        "alternative_cost": 385.0,
        "currency": "EUR",
        "answers": answers("yes", "same", "yes", "none"),
        "verdict": "go",
        "rung": 1,
        "rung_inferred": 1,
        "advice": advice("go", True, True, "Doe het.", "Zet de verrekening in de notitie."),
        "status": "decided",
        "decision": "set-aside",
        "promise": "Het bedrag van € 385 staat binnen vijf werkdagen op haar rekening.",
        "tags": ("dubbele-declaratie", "eigen-risico"),
    },
    {
        "id": SUNSCREEN,
        "created_at": "2026-11-15T16:20:00.000Z",
        "updated_at": "2026-11-15T16:45:00.000Z",
        "agent": "Sanne de Vries",
        "team": NOORD,
        "colour": "green",
        "situation": "Klant met een zeldzame huidaandoening vraagt vergoeding van "
        "zonnebrandcrème die de dermatoloog voorschreef.",
        "rule": "Zelfzorgmiddelen worden niet vergoed",
        "alternative": "De crème vergoeden als geneesmiddel op recept",
        "rule_cost": 0.0,
        "alternative_cost": 27.5,
        "currency": "EUR",
        "answers": answers("yes", "higher", "yes", "unsure"),
        "verdict": "discuss",
        "rung": 2,
        "rung_inferred": 2,
        "status": "open",
        "tags": ("dermatologie", "zelfzorg"),
    },
]

# (case id, comment id, author, time, text). The first comment of each case is saved with
# the case; later ones through `add_comment` where the old coach had it.
COMMENTS = [
    (WIG, "0b6e2f41-8c3d-4a9e-b712-5d0f3e8a9c14", "Sanne de Vries", "2026-11-03T09:25:02.000Z",
     "Klant belt terug zodra de nota van de kapper binnen is."),
    (WIG, "4d1a7c93-2e5f-4b08-9a6d-c3e1f0b7d825", "Eline Bijlsma", "2026-11-03T11:40:00.000Z",
     "Akkoord; let op dat het bedrag niet hoger wordt dan € 49,95."),
    (WIG, "8f3c0e6b-5a12-4d7f-8e94-b2a6d1c0f937", "Sanne de Vries", "2026-11-04T13:02:11.000Z",
     "Nota ontvangen en uitbetaald. Klant was erg blij — \"eindelijk één ding minder\"."),
    (TAXI, "1e9d4b72-6f08-4c3a-b5e1-a7c2d9f0e348", "Priya Raman", "2026-11-10T15:30:00.000Z",
     "Asked Medical Advice whether the check-ups count as follow-up treatment."),
    (GLASSES, "6a2f8d15-3c9e-4b71-a0d4-e8b5c2f1a796", "Joëlle Bakker", "2026-11-14T08:05:30.000Z",
     "Nota uit Gent ontvangen (€ 189,99), overgemaakt."),
    (HEARING, "b37e1c08-9d4a-4f25-86b0-1c5e7a3d2f49", "Daan Visser", "2026-11-07T09:10:00.000Z",
     "Customer will check her travel insurance first."),
    (IJMUIDEN, "c5d09a3e-7b61-4e8f-9c2a-4f1b8e6d0a73", "Eline Bijlsma", "2026-11-13T10:15:00.000Z",
     "Ziekenhuis heeft de correctie bevestigd; verrekening loopt."),
    (SUNSCREEN, "f2b8e6a0-4c7d-4913-b5f2-9e0a3c1d8b64", "Sanne de Vries",
     "2026-11-15T16:45:00.000Z", "Dermatoloog stuurt een verklaring."),
]  # fmt: skip

# The answers an agent had typed before Ctrl-C, in the shape `Intake.to_json()` has.
DRAFTS: list[dict[str, Any]] = [
    {
        "id": "2c7f1a9e-0b4d-4e63-a8f5-d19b3e7c6a02",
        "agent": "Joëlle Bakker",
        "when": "2026-11-19T15:40:12.000Z",
        "intake": {
            "situation": "Klant wil een tweede paar steunzolen; het eerste paar past niet meer.",
            "rule": "Steunzolen: één paar per jaar",
            "alternative": None,
            "rule_cost": 0.0,
            "alt_cost": 89.95,
            "tags": ["hulpmiddelen"],
            "done": ["rule_cost", "alt_cost"],
        },
    },
    {
        "id": "9a4e3b6d-1f8c-4d27-b0e9-6c5a2f8d1e30",
        "agent": "Priya Raman",
        "when": "2026-11-21T12:00:00.000Z",
        "intake": {
            "situation": "Customer asks whether we cover a second wig during her treatment.",
            "done": [],
        },
    },
]
DELETED_AT = "2026-11-18T10:00:00.000Z"

# Practice sessions (schema version 4): (id, trainee, start, seed, source, sha256, attempts)
# where each attempt is (case id, the trainee's four answers, their decision).
EXPORT_SHA256 = "5f1d0c3e9b7a2846e1d3c5b7a9f0e2d4c6b8a0f1e3d5c7b9a1f2e4d6c8b0a2f4"
TRAINING = [
    ("d40b7e2a-5c19-4f86-a3e0-8b6f1d2c9e57", "Mehmet Kaya", "2026-11-21T10:05:00.000Z",
     421337, "casebook", None,
     [(WIG, answers("yes", "lower", "yes", "acceptable"), "set-aside"),
      (PHYSIO, answers("yes", "higher", "yes", "acceptable"), "set-aside")]),
    ("7e2c9f04-b1a6-4d38-95e7-0f4a8c3b6d21", "Priya Raman", "2026-11-22T08:30:00.000Z",
     7, "helpdesk-2026-q3.json", EXPORT_SHA256,
     [(GLASSES, answers("yes", "higher", "unsure", "none"), "followed-rule")]),
]  # fmt: skip


# --- The child process: runs with an old commit's `src` first on PYTHONPATH. -------------


def old(name: str) -> ModuleType:
    """A module of the old coach (typed loosely on purpose: its API is not today's)."""
    return importlib.import_module(name)


def write_with_old_code(version: int, path: Path) -> None:
    worktree = Path(os.environ["PYTHONPATH"]).resolve()
    coachcli = old("coachcli")
    assert Path(str(coachcli.__file__)).resolve().is_relative_to(worktree), coachcli.__file__
    store, domain = old("coachcli.store"), old("coachcli.domain.case")
    casebook = open_old(version, path) if version == 1 else store.connect(path)
    assert casebook.schema_version() == version
    can_comment = hasattr(store, "add_comment")  # from 120a883 on
    made = {}
    for fields in CASES:
        comments = [
            domain.Comment(cid, author, when, text)
            for case_id, cid, author, when, text in COMMENTS
            if case_id == fields["id"]
        ]
        first, later = (comments[:1], comments[1:]) if can_comment else (comments, [])
        extra = {"advice": domain.Advice(**fields["advice"])} if "advice" in fields else {}
        case = domain.Case(**(fields | extra | {"comments": tuple(first)}))
        store.insert_case(casebook, case)
        for comment in later:
            store.add_comment(casebook, case, comment)
        made[case.id] = case
    for draft in DRAFTS:
        if hasattr(store, "save_draft"):  # from 120a883 on
            intake = old("coachcli.domain.intake").Intake(**draft["intake"]).to_json()
            store.save_draft(casebook, draft["id"], draft["agent"], intake, draft["when"])
        else:
            data = json.dumps(draft["intake"], ensure_ascii=False)
            with casebook.write() as db:
                db.execute(
                    "INSERT INTO drafts (id, agent, created_at, updated_at, data) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [draft["id"], draft["agent"], draft["when"], draft["when"], data],
                )
    if hasattr(store, "delete_case"):  # from 120a883 on
        store.delete_case(casebook, SUNSCREEN, DELETED_AT)
    else:  # what 120a883's delete_case does, in plain SQL
        casebook.db.execute("PRAGMA secure_delete = ON")
        with casebook.write() as db:
            db.execute("DELETE FROM cases WHERE id = ?", [SUNSCREEN])
            db.execute(
                "INSERT INTO deleted (id, deleted_at) VALUES (?, ?)", [SUNSCREEN, DELETED_AT]
            )
    if version >= 4:
        training = old("coachcli.domain.training")
        for sid, trainee, started, seed, source, sha, attempts in TRAINING:
            session = training.Session(sid, trainee, started, seed, source, sha)
            store.start_session(casebook, session)
            for case_id, given, decision in attempts:
                store.add_attempt(casebook, sid, training.compare(made[case_id], given, decision))
    casebook.close()


def open_old(version: int, path: Path) -> Any:
    """Version 1 never shipped on its own: open the file as the old `connect` does, but
    apply only the old migration set's first step."""
    from sqlite_utils import Database

    old("coachcli.files").create_private_file(path)
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    db = Database(conn)
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    steps = old("coachcli.store.migrations").STEPS
    old("coachcli.store.migrations").migration_set().apply(db, stop_before=steps[version].__name__)
    return old("coachcli.store.casebook").Casebook(path, db)


# --- The parent process: worktrees, fix-ups and manifests, with the standard library only. --


def fix_up(path: Path) -> None:
    """Fixed migration times, and everything in the one file: WAL checkpointed and emptied.

    The file stays in WAL mode, as an old coach left it; with no reader open, SQLite
    removes the emptied `-wal` and the `-shm` when this connection closes.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", [APPLIED_AT])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    leftovers = sorted(path.parent.glob(path.name + "-*"))
    assert not leftovers, leftovers


def manifest(path: Path, version: int) -> dict[str, Any]:
    """Every row of every table the file holds, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        tables = {
            table: [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
            for table, order in TABLES.items()
            if table in present
        }
    finally:
        conn.close()
    return {"schema_version": version, "made_by": COMMITS[version], "tables": tables}


def make(repo: Path, out: Path) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="coach-old-casebooks-"))
    worktrees: dict[str, Path] = {}
    try:
        for version, commit in COMMITS.items():
            if commit not in worktrees:
                worktrees[commit] = scratch / commit[:7]
                git(repo, "worktree", "add", "--detach", str(worktrees[commit]), commit)
            db = scratch / f"v{version}.db"
            env = os.environ | {"PYTHONPATH": str(worktrees[commit] / "src")}
            subprocess.run(
                [sys.executable, __file__, "--old-code", str(version), str(db)],
                env=env,
                cwd=scratch,
                check=True,
            )
            fix_up(db)
            for sidecar in out.glob(f"v{version}.db-*"):  # left by opening a fixture in place
                sidecar.unlink()
            shutil.copyfile(db, out / f"v{version}.db")
            text = json.dumps(manifest(db, version), ensure_ascii=False, indent=1)
            (out / f"v{version}.json").write_text(text + "\n", encoding="utf-8")
            print(f"v{version}.db: made by {commit[:7]}")
    finally:
        for worktree in worktrees.values():
            git(repo, "worktree", "remove", "--force", str(worktree))
        shutil.rmtree(scratch, ignore_errors=True)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", nargs="?", type=Path, help="the coach git repository")
    parser.add_argument("--out", type=Path, default=HERE, help="where vN.db and vN.json go")
    parser.add_argument("--old-code", nargs=2, metavar=("VERSION", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.old_code:
        write_with_old_code(int(args.old_code[0]), Path(args.old_code[1]))
    elif args.repo:
        make(args.repo.resolve(), args.out.resolve())
    else:
        parser.error("give the path of the coach repository")


if __name__ == "__main__":
    main()
