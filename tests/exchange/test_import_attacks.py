"""Import as an attacker would use it (SPEC §10, §13): fuzzed and hostile files.

Whatever a file holds, import either refuses it with one line (exit 1) and changes
nothing, or takes it in so that no other command fails on it afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli.domain.case import Comment
from tests.conftest import Invoke
from tests.exchange.test_import import HEADER, cid, snapshot, uid, write_export
from tests.helpers import ago, ahead, casebook_with, home_config, make_case

LAUNCHER = Path(__file__).resolve().parents[2] / "benchmarks" / "peak_rss.py"
NASTY = "\x1b]0;owned\x07\x1b[2J\u202eevil\u2028line\u0085next\x0b\x0c\x1c\x00 <script>=1+1"


def hostile_cases() -> list[Any]:
    """Valid, but at every edge: the first and last years, zero and huge amounts, the
    longest texts, terminal escapes and every line break, odd combinations of fields."""
    long = "lang " * 20_000  # 100,000 characters
    return [
        make_case(id=uid(1), created_at="1971-01-01T00:00:00.000Z",
                  updated_at="2999-12-31T23:59:59.999Z", deadline="1971-01-01T00:00:00.000Z",
                  status="open", decision=None, situation=NASTY, rule=NASTY, alternative=NASTY,
                  lessons=long, promise=long, rule_cost=D(0), alternative_cost=D(1_000_000_000),
                  tags=tuple(f"t{n}{NASTY[:5]}" for n in range(100)), agent="../../etc/passwd",
                  team=NASTY, colour="green", customer=NASTY[:200]),
        make_case(id=uid(2), created_at="2999-12-31T00:00:00.000Z",
                  updated_at="1971-01-01T00:00:00.000Z", decided_at="1971-01-01T00:00:00.000Z",
                  closed_at="2999-12-31T23:59:59.999Z", deadline="2999-12-31T23:59:59.999Z",
                  status="closed", decision="set-aside", outcome="legal", rung=4, rung_inferred=1,
                  verdict="stop", rule_cost=None, alternative_cost=D("0.01"), agent="🙂", team="",
                  comments=tuple(Comment(cid(n), NASTY[:200], "1971-01-01T00:00:00.000Z", NASTY)
                                 for n in range(50))),
        make_case(id=uid(3), status="decided", decision=None, decided_at=None, verdict=None,
                  answers={"loyalty": None, "cost": None, "human": None, "risk": None},
                  notes={"loyalty": NASTY, "cost": long, "human": None, "risk": ""},
                  rule_cost=None, alternative_cost=None, currency="XXX", rung=None),
        make_case(id=uid(4), status="open", decision="escalated", deadline=ago(days=400),
                  created_at=ahead(days=30), updated_at=ahead(days=30), outcome="withdrawn"),
    ]  # fmt: skip


def test_nothing_imported_can_make_another_command_fail(
    coach: Invoke, isolated: Path, tmp_path: Path
) -> None:
    (isolated / "coach.toml").write_text("")
    home_config('agent = "Sanne"\n')
    path = write_export(isolated / "hostile.json", hostile_cases())
    result = coach("casebook", "import", str(path))
    assert result.exit_code == 0, result.output
    assert len(snapshot(isolated / "casebooks" / "casebook.db")) == 4
    runs = [
        ["case", "list"], ["case", "list", "--overdue"], ["case", "list", "--limit", "0"],
        ["case", "list", "--json"], ["case", "list", "--status", "open", "--agent", "🙂"],
        ["case", "list", "--since", "1971-01-01", "--until", "2999-12-31"],
        ["case", "search", "lang"], ["case", "search", "evil"], ["case", "similar",
        "--situation", "lang evil"], ["casebook", "stats"], ["casebook", "stats", "--json"],
        ["casebook", "rules"], ["casebook", "rules", "--json"], ["budget", "--agent", "🙂"],
        ["doctor"],
        *(["case", "show", uid(n)[:8]] for n in range(1, 5)),
        *(["case", "show", uid(n)[:8], "--json"] for n in range(1, 5)),
        *(["casebook", "export", "--format", fmt, *extra]
          for fmt in ("json", "jsonl", "csv", "md", "html")
          for extra in ((), ("--no-redact",), ("--anonymise-agents",))),
        ["casebook", "export", "--output", str(tmp_path / "out.xlsx")],
    ]  # fmt: skip
    for args in runs:
        run = coach(*args)
        assert run.exit_code in (0, 2), (args, run.output[-500:])  # xlsx: not a format yet
        assert "unexpected" not in run.stderr, (args, run.stderr)
    for lang in ("en", "nl"):
        assert coach("--lang", lang, "case", "list", "--overdue").exit_code == 0
    # And what was exported goes back in unchanged.
    again = isolated / "again.jsonl"
    assert coach("casebook", "export", "--no-redact", "--output", str(again)).exit_code == 0
    report = coach("casebook", "import", str(again), "--json")
    assert json.loads(report.stdout)["unchanged"] == 4


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
case_keys = st.sampled_from(list(make_case().to_json()))
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def import_outcome(coach: Invoke, target: Path, path: Path) -> None:
    """Either a clean import or one line on stderr with exit 1: never a crash."""
    result = coach("--casebook", str(target), "casebook", "import", str(path))
    assert result.exit_code in (0, 1), result.output
    assert "unexpected" not in result.stderr, result.stderr
    if result.exit_code == 1:
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr


@FUZZ
@given(document=json_values)
def test_random_json_never_crashes_the_import(
    coach: Invoke, isolated: Path, document: object
) -> None:
    path = isolated / "random.json"
    path.write_text(json.dumps(document))
    import_outcome(coach, isolated / "fuzz.db", path)


@FUZZ
@given(changes=st.dictionaries(case_keys, json_values, min_size=1, max_size=4),
       jsonl=st.booleans())  # fmt: skip
def test_a_case_with_random_fields_is_taken_or_refused_by_name(
    coach: Invoke, isolated: Path, changes: dict[str, Any], jsonl: bool
) -> None:
    data = make_case().to_json() | changes
    path = isolated / ("case.jsonl" if jsonl else "case.json")
    if jsonl:
        path.write_text(json.dumps(HEADER) + "\n" + json.dumps(data) + "\n")
    else:
        path.write_text(json.dumps(HEADER | {"cases": [data]}))
    target = isolated / "fuzz.db"
    import_outcome(coach, target, path)
    if target.exists():
        for args in (["case", "list", "--overdue"], ["casebook", "stats"], ["casebook", "rules"]):
            run = coach("--casebook", str(target), *args)
            assert run.exit_code == 0, (args, run.output)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=2000), jsonl=st.booleans())
def test_a_file_cut_anywhere_is_whole_or_refused(
    coach: Invoke, isolated: Path, cut: int, jsonl: bool
) -> None:
    full = write_export(isolated / ("full.jsonl" if jsonl else "full.json"),
                        [make_case(id=uid(n)) for n in range(3)], jsonl=jsonl)  # fmt: skip
    data = full.read_bytes()
    kept = data[: min(cut, len(data))]
    path = isolated / "cut"
    path.write_bytes(kept)
    target = isolated / f"fuzz-{cut}-{jsonl}.db"  # its own casebook, whatever ran before
    import_outcome(coach, target, path)
    # A jsonl file cut exactly after a case's line is a shorter file that nothing can tell
    # from a smaller export (SPEC §10 gives jsonl no trailer): its whole lines land.
    whole_lines = kept.count(b"\n") - 1 if jsonl and kept.endswith(b"\n") else None
    allowed = {0, 3} | ({min(whole_lines, 3)} if whole_lines is not None else set())
    assert len(snapshot(target)) in allowed if target.exists() else True


def test_dev_zero_is_refused_at_once_without_filling_memory(tmp_path: Path) -> None:
    """Found: `casebook import /dev/zero` grew to 24 GB. A child process with a 1 GB address
    space limit shows that the import does not even try."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30));"
    program = f"{limit} from coachcli.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", program, "--casebook", str(tmp_path / "c.db"), "casebook",
         "import", "/dev/zero"],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        "coach: /dev/zero is not a coach casebook export (expected format coach-casebook, "
        "as json or jsonl); nothing was imported.\n"
    )


