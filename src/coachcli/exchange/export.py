"""Writing a casebook export (SPEC §10) in json, jsonl, csv, md or html, as a stream.

Each writer takes an iterator of cases (json and jsonl: of encoded case objects, most of
them written by SQLite, see store/exports.py) and a text stream; nothing holds the whole
casebook in memory. The CLI decides the stream (stdout or a temporary file renamed on
success), and whether cases are redacted and pseudonymised before they arrive here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any, TextIO

from coachcli.domain.case import QUESTIONS, Case
from coachcli.i18n import Messages, answer_lines, costs, outcome_lines, percent

if TYPE_CHECKING:
    from coachcli.exchange.cases import Review
    from coachcli.store.exports import Stored

FORMATS = ("json", "jsonl", "csv", "md", "html")

# The documented column order of the csv format. Answers and notes are flattened, tags are
# joined with ";", and comments are counted.
CSV_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "decided_at",
    "closed_at",
    "agent",
    "team",
    "colour",
    "situation",
    "rule",
    "alternative",
    "customer",
    "rule_cost",
    "alternative_cost",
    "currency",
    "other_department",
    "precedent",
    *(f"answer_{q}" for q in QUESTIONS),
    *(f"note_{q}" for q in QUESTIONS),
    "verdict",
    "rung",
    "rung_inferred",
    "rung_reason",
    "advice_code",
    "against_advice",
    "status",
    "decision",
    "promise",
    "deadline",
    "outcome",
    "lessons",
    "rule_changed",
    "retained",
    "followed_up_at",
    "tags",
    "comments",
)
# What a spreadsheet may run as a formula, after any leading white space (SPEC §10), the
# full-width forms included: spreadsheets run "  =1+1" and a full-width "=1+1" alike.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


Tombstone = tuple[str, str, str]  # id, deleted_at, reason
# One encoder for every case of an export (json.dumps with options builds a new one per
# call), compact, as SQLite's json_object writes the cases that need no change.
encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _tombstone(tombstone: Tombstone) -> dict[str, str]:
    case_id, deleted_at, reason = tombstone
    return {"id": case_id, "deleted_at": deleted_at, "reason": reason}


def write_json(
    lines: Iterable[str],
    header: Mapping[str, Any],
    out: TextIO,
    tombstones: Iterable[Tombstone] = (),
) -> int:
    """One document: the header's keys, then the cases (each one encoded JSON object, in
    `lines`) and `tombstones` as arrays, one element per line (a reader may split lines;
    coach's own reads the JSON)."""
    head = json.dumps({**header, "cases": []}, ensure_ascii=False)
    out.write(head[: -len("[]}")] + "[")
    count = 0
    for count, line in enumerate(lines, 1):
        out.write(("," if count > 1 else "") + "\n" + line)
    out.write('\n],\n"tombstones": [')
    for n, tombstone in enumerate(tombstones):
        out.write(("," if n else "") + "\n" + json.dumps(_tombstone(tombstone)))
    out.write("\n]}\n")
    return count


def write_jsonl(
    lines: Iterable[str],
    header: Mapping[str, Any],
    out: TextIO,
    tombstones: Iterable[Tombstone] = (),
) -> int:
    """The header, one case per line, then one `{"tombstone": ...}` per line. Lines end
    with `\\n` only; U+2028, U+0085 and the like stay inside the JSON strings, and the
    reader splits on `\\n` only, so they round-trip."""
    out.write(json.dumps(dict(header), ensure_ascii=False) + "\n")
    count = 0
    for line in lines:
        out.write(line + "\n")
        count += 1
    for tombstone in tombstones:
        out.write(json.dumps({"tombstone": _tombstone(tombstone)}) + "\n")
    return count


def case_lines(cases: Iterable[Case]) -> Iterator[str]:
    return (encode(case.to_json()) for case in cases)


def review_lines(
    batches: Iterable[list[Stored]], review: Review, load: Callable[[list[str]], dict[str, Case]]
) -> Iterator[str]:
    """The lines of an export from cases as SQLite wrote them (store.exports): each as it
    is, unless the redactor's quick look at its texts suspects it; those few are `load`ed
    as Cases, redacted and encoded here."""
    redact = review.redact
    for batch in batches:
        suspects = [case_id for _, case_id, texts in batch if redact and redact.suspect_any(texts)]
        changed = {}
        if suspects:
            changed = {
                key: encode(review.case(c, suspected=True).to_json())
                for key, c in load(suspects).items()
            }
        for line, case_id, _ in batch:
            yield changed.get(case_id, line)


def csv_row(case: Case) -> list[object]:
    """One case as a csv row; text that a spreadsheet would run as a formula is quoted."""
    data = case.to_json()
    values: dict[str, object] = {k: v for k, v in data.items() if k in CSV_COLUMNS}
    for question in QUESTIONS:
        values[f"answer_{question}"] = case.answers.get(question)
        values[f"note_{question}"] = case.notes.get(question)
    values["advice_code"] = case.advice.code if case.advice else None
    values["tags"] = ";".join(case.tags)
    values["comments"] = len(case.comments)
    return [_cell(values.get(column)) for column in CSV_COLUMNS]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value  # never let Excel or LibreOffice run a cell as a formula
    return value


def write_csv(cases: Iterable[Case], header: Mapping[str, Any], out: TextIO) -> int:
    """utf-8 with a byte-order mark (the caller opens files as utf-8-sig), so Excel reads it."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for case in cases:
        writer.writerow(csv_row(case))
        count += 1
    return count


def _md(text: str | None) -> str:
    """User text on one line of a Markdown handout, unable to break its structure."""
    if not text:
        return "-"
    flat = " ".join(text.split())
    for char in "\\`*_[]|<>#":
        flat = flat.replace(char, "\\" + char)
    return flat


def write_md(
    cases: Iterable[Case],
    header: Mapping[str, Any],
    out: TextIO,
    t: Messages,
    golden: Mapping[str, Any],
) -> int:
    """A review handout: per case what happened and why, then three discussion prompts."""
    out.write(f"# {t('export.title')}\n\n")
    out.write(_exported_on(t, header) + "\n")
    out.write("\n" + _md(covers(t, header.get("filters", {}))) + "\n")
    if header.get("redacted"):
        out.write("\n" + t("export.redacted_note") + "\n")
    count = 0
    for count, case in enumerate(cases, 1):
        out.write(f"\n## {count}. {_md(case.situation)}\n\n")
        out.write(f"- **{t('case.col_rule')}:** {_md(case.rule)}\n")
        out.write(f"- **{t('case.alternative')}:** {_md(case.alternative)}\n")
        shown = costs(t, case.currency, case.rule_cost, case.alternative_cost)
        if shown:
            out.write(f"- **{t('case.costs')}:** {shown}\n")
        out.write(f"\n| {t('export.question')} | {t('export.answer')} | {t('export.note')} |\n")
        out.write("|---|---|---|\n")
        for question, answer, note in answer_lines(case, golden):
            out.write(f"| {question} | {_md(answer)} | {_md(note)} |\n")
        out.write("\n")
        for key, value in outcome_lines(case, t, golden):
            out.write(f"- **{t(key)}:** {_md(value)}\n")
        for comment in case.comments:
            out.write(f"  - {_md(comment.author)}: {_md(comment.text)}\n")
    out.write(f"\n## {t('export.prompts')}\n\n")
    for n in (1, 2, 3):
        out.write(f"{n}. {t(f'export.prompt_{n}')}\n")
    return count


def _exported_on(t: Messages, header: Mapping[str, Any]) -> str:
    from coachcli.render.dates import local, whole_date

    return t("export.subtitle", date=whole_date(local(str(header["exported_at"])).date(), t))


def covers(t: Messages, filters: Mapping[str, Any]) -> str:
    """What a handout covers, in words (SPEC §10: its header names the filters): "It covers
    the cases with agent Agent A, tag zorg, created from 2026-01-01." """
    from coachcli.render.dates import whole_date

    parts = []
    for key, value in filters.items():
        shown = value
        if key in ("since", "until"):
            shown = whole_date(date.fromisoformat(value), t)
        elif key in ("status", "verdict"):
            shown = t(f"{key}.{value}")
        parts.append(t(f"export.filter_{key}", value=shown))
    if not parts:
        return t("export.covers_all")
    return t("export.covers", filters=", ".join(parts))


def write_html(
    cases: Iterable[Case],
    header: Mapping[str, Any],
    out: TextIO,
    t: Messages,
    golden: Mapping[str, Any],
    summary: Mapping[str, Any],
    currency: str,
) -> int:
    """One self-contained page: the summary figures of §11, then every case."""
    from coachcli.html import page

    subtitle = _exported_on(t, header)
    body = [f"<h1>{escape(t('export.title'))}</h1>", f"<p class='muted'>{escape(subtitle)}</p>"]
    body.append(f"<p class='muted'>{escape(covers(t, header.get('filters', {})))}</p>")
    if header.get("redacted"):
        body.append(f"<p class='muted'>{escape(t('export.redacted_note'))}</p>")
    body.append(f"<h2>{escape(t('export.summary'))}</h2><table><tbody>")
    for key in (
        "cases",
        "resolution_rate",
        "cost_avoided",
        "goodwill_spent",
        "open",
        "overdue",
        "median_hours_to_decision",
        "rules_changed",
    ):
        value = summary[key]
        if key == "resolution_rate":
            shown = percent(value)
        elif key in ("cost_avoided", "goodwill_spent"):
            shown = t.amount(value, currency)
        elif key == "median_hours_to_decision" and value is not None:
            shown = t.number(value)
        else:
            shown = "-" if value is None else str(value)
        body.append(f"<tr><th>{escape(t(f'stats.{key}'))}</th><td>{escape(shown)}</td></tr>")
    body.append("</tbody></table>")
    html = page(t("export.title"), t.lang, "\n".join(body))
    head, tail = html.split("</body>")
    out.write(head)
    count = 0
    for count, case in enumerate(cases, 1):
        out.write(_html_case(count, case, t, golden))
    out.write("</body>" + tail)
    return count


def _html_case(n: int, case: Case, t: Messages, golden: Mapping[str, Any]) -> str:
    rows = [
        (t("case.col_rule"), case.rule),
        (t("case.alternative"), case.alternative),
        *(
            (q, answer + (f" ({note})" if note else ""))
            for q, answer, note in answer_lines(case, golden)
        ),
        *((t(key), value) for key, value in outcome_lines(case, t, golden)),
        *((t("case.comment"), f"{c.author}: {c.text}") for c in case.comments),
    ]
    cells = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
        for label, value in rows
        if value
    )
    return f"<h2>{n}. {escape(case.situation)}</h2><table><tbody>{cells}</tbody></table>\n"
