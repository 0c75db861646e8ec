"""`coach casebook export` (SPEC §10): formats, redaction by default, pseudonyms, safety."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from coachcli.domain.case import Case, Comment
from tests.conftest import Invoke, Terminal
from tests.helpers import ago, casebook_with, make_case

# The csv columns in the order the README documents them ("The csv columns, in order"),
# written out by hand: a trainer's spreadsheet depends on this order, not on the code's.
DOCUMENTED_COLUMNS = [
    "id", "created_at", "updated_at", "decided_at", "closed_at", "agent", "team", "colour",
    "situation", "rule", "alternative", "customer", "rule_cost", "alternative_cost", "currency",
    "other_department", "precedent", "answer_loyalty", "answer_cost", "answer_human",
    "answer_risk", "note_loyalty", "note_cost", "note_human", "note_risk", "verdict", "rung",
    "rung_inferred", "rung_reason", "advice_code", "against_advice", "status", "decision",
    "promise", "deadline", "outcome",
    "lessons", "rule_changed", "retained", "followed_up_at", "tags", "comments",
]  # fmt: skip

PERSONAL = make_case(
    id="aaaa0000-0000-4000-8000-000000000001",
    created_at="2026-11-01T10:00:00.000Z",
    agent="Sanne de Vries",
    customer="polis 4471-22, mevrouw Jansen",
    situation="Mevrouw belt vanaf 06-12345678 over haar pruik, BSN 111222333",
    notes={"loyalty": "mail: jansen@example.nl", "cost": None, "human": None, "risk": None},
    promise="We maken €50 over naar NL91ABNA0417164300",
    tags=("zorg",),
    comments=(
        Comment(
            "cccc0000-0000-4000-8000-000000000001",
            "Bram Bakker",
            "2026-11-02T08:00:00.000Z",
            "Ze woont op 1234 AB",
        ),
    ),
)
OTHER = make_case(
    id="bbbb0000-0000-4000-8000-000000000002", created_at="2026-11-05T10:00:00.000Z",
    agent="Bram Bakker", team="Schade", status="closed", situation="=HYPERLINK(\"http://x\")",
    rule="-1+1", alternative="@SUM(A1)", tags=("reis",),
)  # fmt: skip


@pytest.fixture
def casebook(isolated: Path) -> Path:
    (isolated / "coach.toml").write_text("")
    return casebook_with(isolated / "casebooks" / "casebook.db", PERSONAL, OTHER)


def export(coach: Invoke, *args: str) -> str:
    result = coach("casebook", "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_is_one_document_with_the_header_of_the_spec(coach: Invoke, casebook: Path) -> None:
    document = json.loads(export(coach))
    assert list(document)[:7] == [
        "format", "version", "exported_at", "coach_version", "redacted", "anonymised_agents",
        "filters",
    ]  # fmt: skip
    assert (document["format"], document["version"], document["redacted"]) == (
        "coach-casebook", 2, True,
    )  # fmt: skip
    assert [c["id"] for c in document["cases"]] == [PERSONAL.id, OTHER.id]
    assert list(document)[-2:] == ["cases", "tombstones"]
    assert document["tombstones"] == []


def test_redaction_is_on_by_default_in_every_text_and_comment(
    coach: Invoke, casebook: Path
) -> None:
    case = json.loads(export(coach))["cases"][0]
    assert case["customer"] is None
    assert case["situation"] == "Mevrouw belt vanaf [PHONE] over haar pruik, BSN [BSN]"
    assert case["notes"]["loyalty"] == "mail: [EMAIL]"
    assert case["promise"] == "We maken €50 over naar [IBAN]"
    assert case["comments"][0]["text"] == "Ze woont op [POSTCODE]"
    assert case["id"] == PERSONAL.id and case["rule_cost"] == 700.0  # ids and amounts intact


def test_no_redact_must_be_asked_for_and_warns(coach: Invoke, casebook: Path) -> None:
    result = coach("casebook", "export", "--no-redact")
    assert "NOT redacted" in result.stderr
    document = json.loads(result.stdout)
    assert document["redacted"] is False
    assert document["cases"][0]["customer"] == "polis 4471-22, mevrouw Jansen"


def test_anonymised_agents_are_stable_within_one_export(coach: Invoke, casebook: Path) -> None:
    document = json.loads(export(coach, "--anonymise-agents"))
    first, second = document["cases"]
    assert document["anonymised_agents"] is True
    assert first["agent"] == "Agent A"
    assert first["comments"][0]["author"] == "Agent B"  # Bram, who also owns case two
    assert second["agent"] == "Agent B"
    assert "Sanne" not in json.dumps(document) and "Bram" not in json.dumps(document)


def test_jsonl_has_the_header_then_one_case_per_line(coach: Invoke, casebook: Path) -> None:
    text = export(coach, "--format", "jsonl")
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    assert json.loads(lines[0])["format"] == "coach-casebook"
    assert [json.loads(line)["id"] for line in lines[1:]] == [PERSONAL.id, OTHER.id]


def test_csv_has_a_bom_a_fixed_column_order_and_no_formulas(
    coach: Invoke, casebook: Path, isolated: Path
) -> None:
    target = isolated / "cases.csv"
    export(coach, "--output", str(target))  # the format follows the extension
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == DOCUMENTED_COLUMNS
    other = dict(zip(rows[0], rows[2], strict=True))
    assert other["situation"] == '\'=HYPERLINK("http://x")'
    assert other["rule"] == "'-1+1"
    assert other["alternative"] == "'@SUM(A1)"
    assert other["tags"] == "reis"
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["answer_loyalty"], first["comments"], first["rule_cost"]) == ("yes", "1", "700")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--agent", "Bram Bakker"], [OTHER.id]),
        (["--team", "schade"], [OTHER.id]),
        (["--status", "closed"], [OTHER.id]),
        (["--tag", "zorg"], [PERSONAL.id]),
        (["--since", "2026-11-02"], [OTHER.id]),
        (["--until", "2026-11-01"], [PERSONAL.id]),
    ],
)
def test_filters(coach: Invoke, casebook: Path, args: list[str], expected: list[str]) -> None:
    document = json.loads(export(coach, *args))
    assert [c["id"] for c in document["cases"]] == expected
    assert document["filters"]


def test_md_is_a_handout_with_three_discussion_prompts(coach: Invoke, casebook: Path) -> None:
    md = export(coach, "--format", "md")
    assert md.startswith("# Casebook review")
    assert "| loyalty | yes |" in md
    assert "\\[PHONE\\]" in md and "06-12345678" not in md  # Markdown-escaped brackets
    prompts = md.split("## For the discussion")[1]
    assert re.findall(r"^\d\. ", prompts, re.M) == ["1. ", "2. ", "3. "]
    assert (
        "## Voor het gesprek"
        in coach("--lang", "nl", "casebook", "export", "--format", "md").stdout
    )


def test_a_handout_says_which_cases_it_covers(coach: Invoke, casebook: Path) -> None:
    everything = export(coach, "--format", "md")
    assert "It covers every case in the casebook." in everything
    some = export(coach, "--format", "html", "--status", "closed", "--tag", "zorg",
                  "--since", "2026-01-01")  # fmt: skip
    assert "It covers the cases with status closed, tag zorg, created from 1 Jan 2026." in some
    dutch = coach("--lang", "nl", "casebook", "export", "--format", "md", "--status", "decided",
                  "--until", "2026-11-01").stdout  # fmt: skip
    assert (
        "Hierin staan de casussen met status besloten, aangemaakt tot en met 1 nov 2026." in dutch
    )
    assert "Geëxporteerd op 25 nov 2026." in dutch


def test_html_is_one_self_contained_page_with_the_summary(
    coach: Invoke, casebook: Path, isolated: Path
) -> None:
    target = isolated / "review.html"
    export(coach, "--output", str(target))
    page = target.read_text()
    for external in ("https:", "src=", "url(", "@import", "<link", "<script"):
        assert external not in page
    assert "=HYPERLINK(&quot;http://x&quot;)" in page  # what an agent typed, escaped
    assert "In figures" in page and page.count("<h2>") >= 3


def test_a_failed_export_leaves_no_file_behind(
    coach: Invoke, casebook: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = isolated / "out" / "cases.json"

    def boom(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("coachcli.exchange.export.write_json", boom)
    result = coach("casebook", "export", "--output", str(target))
    assert result.exit_code == 1
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temporary file either


def test_an_export_file_is_owner_only(coach: Invoke, casebook: Path, isolated: Path) -> None:
    target = isolated / "x.jsonl"
    export(coach, "--output", str(target))
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_redacted_or_anonymised_export_holds_review_copies(coach: Invoke, casebook: Path) -> None:
    """A review copy never replaces a full copy on import (SPEC §10), so the file says
    which it is, case by case and comment by comment."""
    for args, expected in (
        ((), True),
        (("--no-redact",), False),
        (("--no-redact", "--anonymise-agents"), True),
    ):
        document = json.loads(export(coach, *args))
        first, second = document["cases"]
        assert (first["review_copy"], second["review_copy"]) == (expected, expected), args
        assert first["comments"][0]["review_copy"] is expected, args


def test_privacy_tombstones_travel_and_retention_ones_stay_home(
    coach: Invoke, casebook: Path
) -> None:
    assert coach("casebook", "purge", "--older-than", "1d", "--yes").exit_code == 0  # OTHER
    assert coach("case", "delete", PERSONAL.id[:8], "--yes").exit_code == 0
    document = json.loads(export(coach))
    assert document["cases"] == []
    assert document["tombstones"] == [
        {"id": PERSONAL.id, "deleted_at": "2026-11-25T09:30:00.000Z", "reason": "privacy"}
    ]
    lines = export(coach, "--format", "jsonl")[:-1].split("\n")
    assert [json.loads(line) for line in lines[1:]] == [
        {"tombstone": {"id": PERSONAL.id, "deleted_at": "2026-11-25T09:30:00.000Z",
                       "reason": "privacy"}}
    ]  # fmt: skip


def test_the_headers_filters_are_redacted_and_anonymised_like_the_cases(
    coach: Invoke, casebook: Path
) -> None:
    document = json.loads(export(coach, "--agent", "Sanne de Vries", "--anonymise-agents",
                                 "--tag", "bel 06-12345678"))  # fmt: skip
    assert document["filters"] == {"agent": "Agent A", "tag": "bel [PHONE]"}
    plain = json.loads(export(coach, "--agent", "Sanne de Vries", "--no-redact"))
    assert plain["filters"] == {"agent": "Sanne de Vries"}


def test_every_line_break_inside_a_text_stays_inside_its_json_line(
    coach: Invoke, isolated: Path
) -> None:
    odd = "a\u2028b\u2029c\u0085d\x0be\x0cf\x1cg\rh"
    casebook_with(isolated / "odd.db", make_case(situation=odd, lessons=odd))
    result = coach("--casebook", str(isolated / "odd.db"), "casebook", "export", "--no-redact",
                   "--format", "jsonl")  # fmt: skip
    raw = result.stdout
    assert raw.count("\n") == 2  # the header and one case, each ending with \n only
    assert "\u2028" in raw and "\u0085" in raw  # unescaped: only \n ends a line
    assert json.loads(raw.split("\n")[1])["situation"] == odd


SEQUENCES = "\x1b]0;owned\x07\x1b[2J\u202eevil\x9b31m"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "md", "html"])
def test_an_export_to_a_terminal_shows_typed_escape_sequences_and_runs_none(
    terminal: Terminal, isolated: Path, fmt: str
) -> None:
    """On a terminal a typed `\\x1b[2J` would clear the screen and `\\x1b]0;..` retitle the
    window; the export shows them as escapes instead (JSON's, so json stays JSON)."""
    casebook_with(isolated / "odd.db", make_case(situation=f"wig {SEQUENCES} wash"))
    ran = terminal.run("--casebook", str(isolated / "odd.db"), "casebook", "export", "--no-redact",
                       "--format", fmt, screen=True)  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    for control in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert control not in ran.stdout
    for escape in ("\\u001b", "\\u0007", "\\u202eevil", "\\u009b31m"):
        assert escape in ran.stdout
    if fmt == "json":
        assert json.loads(ran.stdout)["cases"][0]["situation"] == f"wig {SEQUENCES} wash"


def test_an_export_into_a_pipe_keeps_every_character_as_stored(
    coach: Invoke, isolated: Path
) -> None:
    casebook_with(isolated / "odd.db", make_case(situation=f"wig {SEQUENCES} wash"))
    result = coach("--casebook", str(isolated / "odd.db"), "casebook", "export", "--no-redact",
                   "--format", "md")  # fmt: skip
    assert "wig \x1b\\]0;owned\x07\x1b\\[2J\u202eevil\x9b31m wash" in result.stdout


# What a trainer opens: the cells, the page and the handout, byte for byte where it matters.


def export_of(coach: Invoke, isolated: Path, name: str, *cases: Case) -> str:
    """Export `cases` (and nothing else) to a file named `name`; its text, as a user opens it."""
    casebook_with(isolated / "own.db", *cases)
    target = isolated / name
    result = coach("--casebook", str(isolated / "own.db"), "casebook", "export", "--output",
                   str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    return target.read_bytes().decode("utf-8-sig")


def csv_cells(coach: Invoke, isolated: Path, *cases: Case) -> list[list[str]]:
    text = export_of(coach, isolated, "cases.csv", *cases)
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_columns_are_in_the_documented_order(coach: Invoke, isolated: Path) -> None:
    rows = csv_cells(coach, isolated, make_case(created_at=ago(days=3), updated_at=ago(days=3)))
    assert rows[0] == DOCUMENTED_COLUMNS
    cells = dict(zip(rows[0], rows[1], strict=True))
    # Each amount sits under its own heading (not asserting "700" against "700.0": SPEC
    # §10 wants plain numbers, the export writes 700.0 today).
    assert (float(cells["rule_cost"]), float(cells["alternative_cost"])) == (700, 50)


@pytest.mark.parametrize(
    "typed",
    [
        "+cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=2+2",
        "-3+3",
        # Spreadsheets skip leading white space and read the full-width signs too (§10).
        "  -2+3",
        "\uff1d1+1",
        " \uff0bcmd",
        "\n=HYPERLINK(1)",
        "\uff20SUM(A1)",
    ],
)
def test_csv_quotes_every_cell_a_spreadsheet_would_run_as_a_formula(
    coach: Invoke, isolated: Path, typed: str
) -> None:
    case = make_case(created_at=ago(days=2), updated_at=ago(days=2), situation=typed)
    rows = csv_cells(coach, isolated, case)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["situation"] == "'" + typed


def test_html_cells_show_what_agents_typed_as_text(coach: Invoke, isolated: Path) -> None:
    case = make_case(
        created_at=ago(days=2),
        updated_at=ago(days=1),
        alternative='<img src=x onerror="alert(1)"> & <b>pay</b>',
        promise="<script>alert('promise')</script>",
        comments=(Comment("c1", "<i>Bram</i>", ago(days=1), "see <a href=x>this</a>"),),
    )
    page = export_of(coach, isolated, "review.html", case)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;pay&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(&#x27;promise&#x27;)&lt;/script&gt;" in page
    assert "&lt;i&gt;Bram&lt;/i&gt;: see &lt;a href=x&gt;this&lt;/a&gt;" in page
    for markup in ("<img", "<b>pay", "<script", "<i>Bram", "<a href"):
        assert markup not in page


def test_a_pipe_in_a_note_stays_inside_its_cell_of_the_handout(
    coach: Invoke, isolated: Path
) -> None:
    notes = {"loyalty": "ten years | two policies", "cost": None, "human": None, "risk": None}
    case = make_case(created_at=ago(days=2), updated_at=ago(days=2), notes=notes)
    md = export_of(coach, isolated, "review.md", case)
    assert "| loyalty | yes | ten years \\| two policies |\n" in md.splitlines(keepends=True)


def test_lessons_are_redacted_in_an_export(coach: Invoke, isolated: Path) -> None:
    case = make_case(
        created_at=ago(days=9),
        updated_at=ago(days=2),
        status="closed",
        outcome="resolved",
        lessons="Mevrouw belde terug vanaf 06-12345678, tevreden",
    )
    (exported,) = json.loads(export_of(coach, isolated, "review.json", case))["cases"]
    assert exported["lessons"] == "Mevrouw belde terug vanaf [PHONE], tevreden"


def test_an_iban_typed_in_lower_case_is_redacted_in_an_export(
    coach: Invoke, isolated: Path
) -> None:
    case = make_case(
        created_at=ago(days=3),
        updated_at=ago(days=3),
        promise="We storten €50 op nl91abna0417164300",
    )
    (exported,) = json.loads(export_of(coach, isolated, "review.json", case))["cases"]
    assert exported["promise"] == "We storten €50 op [IBAN]"


def test_anonymised_names_are_replaced_inside_every_text_too(coach: Invoke, isolated: Path) -> None:
    case = make_case(
        created_at=ago(days=3),
        updated_at=ago(days=3),
        agent="Sanne de Vries",
        situation="Sanne heeft overlegd met Bram Bakker over de pruik",
        lessons="Volgende keer eerst Bram (teamleider) bellen",
        comments=(
            Comment("cccc0000-0000-4000-8000-00000000000a", "Bram Bakker (teamleider)",
                    ago(days=2), "Akkoord, zeg Sanne dat het mag"),
        ),
    )  # fmt: skip
    casebook_with(isolated / "own.db", case)
    result = coach("--casebook", str(isolated / "own.db"), "casebook", "export",
                   "--anonymise-agents")  # fmt: skip
    assert result.exit_code == 0, result.output
    (exported,) = json.loads(result.stdout)["cases"]
    assert exported["agent"] == "Agent A"
    assert exported["situation"] == "Agent A heeft overlegd met Agent B over de pruik"
    assert exported["lessons"] == "Volgende keer eerst Agent B (teamleider) bellen"
    assert exported["comments"][0]["author"] == "Agent B (teamleider)"
    assert exported["comments"][0]["text"] == "Akkoord, zeg Agent A dat het mag"
    assert "Sanne" not in result.stdout and "Bram" not in result.stdout


def test_a_colleague_named_only_in_another_case_is_anonymised_here_too(
    coach: Invoke, isolated: Path
) -> None:
    """The names come from every agent and comment author in the casebook, not only from
    the cases that the filters let through."""
    mine = make_case(created_at=ago(days=3), agent="Sanne de Vries", team="Zorg",
                     situation="Ik heb het aan Kees Verbeek voorgelegd")  # fmt: skip
    his = make_case(created_at=ago(days=4), agent="Kees Verbeek", team="Reis")
    casebook_with(isolated / "own.db", mine, his)
    result = coach("--casebook", str(isolated / "own.db"), "casebook", "export",
                   "--anonymise-agents", "--team", "Zorg")  # fmt: skip
    (exported,) = json.loads(result.stdout)["cases"]
    assert exported["situation"] == "Ik heb het aan Agent B voorgelegd"


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html"])
def test_tags_team_and_comment_authors_are_redacted_in_every_format(
    coach: Invoke, isolated: Path, fmt: str
) -> None:
    case = make_case(
        created_at=ago(days=3),
        updated_at=ago(days=3),
        team="Zorg (bel 020-6123456)",
        tags=("terugbellen 06-12345678",),
        comments=(
            Comment("cccc0000-0000-4000-8000-00000000000b", "Bram (06-87654321)",
                    ago(days=2), "Gebeld"),
        ),
    )  # fmt: skip
    text = export_of(coach, isolated, f"review.{fmt}", case)
    for personal in ("020-6123456", "06-12345678", "06-87654321"):
        assert personal not in text, (fmt, personal)
    if fmt in ("json", "csv"):
        assert "Zorg (bel [PHONE])" in text and "terugbellen [PHONE]" in text
    if fmt in ("json", "html"):
        assert "Bram ([PHONE])" in text
    if fmt == "md":
        assert "Bram (\\[PHONE\\])" in text  # Markdown escapes its brackets


def test_the_headers_team_and_tag_filters_are_redacted_and_anonymised(
    coach: Invoke, casebook: Path
) -> None:
    document = json.loads(export(coach, "--anonymise-agents", "--team", "Zorg 020-6123456",
                                 "--tag", "van Bram: jan@example.nl"))  # fmt: skip
    assert document["filters"] == {"team": "Zorg [PHONE]", "tag": "van Agent A: [EMAIL]"}


def test_the_people_of_a_casebook_are_its_agents_and_comment_authors_once_each(
    isolated: Path,
) -> None:
    from coachcli import store

    cases = [
        make_case(created_at=ago(days=n), agent=agent, comments=comments)
        for n, (agent, comments) in enumerate([
            ("Sanne de Vries", ()),
            ("sanne de vries", ()),
            ("Bram Bakker", (Comment("cccc0000-0000-4000-8000-00000000000c", "Kees (teamleider)",
                                     ago(days=1), "Akkoord"),)),
            ("Ömer Yilmaz", ()),
        ], 1)
    ]  # fmt: skip
    casebook = store.connect(casebook_with(isolated / "people.db", *cases))
    assert casebook is not None
    try:
        people = store.people(casebook)
    finally:
        casebook.close()
    # Agents whose names differ only in letter case count once, as their pseudonym does.
    assert len(people) == 4
    assert {name.casefold() for name in people} == {
        "sanne de vries", "bram bakker", "kees (teamleider)", "ömer yilmaz"
    }  # fmt: skip


def test_an_organisation_can_give_redaction_words_of_its_own(coach: Invoke, isolated: Path) -> None:
    """`[content] redaction = ...` replaces the context words: here "klantkaart" is a BSN
    word, and the bundled "bsn" is not."""
    english = (Path(__file__).parents[2] / "src/coachcli/content/redaction.en.toml").read_text()
    for lang in ("en", "nl"):
        own = re.sub(r"(?s)bsn_words = \[.*?\]", 'bsn_words = ["klantkaart"]', english, count=1)
        (isolated / f"words.{lang}.toml").write_text(own)
    (isolated / "coach.toml").write_text('[content]\nredaction = "words.{lang}.toml"\n')
    case = make_case(created_at=ago(days=3), agent="Sanne 06-12345678",
                     situation="Klantkaart 111222333", lessons="BSN 123456782")  # fmt: skip
    casebook_with(isolated / "casebooks" / "casebook.db", case)
    (exported,) = json.loads(export(coach))["cases"]
    assert (exported["situation"], exported["lessons"]) == ("Klantkaart [BSN]", "BSN 123456782")
    assert exported["agent"] == "Sanne [PHONE]"  # the agent is redacted like any text
