"""A structural check on start-up cost (SPEC §14): heavy libraries load only when needed."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("questionary", "sqlite_utils", "rich.progress", "pydantic", "phonenumbers", "stdnum")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    # A fresh interpreter: this test process has imported everything already.
    code = f"import sys, coachcli.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
