"""Mutation testing by hand: break one promise at a time and see whether a test notices.

    python benchmarks/mutate.py                 # every mutation, two at a time
    python benchmarks/mutate.py --only csv-bom html-escape
    python benchmarks/mutate.py --list

Each mutation names a promise a user relies on (README and SPEC), in the user's words, and
the one small change to the source that breaks it. The old text must occur exactly once in
its file: a mutation whose text has moved or changed is reported as stale, and nothing
runs, so this list cannot rot silently.

The working tree is copied once (a snapshot, so that edits made meanwhile do not mix into
the run). The unmutated suite runs first on a copy of it: when that fails, a "caught"
mutation would mean nothing, and the script stops. Then each mutation gets a fresh copy of
the snapshot with its one change, and the whole suite runs there with
`python -m pytest -x -q -p no:cacheprovider` and `PYTHONPATH=<copy>/src:<copy>`, so the
copy's code wins over the editable install, in pytest and in every child process the tests
start (`python -m coachcli`, pexpect). A canary checks that before anything else: a copy
whose version string is changed must show it in-process, through `python -m coachcli`
and through the installed `coach` script.

A mutated suite that runs five times as long as the unmutated one has hung (a prompt
waiting for keys that never come, say): it is stopped, and counts as caught, saying so.
It prints a table (id, promise, caught or SURVIVED, the first failing test, seconds), the
score and the total time. Exit status: 0 when every mutation was caught, 1 when one
survived, 2 when the run could not be trusted (a stale mutation, a failing suite, a
canary that saw the wrong code).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PYTEST = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
JOBS = 2  # this machine has two cores
# A mutation can make the suite hang (a prompt that waits for keys that never come). A run
# longer than HANG_FACTOR times the unmutated one is stopped and counts as caught, saying so.
BASELINE_TIMEOUT = 900.0
HANG_FACTOR = 5
MIN_TIMEOUT = 180.0

# Never copied: version control, virtual environments, caches, build output, casebooks.
SKIP_DIRS = {
    ".git", ".venv", ".ci-venv", "venv", "__pycache__", ".pytest_cache", ".mypy_cache",
    ".ruff_cache", ".hypothesis", "build", "dist", "node_modules",
}  # fmt: skip
SKIP_FILES = re.compile(r".*\.db(-wal|-shm|-journal|\.backup-.*)?$")
KEPT_DBS = Path("tests/store/old_casebooks")  # fixtures: casebooks older coaches wrote


class Mutation(NamedTuple):
    id: str
    promise: str  # what a user relies on, in their words
    file: str  # relative to the repository root
    old: str  # occurs exactly once in the file
    new: str


MUTATIONS: tuple[Mutation, ...] = (
    # Exchange: export, import, merge.
    Mutation(
        "csv-formula-guard",
        "A csv cell that starts with +, a tab or a CR never runs as a formula in a spreadsheet",
        "src/coachcli/exchange/export.py",
        'FORMULA_STARTS = ("=", "+", "-", "@", "\\t", "\\r", "\\n", "\\uff1d", "\\uff0b", '
        '"\\uff0d", "\\uff20")',
        'FORMULA_STARTS = ("=", "-", "@")',
    ),
    Mutation(
        "html-escape",
        "What an agent typed shows as text in the html handout, never as markup",
        "src/coachcli/exchange/export.py",
        'f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"',
        'f"<tr><th>{escape(label)}</th><td>{value}</td></tr>"',
    ),
    Mutation(
        "import-check-first",
        "Import checks every file before it writes anything: a bad file means nothing lands",
        "src/coachcli/cli/casebook.py",
        "headers = stage_files(staging, files)",
        # Each file merged as soon as it is staged, before the next file is checked.
        "headers = [h for f in files for h in stage_files(staging, [f]) "
        "if store.merge_staged(casebook, staging)]",
    ),
    Mutation(
        "csv-column-order",
        "The csv columns come in the documented order, so a trainer's sheet keeps working",
        "src/coachcli/exchange/export.py",
        '    "rule_cost",\n    "alternative_cost",\n',
        '    "alternative_cost",\n    "rule_cost",\n',
    ),
    Mutation(
        "merge-tiebreak",
        "Two versions changed at the same moment merge the same way on every machine: "
        "the larger SHA-256 wins",
        "src/coachcli/store/exchange.py",
        'stored = case_hash(_read_case(db, "main.cases", "main.tags", case_id))\n'
        '        action = "win" if incoming > stored else "lose" if incoming < stored',
        'stored = case_hash(_read_case(db, "main.cases", "main.tags", case_id))\n'
        '        action = "win" if incoming < stored else "lose" if incoming > stored',
    ),
    Mutation(
        "merge-newer-wins",
        "On import, the newer version of a case wins and an older one changes nothing",
        "src/coachcli/store/exchange.py",
        "CASE WHEN {stage}.{created} > {main}.{created} THEN 'win' ELSE 'lose' END",
        "CASE WHEN {stage}.{created} < {main}.{created} THEN 'win' ELSE 'lose' END",
    ),
    Mutation(
        "import-tombstone-skip",
        "A case deleted for a privacy request never comes back through an import",
        "src/coachcli/store/exchange.py",
        "WHEN s.id IN (SELECT id FROM main.deleted) THEN 'skip'",
        "WHEN false AND s.id IN (SELECT id FROM main.deleted) THEN 'skip'",
    ),
    Mutation(
        "import-negative-amount",
        "Import refuses a negative amount, naming the field, and nothing lands",
        "src/coachcli/domain/money.py",
        '    if value < 0:\n        raise AmountError("negative")\n    if value > MAX:',
        "    if value > MAX:",
    ),
    Mutation(
        "redact-lessons",
        "An export is redacted in every free-text field, the lessons included",
        "src/coachcli/exchange/cases.py",
        "lessons=redact(case.lessons),",
        "lessons=case.lessons,",
    ),
    Mutation(
        "redact-iban-any-case",
        "An IBAN is redacted in any letter case",
        "src/coachcli/domain/redact/numbers.py",
        "([A-Za-z]{2})[ \\u00a0]?(\\d{2})((?:[ \\u00a0.\\-]?[A-Za-z0-9]){8,30})",
        "([A-Z]{2})[ \\u00a0]?(\\d{2})((?:[ \\u00a0.\\-]?[A-Z0-9]){8,30})",
    ),
    Mutation(
        "redact-what-a-reader-sees",
        "A datum hidden by invisible characters, odd digits or a wrapped line is redacted too",
        "src/coachcli/domain/redact/__init__.py",
        "        if folded is not None:",
        "        if False:",
    ),
    Mutation(
        "redact-glued-context-word",
        "A BSN, birth date or phone typed against its context word is redacted (BSN725763863)",
        "src/coachcli/domain/redact/__init__.py",
        "        if LETTER_DIGIT.search(text) and self.glued_backwards.search(text[::-1]):",
        "        if False:",
    ),
    Mutation(
        "redact-only-the-datum",
        "Redaction replaces only the datum: line breaks and emoji around it stay as typed",
        "src/coachcli/domain/redact/fold.py",
        "        return result if clean(result) else redacted",
        "        return redacted",
    ),
    Mutation(
        "redact-veto-in-its-clause",
        "A policy word in another clause does not keep a phone number (Claim ok, 020 ...)",
        "src/coachcli/domain/redact/__init__.py",
        "        if clause >= 0 and self.veto.words_before",
        "        if False and self.veto.words_before",
    ),
    Mutation(
        "export-review-copy-by-sqlite",
        "A redacted export drops the customer reference, also for cases SQLite writes",
        "src/coachcli/store/exports.py",
        '\'customer\', {"NULL" if review else "customer"},',
        "'customer', customer,",
    ),
    Mutation(
        "no-redact-warning",
        "--no-redact warns on stderr that the export holds personal data",
        "src/coachcli/cli/exporting.py",
        '        env.warn("warning.no_redact")',
        "        pass",
    ),
    Mutation(
        "csv-bom",
        "A csv export starts with a byte-order mark, so Excel reads its accents",
        "src/coachcli/cli/exporting.py",
        'encoding = "utf-8-sig" if fmt == "csv" else "utf-8"',
        'encoding = "utf-8"',
    ),
    Mutation(
        "export-mode-0600",
        "An export file is readable by its owner only (0600)",
        "src/coachcli/files.py",
        "_finish(handle, tmp, path, PRIVATE_FILE)",
        "_finish(handle, tmp, path, 0o644)",
    ),
    Mutation(
        "md-escape-pipe",
        "A | in an agent's note cannot break the table of the Markdown handout",
        "src/coachcli/exchange/export.py",
        'for char in "\\\\`*_[]|<>#":',
        'for char in "\\\\`*_[]<>#":',
    ),
    Mutation(
        "rules-candidate-share",
        "casebook rules names a rule for rewriting at exactly 70% resolved set-asides",
        "src/coachcli/domain/report.py",
        "resolved * CANDIDATE_RESOLVED_SHARE[1] >= closed * CANDIDATE_RESOLVED_SHARE[0]",
        "resolved * CANDIDATE_RESOLVED_SHARE[1] > closed * CANDIDATE_RESOLVED_SHARE[0]",
    ),
    Mutation(
        "rules-candidate-set-aside-only",
        "casebook rules judges a rule by how setting it aside ended, not by following it",
        "src/coachcli/domain/report.py",
        'closed, resolved = self.counts["set_aside_closed"], self.counts["set_aside_resolved"]',
        'closed = self.counts["set_aside_closed"] + self.counts["followed_closed"]\n'
        '        resolved = self.counts["set_aside_resolved"] + self.counts["followed_resolved"]',
    ),
    Mutation(
        "rules-following-fails",
        "casebook rules says when following a rule mostly ended unresolved",
        "src/coachcli/domain/report.py",
        'return (closed - self.counts["followed_resolved"]) * 2 > closed',
        "return False",
    ),
    # Store: the casebook.
    Mutation(
        "upgrade-integrity-check",
        "An upgraded casebook is checked before its backup is removed",
        "src/coachcli/store/casebook.py",
        "problems = casebook.quick_check()",
        "problems: list[str] = []",
    ),
    Mutation(
        "schema-version",
        "coach knows which schema version is current, and so which casebooks are older",
        "src/coachcli/store/casebook.py",
        "CURRENT_VERSION = len(STEPS)",
        "CURRENT_VERSION = len(STEPS) - 1",
    ),
    Mutation(
        "similar-bm25",
        "The similar past cases shown during a call are the most alike, best first",
        "src/coachcli/store/cases.py",
        '"ORDER BY bm25(cases_fts) LIMIT :limit"',
        '"ORDER BY cases_fts.rowid DESC LIMIT :limit"',
    ),
    Mutation(
        "similar-only-decided",
        "Only decided or closed cases count as precedents",
        "src/coachcli/store/cases.py",
        "\"WHERE cases_fts MATCH :match AND cases.status IN ('decided', 'closed') \"",
        '"WHERE cases_fts MATCH :match "',
    ),
    Mutation(
        "search-newest-first",
        "case search shows the newest matches first",
        "src/coachcli/store/cases.py",
        '"WHERE cases_fts MATCH ? ORDER BY cases_fts.rowid DESC"',
        '"WHERE cases_fts MATCH ? ORDER BY cases_fts.rowid ASC"',
    ),
    Mutation(
        "resume-latest-draft",
        "case new --resume continues the latest draft",
        "src/coachcli/domain/draft.py",
        "key=lambda d: (parse_iso(d.updated_at), d.id), reverse=True)",
        "key=lambda d: (parse_iso(d.updated_at), d.id))",
    ),
    Mutation(
        "purge-drafts",
        "casebook purge also removes old drafts",
        "src/coachcli/store/cases.py",
        'drafts = db.execute("DELETE FROM drafts WHERE updated_at < ?", [before]).rowcount',
        "drafts = 0",
    ),
    Mutation(
        "purge-tombstone",
        "A purged case leaves a tombstone, so an import cannot bring it back",
        "src/coachcli/store/cases.py",
        "[(case_id, when) for case_id in ids],",
        "[],",
    ),
    Mutation(
        "secure-delete",
        "case delete overwrites the deleted text on disk (secure_delete)",
        "src/coachcli/store/casebook.py",
        '        db.execute("PRAGMA secure_delete = ON")\n',
        "",
    ),
    Mutation(
        "ambiguous-prefix-list",
        "An ambiguous id prefix is an error that lists the matching cases",
        "src/coachcli/store/cases.py",
        "count=len(rows), details=details)",
        "count=len(rows), details=[])",
    ),
    # Domain: ladder, verdict, advice, profiles, team, practice.
    Mutation(
        "budget-month",
        "The goodwill budget is per calendar month",
        "src/coachcli/domain/intake.py",
        "    start = datetime(now.year, now.month, 1, tzinfo=UTC)\n"
        "    end = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=UTC)",
        "    start = datetime(now.year, 1, 1, tzinfo=UTC)\n"
        "    end = datetime(now.year + 1, 1, 1, tzinfo=UTC)",
    ),
    Mutation(
        "budget-december",
        "In December, the goodwill spent in December counts against the budget",
        "src/coachcli/domain/intake.py",
        "end = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=UTC)",
        "end = datetime(now.year, now.month % 12 + 1, 1, tzinfo=UTC)",
    ),
    Mutation(
        "verdict-two-fails",
        "Two failing answers mean stop: stick to the rule",
        "src/coachcli/domain/verdict.py",
        "fails >= 2",
        "fails >= 3",
    ),
    Mutation(
        "goodwill-per-case-limit",
        "An extra of exactly the per-case goodwill limit is still goodwill (rung 2)",
        "src/coachcli/domain/ladder.py",
        "extra <= frame.goodwill_per_case",
        "extra < frame.goodwill_per_case",
    ),
    Mutation(
        "rung-other-department",
        "A step that needs another department is at least rung 3",
        "src/coachcli/domain/ladder.py",
        "if facts.other_department or not fits_goodwill(",
        "if not fits_goodwill(",
    ),
    Mutation(
        "advice-go-stretch",
        "A step up to your stretch rung is go-stretch; beyond it, check with a colleague",
        "src/coachcli/domain/advice.py",
        "if rung <= room.stretch:",
        "if rung < room.stretch:",
    ),
    Mutation(
        "advice-discuss-escalate",
        "A doubtful step outside your comfort zone is escalated, not a quick check",
        "src/coachcli/domain/advice.py",
        "if within_comfort and within_mandate else",
        "if within_comfort or within_mandate else",
    ),
    Mutation(
        "balanced-profile",
        "A colour exactly 5 percentage points below the dominant one is still close",
        "src/coachcli/domain/profile.py",
        "(points[dominant] - points[c]) * 100 <= BALANCED_PERCENT * 4 * items",
        "(points[dominant] - points[c]) * 100 < BALANCED_PERCENT * 4 * items",
    ),
    Mutation(
        "balanced-in-percent",
        "Balanced means 5 percentage points, not 5 raw points",
        "src/coachcli/domain/profile.py",
        "(points[dominant] - points[c]) * 100 <= BALANCED_PERCENT * 4 * items",
        "(points[dominant] - points[c]) <= BALANCED_PERCENT",
    ),
    Mutation(
        "score-half-up",
        "A score is rounded half up: 20 of 64 points is 31.3",
        "src/coachcli/domain/profile.py",
        "tenths = (points * 1000 * 2 + total) // (2 * total)",
        "tenths = round(points * 1000 / total)",
    ),
    Mutation(
        "slug-any-script",
        "A name in any script gets a file of its own (李伟 is li-wei.toml)",
        "src/coachcli/domain/names.py",
        "made = _dashed(unidecode(name))",
        "made = old_slug(name)",
    ),
    Mutation(
        "slug-owner-checked",
        "A slug's file holding someone else's profile is not taken for yours",
        "src/coachcli/profiles.py",
        "if inside is None or same_name(inside, name):",
        "if True:",
    ),
    Mutation(
        "assess-stable-keys",
        "In the least-like-you list each statement keeps the key it was shown with",
        "src/coachcli/cli/profile.py",
        "rest = [option for option in options if option.value != most]",
        "rest = [Option(o.label, o.value, str(i)) for i, o in enumerate("
        "[o for o in options if o.value != most], 1)]",
    ),
    Mutation(
        "team-needs-permission",
        "The team view names who has a mandate above their comfort",
        "src/coachcli/domain/team.py",
        "self.frame.max_rung_without_signoff > m.room.comfort",
        "self.frame.max_rung_without_signoff >= m.room.comfort",
    ),
    Mutation(
        "train-decision-agreement",
        "Practice counts how often the trainee decided as the casebook did",
        "src/coachcli/domain/training.py",
        'agreement["decision"] = decision == case.decision',
        'agreement["decision"] = True',
    ),
    Mutation(
        "train-given-not-counted",
        "Practice does not count a question the case's costs already answered",
        "src/coachcli/domain/training.py",
        "q: None if q in given else answers.get(q) == case.answers.get(q) for q in QUESTIONS",
        "q: answers.get(q) == case.answers.get(q) for q in QUESTIONS",
    ),
    Mutation(
        "decide-closed-case",
        "A closed case cannot be decided again",
        "src/coachcli/domain/intake.py",
        "    if case.status == Status.CLOSED:\n"
        '        raise UsageError("error.case_closed", id=case.short_id)\n'
        "    if needs_promise(",
        "    if needs_promise(",
    ),
    Mutation(
        "amount-in-your-language",
        "A Dutch agent's 1.450 is 1450 and an English agent's 1,450 too, as each types it",
        "src/coachcli/domain/money.py",
        'GROUP = {"en": ",", "nl": "."}',
        'GROUP = {"en": ",", "nl": ","}',
    ),
    Mutation(
        "ambiguous-amount-asked",
        "An amount that reads two ways is asked (or refused as a flag), never guessed",
        "src/coachcli/domain/money.py",
        "    if len(found) == 2:\n        raise Ambiguous((found[0], found[1]))\n",
        "",
    ),
    Mutation(
        "workspace-name-ignored",
        "A name in a shared workspace's coach.toml is nobody's: only the home's counts",
        "src/coachcli/config.py",
        "        ignored = tuple(key for key in PERSONAL_KEYS if key in document)",
        "        ignored = ()",
    ),
    Mutation(
        "typed-text-is-text",
        "An escape sequence in a situation is shown as text, never sent to the terminal",
        "src/coachcli/render/typed.py",
        '    return CONTROL.sub(_escape, text.replace("\\t", " "))',
        "    return text",
    ),
    Mutation(
        "override-talks-out-of-sign-off",
        "Typing a lower rung cannot talk a step out of sign-off: advice goes by the higher rung",
        "src/coachcli/domain/advice.py",
        "    return max(rung, inferred)",
        "    return rung",
    ),
    Mutation(
        "lowered-rung-without-reason",
        "A rung below the inference needs a reason, asked or as --rung-reason",
        "src/coachcli/domain/intake.py",
        "    return intake.rung is not None and intake.rung < inferred and not intake.rung_reason",
        "    return False",
    ),
    Mutation(
        "against-advice-unconfirmed",
        "Setting the rule aside against a sign-off advice needs --against-advice or a yes",
        "src/coachcli/domain/advice.py",
        "    return suggested_decision(advice) not in (Decision.SET_ASIDE, None)",
        "    return False",
    ),
    Mutation(
        "preselect-the-advice",
        "The decision prompt preselects what the advice says (sign-off: escalated)",
        "src/coachcli/cli/case_new.py",
        "options, default=suggested)",
        "options)",
    ),
    Mutation(
        "goodwill-on-inferred-rung",
        "A gesture typed as rung 1 still spends its goodwill: the budget counts the inferred rung",
        "src/coachcli/store/cases.py",
        '"AND coalesce(rung_inferred, rung) = ? "',
        '"AND coalesce(rung, rung_inferred) = ? "',
    ),
    Mutation(
        "countdown-on-save",
        "An escalated case says until when the discussion runs, so the agent can tell the customer",
        "src/coachcli/cli/case.py",
        "    if case.deadline and case.status == Status.OPEN:",
        "    if False:",
    ),
    Mutation(
        "escalate-deadline-hours",
        "An escalated case is open for the frame's discussion_hours",
        "src/coachcli/domain/intake.py",
        "        deadline = iso(now + timedelta(hours=frame.discussion_hours))\n"
        "    stamp = iso(now)",
        "        deadline = iso(now + timedelta(hours=48))\n    stamp = iso(now)",
    ),
    # CLI and the places around it: exit codes, messages, paths.
    Mutation(
        "list-limit-default",
        "case list shows the newest 20 cases unless told otherwise",
        "src/coachcli/cli/case.py",
        'help="Show at most this many cases; 0 shows all.")\n    ] = 20,',
        'help="Show at most this many cases; 0 shows all.")\n    ] = 0,',
    ),
    Mutation(
        "ctrl-c-130",
        "Ctrl-C exits with 130, as a shell expects",
        "src/coachcli/errors.py",
        "INTERRUPTED = 130",
        "INTERRUPTED = 1",
    ),
    Mutation(
        "doctor-exit-1",
        "coach doctor exits 1 when something needs attention",
        "src/coachcli/cli/doctor.py",
        "    if not report.ok:\n        raise typer.Exit(ExitStatus.ERROR)",
        "    if False:\n        raise typer.Exit(ExitStatus.ERROR)",
    ),
    Mutation(
        "doctor-group-readable",
        "coach doctor flags a casebook that the group can read, not only the world",
        "src/coachcli/health.py",
        "not mode & 0o077",
        "not mode & 0o007",
    ),
    Mutation(
        "lang-env-before-config",
        "$COACH_LANG wins over the language in the config",
        "src/coachcli/i18n.py",
        'wanted = environ.get("COACH_LANG", "").strip().lower()',
        'wanted = "" if configured else environ.get("COACH_LANG", "").strip().lower()',
    ),
    Mutation(
        "workspace-walk-up",
        "coach finds the workspace from any subfolder, as git does",
        "src/coachcli/paths.py",
        "for folder in (here, *here.parents):",
        "for folder in (here,):",
    ),
)


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    caught: bool
    first_failure: str
    seconds: float


def check_mutations(tree: Path, mutations: Sequence[Mutation]) -> list[str]:
    """Problems with the list itself: duplicate ids, missing files, stale texts."""
    problems = []
    seen: set[str] = set()
    for m in mutations:
        if m.id in seen:
            problems.append(f"{m.id}: the id is used twice")
        seen.add(m.id)
        if m.old == m.new:
            problems.append(f"{m.id}: the new text is the old text")
        path = tree / m.file
        if not path.is_file():
            problems.append(f"{m.id}: {m.file} does not exist")
            continue
        count = path.read_text(encoding="utf-8").count(m.old)
        if count != 1:
            problems.append(
                f"{m.id}: stale mutation: its old text occurs {count} times in {m.file}, not once"
            )
    return problems


def _ignore(source: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        skipped = set()
        for name in names:
            path = here / name
            if name in SKIP_DIRS or name.endswith(".egg-info"):
                skipped.add(name)
            elif path.is_dir() and (path / "pyvenv.cfg").exists():
                skipped.add(name)  # a virtual environment under any name
            elif SKIP_FILES.fullmatch(name) and not (
                name.endswith(".db") and here.relative_to(source) == KEPT_DBS
            ):
                skipped.add(name)
        return skipped

    return ignore


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=_ignore(source), symlinks=True)
    return target


def tmp_of(copy: Path) -> Path:
    """A copy's own temporary folder: beside it, never inside it, because the copy's root is
    a workspace (its coach.toml) that a test working in a folder below it would find."""
    return copy.with_name(copy.name + ".tmp")


def remove(copy: Path) -> None:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(tmp_of(copy), ignore_errors=True)


def run_env(copy: Path) -> dict[str, str]:
    """The environment of one run: the copy's code first, and a temporary folder of its own
    (pytest's numbered folders are shared by every run of one user otherwise)."""
    tmp = tmp_of(copy)
    tmp.mkdir(exist_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), str(copy)])
    env["TMPDIR"] = str(tmp)
    env.pop("PYTEST_ADDOPTS", None)
    return env


