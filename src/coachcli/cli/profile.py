"""`coach profile ...`: the colour-profile self-assessment and saved profiles (SPEC §5)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.env import Env, get_env
from coachcli.cli.options import Json
from coachcli.errors import CoachError, UsageError

if TYPE_CHECKING:
    from coachcli.domain.profile import Answer, Item, Profile
    from coachcli.prompts import Prompter

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Learn your colour profile and your room to move.",
)


@app.command()
def assess(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Whose profile (default: you).")] = None,
    team: Annotated[str | None, typer.Option(help="Team (default: from the config).")] = None,
    answers: Annotated[
        Path | None,
        typer.Option(help="Answer from a TOML or JSON file instead of prompts.", dir_okay=False),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Replace an existing profile.")] = False,
    as_json: Json = False,
    output: Annotated[
        Path | None, typer.Option(help="Write the profile here instead.", dir_okay=False)
    ] = None,
) -> None:
    """Take the colour-profile self-assessment: 16 work situations, about five minutes.

    Example: coach profile assess
    """
    import random

    from coachcli import profiles, render
    from coachcli.domain.case import iso
    from coachcli.domain.profile import (
        Profile,
        parse_items,
        questionnaire_version,
        room_for,
        score,
    )

    env = get_env(ctx)
    if output is not None:
        from coachcli.cli import outputs

        # Its output is a profile, so a profile may be replaced (with --yes), but never
        # the casebook, a database or a config file.
        output = outputs.prepare(env, output, profiles_ok=True) or Path("/dev/stdout")
    prompts = not no_input and env.interactive()
    if name is None:
        person = env.who(None, ask=prompts)
    else:
        from coachcli.cli.identity import offer

        person = name
        offer(env, name, ask=prompts)  # kept as yours only when confirmed (§2)
    questionnaire = env.content("questionnaire")
    items = parse_items(questionnaire)
    target = output or profile_target(env.paths.location.profiles_dir, person)
    interactive = prompts and answers is None
    from coachcli.files import output_errors, standard_stream

    # An answers file that cannot be read is said first: it is what the user must mend.
    from_file = read_answers(answers) if answers else None
    # A FIFO, a device or stdout is written to, not replaced: nothing to confirm.
    if target.is_file() and standard_stream(target) is None and not yes:
        # Ask before the questions, not after five minutes of answering them.
        if not prompts:
            raise CoachError("error.profile_exists", path=target)
        if not env.confirm(env.messages("profile.replace", path=target)):
            return
    if answers is None and not interactive:
        raise UsageError("error.answers_needed")
    seed = random.SystemRandom().randrange(2**31)
    given = from_file if from_file is not None else ask(env, env.prompter(), items, seed)
    result = score(items, given)
    room = room_for(result.close, env.rungs)
    profile = Profile(
        name=person,
        team=team or env.config.team,
        taken_at=iso(env.now()),
        language=env.messages.lang,
        questionnaire=questionnaire_version(questionnaire),
        items=len(items),
        points=result.points,
        scores=result.scores,
        dominant=result.dominant,
        secondary=result.secondary,
        tied=result.tied,
        balanced=result.balanced,
        close=result.close,
        comfort_rung=room.comfort,
        stretch_rung=room.stretch,
        seed=seed,
        answers=given,
    )
    with output_errors(target):
        profiles.write_profile(target, profile)
    if as_json:
        env.print_json(profile.to_document())
    else:
        env.out.print(render.profile_result(profile, room, env.messages, env.colours))
    env.say("profile.saved", path=target)


def profile_target(folder: Path, person: str) -> Path:
    """Where `person`'s profile is written: the file they already have (found by slug, old
    slug or the name inside, so a retake replaces it), else `<slug>.toml`. A slug's file
    that holds someone else's profile is never replaced (李伟 and Li Wei share `li-wei`)."""
    from coachcli.paths import profile_file
    from coachcli.profiles import find_profile_file

    found = find_profile_file(folder, person)
    if found is not None:
        return found
    target = profile_file(folder, person)
    if target.exists():
        raise CoachError("error.profile_slug_taken", path=target)
    return target


