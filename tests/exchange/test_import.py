"""`coach casebook import` (SPEC §10): checks first, all or nothing, and the merge laws."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli import store
from coachcli.domain.case import Case, CaseFilter, Comment
from coachcli.exchange import FORMAT, VERSION
from tests.conftest import Invoke
from tests.helpers import NOW, ago, casebook_with, make_case

REPOSITORY = Path(__file__).resolve().parents[2]
HEADER = {
    "format": FORMAT, "version": VERSION, "exported_at": "2026-11-24T00:00:00.000Z",
    "coach_version": "0.1.0", "redacted": False, "anonymised_agents": False, "filters": {},
}  # fmt: skip


def write_export(path: Path, cases: list[Case], *, jsonl: bool = False, **header: object) -> Path:
    head = HEADER | header
    if jsonl:
        lines = [json.dumps(head)] + [json.dumps(c.to_json()) for c in cases]
        path.write_text("\n".join(lines) + "\n")
    else:
        path.write_text(json.dumps(head | {"cases": [c.to_json() for c in cases]}))
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


def test_comments_are_a_union(coach: Invoke, target: Path, isolated: Path) -> None:
    case = make_case(comments=(Comment("c1", "Sanne", "2026-11-02T00:00:00.000Z", "first"),))
    casebook_with(target, case)
    theirs = replace(case, comments=(Comment("c2", "Bram", "2026-11-03T00:00:00.000Z", "second"),))
    report = imported(coach, target, write_export(isolated / "b.json", [theirs]))
    assert report["updated"] == 1
    (stored,) = snapshot(target)
    assert [c["id"] for c in stored["comments"]] == ["c1", "c2"]


def test_a_deleted_case_stays_deleted(coach: Invoke, target: Path, isolated: Path) -> None:
    case = make_case()
    casebook_with(target, case)
    assert coach("--casebook", str(target), "case", "delete", case.id[:8], "--yes").exit_code == 0
    report = imported(coach, target, write_export(isolated / "c.json", [case]))
    assert report["skipped"] == [{"id": case.id, "reason": "deleted"}]
    assert snapshot(target) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "coach-casebook", "version": 1, "cases": [{"id": "x"', "not a coach casebook"),
        ('{"format": "something-else", "version": 1, "cases": []}', "not a coach casebook"),
        ('{"format": "coach-casebook", "version": 2, "cases": []}', "version 2"),
        ("\x00\x01 garbage", "not a coach casebook"),
    ],
)
def test_garbled_files_change_nothing(
    coach: Invoke, target: Path, isolated: Path, content: str, message: str
) -> None:
    casebook_with(target, make_case())
    before = snapshot(target)
    bad = isolated / "bad.json"
    bad.write_text(content)
    result = coach("--casebook", str(target), "casebook", "import", str(bad))
    assert result.exit_code == 1
    assert message in result.stderr and str(bad) in result.stderr
    assert snapshot(target) == before


def test_a_bad_case_names_its_line_and_nothing_lands(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    good = make_case()
    bad = make_case(status="pending")
    path = write_export(isolated / "cases.jsonl", [good, bad], jsonl=True)
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code == 1
    assert f"line 3 (id {bad.id})" in result.stderr and "status" in result.stderr
    assert snapshot(target) == []


def test_a_truncated_file_changes_nothing(coach: Invoke, target: Path, isolated: Path) -> None:
    casebook_with(target, make_case())
    before = snapshot(target)
    full = write_export(isolated / "full.jsonl", [make_case() for _ in range(5)], jsonl=True)
    truncated = isolated / "truncated.jsonl"
    truncated.write_text(full.read_text()[:-200])
    assert coach("--casebook", str(target), "casebook", "import", str(truncated)).exit_code == 1
    assert snapshot(target) == before


def test_the_same_id_twice_in_one_file_is_an_error(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    case = make_case()
    path = write_export(isolated / "twice.json", [case, replace(case, lessons="again")])
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code == 1
    assert case.id in result.stderr


def test_an_anonymised_file_imports_with_a_warning(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    path = write_export(
        isolated / "anon.json", [make_case(agent="Agent A")], anonymised_agents=True
    )
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code == 0
    assert "pseudonyms" in result.stderr


def test_the_demo_casebook_imports_on_a_fresh_clone(coach: Invoke, target: Path) -> None:
    report = imported(coach, target, REPOSITORY / "casebooks" / "demo.json")
    assert report["added"] >= 8
    cases = snapshot(target)
    assert {c["decision"] for c in cases} >= {"set-aside", "escalated", "followed-rule"}
    assert any(c["verdict"] == "stop" for c in cases)
    assert any(c["rule_changed"] for c in cases)
    assert any(c["lessons"] and c["status"] == "closed" for c in cases)
    assert any(c["comments"] and c["decision"] == "escalated" for c in cases)


# The laws, with hypothesis: versions of a few cases that differ in time, text and comments.
IDS = [f"{n:08x}-0000-4000-8000-000000000000" for n in (1, 2, 3)]
versions = st.builds(
    lambda case_id, day, lessons, comments: make_case(
        id=case_id,
        updated_at=f"2026-11-{day:02d}T00:00:00.000Z",
        lessons=lessons,
        comments=tuple(
            Comment(f"{case_id}-c{n}", "A", "2026-11-01T00:00:00.000Z", text)
            for n, text in comments
        ),
    ),
    st.sampled_from(IDS),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(["x", "y", None]),
    st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["p", "q"])),
        max_size=3,
        unique_by=lambda t: t[0],
    ),
)
files = st.lists(versions, max_size=4, unique_by=lambda c: c.id)
LAW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def merged(folder: Path, name: str, *batches: list[Case]) -> list[dict[str, Any]]:
    path = folder / f"{name}.db"
    path.unlink(missing_ok=True)
    casebook = store.connect(path)
    assert casebook is not None
    for batch in batches:
        store.merge_cases(casebook, batch)
    casebook.close()
    return snapshot(path)


@LAW
@given(files)
def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, cases: list[Case]) -> None:
    assert merged(tmp_path, "once", cases) == merged(tmp_path, "twice", cases, cases)


@LAW
@given(files, files)
def test_a_then_b_equals_b_then_a(tmp_path: Path, a: list[Case], b: list[Case]) -> None:
    assert merged(tmp_path, "ab", a, b) == merged(tmp_path, "ba", b, a)


def test_export_import_export_gives_the_same_cases(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    source = isolated / "source.db"
    comment = Comment("k", "Sanne", "2026-11-02T00:00:00.000Z", "ok")
    cases = [
        make_case(tags=("a", "b"), comments=(comment,)),
        make_case(status="closed", outcome="resolved", lessons="learned"),
    ]
    casebook_with(source, *cases)
    first = isolated / "first.json"
    assert coach("--casebook", str(source), "casebook", "export", "--no-redact", "--output",
                 str(first)).exit_code == 0  # fmt: skip
    imported(coach, target, first)
    second = isolated / "second.json"
    coach("--casebook", str(target), "casebook", "export", "--no-redact", "--output", str(second))
    assert json.loads(first.read_text())["cases"] == json.loads(second.read_text())["cases"]


def test_a_bad_second_file_means_the_good_first_file_does_not_land_either(
    coach: Invoke, target: Path, isolated: Path
) -> None:
    kept = make_case(created_at=ago(days=9), updated_at=ago(days=9), lessons="ours")
    casebook_with(target, kept)
    before = digest(target)
    good = write_export(
        isolated / "good.json",
        [
            replace(kept, updated_at=ago(days=1), lessons="theirs"),
            make_case(created_at=ago(days=2), updated_at=ago(days=2)),
        ],
    )
    bad = write_export(
        isolated / "bad.json",
        [make_case(created_at=ago(days=2), updated_at=ago(days=2), status="?")],
    )
    result = coach("--casebook", str(target), "casebook", "import", str(good), str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.stderr and "nothing was imported" in result.stderr
    assert [c["id"] for c in snapshot(target)] == [kept.id]
    assert snapshot(target)[0]["lessons"] == "ours"
    assert digest(target) == before


@pytest.mark.parametrize(
    ("field", "rule_cost", "alternative_cost"),
    [("rule_cost", "-5", "50"), ("alternative_cost", "700", "-0.01")],
)
def test_a_negative_amount_is_refused_by_name_and_nothing_lands(
    coach: Invoke,
    target: Path,
    isolated: Path,
    field: str,
    rule_cost: str,
    alternative_cost: str,
) -> None:
    casebook_with(target, make_case(created_at=ago(days=9), updated_at=ago(days=9)))
    before = snapshot(target)
    good = make_case(created_at=ago(days=2), updated_at=ago(days=2))
    negative = replace(
        good,
        id=str(uuid.uuid4()),
        rule_cost=Decimal(rule_cost),
        alternative_cost=Decimal(alternative_cost),
    )
    path = write_export(isolated / "negative.json", [good, negative])
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"coach: {path}, #2 (id {negative.id}): {field} must be an amount from 0 to "
        "1000000000.00 with at most two decimals; nothing was imported.\n"
    )
    assert snapshot(target) == before


def test_two_versions_changed_at_the_same_moment_merge_alike_in_either_order(
    coach: Invoke, isolated: Path
) -> None:
    """Equal `updated_at`: the larger SHA-256 of the canonical JSON (SPEC §10) wins, so
    every machine ends with the same version whatever order the files arrive in."""
    base = make_case(
        id="5a1e0000-0000-4000-8000-000000000001",
        created_at=ago(days=6),
        updated_at=ago(days=1),
        rule_cost=None,
        alternative_cost=None,
    )
    versions = [replace(base, lessons="Washing is cheaper"), replace(base, lessons="Pay it")]

    def sha256(case: Case) -> str:
        # The canonical JSON of SPEC §10, by hand: the case without comments, sorted keys,
        # no white space. (No amounts here, so cents and floats cannot differ.)
        data = case.to_json()
        del data["comments"]
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    larger = max(versions, key=sha256)
    files = [write_export(isolated / f"v{n}.json", [v]) for n, v in enumerate(versions)]
    for order in (files, files[::-1]):
        casebook = isolated / f"{order[0].stem}-first.db"
        for path in order:
            imported(coach, casebook, path)
        (held,) = snapshot(casebook)
        assert held["lessons"] == larger.lessons
