"""Measure coach against the targets of SPEC §14 and print the table for the README.

    python benchmarks/run.py            # the full run: casebooks of 100,000 and 1,000,000
    python benchmarks/run.py --quick    # smaller data and fewer runs, to check the script
    python benchmarks/run.py --json results.json

It builds its own synthetic data (through the store's bulk path) in a temporary folder.
Each start-up figure is measured alternately with its baseline program from
`benchmarks/baselines/` in the same run: several runs, median reported with min and max.
Peak memory is each child process's own maximum resident set size, measured by a small
launcher (`peak_rss.py`) that forks the command from itself: a child forked from this
script would count this script's pages too (the kernel's max RSS includes the parent's
pages up to `exec`), so its "flat" check could not fail.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINES = HERE / "baselines"
PYTHON = sys.executable
# The installed `coach` script, as an agent types it; `python -m` would add runpy's cost.
_SCRIPT = Path(PYTHON).with_name("coach")
COACH = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "coachcli"]


@dataclass
class Row:
    what: str
    seconds: list[float]
    target: str
    baseline: list[float] = field(default_factory=list)
    limit: float | None = None  # seconds, or a ratio when there is a baseline
    rss_mb: float | None = None
    rss_limit: float | None = None
    # With a baseline shown only for comparison, the limit is on the median itself.
    absolute: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.baseline) if self.baseline else None

    @property
    def ok(self) -> bool:
        value = self.ratio if self.baseline and not self.absolute else self.median
        fits = self.limit is None or (value is not None and value <= self.limit)
        return fits and (self.rss_limit is None or (self.rss_mb or 0) <= self.rss_limit)

    def to_json(self) -> dict[str, object]:
        return {
            "what": self.what,
            "median_s": round(self.median, 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            "baseline_median_s": round(statistics.median(self.baseline), 4)
            if self.baseline
            else None,
            "ratio": round(self.ratio, 2) if self.ratio else None,
            "peak_rss_mb": self.rss_mb,
            "target": self.target,
            "ok": self.ok,
        }


def run(argv: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MB of one command, measured by the launcher."""
    peak = cwd / ".peak-rss"
    start = time.perf_counter()
    child = subprocess.run(
        [PYTHON, str(HERE / "peak_rss.py"), str(peak), "--", *argv],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{child.stderr.decode()}")
    return elapsed, int(peak.read_text()) / 1024


def lock_held(
    argv: Sequence[str], env: dict[str, str], cwd: Path, casebook: Path
) -> tuple[float, float, float]:
    """Run `argv` (an import) while probing the casebook's write lock every 5 ms: wall time,
    peak RSS and the longest stretch during which no other process could write."""
    import sqlite3

    peak = cwd / ".peak-rss"
    start = time.perf_counter()
    child = subprocess.Popen(
        [PYTHON, str(HERE / "peak_rss.py"), str(peak), "--", *argv],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    longest, since = 0.0, None
    while child.poll() is None:
        try:
            probe = sqlite3.connect(casebook, timeout=0, isolation_level=None)
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            probe.close()
            if since is not None:
                longest, since = max(longest, time.perf_counter() - since), None
        except sqlite3.OperationalError:
            since = since if since is not None else time.perf_counter()
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    if since is not None:
        longest = max(longest, time.perf_counter() - since)
    if child.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, int(peak.read_text()) / 1024, longest


def alternate(
    runs: int, mine: Callable[[], float], base: Callable[[], float]
) -> tuple[list[float], list[float]]:
    ours, theirs = [], []
    mine(), base()  # warm the file cache; not counted
    for _ in range(runs):
        ours.append(mine())
        theirs.append(base())
    return ours, theirs


def time_to_prompt(
    argv: Sequence[str], env: dict[str, str], cwd: Path, prompt: str = "Situation"
) -> float:
    """Seconds until the first prompt (`prompt`) is on a pseudo-terminal's screen."""
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(
        argv[0],
        list(argv[1:]),
        env=env,
        cwd=str(cwd),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    child.expect(prompt)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


WORDS = {
    "situation": [
        "wig",
        "wash",
        "chemo",
        "glasses",
        "holiday",
        "hearing",
        "aid",
        "dentist",
        "referral",
        "taxi",
        "hospital",
        "invoice",
        "premium",
        "refund",
        "physio",
        "claim",
        "app",
        "letter",
        "pruik",
        "bril",
        "vakantie",
        "tandarts",
        "verwijzing",
        "ziekenhuis",
        "declaratie",
    ],
    "rule": [
        "Policy pays a new wig only",
        "Contracted opticians only",
        "One hearing aid per five years",
        "Refunds in the next payment run",
        "Claims through the app only",
        "Referral required",
        "Transport by ambulance only",
        "No compensation for delays",
    ],
}


# What agents type about a customer, in about one case in five (SPEC §14: "20% of cases hold
# personal data"): a redacted export is measured on text that gives the redactor work. Each
# case gets numbers of its own (the IBANs and BSNs pass their checksums), so no cache of
# earlier answers flatters the figure.
PERSONAL = {
    "situation": [
        "Mevrouw belt vanaf {mobile} over de pruik, terugbellen na 16:00",
        "Customer called from +44 20 7946 {four} about the refund of EUR 120.50",
        "Klant (geb. {day}-03-19{year}) wil de taxi vergoed, bel 010 - {three} 45 67",
        "Meneer woont op 6811 KD Arnhem en mailt j.jansen{year} @ gmail.com",
    ],
    "note": [
        "mail naar jan{year}[at]example[dot]nl, polis 2024-001234",
        "BSN {bsn} gecontroleerd, AGB-code 01012345 klopt",
        "terugstorten op {iban} voor vrijdag",
        "born March {day}, 19{year}; treated on 2 April 2026 at 10:30",
    ],
    "comment": [
        "Teruggebeld op 06.{two}.34.56.78, geen gehoor",
        "IBAN {iban} voor de terugbetaling, € 49,95",
        "Ze woont op 5611 ab, dossier 12345",
    ],
}


def personal(template: str, rng: random.Random) -> str:
    """A template filled in with numbers of its own."""
    from stdnum import iban
    from stdnum.nl import bsn

    account = "ABNA" + "".join(rng.choices("0123456789", k=10))
    number = "0"
    while not bsn.is_valid(number):  # one in eleven passes the 11-check
        number = "".join(rng.choices("123456789", k=1) + rng.choices("0123456789", k=8))
    return template.format(
        mobile="06-" + "".join(rng.choices("0123456789", k=8)),
        four=rng.randint(1000, 9999),
        three=rng.randint(100, 999),
        two=rng.randint(10, 99),
        day=rng.randint(10, 28),
        year=rng.randint(40, 99),
        iban=iban.format("NL" + iban.calc_check_digits("NL00" + account) + account),
        bsn=number,
    )


# Ordinary digits that must survive, in many other cases: amounts, dates, times, codes.
ORDINARY = [
    "Pay the wash, € 50,00 instead of € 700",
    "Vergoeding van 1.450,00 per 12-03-2026, afspraak om 14:45",
    "Sinds 2024 IT-problemen met de app, claim 2026-000123",
    "Do the kind thing instead",
]


def synthetic_cases(count: int, seed: int = 1) -> Iterator[object]:
    from coachcli.domain.case import Case, Comment, iso

    rng = random.Random(seed)
    agents = [f"Agent {n:03d}" for n in range(200)]
    start = 1_700_000_000.0
    from datetime import UTC, datetime

    for n in range(count):
        created = iso(datetime.fromtimestamp(start + n * 30, UTC))
        status = rng.choice(("open", "decided", "decided", "closed"))
        decision = None if status == "open" else rng.choice(("followed-rule", "set-aside"))
        words = " ".join(rng.choices(WORDS["situation"], k=8)) + f" call {n}"
        situation, note = words, None
        comments: tuple[Comment, ...] = ()
        if rng.random() < 0.2:
            situation = f"{words}. {personal(rng.choice(PERSONAL['situation']), rng)}"
            note = personal(rng.choice(PERSONAL["note"]), rng)
            text = personal(rng.choice(PERSONAL["comment"]), rng)
            comment_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            comments = (Comment(comment_id, rng.choice(agents), created, text),)
        yield Case(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            created_at=created,
            updated_at=created,
            decided_at=created if decision else None,
            agent=rng.choice(agents),
            team=rng.choice(("Zorg", "Schade", "Reis")),
            situation=situation,
            rule=rng.choice(WORDS["rule"]),
            alternative=rng.choice(ORDINARY),
            currency="EUR",
            status=status,
            decision=decision,
            rule_cost=Decimal(rng.randint(0, 80000)).scaleb(-2),
            alternative_cost=Decimal(rng.randint(0, 20000)).scaleb(-2),
            verdict=rng.choice(("go", "discuss", "stop")),
            rung=rng.randint(1, 4),
            rung_inferred=rng.randint(1, 4),
            answers={"loyalty": "yes", "cost": "lower", "human": "yes", "risk": "none"},
            notes={"loyalty": note, "cost": None, "human": None, "risk": None},
            comments=comments,
            outcome="resolved" if status == "closed" else None,
            deadline=created if status == "open" else None,
            tags=(rng.choice(("zorg", "reis", "schade")),),
        )


def build_casebook(path: Path, count: int) -> float:
    from coachcli import store

    start = time.perf_counter()
    casebook = store.connect(path)
    assert casebook is not None
    store.bulk_insert(casebook, synthetic_cases(count))  # type: ignore[arg-type]
    casebook.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    casebook.db.execute("ANALYZE")
    casebook.close()
    return time.perf_counter() - start


def build_profiles(folder: Path, count: int) -> None:
    import tomllib

    import tomli_w

    folder.mkdir(parents=True, exist_ok=True)
    demo = sorted((HERE.parent / "profiles").glob("*.toml"))
    templates = [tomllib.loads(p.read_text()) for p in demo]
    for n in range(count):
        profile = dict(templates[n % len(templates)])
        profile["name"] = f"Agent {n:04d}"
        (folder / f"agent-{n:04d}.toml").write_text(tomli_w.dumps(profile))


def compile_sources() -> None:
    """Write coach's .pyc files, as `pip install` does (an editable install does not)."""
    import compileall

    import coachcli

    compileall.compile_dir(Path(coachcli.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, few runs")
    parser.add_argument("--runs", type=int, default=None, help="runs per start-up figure")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    small, large = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    runs = args.runs or (5 if args.quick else 15)
    rows: list[Row] = []

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        root = Path(tmp)
        (root / "coach.toml").write_text("")  # a workspace; the name is personal (§2):
        (root / "home").mkdir()
        (root / "home" / "config.toml").write_text('agent = "Agent 001"\n')
        # As installed: pip compiles a package's bytecode, so coach starts from .pyc files as
        # the baselines' libraries do. A shell that sets PYTHONDONTWRITEBYTECODE (some do)
        # would otherwise have coach recompile its own sources on every start, and only its.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("COACH_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env |= {"COACH_HOME": str(root / "home"), "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
        compile_sources()
        small_db, large_db = root / "small.db", root / "large.db"
        print(f"building {small:,} and {large:,} cases ...", file=sys.stderr)
        built_small = build_casebook(small_db, small)
        built_large = build_casebook(large_db, large)
        print(f"  built in {built_small:.1f} s and {built_large:.1f} s", file=sys.stderr)

        def wall(*argv: str) -> Callable[[], float]:
            return lambda: run(argv, env, root)[0]

        ours, base = alternate(
            runs, wall(*COACH, "--help"), wall(PYTHON, str(BASELINES / "help_app.py"), "--help")
        )
        rows.append(Row("coach --help", ours, "≤ 1.3 x help_app.py --help", base, 1.3))

        ours, base = alternate(
            runs,
            lambda: time_to_prompt([*COACH, "case", "new"], env, root),
            lambda: time_to_prompt([PYTHON, str(BASELINES / "prompt_app.py")], env, root),
        )
        rows.append(Row("first prompt of coach case new", ours, "≤ 1.3 x prompt_app.py", base, 1.3))

        new_case = [
            *COACH,
            "--casebook",
            str(small_db),
            "case",
            "new",
            "--no-input",
            "--json",
            "--situation",
            "Wig wash before chemo",
            "--rule",
            "Policy pays a new wig only",
            "--alternative",
            "Pay the wash",
            "--customer",
            "ref 1",
            "--rule-cost",
            "700",
            "--alt-cost",
            "50",
            "--loyalty",
            "yes",
            "--human",
            "yes",
            "--risk",
            "none",
            "--loyalty-note",
            "long-time customer",
            "--cost-note",
            "cheaper",
            "--human-note",
            "she cried",
            "--risk-note",
            "none",
            "--rung",
            "1",
            "--decision",
            "set-aside",
            "--promise",
            "We pay the wash",
            "--tag",
            "zorg",
            "--agent",
            "Agent 001",
            "--team",
            "Zorg",
        ]
        insert_db = root / "insert.db"
        ours, base = alternate(
            runs, wall(*new_case), wall(PYTHON, str(BASELINES / "insert_app.py"), str(insert_db))
        )
        rows.append(
            Row(
                f"coach case new --no-input --json, {small:,} cases",
                ours,
                "≤ 1.3 x insert_app.py",
                base,
                1.3,
            )
        )

        for label, argv in [
            ("case list", ["case", "list"]),
            (
                "case list --status open --agent ...",
                ["case", "list", "--status", "open", "--agent", "Agent 007"],
            ),
            (
                "case list --team ... --since ...",
                ["case", "list", "--team", "Reis", "--since", "2024-01-01"],
            ),
            ("case search wig", ["case", "search", "wig"]),
            ('case search "hearing aid dentist"', ["case", "search", "hearing aid dentist"]),
        ]:
            times = [
                run([*COACH, "--casebook", str(large_db), *argv], env, root)[0]
                for _ in range(max(3, runs // 3))
            ]
            rows.append(Row(f"{label}, {large:,} cases", times, "≤ 300 ms", limit=0.3))

        rows += report_rows(root, env, large, large_db, max(3, runs // 3))
        out = root / f"export-{small}.json"
        rows.append(redacted_export(root, env, small, small_db, out))
        sizes = {}
        for size, db in ((small, small_db), (large, large_db)):
            raw = root / f"raw-{size}.json"
            sizes[size] = run(
                [
                    *COACH,
                    "--casebook",
                    str(db),
                    "casebook",
                    "export",
                    "--no-redact",
                    "--output",
                    str(raw),
                ],
                env,
                root,
            )
            out = raw if size == small else out
        (small_s, small_rss), (large_s, large_rss) = sizes[small], sizes[large]
        rows.append(
            Row(
                f"export {small:,} cases, --no-redact",
                [small_s],
                "(for comparison)",
                rss_mb=round(small_rss, 1),
            )
        )
        rows.append(
            Row(
                f"export {large:,} cases, --no-redact",
                [large_s],
                f"peak RSS flat from {small:,} ({small_rss:.0f} MB)",
                rss_mb=round(large_rss, 1),
                rss_limit=small_rss * 1.25 + 5,
            )
        )

        rows += import_rows(root, env, small, large, small_db, large_db)

        profiles = root / "team"
        build_profiles(profiles, 2000)
        times = [
            run([*COACH, "team", "profile", str(profiles)], env, root)[0]
            for _ in range(max(3, runs // 3))
        ]
        rows.append(Row("team profile, 2,000 profile files", times, "≤ 1 s", limit=1.0))

    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([r.to_json() for r in rows], indent=2) + "\n")


def report_rows(root: Path, env: dict[str, str], size: int, db: Path, runs: int) -> list[Row]:
    """What the casebook teaches (SPEC §11) on the team casebook: each within a second."""
    rows = []
    for label, argv in [
        ("casebook stats", ["casebook", "stats"]),
        ("casebook stats --by month", ["casebook", "stats", "--by", "month"]),
        ("casebook rules", ["casebook", "rules"]),
    ]:
        times = [run([*COACH, "--casebook", str(db), *argv], env, root)[0] for _ in range(runs)]
        rows.append(Row(f"{label}, {size:,} cases", times, "≤ 1 s", limit=1.0))
    train = [*COACH, "--casebook", str(db), "train"]
    times = [time_to_prompt(train, env, root, "loyalty") for _ in range(runs)]
    rows.append(Row(f"train's first question, {size:,} cases", times, "≤ 1 s", limit=1.0))
    return rows


def redacted_export(root: Path, env: dict[str, str], size: int, db: Path, out: Path) -> Row:
    """The default export is redacted: that is what a trainer runs, so that is measured,
    alternately with the same export unredacted, so that a busy machine shows in both."""
    export = [*COACH, "--casebook", str(db), "casebook", "export", "--output"]
    redacted, plain, rss = [], [], 0.0
    for _ in range(3):
        seconds, peak = run([*export, str(out)], env, root)
        redacted.append(seconds)
        rss = max(rss, peak)
        plain.append(run([*export, str(root / "plain.json"), "--no-redact"], env, root)[0])
    return Row(
        f"export {size:,} cases to json (redacted, the default; 20% with personal data)",
        redacted,
        f"≤ {4 * size / 100_000:g} s, ≤ 150 MB (baseline: the same, --no-redact)",
        baseline=plain,
        limit=4.0 * size / 100_000,  # SPEC §14: 4 s for 100,000 cases; --quick exports fewer
        rss_mb=round(rss, 1),
        rss_limit=150,
        absolute=True,
    )


def import_rows(
    root: Path, env: dict[str, str], small: int, large: int, small_db: Path, large_db: Path
) -> list[Row]:
    """Import (SPEC §14): time and peak RSS of a json export into a new casebook, the write
    lock it holds, and memory from a tenth of `small` to `large` cases (flat: staged on disk)."""
    tenth = root / "tenth.db"
    build_casebook(tenth, small // 10)
    rows, peaks = [], {}
    for size, db in ((small // 10, tenth), (small, small_db), (large, large_db)):
        exported = export_of(root, env, db)
        target = root / f"imported-{size}.db"
        argv = [*COACH, "--casebook", str(target), "casebook", "import", str(exported)]
        seconds, rss, lock = lock_held(argv, env, root, target)
        peaks[size] = rss
        if size != small:
            what = f"import {size:,} cases (json)"
            rows.append(Row(what, [seconds], f"lock held {lock:.2f} s", rss_mb=round(rss, 1)))
            continue
        what = f"import {size:,} cases (json, into a new casebook)"
        target_text = "≤ 6 s, ≤ 150 MB"
        rows.append(Row(what, [seconds], target_text, limit=6.0, rss_mb=rss, rss_limit=150))
        expected = f"about {size / 50_000:.0f} s (1 s per 50,000 cases)"
        rows.append(
            Row("write lock held by that import", [lock], expected, limit=size / 50_000 * 1.5)
        )
        again, again_rss, again_lock = lock_held(argv, env, root, target)
        what = f"the same file again (nothing changes; lock held {again_lock:.2f} s)"
        rows.append(Row(what, [again], "(for comparison)", rss_mb=again_rss))
    flat = f"flat from {small // 10:,} ({peaks[small // 10]:.0f} MB) to {large:,} cases"
    rows.append(Row("import peak RSS", [0.0], flat, rss_mb=peaks[large], rss_limit=150))
    return rows


def export_of(root: Path, env: dict[str, str], db: Path) -> Path:
    """A full json export of `db` (--no-redact: a review copy would not replace anything)."""
    exported = root / f"export-of-{db.stem}.json"
    argv = [*COACH, "--casebook", str(db), "casebook", "export", "--no-redact"]
    run([*argv, "--output", str(exported)], env, root)
    return exported


def table(rows: list[Row]) -> str:
    lines = [
        "| what | median (min-max) | baseline | ratio | peak RSS | target | ok |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        spread = (
            f"{r.median * 1000:.0f} ms ({min(r.seconds) * 1000:.0f}-{max(r.seconds) * 1000:.0f})"
        )
        if r.median >= 1:
            spread = f"{r.median:.2f} s"
        base = f"{statistics.median(r.baseline) * 1000:.0f} ms" if r.baseline else ""
        ratio = f"{r.ratio:.2f}" if r.ratio else ""
        rss = f"{r.rss_mb:.0f} MB" if r.rss_mb else ""
        lines.append(
            f"| {r.what} | {spread} | {base} | {ratio} | {rss} | {r.target} | "
            f"{'yes' if r.ok else 'NO'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
