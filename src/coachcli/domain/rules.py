"""What "the same rule" means (SPEC §7): one key per rule, however it was typed.

Agents type a rule with other capitals, spaces or look-alike characters ("ﬁ", a
full-width letter); all of those are one rule to a reader, so reports, precedents and
filters compare rules by this key, never by the raw text.
"""

from __future__ import annotations

import unicodedata


def rule_key(text: str) -> str:
    """The rule NFKC-normalised, case-folded and with white space collapsed.

    Folding can leave text that is no longer in NFKC form (a few folded characters
    compose differently), so the folded text is normalised once more.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())
