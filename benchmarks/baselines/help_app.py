"""Baseline for `coach --help` (SPEC §14): a small Typer app, one sub-group, three commands."""

from typing import Annotated

import typer

app = typer.Typer(help="A small app.", no_args_is_help=True)
group = typer.Typer(help="A group.", no_args_is_help=True)
app.add_typer(group, name="items")


@group.command(name="list")
def list_items(limit: Annotated[int, typer.Option(help="How many.")] = 20) -> None:
    """List items."""


@group.command()
def show(item: Annotated[str, typer.Argument(help="Which item.")]) -> None:
    """Show one item."""


@app.command()
def check() -> None:
    """Check things."""


if __name__ == "__main__":
    app()
