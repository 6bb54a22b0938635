"""The record ``split`` leaves in each part, and what ``merge`` learns from it.

Every part of one split carries, in its hidden ``_meta`` sheet, the same split id, how
the workbook was split and into how many parts, the part's own name, and a fingerprint
of each row every part shares (the evidence log, the actions of no statement, the local
context) as split wrote it. ``merge`` uses the record to:

- refuse a workbook that is not a part of the split the others came from (last year's
  whole workbook, a part of another split), naming it, instead of letting whichever
  file sorts first win;
- tell a shared row a lead edited from the untouched copies in the other parts, so the
  edit keeps its id and the untouched copy is the one renumbered and listed;
- tell a shared row a lead deleted (a local context text a lead cleared) from one the part
  never had, so the untouched copies in the other parts do not bring it back.

Workbooks without a record (made by ``new --statements``, or by an older ``split``)
merge as before: the first file's value is kept and every other one listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import Finding, Severity, UsageError
from ..model import ActionItem, Assessment, EvidenceItem, IndicatorValue
from ..workbook import layout as L

_ROW = "row."  # row.evidence.E01, row.action.A90, row.context.<key>: a shared row's fingerprint


def fingerprint(value: Any) -> str:
    """A short, stable digest of a row (an evidence item, an action) or a local context text."""
    data = dataclasses.asdict(value) if isinstance(value, (EvidenceItem, ActionItem, IndicatorValue)) else value
    text = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_records(source: Assessment, source_name: str, by: str, groups: dict[str, list[str]]) -> list[dict[str, str]]:
    """The ``_meta`` rows (key without its prefix -> value) of each part of one split, in the order of ``groups``
    (part name -> its statement ids)."""
    names = list(groups)
    shared = {
        "id": uuid.uuid4().hex[:12],
        "by": by,
        "parts": str(len(names)),
        "source": source_name,
        "names": json.dumps(groups, ensure_ascii=False),  # every part's name and statements
        "made": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),  # local time, as the user reads it
    }
    for e in source.evidence:
        shared[f"{_ROW}evidence.{e.id}"] = fingerprint(e)
    for a in source.actions:
        if a.statement is None:  # a council-wide action: every part carries it, like the log
            shared[f"{_ROW}action.{a.id}"] = fingerprint(a)
    for ind in source.indicators:  # every part carries every indicator
        shared[f"{_ROW}indicator.{ind.id}"] = fingerprint(ind)
    for key, text in source.context.items():
        shared[f"{_ROW}context.{key}"] = fingerprint(text)
    return [{**shared, "part": name} for name in names]


def _kind(item: Any) -> str:
    kinds = ((EvidenceItem, "evidence"), (ActionItem, "action"), (IndicatorValue, "indicator"))
    return next((kind for cls, kind in kinds if isinstance(item, cls)), "context")


def untouched(item: Any, part: Assessment, key: str | None = None) -> bool:
    """Whether ``item`` (a row, or the local context text of ``key``) is as ``split`` wrote it into ``part``."""
    ident = key if key is not None else item.id
    recorded = part.part_of.get(f"{_ROW}{_kind(item)}.{ident}")
    return recorded is not None and recorded == fingerprint(item)


def deletions(
    read: Iterable[tuple[Path, Assessment]], kind: str, held: Callable[[Assessment], Iterable[str]]
) -> dict[str, tuple[list[Path], str]]:
    """The shared rows of ``kind`` (evidence, action, context) that parts of the split recorded as written but no
    longer hold (a lead deleted the row, cleared the text): id -> (those parts, the row's fingerprint as split
    wrote it). A workbook without the record deletes nothing: it cannot tell a deletion from a row it never had."""
    found = _main_split(list(read))
    if found is None:
        return {}
    _record, members = found
    prefix = f"{_ROW}{kind}."
    gone: dict[str, tuple[list[Path], str]] = {}
    for path, a in members:
        have = set(held(a))
        for key, recorded in a.part_of.items():
            ident = key[len(prefix) :]
            if key.startswith(prefix) and ident not in have:
                gone.setdefault(ident, ([], recorded))[0].append(path)
    return gone


def _shared_rows(a: Assessment) -> dict[str, Any]:
    """A workbook's rows every part of a split shares, by their record key (without the prefix)."""
    rows: dict[str, Any] = {f"evidence.{e.id}": e for e in a.evidence}
    rows.update({f"action.{x.id}": x for x in a.actions if x.statement is None})
    rows.update({f"indicator.{i.id}": i for i in a.indicators})
    rows.update({f"context.{key}": text for key, text in a.context.items()})
    return rows


