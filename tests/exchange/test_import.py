"""`coach casebook import` (SPEC §10): checks first, all or nothing, and the merge laws."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli import store
from coachcli.domain.case import Case, CaseFilter, Comment
from coachcli.exchange.importing import stage_files
from coachcli.store.staging import Staging
from tests.conftest import Invoke
from tests.helpers import NOW, ago, casebook_with, make_case

REPOSITORY = Path(__file__).resolve().parents[2]
HEADER = {
    "format": "coach-casebook", "version": 2, "exported_at": "2026-11-24T00:00:00.000Z",
    "coach_version": "0.1.0", "redacted": False, "anonymised_agents": False, "filters": {},
}  # fmt: skip
Tombstone = tuple[str, str]  # id, deleted_at


def write_export(
    path: Path,
    cases: list[Case],
    *,
    jsonl: bool = False,
    tombstones: list[Tombstone] = (),  # type: ignore[assignment]
    **header: object,
) -> Path:
    head = HEADER | header
    dead = [{"id": i, "deleted_at": at, "reason": "privacy"} for i, at in tombstones]
    if jsonl:
        lines = [json.dumps(head)] + [json.dumps(c.to_json()) for c in cases]
        lines += [json.dumps({"tombstone": t}) for t in dead]
        path.write_text("\n".join(lines) + "\n")
    else:
        path.write_text(json.dumps(head | {"cases": [c.to_json() for c in cases],
                                           "tombstones": dead}))  # fmt: skip
    return path


def snapshot(path: Path) -> list[dict[str, Any]]:
    """Every case with its comments, as an export would show it: what the laws compare."""
    casebook = store.connect(path)
    assert casebook is not None
    try:
        cases = store.iter_cases(casebook, CaseFilter(limit=None), NOW)
        return sorted((c.to_json() for c in cases), key=lambda c: str(c["id"]))
    finally:
        casebook.close()


def tombstones(path: Path) -> list[tuple[str, str, str | None]]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT id, deleted_at, reason FROM deleted ORDER BY id").fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def target(isolated: Path) -> Path:
    return isolated / "team.db"


def imported(coach: Invoke, target: Path, *files: Path) -> dict[str, Any]:
    result = coach("--casebook", str(target), "casebook", "import", *map(str, files), "--json")
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def refused(coach: Invoke, target: Path, path: Path) -> str:
    """Import `path`, which must fail with one line and change nothing; that line."""
    before = snapshot(target) if target.exists() else []
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("coach: ")
    assert "unexpected" not in result.stderr and "damaged" not in result.stderr
    assert snapshot(target) == before
    return result.stderr


def uid(n: int) -> str:
    return f"{n:08x}-0000-4000-8000-000000000000"


def cid(n: int) -> str:
    return f"{n:08x}-1111-4000-8000-000000000000"


def test_new_newer_equal_and_older_cases(coach: Invoke, target: Path, isolated: Path) -> None:
    kept = make_case(updated_at="2026-11-10T00:00:00.000Z", lessons="ours")
    stale = make_case(updated_at="2026-11-10T00:00:00.000Z", lessons="ours")
    casebook_with(target, kept, stale)
    newer = replace(kept, updated_at="2026-11-11T00:00:00.000Z", lessons="theirs, newer")
    older = replace(stale, updated_at="2026-11-01T00:00:00.000Z", lessons="theirs, older")
    fresh = make_case()
    report = imported(coach, target, write_export(isolated / "a.json", [newer, older, fresh]))
    assert (report["added"], report["updated"], report["unchanged"]) == (1, 1, 1)
    by_id = {c["id"]: c for c in snapshot(target)}
    assert by_id[kept.id]["lessons"] == "theirs, newer"
    assert by_id[kept.id]["updated_at"] == "2026-11-11T00:00:00.000Z"  # kept as imported
    assert by_id[stale.id]["lessons"] == "ours"
    assert fresh.id in by_id


def test_a_follow_up_travels_with_the_newer_version_and_redaction_keeps_it(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    """A case followed up on another machine is the newer version (its updated_at moved),
    so it wins; the older one, not followed up, changes nothing. The rule_key is derived
    here from the rule as imported, whatever its spelling."""
    ours = make_case(status="decided", decision="set-aside", decided_at="2026-10-01T10:00:00.000Z",
                     updated_at="2026-10-01T10:00:00.000Z")  # fmt: skip
    casebook_with(target, ours)
    theirs = replace(ours, retained="no", followed_up_at="2026-11-20T10:00:00.000Z",
                     updated_at="2026-11-20T10:00:00.000Z",
                     rule="  POLICY pays for a new  WIG only")  # fmt: skip
    report = imported(coach, target, write_export(isolated / "theirs.json", [theirs]))
    assert report["updated"] == 1
    (stored,) = snapshot(target)
    assert (stored["retained"], stored["followed_up_at"], stored["updated_at"]) == (
        "no", "2026-11-20T10:00:00.000Z", "2026-11-20T10:00:00.000Z",
    )  # fmt: skip
    with closing(sqlite3.connect(target)) as conn:
        key = conn.execute("SELECT rule_key FROM cases").fetchone()[0]
    assert key == "policy pays for a new wig only"
    # The older version, without the follow-up, changes nothing.
    report = imported(coach, target, write_export(isolated / "ours.json", [ours]))
    assert (report["updated"], report["unchanged"]) == (0, 1)
    assert snapshot(target)[0]["retained"] == "no"
    # A redacted export (the default) keeps the answer: it is no free text.
    exported = coach("--casebook", str(target), "casebook", "export")
    (case,) = json.loads(exported.stdout)["cases"]
    assert (case["retained"], case["followed_up_at"], case["customer"]) == (
        "no", "2026-11-20T10:00:00.000Z", None,
    )  # fmt: skip


def test_comments_are_a_union(coach: Invoke, target: Path, isolated: Path) -> None:
    case = make_case(comments=(Comment(cid(1), "Sanne", "2026-11-02T00:00:00.000Z", "first"),))
    casebook_with(target, case)
    theirs = replace(case, comments=(Comment(cid(2), "Bram", "2026-11-03T00:00:00.000Z", "2nd"),))
    report = imported(coach, target, write_export(isolated / "b.json", [theirs]))
    assert report["updated"] == 1
    (stored,) = snapshot(target)
    assert [c["id"] for c in stored["comments"]] == [cid(1), cid(2)]


def test_a_deleted_case_stays_deleted(coach: Invoke, target: Path, isolated: Path) -> None:
    case = make_case()
    casebook_with(target, case)
    assert coach("--casebook", str(target), "case", "delete", case.id[:8], "--yes").exit_code == 0
    report = imported(coach, target, write_export(isolated / "c.json", [case]))
    assert report["skipped"] == [{"id": case.id, "reason": "deleted"}]
    assert snapshot(target) == []


def test_an_id_spelled_another_way_is_the_same_case_and_stays_deleted(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    """Found: an upper-case copy of a deleted case's id came back, and then could be
    neither shown nor deleted."""
    case = make_case(id="3f9a2c1b-6d4e-4a7b-9c21-5e8f0a1b2c3d")
    casebook_with(target, case)
    assert coach("--casebook", str(target), "case", "delete", "3f9a2c1b", "--yes").exit_code == 0
    spellings = ["3F9A2C1B-6D4E-4A7B-9C21-5E8F0A1B2C3D", "{3f9a2c1b-6d4e-4a7b-9c21-5e8f0a1b2c3d}",
                 "urn:uuid:3F9A2C1B-6D4E-4A7B-9C21-5E8F0A1B2C3D"]  # fmt: skip
    for n, spelling in enumerate(spellings):
        path = write_export(isolated / f"v{n}.json", [replace(case, id=spelling)])
        report = imported(coach, target, path)
        assert report["skipped"] == [{"id": case.id, "reason": "deleted"}]
    assert snapshot(target) == []


def test_ids_are_stored_canonical_and_shown_and_deleted_by_them(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    upper = make_case(id="{7B21E0C4-92AA-4F3E-8D10-4C6B9E2F7A15}",
                      comments=(Comment("URN:UUID:0C0C0C0C-0000-4000-8000-00000000000A", "Bram",
                                        ago(days=1), "ok"),))  # fmt: skip
    imported(coach, target, write_export(isolated / "u.json", [upper]))
    (stored,) = snapshot(target)
    assert stored["id"] == "7b21e0c4-92aa-4f3e-8d10-4c6b9e2f7a15"
    assert stored["comments"][0]["id"] == "0c0c0c0c-0000-4000-8000-00000000000a"
    shown = coach("--casebook", str(target), "case", "show", "7b21e0c4", "--json")
    assert json.loads(shown.stdout)["id"] == "7b21e0c4-92aa-4f3e-8d10-4c6b9e2f7a15"
    assert coach("--casebook", str(target), "case", "delete", "7b21e0c4", "--yes").exit_code == 0
    assert snapshot(target) == []


@pytest.mark.parametrize(
    "bad_id",
    ["abc", "x" * 10_000, "3f9a2c1b6d4e4a7b9c215e8f0a1b2c3d",
     " 3f9a2c1b-6d4e-4a7b-9c21-5e8f0a1b2c3d", "3f9a2c1b-6d4e-4a7b-9c21-5e8f0a1b2c3g", 42, None],
)  # fmt: skip
def test_an_id_that_is_no_uuid_is_refused_without_repeating_it(
    coach: Invoke, target: Path, isolated: Path, bad_id: object
) -> None:
    data = make_case().to_json() | {"id": bad_id}
    path = isolated / "bad.json"
    path.write_text(json.dumps(HEADER | {"cases": [data]}))
    assert refused(coach, target, path) == (
        f"coach: {path}, line 1: id is not a UUID; nothing was imported.\n"
    )


def test_times_become_utc_and_updated_at_compares_as_an_instant(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    """Found: `updated_at` with an offset was compared as text, so an older version won."""
    ours = make_case(created_at="2026-11-20T09:00:00.000Z", updated_at="2026-11-20T09:00:00.000Z",
                     lessons="ours, 09:00 UTC")  # fmt: skip
    casebook_with(target, ours)
    # 09:30+01:00 is 08:30 UTC: older than ours, though its text sorts after it.
    theirs = replace(ours, updated_at="2026-11-20T09:30:00+01:00", lessons="theirs, 08:30 UTC",
                     deadline="2026-11-21T17:00:00-05:00")  # fmt: skip
    report = imported(coach, target, write_export(isolated / "t.json", [theirs]))
    assert report["unchanged"] == 1
    assert snapshot(target)[0]["lessons"] == "ours, 09:00 UTC"
    later = replace(theirs, updated_at="2026-11-20T10:30:00.5+01:00", lessons="theirs, later")
    imported(coach, target, write_export(isolated / "t2.json", [later]))
    (stored,) = snapshot(target)
    assert (stored["lessons"], stored["updated_at"], stored["deadline"]) == (
        "theirs, later", "2026-11-20T09:30:00.500Z", "2026-11-21T22:00:00.000Z",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("created_at", "2026-11-20T10:00:00", "created_at has no time zone (add Z or an offset"),
        ("deadline", "2026-11-20", "deadline has no time zone"),
        ("updated_at", "yesterday", "updated_at is not an ISO 8601 time"),
        ("decided_at", "0001-01-01T00:30:00+01:00", "decided_at lies outside the years 1971"),
        ("deadline", "9999-12-31T23:00:00-05:00", "deadline lies outside the years 1971 to 2999"),
        ("colour", "purple", "colour must be one of `blue`, `red`, `yellow`, `green`"),
        ("advice", {"code": "yolo", "within_comfort": True, "within_mandate": True,
                    "text": "", "watch_out": ""}, "advice.code must be one of `stick-to-rule`"),
        ("advice", {"code": "go", "within_comfort": "yes"}, "advice.within_comfort must be"),
        ("status", "pending", "status must be one of `open`, `decided`, `closed`"),
        ("status", None, "status is missing or empty"),
        ("decision", "maybe", "decision must be one of `followed-rule`, `set-aside`, `escalated`"),
        ("verdict", "GO", "verdict must be one of `go`, `discuss`, `stop`"),
        ("outcome", 1, "outcome must be one of `resolved`"),
        ("answers", {"loyalty": "maybe"}, "answers.loyalty must be one of `yes`, `no`, `unsure`"),
        ("answers", {"mood": "yes"}, "answers.mood is not a field this coach knows"),
        ("rung", 5, "rung must be 1, 2, 3 or 4"),
        ("rung", True, "rung must be 1, 2, 3 or 4"),
        ("rung_inferred", 2.0, "rung_inferred must be 1, 2, 3 or 4"),
        ("rule_changed", "yes", "rule_changed must be `true` or `false`"),
        ("retained", "maybe", "retained must be one of `yes`, `no`, `unknown`"),
        ("retained", True, "retained must be one of `yes`, `no`, `unknown`"),
        ("followed_up_at", "2026-11-20", "followed_up_at has no time zone"),
        ("review_copy", 0, "review_copy must be `true` or `false`"),
        ("rule_cost", -5, "rule_cost must be an amount from 0 to 1000000000.00 with at most two"),
        ("alternative_cost", 49.955, "alternative_cost must be an amount from 0 to 1000000000.00"),
        ("alternative_cost", "50", "alternative_cost must be an amount from 0 to 1000000000.00"),
        ("rule_cost", 1e300, "rule_cost must be an amount from 0 to 1000000000.00"),
        ("currency", "euro", "currency must be a three-letter currency code such as EUR"),
        ("situation", "   ", "situation is missing or empty"),
        ("situation", ["a"], "situation must be text"),
        ("situation", "x" * 100_001, "situation is longer than 100000 characters"),
        ("agent", "A" * 201, "agent is longer than 200 characters"),
        ("tags", "zorg", "tags must be a list"),
        ("tags", ["x"] * 101, "tags holds more than 100 items"),
        ("comments", [{"id": cid(1), "author": "A", "created_at": "2026-11-01T00:00:00"}],
         "comments.created_at has no time zone"),
        ("comments", [{"id": "c1", "author": "A", "created_at": "2026-11-01T00:00:00Z",
                       "text": "t"}], "comments.id is not a UUID"),
        ("comments", [{"id": cid(1), "author": "A", "created_at": "2026-11-01T00:00:00Z",
                       "text": "t"}] * 2, f"comment {cid(1)} appears twice"),
        ("mood", "happy", "mood is not a field this coach knows"),
        ("\x1b[2J\nmood", 1, "\\x1b[2J\\nmood is not a field this coach knows"),
    ],
)  # fmt: skip
def test_every_field_is_checked_by_name_and_nothing_lands(
    coach: Invoke, target: Path, isolated: Path, field: str, value: object, problem: str
) -> None:
    casebook_with(target, make_case())
    case = make_case(id=uid(7))
    data = case.to_json() | {field: value}
    path = isolated / "bad.jsonl"
    path.write_text(json.dumps(HEADER) + "\n" + json.dumps(make_case().to_json()) + "\n"
                    + json.dumps(data) + "\n")  # fmt: skip
    message = refused(coach, target, path)
    assert message.startswith(f"coach: {path}, line 3 (case {uid(7)}): {problem}")
    assert message.endswith("; nothing was imported.\n")


def test_amounts_are_read_exactly_as_written(coach: Invoke, target: Path, isolated: Path) -> None:
    path = isolated / "money.json"
    cases = [make_case(id=uid(n)).to_json() for n in range(3)]
    text = json.dumps(HEADER | {"cases": cases})
    # As a person writes them in JSON: no float in between to round 0.1 or 49.95.
    text = text.replace('"rule_cost": 700,', '"rule_cost": 0.10,', 1)
    text = text.replace('"alternative_cost": 50,', '"alternative_cost": 49.95,', 1)
    text = text.replace('"rule_cost": 700,', '"rule_cost": 1.4e3,', 1)
    path.write_text(text)
    imported(coach, target, path)
    stored = {c["id"]: (c["rule_cost"], c["alternative_cost"]) for c in snapshot(target)}
    assert stored[uid(0)] == (0.1, 49.95)
    assert stored[uid(1)] == (1400, 50)


def test_a_file_from_a_newer_coach_or_of_no_known_version_is_refused(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    for n, version in enumerate([3, True, 2.0, "2", None, 0, -1]):
        path = isolated / f"v{n}.json"
        path.write_text(json.dumps(HEADER | {"version": version, "cases": []}))
        message = refused(coach, target, path)
        if version == 3:
            assert "export version 3, from a newer coach" in message
        else:
            assert "no export version this coach reads (1 or 2)" in message


def test_a_version_1_file_still_imports(coach: Invoke, target: Path, isolated: Path) -> None:
    old = make_case().to_json()
    del old["review_copy"]
    path = isolated / "v1.json"
    path.write_text(json.dumps(HEADER | {"version": 1, "cases": [old]}))
    assert imported(coach, target, path)["added"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "coach-casebook", "version": 1, "cases": [{"id": "x"', "line 1, column 64:"
         " not valid JSON"),
        ('{"format": "something-else", "version": 1, "cases": []}', "not a coach casebook"),
        ("\x00\x01 garbage", "not a coach casebook"),
        ("", "not a coach casebook"),
        ("[]", "not a coach casebook"),
        ('{"format": "coach-casebook", "version": 2, "redacted": "no", "cases": []}',
         "redacted in the header must be `true` or `false`"),
        ('{"format": "coach-casebook", "version": 2, "cases": [{}] } x', "not valid JSON"),
        ('{"format": "coach-casebook", "version": 2, "cases": [NaN]}', "not valid JSON"),
        ('{"format": "coach-casebook", "version": 2, "cases": [' + "[" * 5000 + "]" * 5000 + "]}",
         "line 1: nested too deeply"),
    ],
)  # fmt: skip
def test_garbled_files_change_nothing(
    coach: Invoke, target: Path, isolated: Path, content: str, message: str
) -> None:
    casebook_with(target, make_case())
    bad = isolated / "bad.json"
    bad.write_text(content)
    shown = refused(coach, target, bad)
    assert message in shown and str(bad) in shown


def test_bytes_that_are_not_utf8_name_their_line(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    bad = isolated / "latin1.jsonl"
    bad.write_bytes(json.dumps(HEADER).encode() + b"\n" + b'{"situation": "caf\xe9"}\n')
    assert refused(coach, target, bad) == (
        f"coach: {bad}, line 2: not valid UTF-8 text; nothing was imported.\n"
    )


def test_a_bad_case_names_its_line_and_nothing_lands(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    good = make_case()
    bad = make_case(status="pending")
    path = write_export(isolated / "cases.jsonl", [good, bad], jsonl=True)
    message = refused(coach, target, path)
    assert f"line 3 (case {bad.id})" in message and "status" in message
    assert snapshot(target) == []


def test_a_bad_second_file_means_the_good_first_file_does_not_land_either(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    kept = make_case(lessons="ours")
    casebook_with(target, kept)
    before = digest(target)
    theirs = replace(kept, updated_at=ago(days=1), lessons="theirs")
    good = write_export(isolated / "good.json", [theirs, make_case()])
    bad = write_export(isolated / "bad.json", [make_case(status="?")])
    result = coach("--casebook", str(target), "casebook", "import", str(good), str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.stderr and "nothing was imported" in result.stderr
    assert [c["lessons"] for c in snapshot(target)] == ["ours"]
    assert digest(target) == before


def test_a_truncated_file_changes_nothing(coach: Invoke, target: Path, isolated: Path) -> None:
    casebook_with(target, make_case())
    for suffix in ("jsonl", "json"):
        full = write_export(isolated / f"full.{suffix}", [make_case() for _ in range(5)],
                            jsonl=suffix == "jsonl")  # fmt: skip
        truncated = isolated / f"truncated.{suffix}"
        truncated.write_text(full.read_text()[:-200])
        refused(coach, target, truncated)


def test_the_same_id_twice_in_one_file_is_an_error_naming_it(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    case = make_case()
    path = write_export(isolated / "twice.jsonl", [case, make_case(), replace(case, lessons="x")],
                        jsonl=True)  # fmt: skip
    assert refused(coach, target, path) == (
        f"coach: {path} holds case {case.id} twice (again on line 4); nothing was imported.\n"
    )


def test_the_same_comment_id_in_two_cases_is_an_error_not_a_damaged_casebook(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    """Found: duplicate comment ids were reported as a damaged casebook."""
    comment = Comment(cid(5), "Bram", ago(days=1), "ok")
    both = [make_case(comments=(comment,)), make_case(comments=(comment,))]
    path = write_export(isolated / "dup.jsonl", both, jsonl=True)
    assert refused(coach, target, path) == (
        f"coach: {path} holds comment {cid(5)} twice (again on line 3); nothing was imported.\n"
    )
    casebook_with(target, make_case(comments=(comment,)))
    elsewhere = write_export(isolated / "elsewhere.json", [make_case(comments=(comment,))])
    assert refused(coach, target, elsewhere) == (
        f"coach: {elsewhere}: comment {cid(5)} belongs to another case in this casebook; "
        "nothing was imported.\n"
    )


def test_an_anonymised_file_imports_with_a_warning(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    path = write_export(
        isolated / "anon.json", [make_case(agent="Agent A")], anonymised_agents=True
    )
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code == 0
    assert "pseudonyms" in result.stderr
    assert "is a review copy" in result.stderr
    assert snapshot(target)[0]["review_copy"] is True


def test_the_demo_casebook_imports_on_a_fresh_clone(coach: Invoke, target: Path) -> None:
    report = imported(coach, target, REPOSITORY / "casebooks" / "demo.json")
    assert report["added"] >= 8
    cases = snapshot(target)
    assert {c["decision"] for c in cases} >= {"set-aside", "escalated", "followed-rule"}
    assert any(c["verdict"] == "stop" for c in cases)
    assert any(c["rule_changed"] for c in cases)
    assert any(c["lessons"] and c["status"] == "closed" for c in cases)
    assert any(c["comments"] and c["decision"] == "escalated" for c in cases)


def test_export_import_export_gives_the_same_cases(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    source = isolated / "source.db"
    comment = Comment(cid(9), "Sanne", "2026-11-02T00:00:00.000Z", "ok")
    cases = [
        make_case(tags=("a", "b"), comments=(comment,), alternative_cost=Decimal("49.95")),
        make_case(
            status="closed", outcome="resolved", lessons="learned", rule_cost=Decimal("0.10")
        ),
    ]
    casebook_with(source, *cases)
    for fmt in ("json", "jsonl"):
        first = isolated / f"first.{fmt}"
        assert coach("--casebook", str(source), "casebook", "export", "--no-redact", "--output",
                     str(first)).exit_code == 0  # fmt: skip
        imported(coach, target, first)
        second = isolated / f"second.{fmt}"
        coach("--casebook", str(target), "casebook", "export", "--no-redact", "--output",
              str(second))  # fmt: skip
        assert second.read_text().split("\n")[1:] == first.read_text().split("\n")[1:]


# Found: re-importing your own default export "updated" half the cases to [PHONE] and lost
# their customer reference for good; an --anonymise-agents file did the same to names.


@pytest.fixture
def own(coach: Invoke, isolated: Path) -> Path:
    """A casebook of cases that hold phone numbers, customer references and comments."""
    path = isolated / "own.db"
    cases = [
        make_case(
            id=uid(n),
            agent=f"Agent{n} de Vries",
            customer=f"REF-{n:04d}",
            situation=f"Mevrouw belt vanaf 06-1234567{n} over haar pruik",
            comments=(
                Comment(cid(n), "Bram Bakker", ago(days=1), f"Teruggebeld op 06-8765432{n}"),
            ),
        )
        for n in range(10)
    ]
    return casebook_with(path, *cases)


@pytest.mark.parametrize(
    "args",
    [(), ("--anonymise-agents",), ("--no-redact", "--anonymise-agents"), ("--format", "jsonl"),
     ("--format", "jsonl", "--anonymise-agents"), ("--no-redact",),
     ("--no-redact", "--format", "jsonl")],
)  # fmt: skip
def test_importing_your_own_export_changes_nothing_and_says_so(
    coach: Invoke, own: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    before, raw = snapshot(own), digest(own)
    out = isolated / "export.out"
    assert coach("--casebook", str(own), "casebook", "export", *args, "--output",
                 str(out)).exit_code == 0  # fmt: skip
    result = coach("--casebook", str(own), "casebook", "import", str(out))
    assert result.exit_code == 0, result.output
    assert "Imported: 0 added, 0 updated, 10 unchanged, 0 skipped." in result.stderr
    assert "Nothing changed" in result.stderr
    assert snapshot(own) == before
    assert before[3]["customer"] == "REF-0003" and "06-12345673" in before[3]["situation"]
    assert digest(own) == raw  # not a byte written


def test_a_review_copy_is_added_kept_and_replaced_only_by_a_full_copy(
    coach: Invoke, own: Path, target: Path, isolated: Path
) -> None:
    review = isolated / "review.json"
    full = isolated / "full.json"
    coach("--casebook", str(own), "casebook", "export", "--output", str(review))
    coach("--casebook", str(own), "casebook", "export", "--no-redact", "--output", str(full))
    assert imported(coach, target, review)["added"] == 10
    held = snapshot(target)[0]
    assert (held["review_copy"], held["customer"]) == (True, None)
    assert "[PHONE]" in held["situation"] and held["comments"][0]["review_copy"] is True
    # Kept through an export without redaction: a review copy stays one in every file.
    again = isolated / "again.json"
    coach("--casebook", str(target), "casebook", "export", "--no-redact", "--output", str(again))
    assert {c["review_copy"] for c in json.loads(again.read_text())["cases"]} == {True}
    # A later review copy of the same case replaces the earlier one ...
    data = json.loads(review.read_text())
    data["cases"][0]["updated_at"] = ago(hours=1)
    data["cases"][0]["lessons"] = "later review"
    review.write_text(json.dumps(data))
    assert imported(coach, target, review)["updated"] == 1
    # ... and a full copy replaces a review copy, even an older one.
    assert imported(coach, target, full)["updated"] == 10
    held = snapshot(target)[0]
    assert (held["review_copy"], held["customer"], held["lessons"]) == (False, "REF-0000", None)
    assert held["comments"][0]["review_copy"] is False
    assert "06-87654320" in held["comments"][0]["text"]
    # A newer review copy never replaces the full copy.
    assert imported(coach, target, review)["unchanged"] == 10


def test_a_casebook_of_review_copies_keeps_its_names_when_its_anonymised_export_returns(
    coach: Invoke, target: Path
) -> None:
    """The demo casebook is itself a review copy (a redacted file). Its own
    --anonymise-agents export, imported back, must not trade the names for `Agent A`: of
    two review copies, the one with pseudonyms never wins (a refinement of SPEC §10)."""
    imported(coach, target, REPOSITORY / "casebooks" / "demo.json")
    before = snapshot(target)
    assert {c["review_copy"] for c in before} == {True}
    out = target.with_name("anon.json")
    coach("--casebook", str(target), "casebook", "export", "--anonymise-agents", "--output",
          str(out))  # fmt: skip
    report = imported(coach, target, out)
    assert (report["added"], report["updated"]) == (0, 0)
    assert snapshot(target) == before
    # And a redacted copy of a case held only with pseudonyms does replace it.
    fresh = target.with_name("fresh.db")
    imported(coach, fresh, out)
    imported(coach, fresh, REPOSITORY / "casebooks" / "demo.json")
    assert snapshot(fresh) == before


def test_a_privacy_tombstone_in_a_file_deletes_here_too_and_is_kept(
    coach: Invoke, own: Path, target: Path, isolated: Path
) -> None:
    """Found: a privacy deletion never travelled; exports carried no tombstones."""
    full = isolated / "full.json"
    coach("--casebook", str(own), "casebook", "export", "--no-redact", "--output", str(full))
    imported(coach, target, full)
    assert coach("--casebook", str(own), "case", "delete", uid(3)[:8], "--yes").exit_code == 0
    after = isolated / "after.jsonl"
    coach("--casebook", str(own), "casebook", "export", "--output", str(after))
    result = coach("--casebook", str(target), "casebook", "import", str(after))
    assert result.exit_code == 0, result.output
    assert "1 case(s) deleted here too" in result.stderr
    assert uid(3) not in {c["id"] for c in snapshot(target)}
    assert tombstones(target) == [(uid(3), "2026-11-25T09:30:00.000Z", "privacy")]
    # The old full copy, imported again, stays deleted.
    report = imported(coach, target, full)
    assert report["skipped"] == [{"id": uid(3), "reason": "deleted"}]
    assert len(snapshot(target)) == 9


def test_a_privacy_tombstone_from_a_file_leaves_no_trace_of_the_case(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    """Deleting by import is deleting as `case delete` does (SPEC §8): the words are gone
    from the file, the search index's segments and the write-ahead log."""
    case = make_case(situation="Zeldzame huidaandoening, brandcreme vergoed")
    casebook_with(target, case)
    path = write_export(isolated / "gone.json", [], tombstones=[(case.id, ago(days=1))])
    assert imported(coach, target, path)["deleted"] == 1
    wal = target.with_name(target.name + "-wal")
    for file in (target, wal):
        if file.exists():
            assert b"huidaandoening" not in file.read_bytes(), file.name
            assert b"brandcreme" not in file.read_bytes(), file.name
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_case_and_its_tombstone_in_one_file_leave_it_deleted(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    case = make_case()
    path = write_export(isolated / "both.json", [case], tombstones=[(case.id, ago(days=1))])
    report = imported(coach, target, path)
    assert (report["added"], report["skipped"]) == (0, [{"id": case.id, "reason": "deleted"}])
    assert snapshot(target) == []


def test_the_staging_file_is_private_and_gone_afterwards(
    coach: Invoke, target: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real = Staging.index

    def spy(self: Staging) -> None:
        assert self.path.parent == isolated and self.path.name.startswith("team.db.import-")
        seen.append(self.path.stat().st_mode & 0o777)
        real(self)

    monkeypatch.setattr(Staging, "index", spy)
    imported(coach, target, write_export(isolated / "a.json", [make_case()]))
    assert seen == [0o600]
    refused(coach, target, write_export(isolated / "b.json", [make_case(status="?")]))
    assert sorted(p.name for p in isolated.iterdir()) == ["a.json", "b.json", "team.db"]


def test_a_staging_file_left_by_a_killed_import_is_removed(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    casebook_with(target, make_case())
    leftover = isolated / "team.db.import-abc123.tmp"
    leftover.write_text("customer data")
    imported(coach, target, write_export(isolated / "a.json", [make_case()]))
    assert not leftover.exists()


# The laws, with hypothesis: versions of a few cases that differ in copy kind, time, text and
# comments, in files that may be redacted and may carry tombstones.

IDS = [uid(n) for n in (1, 2, 3)]
versions = st.builds(
    lambda case_id, day, lessons, review, comments, retained: make_case(
        id=case_id,
        updated_at=f"2026-11-{day:02d}T00:00:00.000Z",
        lessons=lessons,
        review_copy=review,
        retained=retained,
        followed_up_at=None if retained is None else f"2026-11-{day:02d}T00:00:00.000Z",
        comments=tuple(
            Comment(
                f"{case_id[:8]}-cccc-4000-8000-00000000000{n}",
                "A",
                f"2026-11-0{day}T00:00:00.000Z",
                text,
                comment_review,
            )
            for n, text, comment_review in comments
        ),
    ),
    st.sampled_from(IDS),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(["x", "y", None]),
    st.booleans(),
    st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["p", "q"]), st.booleans()),
        max_size=3,
        unique_by=lambda t: t[0],
    ),
    st.sampled_from([None, "yes", "no", "unknown"]),
)
files = st.tuples(
    st.lists(versions, max_size=3, unique_by=lambda c: c.id),
    st.lists(
        st.tuples(st.sampled_from(IDS), st.sampled_from([ago(days=2), ago(days=1)])), max_size=1
    ),
    st.sampled_from(["full", "redacted", "anonymised"]),
)
LAW = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
File = tuple[list[Case], list[Tombstone], str]


