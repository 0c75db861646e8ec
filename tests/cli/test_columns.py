"""Every table readable at 80 columns, in English and Dutch (SPEC §7, §9, §6, §12).

Each test renders a command as a user would at `COLUMNS=80` (and 120) and checks what a
reader looks for: the columns they need are there with their values in full, long text is
cut with an ellipsis, and no line is wider than the terminal.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from coachcli import store
from coachcli.domain.case import Advice, Case, Comment
from tests.conftest import Invoke, Terminal
from tests.helpers import ago, ahead, casebook_with, make_case

REPOSITORY = Path(__file__).resolve().parents[2]
LONG = (
    "Customer needs her wig washed before a second round of chemotherapy and asks whether "
    "the policy pays for the wash instead of a new wig, which costs fourteen times as much"
)


def advice(code: str) -> Advice:
    return Advice(code, within_comfort=True, within_mandate=code != "sign-off",
                  text="(as shown at the time)", watch_out="-")  # fmt: skip


def width(line: str) -> int:
    """Terminal cells: two for a wide character, none for a combining mark or a format
    character such as a right-to-left mark."""
    cells = 0
    for char in line:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cells


def fits(out: str, columns: int) -> None:
    wide = [line for line in out.splitlines() if width(line) > columns]
    assert wide == [], f"wider than {columns} columns: {wide}"


def row(out: str, short_id: str) -> str:
    """A case's row: its line, and the indented line under it when there is one."""
    lines = out.splitlines()
    (at,) = [n for n, line in enumerate(lines) if line.startswith(short_id)]
    under = lines[at + 1] if at + 1 < len(lines) and lines[at + 1].startswith(" ") else ""
    return lines[at] + "\n" + under


