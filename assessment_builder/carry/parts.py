"""The record ``split`` leaves in each part, and what ``merge`` learns from it.

Every part of one split carries, in its hidden ``_meta`` sheet, the same split id, how
the workbook was split and into how many parts, the part's own name, and a fingerprint
of each row every part shares (the evidence log, the actions of no statement, the local
context) as split wrote it. ``merge`` uses the record to:

- refuse a workbook that is not a part of the split the others came from (last year's
  whole workbook, a part of another split), naming it, instead of letting whichever
  file sorts first win;
- tell a shared row a lead edited from the untouched copies in the other parts, so the
  edit keeps its id and the untouched copy is the one renumbered and listed.

Workbooks without a record (made by ``new --statements``, or by an older ``split``)
merge as before: the first file's value is kept and every other one listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import ActionItem, Assessment, EvidenceItem
from ..workbook import layout as L

_ROW = "row."  # row.evidence.E01, row.action.A90, row.context.<key>: a shared row's fingerprint


def fingerprint(value: Any) -> str:
    """A short, stable digest of a row (an evidence item, an action) or a local context text."""
    data = dataclasses.asdict(value) if isinstance(value, (EvidenceItem, ActionItem)) else value
    text = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_records(source: Assessment, source_name: str, by: str, names: list[str]) -> list[dict[str, str]]:
    """The ``_meta`` rows (key without its prefix -> value) of each part of one split, in the order of ``names``."""
    shared = {
        "id": uuid.uuid4().hex[:12],
        "by": by,
        "parts": str(len(names)),
        "source": source_name,
        "made": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),  # local time, as the user reads it
    }
    for e in source.evidence:
        shared[f"{_ROW}evidence.{e.id}"] = fingerprint(e)
    for a in source.actions:
        if a.statement is None:  # a council-wide action: every part carries it, like the log
            shared[f"{_ROW}action.{a.id}"] = fingerprint(a)
    for key, text in source.context.items():
        shared[f"{_ROW}context.{key}"] = fingerprint(text)
    return [{**shared, "part": name} for name in names]


def _kind(item: Any) -> str:
    return "evidence" if isinstance(item, EvidenceItem) else "action" if isinstance(item, ActionItem) else "context"


def untouched(item: Any, part: Assessment, key: str | None = None) -> bool:
    """Whether ``item`` (a row, or the local context text of ``key``) is as ``split`` wrote it into ``part``."""
    ident = key if key is not None else item.id
    recorded = part.part_of.get(f"{_ROW}{_kind(item)}.{ident}")
    return recorded is not None and recorded == fingerprint(item)


def _split_words(record: dict[str, str]) -> str:
    """A split in words, as its parts record it: "the split of northshire.xlsx by lead into 9 parts"."""
    made = f" on {record['made']}" if record.get("made") else ""
    return (
        f"the split of {record.get('source', 'a workbook')} by {record.get('by', '?')} into "
        f"{record.get('parts', '?')} parts{made}"
    )


def _names(paths: list[Path]) -> str:
    names = [p.name for p in paths]
    return ", ".join(names) if len(names) <= 4 else f"{', '.join(names[:4])} and {len(names) - 4} more"


def check_one_split(read: Iterable[tuple[Path, Assessment]]) -> None:
    """Refuse a mix of parts of one split and workbooks that are not parts of it, naming each stranger.

    Nothing is checked when no workbook given is a part (workbooks scoped with ``new --statements``).
    """
    read = list(read)
    splits: dict[str, list[Path]] = {}
    for path, a in read:
        if a.part_of.get("id"):
            splits.setdefault(a.part_of["id"], []).append(path)
    if not splits:
        return
    # the split most of the files come from (the first of equals) is the one being merged
    ident, members = max(splits.items(), key=lambda kv: len(kv[1]))
    record = next(a.part_of for _p, a in read if a.part_of.get("id") == ident)
    strangers = []
    for path, a in read:
        if a.part_of.get("id") == ident:
            continue
        if a.part_of.get("id"):
            why = f"it is part '{a.part_of.get('part', '?')}' of another split, {_split_words(a.part_of)}"
        else:
            why = "it was not made by split (a whole workbook, or one made another way)"
        strangers.append(f"  {path}: {why}")
    if not strangers:
        return
    raise UsageError(
        f"{len(strangers)} of the workbooks given {'is' if len(strangers) == 1 else 'are'} not a part of "
        f"{_split_words(record)}, which the others ({_names(members)}) come from:\n"
        + "\n".join(strangers)
        + "\nSuch a workbook's answers would be set against the leads' and could be kept over theirs. Merge only the parts of one "
        "split: leave out each workbook named above (to bring last year's answers in, start from it with "
        "`new --from`, then split that)."
    )


def meta_rows(record: dict[str, str]) -> dict[str, str]:
    """The record as ``_meta`` keys."""
    return {f"{L.META_SPLIT_PREFIX}{key}": value for key, value in record.items()}