def merged(folder: Path, name: str, *batches: File) -> tuple[list[dict[str, Any]], list[Any]]:
    """The casebook that importing `batches` in order makes: its cases and tombstones."""
    path = folder / f"{name}.db"
    path.unlink(missing_ok=True)
    casebook = store.connect(path)
    assert casebook is not None
    for n, (cases, dead, kind) in enumerate(batches):
        flags = {"redacted": kind != "full", "anonymised_agents": kind == "anonymised"}
        file = write_export(folder / f"{name}-{n}.json", cases, tombstones=dead, **flags)
        with Staging.beside(path) as staging:
            stage_files(staging, [file])
            staging.index()
            store.merge_staged(casebook, staging)
    casebook.close()
    return snapshot(path), tombstones(path)


@LAW
@given(files)
def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, file: File) -> None:
    assert merged(tmp_path, "once", file) == merged(tmp_path, "twice", file, file)


@LAW
@given(files, files)
def test_a_then_b_equals_b_then_a(tmp_path: Path, a: File, b: File) -> None:
    assert merged(tmp_path, "ab", a, b) == merged(tmp_path, "ba", b, a)


@LAW
@given(files, files, files)
def test_three_casebooks_converge_in_any_order(tmp_path: Path, a: File, b: File, c: File) -> None:
    assert merged(tmp_path, "abc", a, b, c) == merged(tmp_path, "cab", c, a, b)


def test_two_versions_changed_at_the_same_moment_merge_alike_in_either_order(
    coach: Invoke, isolated: Path
) -> None:
    """Equal `updated_at`: the larger SHA-256 of the canonical JSON (SPEC §10) wins, so
    every machine ends with the same version whatever order the files arrive in."""
    base = make_case(
        id="5a1e0000-0000-4000-8000-000000000001",
        rule_cost=Decimal(700),
        alternative_cost=Decimal("49.95"),
    )
    versions = [replace(base, lessons="Washing is cheaper"), replace(base, lessons="Pay it")]

    def sha256(case: Case) -> str:
        # The canonical JSON of SPEC §10, by hand: the case without comments, sorted keys,
        # no white space, amounts in cents as integers.
        data = case.to_json()
        del data["comments"]
        data["rule_cost"], data["alternative_cost"] = 70000, 4995
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    larger = max(versions, key=sha256)
    paths = [write_export(isolated / f"v{n}.json", [v]) for n, v in enumerate(versions)]
    for order in (paths, paths[::-1]):
        casebook = isolated / f"{order[0].stem}-first.db"
        for path in order:
            imported(coach, casebook, path)
        (held,) = snapshot(casebook)
        assert held["lessons"] == larger.lessons
