"""The one clock (SPEC §2): every "now" in coach comes from here.

`$COACH_NOW` (an ISO time with a zone) sets it, so tests and the child processes they
start share one known now, whatever the machine's own clock says. Everything else gets
the time passed in: the domain never reads a clock.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from coachcli.errors import UsageError

VARIABLE = "COACH_NOW"


def now(environ: Mapping[str, str] | None = None) -> datetime:
    """The current moment in UTC: `$COACH_NOW` when set, else the machine's clock."""
    text = (os.environ if environ is None else environ).get(VARIABLE, "").strip()
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError("error.bad_now", variable=VARIABLE) from None
    if moment.tzinfo is None:
        # A time without a zone means a different moment on every machine.
        raise UsageError("error.bad_now", variable=VARIABLE)
    return moment.astimezone(UTC)
