"""The verdict with the advice beside it, as lists show it (SPEC §6 "Lists show the advice
code beside the verdict")."""

from __future__ import annotations

import pytest

from coachcli.domain.case import Advice
from coachcli.i18n import Messages
from coachcli.render.cases import verdict_advice
from tests.helpers import make_case


@pytest.mark.parametrize(
    ("verdict", "code", "en", "nl"),
    [
        ("go", "go", "go", "doen"),
        ("go", "go-stretch", "go · stretch", "doen · buiten comfort"),
        ("go", "check-colleague", "go · ask colleague", "doen · collega vragen"),
        ("go", "sign-off", "go · sign-off", "doen · akkoord nodig"),
        # The only advice these verdicts lead to: saying it twice would only take room.
        ("discuss", "discuss", "discuss", "bespreken"),
        ("stop", "stick-to-rule", "stop", "niet doen"),
        # A pair the advice table never makes, as an import may hold: shown as it is.
        ("stop", "go", "stop · go ahead", "niet doen · ga je gang"),
        ("go", None, "go", "doen"),  # recorded before advice was kept
        (None, None, "-", "-"),
    ],
)
def test_verdict_and_advice(verdict: str | None, code: str | None, en: str, nl: str) -> None:
    advice = Advice(code, True, True, "-", "-") if code else None
    case = make_case(verdict=verdict, advice=advice)
    assert verdict_advice(case, Messages("en")) == en
    assert verdict_advice(case, Messages("nl")) == nl