def carried_record(old: Assessment, carried: Assessment) -> dict[str, str]:
    """The split record of the part ``old``, for the part ``carried`` that ``migrate`` made of it: a row as split
    wrote it is recorded as the migrated row now reads, so ``merge`` of migrated parts still tells a lead's edit
    and deletion from the untouched copies; an edited or deleted row keeps its old digest, which matches no
    copy."""
    record = dict(old.part_of)
    before, after = _shared_rows(old), _shared_rows(carried)
    for key, digest in old.part_of.items():
        row = key[len(_ROW) :]
        if key.startswith(_ROW) and row in before and row in after and digest == fingerprint(before[row]):
            record[key] = fingerprint(after[row])
    return record


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


def _answered(a: Assessment) -> list[str]:
    return [sid for sid, ans in a.answers.items() if any(v not in (None, "") for v in ans.values.values())]


def _main_split(read: list[tuple[Path, Assessment]]) -> tuple[dict[str, str], list[tuple[Path, Assessment]]] | None:
    """The record of the split most of the workbooks come from (the first of equals), and its parts given."""
    splits: dict[str, list[tuple[Path, Assessment]]] = {}
    for path, a in read:
        if a.part_of.get("id"):
            splits.setdefault(a.part_of["id"], []).append((path, a))
    if not splits:
        return None
    members = max(splits.values(), key=len)
    return members[0][1].part_of, members


def check_one_split(read: Iterable[tuple[Path, Assessment]]) -> None:
    """Refuse a workbook that answers statements the parts of the split hold but is not one of them, naming each.

    Nothing is checked when no workbook given is a part (workbooks scoped with ``new --statements``). A
    workbook without the record that answers none of the parts' statements (a part whose hidden metadata
    another program dropped) is merged, as it cannot be set against a lead's answers.
    """
    read = list(read)
    found = _main_split(read)
    if found is None:
        return
    record, members = found
    held = {s.id: path for path, a in members for s in a.framework.statements}
    codes = {s.id: s.code for s in (members[0][1].framework.whole or members[0][1].framework).statements}
    strangers = []
    for path, a in read:
        if a.part_of.get("id") == record["id"]:
            continue
        clash = [codes.get(sid, sid) for sid in _answered(a) if sid in held]
        if not clash:
            continue
        if a.part_of.get("id"):
            what = f"part '{a.part_of.get('part', '?')}' of another split, {_split_words(a.part_of)}"
        else:
            what = "not made by split (a whole workbook, or one made another way)"
        shown = ", ".join(clash[:6]) + (f" and {len(clash) - 6} more" if len(clash) > 6 else "")
        strangers.append(f"  {path}: it is {what}, and answers {shown}, which the parts answer")
    if not strangers:
        return
    raise UsageError(
        f"{len(strangers)} of the workbooks given {'is' if len(strangers) == 1 else 'are'} not a part of "
        f"{_split_words(record)}, which the others ({_names([p for p, _a in members])}) come from:\n"
        + "\n".join(strangers)
        + "\nSuch a workbook's answers would be set against the leads' and could be kept over theirs. Merge only "
        "the parts of one split: leave out each workbook named above (to bring last year's answers in, start from "
        "it with `new --from`, then split that)."
    )


def parts_missing(read: Iterable[tuple[Path, Assessment]]) -> list[Finding]:
    """A W510 warning naming the parts of the split that were not given (their statements are merged empty)."""
    read = list(read)
    found = _main_split(read)
    if found is None:
        return []
    record, members = found
    try:
        groups = {str(n): list(ids) for n, ids in json.loads(record.get("names", "{}")).items()}
    except (ValueError, AttributeError, TypeError):
        return []
    given = {a.part_of.get("part") for _p, a in members}
    # a part whose hidden record another program dropped still brings its statements' answers
    answered = {sid for _p, a in read if a.part_of.get("id") != record["id"] for sid in _answered(a)}
    # a part whose statements a later version retired has nothing to bring (migrate refuses to carry it)
    fw = members[0][1].framework.whole or members[0][1].framework
    retired = {sid for m in fw.migrations for sid in m.retired} - {s.id for s in fw.statements}
    missing = [n for n, ids in groups.items() if n not in given and not set(ids) & answered and not set(ids) <= retired]
    names = list(groups)
    if not missing:
        return []
    message = (
        f"{len(missing)} of the {len(names)} parts of {_split_words(record)} {'was' if len(missing) == 1 else 'were'} "
        f"not given ({', '.join(repr(n) for n in missing)}): their statements are empty in the merged workbook; "
        "add their files to the merge to bring them in"
    )
    return [Finding("W510", Severity.WARNING, message)]


def meta_rows(record: dict[str, str]) -> dict[str, str]:
    """The record as ``_meta`` keys."""
    return {f"{L.META_SPLIT_PREFIX}{key}": value for key, value in record.items()}