def run(command: Sequence[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Run a command in its own process group; on a timeout the whole group is killed."""
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            return -1, output + f"\n(timed out after {timeout:.0f} s)"
    return process.returncode, output


def first_failure(returncode: int, output: str) -> str:
    """The first failing test of a pytest run, as pytest's short summary names it."""
    if returncode == -1:
        return "(the suite hung, and was stopped)"
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ", 1)[1].split(" - ", 1)[0]
    last = [line for line in output.splitlines() if line.strip()]
    return f"(pytest exit {returncode}: {last[-1] if last else 'no output'})"


CANARY_VERSION = "0.0.0+mutate.canary"
CANARY_TEST = '''
"""Written by benchmarks/mutate.py into a copy of the tree: is the copy what runs?"""

import os
import subprocess
import sys
from pathlib import Path

import coachcli
import tests.conftest

COPY = Path(__file__).resolve().parents[1]


def test_the_copy_is_imported_here_and_in_child_processes() -> None:
    assert Path(coachcli.__file__).resolve().is_relative_to(COPY), coachcli.__file__
    assert Path(tests.conftest.__file__).resolve().is_relative_to(COPY)
    assert coachcli.__version__ == "{version}"
    commands = [[sys.executable, "-m", "coachcli", "--version"]]
    script = Path(sys.executable).with_name("coach")
    if script.exists():
        commands.append([str(script), "--version"])
    for command in commands:
        shown = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        assert shown == "coach {version}\\n", (command, shown, os.environ.get("PYTHONPATH"))
'''


def canary(snapshot: Path, work: Path) -> str | None:
    """Check that a copy's code is what pytest and its children import; None when it is."""
    copy = copy_tree(snapshot, work / "canary")
    init = copy / "src" / "coachcli" / "__init__.py"
    text, count = re.subn(
        r'^__version__ = ".*"$', f'__version__ = "{CANARY_VERSION}"', init.read_text(), flags=re.M
    )
    if count != 1:
        return f"cannot find __version__ in {init}"
    init.write_text(text)
    test = copy / "tests" / "test_zz_mutate_canary.py"
    test.write_text(textwrap.dedent(CANARY_TEST).replace("{version}", CANARY_VERSION))
    code, output = run(
        [sys.executable, *PYTEST, str(test.relative_to(copy))], copy, run_env(copy), 300
    )
    remove(copy)
    return None if code == 0 else output


def run_suite(copy: Path, timeout: float) -> tuple[int, str, float]:
    started = time.monotonic()
    code, output = run([sys.executable, *PYTEST], copy, run_env(copy), timeout)
    return code, output, time.monotonic() - started


def mutate(mutation: Mutation, snapshot: Path, work: Path, timeout: float, keep: bool) -> Outcome:
    copy = copy_tree(snapshot, work / mutation.id)
    path = copy / mutation.file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(mutation.old, mutation.new, 1), encoding="utf-8")
    code, output, seconds = run_suite(copy, timeout)
    if not keep:
        remove(copy)
    caught = code != 0
    return Outcome(mutation, caught, first_failure(code, output) if caught else "", seconds)


def table(outcomes: Sequence[Outcome]) -> str:
    rows = [("id", "promise", "result", "first failing test", "seconds")]
    for o in outcomes:
        result = "caught" if o.caught else "SURVIVED"
        rows.append((o.mutation.id, o.mutation.promise, result, o.first_failure or "-",
                     f"{o.seconds:.0f}"))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
             for row in rows]  # fmt: skip
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Break one promise at a time and check that a test catches it."
    )
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these mutations")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"runs at a time ({JOBS})")
    parser.add_argument(
        "--timeout",
        type=float,
        help=f"seconds per mutated run (default: {HANG_FACTOR} x the unmutated run, "
        f"at least {MIN_TIMEOUT:.0f})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the mutated copies")
    return parser.parse_args(argv)


