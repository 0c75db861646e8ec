"""Money is exact, end to end (SPEC §3, §9, §10, §11): what the agent types, the rung it
gives, and every amount coach writes out or reads back in."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from coachcli.exchange import FORMAT, VERSION
from tests.conftest import Invoke, Terminal
from tests.helpers import casebook_with, day, make_case

BASE = [
    "case", "new", "--no-input", "--agent", "Sanne",
    "--situation", "Glasses broke on holiday in Spain",
    "--rule", "Only contracted opticians are reimbursed",
    "--alternative", "Reimburse the local optician",
    "--loyalty", "yes", "--human", "yes", "--risk", "none",
]  # fmt: skip


def new(coach: Invoke, *extra: str) -> tuple[dict[str, Any], str]:
    """The case as JSON, and the JSON text itself: amounts are checked as written."""
    result = coach(*BASE, *extra, "--json")
    assert result.exit_code == 0, result.output
    case: dict[str, Any] = json.loads(result.stdout)
    return case, result.stdout


@pytest.mark.parametrize(
    ("rule", "alternative", "rung"),
    [
        ("14.01", "64.01", 2),  # an extra of exactly 50.00, goodwill_per_case: within it
        ("14.01", "64.02", 3),  # one cent more
        ("12.07", "512.07", 3),  # exactly 500.00, exception_limit: not past it
        ("12.07", "512.08", 4),  # one cent more
    ],
)
def test_an_extra_of_exactly_a_limit_is_within_it(
    coach: Invoke, rule: str, alternative: str, rung: int
) -> None:
    case, text = new(coach, "--rule-cost", rule, "--alt-cost", alternative)
    assert case["rung_inferred"] == rung
    assert f'"rule_cost": {rule},\n' in text
    assert f'"alternative_cost": {alternative},\n' in text


def test_amounts_are_typed_with_a_dot_or_a_comma_and_written_as_plain_numbers(
    coach: Invoke,
) -> None:
    _, text = new(coach, "--rule-cost", "700", "--alt-cost", "49,95")
    assert '"rule_cost": 700,\n' in text  # never 700.0
    assert '"alternative_cost": 49.95,\n' in text
    _, text = new(coach, "--rule-cost", "1.450,50", "--alt-cost", "12.5", "--cost", "lower")
    assert '"rule_cost": 1450.5,\n' in text
    assert '"alternative_cost": 12.5,\n' in text


def test_a_cost_too_large_to_be_money_is_a_usage_error(coach: Invoke) -> None:
    result = coach(*BASE, "--rule-cost", "1000000000.01")
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: --rule-cost is more than coach takes as one amount (1,000,000,000.00): "
        "'1000000000.01'.\n"
    )


def test_a_cost_typed_with_control_characters_is_shown_escaped(coach: Invoke) -> None:
    result = coach(*BASE, "--alt-cost", "\x1b]0;pwned\x0750")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b]0;pwned\\x0750" in result.stderr


def test_the_budget_sums_goodwill_exactly(coach: Invoke) -> None:
    """0.1 + 0.2 of goodwill is 0.3 spent, not 0.30000000000000004."""
    for alternative in ("0.1", "0,2"):
        new(coach, "--rule-cost", "0", "--alt-cost", alternative,
            "--decision", "set-aside", "--promise", "A coffee voucher")  # fmt: skip
    result = coach("budget", "--agent", "Sanne", "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[3:6] == ['  "budget": 100,', '  "spent": 0.3,', '  "remaining": 99.7,']
    shown = coach("budget", "--agent", "Sanne").stdout
    assert "Budget €100.00, spent €0.30, remaining €99.70." in shown


def test_an_extra_of_exactly_what_remains_of_the_budget_fits_it(
    coach: Invoke, isolated: Path
) -> None:
    """A budget of 50.01 less 0.10 and 0.10 leaves 49.81 (binary floats said
    49.809999999999995): a gesture of exactly 49.81 is still goodwill, one cent more not."""
    (isolated / "coach.toml").write_text("[frame]\ngoodwill_budget = 50.01\n")
    for _ in range(2):
        new(coach, "--rule-cost", "0", "--alt-cost", "0.10",
            "--decision", "set-aside", "--promise", "A coffee voucher")  # fmt: skip
    exactly, _ = new(coach, "--alt-cost", "49.81")
    assert exactly["rung_inferred"] == 2
    past, _ = new(coach, "--alt-cost", "49.82")
    assert past["rung_inferred"] == 3


def test_a_frame_amount_with_cents_is_a_limit_exact_to_the_cent(
    coach: Invoke, isolated: Path
) -> None:
    (isolated / "coach.toml").write_text("[frame]\ngoodwill_per_case = 49.95\n")
    within, _ = new(coach, "--rule-cost", "0.05", "--alt-cost", "50")
    past, _ = new(coach, "--rule-cost", "0.04", "--alt-cost", "50")
    assert (within["rung_inferred"], past["rung_inferred"]) == (2, 3)


def test_team_frame_takes_amounts_exactly_and_writes_them_as_numbers(
    coach: Invoke, isolated: Path
) -> None:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    result = coach("team", "frame", "--set", "goodwill_per_case=49,95",
                   "--set", "goodwill_budget=150", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    written = (isolated / "coach.toml").read_text()
    assert "goodwill_per_case = 49.95\n" in written
    assert "goodwill_budget = 150\n" in written
    frame = result.stdout.splitlines()
    assert '  "goodwill_budget": 150,' in frame and '  "goodwill_per_case": 49.95,' in frame


@pytest.mark.parametrize(
    ("setting", "shown"),
    [("exception_limit=500.001", "'500.001'"), ("goodwill_budget=-1", "'-1'"),
     ("goodwill_budget=1.2.3", "'1.2.3'"), ("goodwill_budget=lots", "'lots'")],
)  # fmt: skip
def test_team_frame_refuses_what_is_not_an_amount_and_changes_nothing(
    coach: Invoke, isolated: Path, setting: str, shown: str
) -> None:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    result = coach("team", "frame", "--set", setting)
    assert result.exit_code == 2
    key = setting.partition("=")[0]
    assert result.stderr == (
        f"coach: frame.{key} must be an amount of 0 or more with at most two decimals, "
        f"such as `50` or `49.95`, not {shown}.\n"
    )
    assert (isolated / "coach.toml").read_text() == 'team = "Zorg"\n'


def test_a_config_amount_with_three_decimals_is_an_error_naming_the_key(
    coach: Invoke, isolated: Path
) -> None:
    (isolated / "coach.toml").write_text("[frame]\ngoodwill_per_case = 49.999\n")
    result = coach("team", "frame")
    assert result.exit_code == 1
    assert "frame.goodwill_per_case must be an amount" in result.stderr
    assert "not 49.999." in result.stderr


def test_stats_sum_money_exactly(coach: Invoke, isolated: Path) -> None:
    decided = day(-1)
    cases = [
        make_case(decision="set-aside", status="decided", rung=1, decided_at=decided,
                  rule_cost=D(700), alternative_cost=D(50)),  # avoids 650
        *[make_case(decision="set-aside", status="decided", rung=1, decided_at=decided,
                    rule_cost=D("0.30"), alternative_cost=D("0.20")) for _ in range(3)],
        make_case(decision="set-aside", status="decided", rung=2, decided_at=decided,
                  rule_cost=None, alternative_cost=D("0.10")),
        make_case(decision="set-aside", status="decided", rung=2, decided_at=decided,
                  rule_cost=D(0), alternative_cost=D("0.20")),
    ]  # fmt: skip
    casebook_with(isolated / "cb.db", *cases)
    result = coach("--casebook", "cb.db", "casebook", "stats", "--json")
    assert result.exit_code == 0, result.output
    assert '"cost_avoided": 650.3,' in result.stdout  # 650 + 0.1 + 0.1 + 0.1
    assert '"goodwill_spent": 0.3,' in result.stdout
    shown = coach("--casebook", "cb.db", "casebook", "stats").stdout
    assert "€650.30" in shown and "€0.30" in shown
    dutch = coach("--casebook", "cb.db", "--lang", "nl", "casebook", "stats").stdout
    assert "€ 650,30" in dutch and "€ 0,30" in dutch


def test_exports_write_amounts_as_plain_numbers(coach: Invoke, isolated: Path) -> None:
    case = make_case(rule_cost=D("700.00"), alternative_cost=D("49.95"))
    casebook_with(isolated / "cb.db", case)
    for fmt in ("json", "jsonl"):
        result = coach("--casebook", "cb.db", "casebook", "export", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert '"rule_cost":700,"alternative_cost":49.95,' in result.stdout, fmt
    csv = coach("--casebook", "cb.db", "casebook", "export", "--format", "csv").stdout
    assert ",700,49.95,EUR," in csv


def export_file(path: Path, raw_case: str) -> Path:
    """An export holding one case whose JSON text is given as is, amounts and all."""
    header = {
        "format": FORMAT, "version": VERSION, "exported_at": "2026-11-24T00:00:00.000Z",
        "coach_version": "0.1.0", "redacted": False, "anonymised_agents": False,
        "filters": {},
    }  # fmt: skip
    text = json.dumps(header)[:-1] + ', "cases": [' + raw_case + "]}"
    path.write_text(text)
    return path


def case_text(rule_cost: str, alternative_cost: str = "null") -> str:
    data = make_case().to_json() | {"id": "6f1c2a4e-0b9d-4c3e-8a71-2d5f9e0b4c13"}
    text = json.dumps(data)
    text = text.replace('"rule_cost": 700', f'"rule_cost": {rule_cost}')
    return text.replace('"alternative_cost": 50', f'"alternative_cost": {alternative_cost}')


def test_import_reads_amounts_exactly_and_stores_whole_cents(coach: Invoke, isolated: Path) -> None:
    source = export_file(isolated / "in.json", case_text("14.01", "64.01"))
    result = coach("--casebook", "cb.db", "casebook", "import", str(source))
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(isolated / "cb.db")) as conn:
        stored = conn.execute(
            "SELECT rule_cost_cents, typeof(rule_cost_cents), alternative_cost_cents FROM cases"
        ).fetchall()
    assert stored == [(1401, "integer", 6401)]
    shown = coach("--casebook", "cb.db", "case", "show", "6f1c2a4e", "--json").stdout
    assert '"rule_cost": 14.01,\n' in shown and '"alternative_cost": 64.01,\n' in shown


@pytest.mark.parametrize(
    "amount", ["49.999", "-5", "-0.01", "1e400", "1000000000.01", "true", '"50"', "NaN",
               "Infinity", "0.30000000000000004", "[50]",
               pytest.param("1" + "0" * 5000, id="5001 digits")],
)  # fmt: skip
def test_import_refuses_an_amount_that_is_not_money_and_imports_nothing(
    coach: Invoke, isolated: Path, amount: str
) -> None:
    source = export_file(isolated / "in.json", case_text(amount))
    result = coach("--casebook", "cb.db", "casebook", "import", str(source))
    assert result.exit_code == 1
    if amount in ("NaN", "Infinity") or len(amount) > 4000:
        # Not JSON at all (or a number no JSON reader should hold): refused as the file.
        assert result.stderr == (
            f"coach: {source}, line 1, column 185: not valid JSON; nothing was imported.\n"
        )
    else:
        assert result.stderr == (
            f"coach: {source}, line 1 (case 6f1c2a4e-0b9d-4c3e-8a71-2d5f9e0b4c13): rule_cost "
            "must be an amount from 0 to 1000000000.00 with at most two decimals; "
            "nothing was imported.\n"
        )
    assert coach("--casebook", "cb.db", "case", "list", "--json").stdout == "[]\n"


def test_a_practice_file_with_a_bad_amount_is_refused_by_train(
    terminal: Terminal, isolated: Path
) -> None:
    source = export_file(isolated / "practice.json", case_text("12.345"))
    result = terminal.run("train", "--from", str(source), "--trainee", "Bram")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"coach: {source}, line 1 (case 6f1c2a4e-")
    assert "rule_cost must be an amount" in result.stderr


def test_the_cases_behind_the_budget_add_up_to_what_was_spent(
    coach: Invoke, isolated: Path
) -> None:
    """A goodwill step that cost less than the rule spent nothing: it is not listed with a
    negative amount beside a total that leaves it out."""
    goodwill = {"agent": "Sanne", "decision": "set-aside", "status": "decided", "rung": 2,
                "decided_at": day(0, "08:00:00")}  # fmt: skip
    cheaper = make_case(rule_cost=D(450), alternative_cost=D("49.95"), **goodwill)
    gesture = make_case(rule_cost=None, alternative_cost=D("12.50"), **goodwill)
    casebook_with(isolated / "cb.db", cheaper, gesture)
    data = json.loads(coach("--casebook", "cb.db", "budget", "--agent", "Sanne", "--json").stdout)
    assert (data["spent"], data["cases"]) == (12.5, [gesture.id])
    shown = coach("--casebook", "cb.db", "budget", "--agent", "Sanne").stdout
    assert f"  {gesture.id[:8]}  €12.50\n" in shown
    assert cheaper.id[:8] not in shown


@pytest.mark.parametrize(
    ("lang", "flag", "typed", "written"),
    [
        ("en", "--alt-cost", "€50", '"alternative_cost": 50,\n'),
        ("en", "--alt-cost", "50,00", '"alternative_cost": 50,\n'),
        ("en", "--rule-cost", "EUR 1,450.00", '"rule_cost": 1450,\n'),
        ("nl", "--alt-cost", "1.450", '"alternative_cost": 1450,\n'),
        ("nl", "--alt-cost", "€ 1.250,50", '"alternative_cost": 1250.5,\n'),
        ("nl", "--rule-cost", "50,-", '"rule_cost": 50,\n'),
    ],
)
def test_cost_flags_are_read_as_the_prompt_reads_them(
    coach: Invoke, lang: str, flag: str, typed: str, written: str
) -> None:
    result = coach("--lang", lang, *BASE, flag, typed, "--json")
    assert result.exit_code == 0, result.output
    assert written in result.stdout


@pytest.mark.parametrize(
    ("lang", "flag", "typed", "message"),
    [
        ("en", "--alt-cost", "1.450",
         "--alt-cost '1.450' could be €1,450.00 or €1.45; type 1450 or 1.45."),
        ("en", "--rule-cost", "€49.950",
         "--rule-cost '€49.950' could be €49,950.00 or €49.95; type 49950 or 49.95."),
        ("nl", "--alt-cost", "1,450",
         "--alt-cost '1,450' kan € 1.450,00 of € 1,45 zijn; typ 1450 of 1,45."),
        ("nl", "--rule-cost", "EUR 2,500",
         "--rule-cost 'EUR 2,500' kan € 2.500,00 of € 2,50 zijn; typ 2500 of 2,50."),
        ("en", "--alt-cost", "$50",
         "--alt-cost '$50' is an amount in USD, but this team works in EUR."),
        ("nl", "--rule-cost", "50 GBP",
         "--rule-cost '50 GBP' is een bedrag in GBP, maar dit team rekent in EUR."),
        ("nl", "--alt-cost", "1.2.3",
         "--alt-cost moet een bedrag van 0 of meer zijn met hoogstens twee cijfers achter de "
         "komma, zoals 50 of 49,95, niet '1.2.3'."),
    ],
)  # fmt: skip
def test_an_ambiguous_or_foreign_cost_flag_is_a_usage_error_naming_the_flag(
    coach: Invoke, lang: str, flag: str, typed: str, message: str
) -> None:
    result = coach("--lang", lang, *BASE, flag, typed)
    assert result.exit_code == 2
    assert result.stderr == f"coach: {message}\n"
    assert coach("case", "list", "--json").stdout == "[]\n"  # nothing was recorded


def test_a_cost_flag_of_ten_thousand_digits_is_refused_in_one_short_line(coach: Invoke) -> None:
    result = coach(*BASE, "--alt-cost", "1" + "0" * 10_000)
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: --alt-cost is more than coach takes as one amount (1,000,000,000.00): "
        f"'1{'0' * 39}…'.\n"
    )


def test_the_frames_currency_decides_which_sign_a_cost_flag_may_carry(
    coach: Invoke, isolated: Path
) -> None:
    (isolated / "coach.toml").write_text('[frame]\ncurrency = "USD"\n')
    case, _ = new(coach, "--alt-cost", "$45")
    assert (case["alternative_cost"], case["currency"]) == (45, "USD")
    result = coach(*BASE, "--alt-cost", "€45")
    assert result.exit_code == 2
    assert result.stderr == (
        "coach: --alt-cost '€45' is an amount in EUR, but this team works in USD.\n"
    )


def test_team_frame_reads_amounts_in_the_users_language(coach: Invoke, isolated: Path) -> None:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    result = coach("--lang", "nl", "team", "frame", "--set", "goodwill_budget=1.450")
    assert result.exit_code == 0, result.output
    assert "goodwill_budget = 1450\n" in (isolated / "coach.toml").read_text()
    assert "€ 1.450,00" in result.stdout  # and shown back as Dutch writes money


@pytest.mark.parametrize(
    ("lang", "setting", "message"),
    [
        ("en", "goodwill_budget=1.450", "frame.goodwill_budget '1.450' could be €1,450.00 or "
         "€1.45; type 1450 or 1.45."),
        ("nl", "exception_limit=1,500", "frame.exception_limit '1,500' kan € 1.500,00 of "
         "€ 1,50 zijn; typ 1500 of 1,50."),
        ("en", "goodwill_per_case=$50", "frame.goodwill_per_case '$50' is an amount in USD, "
         "but this team works in EUR."),
    ],
)  # fmt: skip
def test_team_frame_refuses_an_ambiguous_or_foreign_amount_and_changes_nothing(
    coach: Invoke, isolated: Path, lang: str, setting: str, message: str
) -> None:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    result = coach("--lang", lang, "team", "frame", "--set", setting)
    assert result.exit_code == 2
    assert result.stderr == f"coach: {message}\n"
    assert (isolated / "coach.toml").read_text() == 'team = "Zorg"\n'


def test_team_frame_reads_amounts_in_the_currency_it_sets(coach: Invoke, isolated: Path) -> None:
    (isolated / "coach.toml").write_text('team = "Zorg"\n')
    result = coach("team", "frame", "--set", "goodwill_per_case=$40", "--set", "currency=usd")
    assert result.exit_code == 0, result.output
    assert "goodwill_per_case = 40\n" in (isolated / "coach.toml").read_text()


CALL = [
    "case", "new", "--agent", "Sanne", "--situation", "Taxi home after chemotherapy",
    "--rule", "Taxis are paid from 25 km", "--alternative", "Pay the taxi from 12 km",
    "--customer", "REF-1", "--tag", "taxi",  # no prompt for them: the call is about money
]  # fmt: skip


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Every one-key question the flow puts, with the labels of its options as shown."""
    from coachcli.prompts import Option, Prompter

    questions: list[tuple[str, list[str]]] = []
    choose = Prompter.choose

    def spying(self: Prompter, message: str, options: list[Option], **kwargs: Any) -> Any:
        questions.append((message, [option.label for option in options]))
        return choose(self, message, options, **kwargs)

    monkeypatch.setattr(Prompter, "choose", spying)
    return questions


