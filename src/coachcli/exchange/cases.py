"""Case JSON on its way out: redaction and pseudonyms, which make a case a review copy.

`Review` is the one seam that every way out of a casebook uses (SPEC §10, §15, §16): the
export in every format, `coach train`, and sync's files with `[sync] redact = true`. Build
it with `review_for`, then pass each case through `Review.case` and the header's filters
through `Review.filters`. Checking case JSON on its way in is `checks`; the merge order is
`domain.merge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.domain.case import PSEUDONYMS, QUESTIONS, REVIEW, Advice, Case, Comment
from coachcli.domain.redact import Redactor, Words
from coachcli.domain.redact.names import Pseudonyms

if TYPE_CHECKING:
    from coachcli.config import Config


class Review:
    """What a case becomes on its way out: redacted, anonymised, or both (or neither)."""

    def __init__(self, redact: Redactor | None = None, names: Pseudonyms | None = None) -> None:
        self.redact = redact
        self.names = names

    def case(self, case: Case, *, suspected: bool = False) -> Case:
        """`case` on its way out; `suspected`: the redactor's quick look at its texts
        (`Redactor.suspect_any`) already flagged it, so it is not asked again."""
        if self.redact is not None:
            case = redact_case(case, self.redact, suspected=suspected)
        if self.names is not None:
            case = anonymise_case(case, self.names)
        return case

    def has_patterns(self) -> bool:
        """Whether the organisation's own `[redact] patterns` apply: a pattern may need
        to see each text on its own (`^...$`), so their exports are built in Python."""
        return self.redact is not None and bool(self.redact.patterns)

    def filters(self, filters: Mapping[str, Any]) -> dict[str, Any]:
        """The header's filters, redacted and anonymised like the cases: `--agent "Sanne"`
        or `--tag "06-12345678"` would otherwise name in the header what the cases no
        longer do."""
        shown = dict(filters)
        for key in ("agent", "team", "rule", "tag"):
            value = shown.get(key)
            if not isinstance(value, str):
                continue
            if self.redact is not None:
                value = self.redact(value)
            if self.names is not None and value is not None:
                value = self.names(value) if key == "agent" else self.names.text(value)
            shown[key] = value
        return shown


def review_for(
    config: Config,
    root: Path | None,
    *,
    redact: bool,
    anonymise: bool,
    people: Iterable[str] = (),
) -> Review:
    """The Review for an export, a practice session or a sync file, from the content of
    every language (one casebook can hold cases in several) and the config's `[redact]`.
    `people` are every agent and comment author in the casebook (`store.people`)."""
    words = redaction_words(config, root) if redact or anonymise else Words()
    redactor = None
    if redact:
        redactor = Redactor(words, patterns=config.redact_patterns, terms=config.redact_terms)
    names = Pseudonyms(people, words.first_name_words) if anonymise else None
    return Review(redactor, names)


def redaction_words(config: Config, root: Path | None) -> Words:
    from coachcli import content
    from coachcli.i18n import LANGUAGES

    return Words.merged(content.load("redaction", lang, config.content, root) for lang in LANGUAGES)


def redact_case(case: Case, redact: Redactor, *, suspected: bool = False) -> Case:
    """Every free-text field, comment, tag, the team and the names redacted, and the
    customer reference dropped: a review copy from now on. `suspected`: the quick look
    was already taken (an export asks it of each case's stored texts); a case it flags
    in error comes out the same either way, as each text is then looked at alone."""
    advice = case.advice
    # Most cases hold nothing to redact: one look at all their texts together clears them.
    if not suspected and not redact.suspect_any(_texts(case)):
        return _changed(case, customer=None, review_copy=max(case.review_copy, REVIEW),
                        comments=tuple(_comment(c, REVIEW) for c in case.comments))  # fmt: skip
    if advice is not None:
        advice = _advice(advice, redact(advice.text) or "", redact(advice.watch_out) or "")
    return _changed(
        case,
        customer=None,
        agent=redact(case.agent) or case.agent,
        team=redact(case.team),
        situation=redact(case.situation) or "",
        rule=redact(case.rule) or "",
        alternative=redact(case.alternative) or "",
        promise=redact(case.promise),
        rung_reason=redact(case.rung_reason),
        lessons=redact(case.lessons),
        notes={q: redact(case.notes.get(q)) for q in QUESTIONS},
        tags=tuple(redact(tag) or tag for tag in case.tags),
        advice=advice,
        review_copy=max(case.review_copy, REVIEW),
        comments=tuple(
            _comment(c, REVIEW, author=redact(c.author) or c.author, text=redact(c.text) or "")
            for c in case.comments
        ),
    )


def _texts(case: Case) -> list[str | None]:
    """Every free text of a case, for the redactor's quick look."""
    advice = case.advice
    return [
        case.agent,
        case.team,
        case.situation,
        case.rule,
        case.alternative,
        case.promise,
        case.rung_reason,
        case.lessons,
        *case.notes.values(),
        *case.tags,
        *(text for c in case.comments for text in (c.author, c.text)),
        *((advice.text, advice.watch_out) if advice else ()),
    ]


def anonymise_case(case: Case, names: Pseudonyms) -> Case:
    """Agent and comment-author names replaced by pseudonyms, in their fields and inside
    every text (SPEC §10 `--anonymise-agents`)."""
    agent = names(case.agent)  # first, so that a case's agent gets the earlier letter
    text = names.text
    return _changed(
        case,
        agent=agent,
        team=text(case.team),
        situation=text(case.situation) or "",
        rule=text(case.rule) or "",
        alternative=text(case.alternative) or "",
        promise=text(case.promise),
        rung_reason=text(case.rung_reason),
        lessons=text(case.lessons),
        notes={q: text(case.notes.get(q)) for q in QUESTIONS},
        tags=tuple(text(tag) or tag for tag in case.tags),
        review_copy=PSEUDONYMS,
        comments=tuple(
            _comment(c, PSEUDONYMS, author=names(c.author), text=text(c.text) or "")
            for c in case.comments
        ),
    )


def _changed(case: Case, **changes: Any) -> Case:
    """`dataclasses.replace` without re-running `__init__` (a frozen dataclass's sets every
    field through `object.__setattr__`): an export of 100,000 cases notices. Safe because
    every value here is already a Case's, or one of the same type."""
    new = object.__new__(Case)
    new.__dict__.update(case.__dict__)
    new.__dict__.update(changes)
    return new


def _comment(comment: Comment, copy: int, **changes: Any) -> Comment:
    if not changes and comment.review_copy >= copy:
        return comment
    new = object.__new__(Comment)
    new.__dict__.update(comment.__dict__)
    new.__dict__.update(changes, review_copy=max(comment.review_copy, copy))
    return new


def _advice(advice: Advice, text: str, watch_out: str) -> Advice:
    new = object.__new__(Advice)
    new.__dict__.update(advice.__dict__, text=text, watch_out=watch_out)
    return new
