"""Draft files: an unfinished case kept in the home when the casebook cannot take it (§7).

A casebook that stays locked, is full or read-only must not cost the agent what they typed
during a call. The draft then goes to `<home>/drafts/<id>.json` (the folder is decided by
`paths`), owner-only, written to a temporary name and renamed. `case drafts`, `--resume`,
`case delete` and `purge` read these files as well as the casebook's drafts.

Removing a draft file first overwrites it with zeros: it holds a customer's words.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

from coachcli.domain.case import parse_iso
from coachcli.domain.draft import Draft
from coachcli.files import PRIVATE_FILE, make_private_dir

FORMAT = "coach-draft"
VERSION = 1
SUFFIX = ".json"


def draft_path(folder: Path, draft_id: str) -> Path:
    return folder / f"{draft_id}{SUFFIX}"


def write_draft(folder: Path, draft: Draft, *, durable: bool = True) -> Path:
    """Write `draft` to its file, replacing an earlier copy in one rename.

    `durable` waits for the disk (fsync): for a draft that the casebook could not take.
    """
    make_private_dir(folder)
    path = draft_path(folder, draft.id)
    body = {
        "format": FORMAT,
        "version": VERSION,
        "id": draft.id,
        "agent": draft.agent,
        "created_at": draft.created_at,
        "updated_at": draft.updated_at,
        "data": draft.data,
    }
    data = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    # One temporary name per draft: a run killed mid-write leaves at most this one file,
    # which the next write of the draft, its removal and `purge` take care of.
    tmp = _temporary(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def read_drafts(folder: Path) -> tuple[list[Draft], list[Path]]:
    """The drafts kept in `folder`, and the files there that are not readable drafts."""
    drafts: list[Draft] = []
    unreadable: list[Path] = []
    try:
        paths = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return [], []
    for path in paths:
        draft = read_draft(path)
        if draft is None:
            unreadable.append(path)
        else:
            drafts.append(draft)
    return drafts, unreadable


def read_draft(path: Path) -> Draft | None:
    """The draft in `path`, or None when it is not a draft file coach wrote."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return None
    fields = _fields(body)
    if fields is None or path.name != f"{fields['id']}{SUFFIX}":
        return None
    return Draft(**fields, file=path)


def _fields(body: dict[str, Any]) -> dict[str, Any] | None:
    try:
        draft_id = str(uuid.UUID(str(body["id"])))
        stamps = [str(body["created_at"]), str(body["updated_at"])]
        for stamp in stamps:
            if parse_iso(stamp).tzinfo is None:
                return None
    except (KeyError, ValueError):
        return None
    if draft_id != body["id"] or not isinstance(body.get("data"), dict):
        return None
    agent = body.get("agent")
    return {
        "id": draft_id,
        "agent": agent if isinstance(agent, str) else "",
        "created_at": stamps[0],
        "updated_at": stamps[1],
        "data": body["data"],
    }


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def remove_draft(path: Path) -> bool:
    """Overwrite the file (and any half-written copy of it) with zeros, then remove it;
    False when it was not there."""
    _zero_and_remove(_temporary(path))
    return _zero_and_remove(path)


def _zero_and_remove(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return False
    try:
        size = os.fstat(fd).st_size
        os.write(fd, b"\0" * size)
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
    return True


def purge_drafts(folder: Path, before: str) -> int:
    """Remove the draft files last changed before `before` (retention), and half-written
    copies last touched before then; returns how many drafts were removed."""
    drafts, _ = read_drafts(folder)
    cutoff = parse_iso(before)
    old = [d for d in drafts if d.file is not None and parse_iso(d.updated_at) < cutoff]
    removed = sum(remove_draft(d.file) for d in old if d.file is not None)
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".*{SUFFIX}.tmp"):
            if leftover.stat().st_mtime < cutoff.timestamp():
                _zero_and_remove(leftover)
    return removed