@pytest.mark.parametrize("jsonl", [False, True])
def test_a_huge_case_or_deep_nesting_is_a_clear_error_with_bounded_memory(
    tmp_path: Path, jsonl: bool
) -> None:
    path = tmp_path / "huge.json"
    head = json.dumps(HEADER)
    with path.open("w") as out:
        if jsonl:
            out.write(head + '\n{"situation": "' + "a" * 40_000_000 + '"}\n')
        else:
            out.write(head[:-1] + ', "cases": [{"situation": "' + "a" * 40_000_000 + '"}]}')
    done, peak_mb = measured(sys.executable, "-m", "coachcli", "--casebook",
                             str(tmp_path / "c.db"), "casebook", "import", str(path))  # fmt: skip
    assert done.returncode == 1
    where = "line 2" if jsonl else "line 1"
    assert done.stderr == (
        f"coach: {path}, {where}: a case of more than 16 MB; nothing was imported.\n"
    )
    assert peak_mb < 100, peak_mb  # the 40 MB text is never held whole


def measured(*command: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `command` through the launcher that measures its own peak RSS (a forked child's
    maximum would include this test process's pages)."""
    out = Path(command[-1]).with_name("peak.txt")
    done = subprocess.run(
        [sys.executable, str(LAUNCHER), str(out), "--", *command],
        check=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return done, int(out.read_text()) / 1024


def test_a_jsonl_line_with_every_kind_of_break_round_trips(coach: Invoke, isolated: Path) -> None:
    """Found: coach's own jsonl could not be re-imported when a text held U+2028, U+2029,
    U+0085, \\x0b, \\x0c or \\x1c (the reader used str.splitlines)."""
    odd = "a\u2028b\u2029c\u0085d\x0be\x0cf\x1cg\rh\r\ni"
    source = casebook_with(isolated / "odd.db", make_case(situation=odd, promise=odd,
                           comments=(Comment(cid(1), "Bram", ago(days=1), odd),)))  # fmt: skip
    out = isolated / "odd.jsonl"
    assert coach("--casebook", str(source), "casebook", "export", "--no-redact", "--output",
                 str(out)).exit_code == 0  # fmt: skip
    target = isolated / "target.db"
    result = coach("--casebook", str(target), "casebook", "import", str(out))
    assert result.exit_code == 0, result.output
    (case,) = snapshot(target)
    assert (case["situation"], case["promise"], case["comments"][0]["text"]) == (odd, odd, odd)
