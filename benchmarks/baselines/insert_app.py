"""Baseline for `coach case new --no-input --json` (SPEC §14): open a SQLite file with
sqlite-utils, insert one row, print it as JSON."""

import json
import uuid
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def insert(
    path: Annotated[Path, typer.Argument()],
    situation: Annotated[str, typer.Option()] = "A situation",
) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(path)
    row = {"id": str(uuid.uuid4()), "situation": situation}
    db.table("rows").insert(row)
    print(json.dumps(row))


if __name__ == "__main__":
    app()