def test_an_ambiguous_amount_at_the_prompt_is_asked_and_the_panel_shows_what_was_read(
    terminal: Terminal, coach: Invoke, asked: list[tuple[str, list[str]]]
) -> None:
    keys = [
        "\r",  # no rule cost
        "1.450\r",  # in English a dot is the decimal mark: 1450 or 1.45?
        "2",  # 1.45
        "\r", "y\r", "y\r", "a\r", "\r",  # neither; loyalty, human, risk; the rung
        "2", "We pay this ride\r",  # set aside, and the promise
    ]  # fmt: skip
    ran = terminal.run(*CALL, keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    assert ("Did you mean €1,450.00 or €1.45?", ["€1,450.00", "€1.45"]) in asked
    assert "│ Costs: rule not given, alternative €1.45; €1.45 extra." in ran.stderr
    (case,) = json.loads(coach("case", "list", "--json").stdout)
    assert (case["rule_cost"], case["alternative_cost"]) == (None, 1.45)


def test_in_dutch_a_dot_groups_and_a_comma_before_three_digits_is_asked(
    terminal: Terminal, coach: Invoke, asked: list[tuple[str, list[str]]]
) -> None:
    keys = [
        "1.400\r",  # a Dutch dot groups thousands: 1400, not asked
        "1,450\r",  # a Dutch comma is the decimal mark: 1450 of 1,45?
        "1",  # 1450
        "\r", "j\r", "j\r", "a\r", "\r", "2", "We vergoeden de rit\r",
    ]  # fmt: skip
    ran = terminal.run("--lang", "nl", *CALL, keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    amounts = [(q, labels) for q, labels in asked if q.startswith("Bedoel je")]
    assert amounts == [("Bedoel je € 1.450,00 of € 1,45?", ["€ 1.450,00", "€ 1,45"])]
    assert "│ Kosten: regel € 1.400,00, alternatief € 1.450,00; € 50,00 extra." in ran.stderr
    (case,) = json.loads(coach("case", "list", "--json").stdout)
    assert (case["rule_cost"], case["alternative_cost"]) == (1400, 1450)


def test_a_wrong_currency_at_the_prompt_is_refused_and_asked_again(
    terminal: Terminal, coach: Invoke, asked: list[tuple[str, list[str]]]
) -> None:
    keys = [
        "$50\r",  # refused: the prompt stays, with the reason
        "\x7f" * 3 + "€50\r",  # erased, and typed in euros
        "\r", "\r", "y\r", "y\r", "a\r", "\r", "1",  # no alternative cost; followed the rule
    ]  # fmt: skip
    ran = terminal.run(*CALL, keys="".join(keys))
    assert ran.exit_code == 0, ran.output
    assert "│ Costs: rule €50.00, alternative not given; €50.00 less." in ran.stderr
    (case,) = json.loads(coach("case", "list", "--json").stdout)
    assert (case["rule_cost"], case["alternative_cost"]) == (50, None)
    assert not [q for q, _ in asked if q.startswith("Did you mean")]
