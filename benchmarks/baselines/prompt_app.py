"""Baseline for the first prompt of `coach case new` (SPEC §14): one questionary text prompt."""

import typer

app = typer.Typer()


@app.command()
def ask() -> None:
    import questionary

    answer = questionary.text("Situation, in one line:").ask()
    print(answer)


if __name__ == "__main__":
    app()