def say(text: str) -> None:
    """Progress goes to stderr; the table goes to stdout."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def choose(only: Sequence[str] | None) -> list[Mutation] | None:
    """The mutations asked for with --only (all by default); None when an id is unknown."""
    if not only:
        return list(MUTATIONS)
    known = {m.id for m in MUTATIONS}
    unknown = [name for name in only if name not in known]
    if unknown:
        say(f"mutate: unknown mutation(s): {', '.join(unknown)} (see --list)")
        return None
    return [m for m in MUTATIONS if m.id in only]


def trustworthy(snapshot: Path, work: Path) -> float | None:
    """The list fits the code, the copy's code is what runs, and the suite passes unmutated:
    then the seconds the unmutated suite took; None when the run cannot be trusted."""
    problems = check_mutations(snapshot, MUTATIONS)  # all of them: none may rot
    if problems:
        say("mutate: the mutation list does not fit the code:")
        for problem in problems:
            say(f"  {problem}")
        return None
    say("mutate: checking that a copy's code is what the tests run ...")
    wrong = canary(snapshot, work)
    if wrong is not None:
        say("mutate: the tests do not run the copy's code:\n" + wrong[-3000:])
        return None
    say("mutate: the unmutated suite first ...")
    baseline = copy_tree(snapshot, work / "baseline")
    code, output, seconds = run_suite(baseline, BASELINE_TIMEOUT)
    remove(baseline)
    if code != 0:
        say(f"mutate: the unmutated suite fails ({first_failure(code, output)}); stopping:")
        say(output[-3000:])
        return None
    say(f"mutate: the unmutated suite passes in {seconds:.0f} s")
    return seconds


def run_all(
    chosen: Sequence[Mutation], snapshot: Path, work: Path, args: argparse.Namespace, timeout: float
) -> list[Outcome]:
    """Every chosen mutation, `args.jobs` at a time, in the order of the list."""
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(mutate, m, snapshot, work, timeout, args.keep) for m in chosen]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            result = "caught" if outcome.caught else "SURVIVED"
            say(f"  {outcome.mutation.id}: {result} ({outcome.seconds:.0f} s)")
    order = {m.id: n for n, m in enumerate(chosen)}
    return sorted(outcomes, key=lambda o: order[o.mutation.id])


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for m in MUTATIONS:
            print(f"{m.id:26} {m.file:34} {m.promise}")
        return 0
    chosen = choose(args.only)
    if chosen is None:
        return 2
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="coach-mutate-"))
    try:
        snapshot = copy_tree(ROOT, work / "snapshot")
        baseline = trustworthy(snapshot, work)
        if baseline is None:
            return 2
        timeout = args.timeout or max(MIN_TIMEOUT, HANG_FACTOR * baseline)
        outcomes = run_all(chosen, snapshot, work, args, timeout)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    caught = sum(o.caught for o in outcomes)
    total = time.monotonic() - started
    print(table(outcomes))
    print()
    print(f"score: {caught} / {len(outcomes)} caught")
    print(f"total time: {total:.0f} s ({total / 60:.1f} min), {args.jobs} at a time")
    if args.keep:
        print(f"copies kept in {work}")
    return 0 if caught == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