@pytest.fixture
def workspace(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text("")
    (isolated / "casebooks").mkdir()
    return isolated


@pytest.fixture
def casebook(workspace: Path) -> Path:
    """An escalated case whose advice was sign-off, one overdue, a stretch and a stop."""
    casebook_with(
        workspace / "casebooks" / "casebook.db",
        make_case(id="5a1e0000-0000-4000-8000-000000000001", created_at=ago(days=2),
                  agent="Sanne de Vries", situation=LONG, verdict="go", rung=3,
                  advice=advice("sign-off"), status="open", decision="escalated",
                  deadline=ahead(hours=5, minutes=20)),
        make_case(id="b0a70000-0000-4000-8000-000000000002", created_at=ago(days=14),
                  agent="Bram Bakker", situation="Glasses broke on holiday in Spain",
                  verdict="discuss", rung=2, advice=advice("discuss"), status="open",
                  decision="escalated", deadline=ago(days=12, hours=1)),
        make_case(id="f1e00000-0000-4000-8000-000000000003", created_at=ago(days=20),
                  agent="Fatima El Amrani", situation="Taxi to the hospital at night",
                  verdict="go", rung=2, advice=advice("go-stretch"), status="decided",
                  decision="set-aside", promise="We pay the taxi"),
        make_case(id="d0000000-0000-4000-8000-000000000004", created_at=ago(days=300),
                  agent="Daan Mulder", situation="Premium back from March", verdict="stop",
                  rung=4, advice=advice("stick-to-rule"), status="closed",
                  decision="followed-rule", outcome="resolved"),
    )  # fmt: skip
    return workspace


CASE_ROWS = {
    "en": {
        "5a1e0000": ["5a1e0000", "23 Nov", "Sanne de Vries", "due in 5 h", "go · sign-off", "3"],
        "b0a70000": ["b0a70000", "11 Nov", "Bram Bakker", "overdue by 12 days", "discuss", "2"],
        "f1e00000": ["f1e00000", "5 Nov", "Fatima El Amrani", "decided", "go · stretch", "2"],
        "d0000000": ["d0000000", "29 Jan", "Daan Mulder", "closed", "stop", "4"],
    },
    "nl": {
        "5a1e0000": [
            "5a1e0000",
            "23 nov",
            "Sanne de Vries",
            "deadline over 5 uur",
            "doen · akkoord nodig",
        ],
        "b0a70000": ["b0a70000", "11 nov", "Bram Bakker", "12 dagen over tijd", "bespreken"],
        "f1e00000": ["f1e00000", "5 nov", "Fatima El Amrani", "besloten", "doen · buiten comfort"],
        "d0000000": ["d0000000", "29 jan", "Daan Mulder", "gesloten", "niet doen"],
    },
}
HEADERS = {
    "en": ["id", "date", "agent", "status", "verdict", "rung", "situation"],
    "nl": ["id", "datum", "medewerker", "status", "oordeel", "trede", "situatie"],
}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_case_list_shows_what_a_reader_needs_at_any_width(
    coach: Invoke, casebook: Path, monkeypatch: pytest.MonkeyPatch, lang: str, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = coach("--lang", lang, "case", "list")
    assert result.exit_code == 0, result.output
    out = result.stdout
    fits(out, columns)
    headers = out.splitlines()[0].split() + out.splitlines()[1].split()
    assert [h for h in HEADERS[lang] if h not in headers] == []
    for short_id, values in CASE_ROWS[lang].items():
        shown = row(out, short_id)
        assert [v for v in values if v not in shown] == [], shown
    # The long situation is cut with an ellipsis, never left out or wrapped.
    wig = row(out, "5a1e0000")
    assert "Customer needs her wig" in wig
    assert LONG not in out and "…" in wig.split("Customer needs her wig")[1]
    assert "fourteen times" not in out


def test_an_escalated_case_advised_sign_off_is_not_listed_as_just_go(
    coach: Invoke, casebook: Path
) -> None:
    """The issue's finding: the list said "go" for a case that needed sign-off."""
    line = row(coach("case", "list").stdout, "5a1e0000").split("\n")[0]
    assert "go · sign-off" in line


def test_overdue_is_marked_with_its_countdown_in_list_and_show(
    coach: Invoke, casebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    show = coach("case", "show", "b0a7").stdout
    # Deadline 12 days and an hour ago: 13 Nov 08:30 UTC, 09:30 in Amsterdam.
    assert re.search(r"^deadline +Fri 13 Nov 09:30, overdue by 12 days *$", show, re.M)
    dutch = coach("--lang", "nl", "case", "show", "5a1e").stdout
    assert "wo 25 nov 15:50, over 5 uur" in dutch  # 14:50 UTC
    assert "ma 23 nov 10:30" in dutch  # created, local time
    fits(show, 80)
    fits(dutch, 80)


def test_wider_terminals_show_the_rule_too(
    coach: Invoke, casebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    narrow = coach("case", "list").stdout
    monkeypatch.setenv("COLUMNS", "160")
    wide = coach("case", "list").stdout
    assert "rule" not in narrow.splitlines()[0]
    assert wide.splitlines()[0].split()[-2:] == ["situation", "rule"]
    assert "Policy pays for a new wig" in row(wide, "d0000000")
    fits(wide, 160)


@pytest.fixture
def team(workspace: Path) -> Path:
    """The demo team's profiles, and cases that give each member different signals."""
    shutil.copytree(REPOSITORY / "profiles", workspace / "profiles")

    def escalated(agent: str, deadline: str) -> Case:
        return make_case(agent=agent, decision="escalated", status="open", deadline=deadline)

    casebook_with(
        workspace / "casebooks" / "casebook.db",
        escalated("Anouk Jansen", deadline=ago(days=3)),
        escalated("Anouk Jansen", deadline=ahead(days=1)),
        make_case(
            agent="Anouk Jansen",
            decision="set-aside",
            status="decided",
            rung=1,
            rung_inferred=3,
            rung_reason="as last week",
            against_advice=True,
        ),
        escalated("Mehmet Y\u0131lmaz", deadline=ago(hours=2)),
        make_case(agent="Priya Raghunathan", decision="set-aside", status="decided"),
        make_case(agent="Priya Raghunathan", decision="followed-rule", status="closed"),
    )
    return workspace


# Per member: cases, set aside, escalated, open, overdue, lowered, against the advice.
SIGNALS = {
    "Anouk Jansen": ("3", "33%", "67%", "2", "1", "1", "1"),
    "Mehmet Y\u0131lmaz": ("1", "0%", "100%", "1", "1", "0", "0"),
    "Priya Raghunathan": ("2", "50%", "0%", "0", "0", "0", "0"),
    "Bram Bakker": ("0", "-", "-", "0", "0", "0", "0"),
}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    ("lang", "last_headers"),
    [
        ("en", ["escalated", "open", "overdue", "lowered", "against"]),
        ("nl", ["opgeschaald", "open", "over", "tijd", "verlaagd", "tegen"]),
    ],
)
def test_the_team_view_always_shows_escalated_open_and_overdue(
    coach: Invoke,
    team: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    last_headers: list[str],
    columns: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = coach("--lang", lang, "team", "profile")
    assert result.exit_code == 0, result.output
    out = result.stdout
    fits(out, columns)
    lines = out.splitlines()
    assert any(line.split()[-len(last_headers) :] == last_headers for line in lines if line)
    for name, signals in SIGNALS.items():
        mine = [line for line in lines if line.startswith(name + " ")]
        assert any(line.split()[-7:] == list(signals) for line in mine), (name, mine)
    # The profile columns are all there too, whatever the width.
    anouk = [line.split() for line in lines if line.startswith("Anouk Jansen ")]
    colours = ["green", "yellow"] if lang == "en" else ["groen", "geel"]
    assert any(cells[2:6] == [*colours, "1", "2"] for cells in anouk), anouk


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_profile_list_shows_colours_and_rungs_in_full(
    coach: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch, lang: str, columns: int
) -> None:
    shutil.copytree(REPOSITORY / "profiles", workspace / "profiles")
    monkeypatch.setenv("COLUMNS", str(columns))
    out = coach("--lang", lang, "profile", "list").stdout
    fits(out, columns)
    header = out.splitlines()[0].split()
    wanted = {
        "en": ["name", "dominant", "secondary", "comfort", "stretch"],
        "nl": ["naam", "dominant", "tweede", "comfort", "groeizone"],
    }[lang]
    assert [h for h in wanted if h not in header] == []
    (fatima,) = [line for line in out.splitlines() if line.startswith("Fatima El Amrani ")]
    colours = ["yellow", "green"] if lang == "en" else ["geel", "groen"]
    cells = fatima.split()
    at = cells.index(colours[0])
    assert cells[at : at + 4] == [*colours, "3", "4"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_other_table_fits_80_columns(
    coach: Invoke, casebook: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    shutil.copytree(REPOSITORY / "profiles", casebook / "profiles")
    opened = store.connect(casebook / "casebooks" / "casebook.db")
    assert opened is not None
    store.save_draft(opened, "dd000000-0000-4000-8000-000000000009", "Sanne", {"situation": LONG},
                     ago(hours=3))  # fmt: skip
    opened.close()
    monkeypatch.setenv("COACH_AGENT", "Sanne")
    monkeypatch.setenv("COLUMNS", "80")
    runs = [
        ["case", "show", "5a1e"], ["case", "show", "b0a7"], ["case", "drafts"],
        ["case", "search", "wig"], ["casebook", "stats"], ["casebook", "rules"],
        ["budget", "--agent", "Sanne de Vries"], ["team", "frame"], ["doctor"],
    ]  # fmt: skip
    for args in runs:
        result = coach("--lang", lang, *args)
        assert result.exit_code == 0, (args, result.output)
        fits(result.stdout, 80)
    drafts = coach("--lang", lang, "case", "drafts").stdout
    assert "dd000000" in drafts and "Customer needs her wig" in drafts and "…" in drafts


@pytest.mark.parametrize(
    ("lang", "header"),
    [
        ("en", "started trainee cases loyalty cost human risk decision"),
        ("nl", "begonnen deelnemer casussen loyaliteit kosten menselijk risico besluit"),
    ],
)
def test_train_history_fits_80_columns(
    coach: Invoke,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    header: str,
) -> None:
    from coachcli.domain.training import Attempt, Session

    path = casebook_with(workspace / "casebooks" / "casebook.db", make_case())
    opened = store.connect(path)
    assert opened is not None
    session = Session("5e550000-0000-4000-8000-000000000001", "Fatima El Amrani",
                      ago(days=1), 7, "demo-casebook-for-practice.json")  # fmt: skip
    store.start_session(opened, session)
    agreed = {"loyalty": True, "cost": True, "human": False, "risk": True, "decision": False}
    store.add_attempt(opened, session.id, Attempt("x", {}, "set-aside", agreed))
    opened.close()
    monkeypatch.setenv("COLUMNS", "80")
    out = coach("--lang", lang, "train", "--history").stdout
    fits(out, 80)
    first, row = out.splitlines()[:2]
    assert " ".join(first.split()) == header
    # Started 24 Nov 09:30 UTC, shown on the reader's clock (Amsterdam) as the reader's
    # language writes it (SPEC §12). The name is free text, cut when the Dutch headers need
    # the room; the figures never are.
    started = {"en": "Tue 24 Nov 10:30", "nl": "di 24 nov 10:30"}[lang]
    assert re.match(rf"{started} +Fatima El[ …]", row), row
    assert row.split()[-6:] == ["1", "100%", "100%", "0%", "100%", "0%"]


# Terminal control sequences an import can bring in: clear screen, a window title, a link.
CLEAR, TITLE, LINK = "\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;http://evil\x1b\\"
NASTY = f"{CLEAR}{TITLE}{LINK}click{LINK} wig\x9b31m\u202egiw"


@pytest.mark.parametrize("columns", [80, 120])
def test_control_sequences_in_typed_text_never_reach_the_terminal(
    coach: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    shutil.copytree(REPOSITORY / "profiles", workspace / "profiles")
    anouk = workspace / "profiles" / "anouk-jansen.toml"
    anouk.write_text(anouk.read_text().replace('"Anouk Jansen"', '"Anouk\\u001b[2J Jansen"'))
    casebook_with(
        workspace / "casebooks" / "casebook.db",
        make_case(id="e0000000-0000-4000-8000-00000000000e", situation=NASTY, rule=NASTY,
                  alternative=NASTY, agent=f"Eve{TITLE}", team=LINK, customer=CLEAR,
                  notes={"loyalty": NASTY, "cost": None, "human": None, "risk": None},
                  promise=NASTY, lessons=f"{NASTY}\n{NASTY}", tags=(NASTY,),
                  comments=(Comment("c0000000-0000-4000-8000-00000000000c", TITLE, ago(days=1),
                                    NASTY),)),
    )  # fmt: skip
    opened = store.connect(workspace / "casebooks" / "casebook.db")
    assert opened is not None
    store.save_draft(opened, "dd000000-0000-4000-8000-00000000000d", "Sanne", {"situation": NASTY},
                     ago(hours=1))  # fmt: skip
    opened.close()
    monkeypatch.setenv("COACH_AGENT", "Sanne")
    monkeypatch.setenv("COLUMNS", str(columns))
    for args in (["case", "list"], ["case", "show", "e000"], ["case", "drafts"],
                 ["case", "search", "click"], ["casebook", "rules"], ["team", "profile"],
                 ["profile", "list"], ["budget", "--agent", "Eve"]):  # fmt: skip
        result = coach(*args)
        assert result.exit_code == 0, (args, result.output)
        out = result.stdout
        assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(out), (args, out)
        fits(out, columns)
    # A name typed as a flag is one line of text, or it is refused, shown escaped.
    refused = coach("budget", "--agent", f"Eve{TITLE}")
    assert refused.exit_code == 2
    assert not {"\x1b", "\x07"} & set(refused.output)
    listed = coach("case", "list").stdout
    assert "\\x1b[2J" in listed  # shown as text, so a reader sees something is odd
    show = coach("case", "show", "e000").stdout
    for visible in ("\\x1b[2J", "\\x1b]0;title\\x07", "\\x1b]8;;http://evil\\x1b\\", "\\u202e"):
        assert visible in "".join(show.split()), visible


def test_an_ambiguous_id_names_agents_as_text(coach: Invoke, workspace: Path) -> None:
    casebook_with(
        workspace / "casebooks" / "casebook.db",
        make_case(id="abcd0000-0000-4000-8000-000000000001", agent=f"Eve{TITLE}"),
        make_case(id="abcd0000-0000-4000-8000-000000000002", agent="Bram"),
    )
    result = coach("case", "show", "abcd")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "Eve\\x1b]0;title\\x07" in result.stderr


def test_practice_cases_from_a_file_are_shown_as_text(
    terminal: Terminal, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coach train` shows cases from a file someone else wrote: on the terminal, as text."""
    from tests.exchange.test_import import write_export

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("COACH_AGENT", "Sanne")  # a name known: practice starts at once
    case = make_case(situation=NASTY, rule=NASTY, alternative=NASTY, lessons=NASTY,
                     status="closed", decision="set-aside", outcome="resolved",
                     comments=(Comment("c0000000-0000-4000-8000-00000000000c", TITLE,
                                       ago(days=1), NASTY),))  # fmt: skip
    export = write_export(isolated / "practice.json", [case])
    ran = terminal.run("train", "--from", str(export), "--count", "1", keys="ynn1")
    assert ran.exit_code == 0, ran.output
    assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(ran.output)
    assert "\\x1b[2J" in ran.stderr and "\\x1b]0;title\\x07" in "".join(ran.stderr.split())