def ask(env: Env, prompter: Prompter, items: list[Item], seed: int) -> dict[str, Answer]:
    """For each situation: the statement most like you, then the one least like you.

    Each statement keeps its key in both steps: after the most-like-you pick, that one is
    left out of the second list and the others keep their numbers (1, 3, 4), so the key a
    person has read for a statement never picks another one."""
    from rich.text import Text

    from coachcli.domain.profile import Answer, shuffled
    from coachcli.prompts import Option

    t = env.messages
    env.err.print(t("profile.intro", count=len(items)))
    given = {}
    for number, item in enumerate(items, 1):
        # One text, so that a long situation wraps between words, under the terminal's edge.
        env.err.print(Text.assemble((f"\n{number} / {len(items)}  ", "bold"), item.text))
        order = shuffled(item, seed)
        options = [Option(o.text, o.id, str(i)) for i, o in enumerate(order, 1)]
        most = prompter.choose(t("profile.most"), options)
        rest = [option for option in options if option.value != most]
        least = prompter.choose(t("profile.least"), rest)
        given[item.id] = Answer(most, least)
    return given


def read_answers(path: Path) -> dict[str, Answer]:
    """`--answers FILE`: `{answers = {<item> = {most = "<option>", least = "<option>"}}}`."""
    import json
    import tomllib

    from coachcli.domain.profile import Answer

    try:
        text = path.read_text(encoding="utf-8")
        data: Any = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except FileNotFoundError:
        raise CoachError("error.file_missing", path=path) from None
    except (OSError, ValueError, RecursionError) as error:
        raise CoachError("error.answers_file", path=path, problem=str(error)) from None
    raw = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise CoachError("error.answers_table", path=path)
    # Each answer a table of two letters; the error names every item that is not.
    wrong = [
        str(item)
        for item, answer in raw.items()
        if not (
            isinstance(answer, dict)
            and isinstance(answer.get("most"), str)
            and isinstance(answer.get("least"), str)
        )
    ]
    if wrong:
        raise CoachError("error.answers_item", path=path, items=", ".join(wrong))
    return {str(k): Answer(v["most"], v["least"]) for k, v in raw.items()}


@app.command()
def questions(ctx: typer.Context, as_json: Json = False) -> None:
    """Print the questionnaire: every situation with its four statements.

    Example: coach profile questions --json
    """
    from coachcli.domain.profile import parse_items

    env = get_env(ctx)
    items = parse_items(env.content("questionnaire"))
    if as_json:
        env.print_json(
            [
                {
                    "id": item.id,
                    "text": item.text,
                    "options": [
                        {"id": o.id, "colour": o.colour, "text": o.text} for o in item.options
                    ],
                }
                for item in items
            ]
        )
        return
    for number, item in enumerate(items, 1):
        env.out.print(f"{number}. {item.text}  ({item.id})", markup=False, highlight=False)
        for option in item.options:
            env.out.print(f"   {option.id}) {option.text}", markup=False, highlight=False)


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Whose profile (default: you).")] = None,
    name_option: Annotated[
        str | None, typer.Option("--name", help="Whose profile, as `assess --name` takes it.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Show a saved profile: the four scores, your room, what helps you stretch.

    Example: coach profile show "Sanne de Vries"
    """
    from coachcli import profiles, render
    from coachcli.domain.profile import room_for

    env = get_env(ctx)
    if name is not None and name_option is not None and name != name_option:
        raise UsageError("error.two_names")
    name = name if name is not None else name_option
    person = name or env.agent(None)
    profile = profiles.find_profile(env.paths.location.profiles_dir, person)
    if profile is None:
        if name is None and not env.identity().known:  # a login name: say why, and the fix
            from coachcli.cli.identity import unknown

            unknown(env, person)
        raise CoachError("error.no_profile", name=person)
    if as_json:
        env.print_json(profile.to_document())
        return
    room = room_for(profile.close, env.rungs)
    env.out.print(render.profile_result(profile, room, env.messages, env.colours))


@app.command(name="list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """List the saved profiles in the profiles folder.

    Example: coach profile list
    """
    from coachcli import render

    env = get_env(ctx)
    found = load_profiles(env, [env.paths.location.profiles_dir])
    if as_json:
        env.print_json([profile.to_document() for profile in found])
    elif not found:
        env.say("profile.none", path=env.paths.location.profiles_dir)
    else:
        env.out.print(render.profile_table(found, env.messages, env.colours, env.now()))


def load_profiles(env: Env, paths: list[Path], *, summary: bool = False) -> list[Profile]:
    """Every readable profile under `paths`; a broken file is a warning that names it."""
    from coachcli import profiles

    found = []
    for path in profiles.profile_files(paths):
        try:
            found.append(profiles.read_profile(path, summary=summary))
        except CoachError as error:
            env.warn("warning.profile_skipped", problem=error)
    return found
