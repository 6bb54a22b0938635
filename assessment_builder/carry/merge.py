"""``merge``: parts made by ``split`` (or any workbooks of one council and framework) back into one.

Conflicts are listed in words, never resolved silently: where two parts answer one
statement differently the first part's answer is kept and the other listed; where
two parts give one evidence or action id different content, both are kept (the
later under a new id such as E11-2, a lead's edit of a shared row before the copies
split wrote: see ``parts``) and listed; a shared row a lead deleted stays deleted when the
other parts hold only the copies split wrote, and is listed; a workbook that is not a part of the split the
others come from is refused; an indicator's figures are taken from
the parts whose statements it informs first, and any other figure is listed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field
from pathlib import Path
from typing import Any

from ..errors import Finding, UsageError
from ..frameworks import load_framework
from ..model import ActionItem, Assessment, EvidenceItem, Framework, IndicatorValue, StatementAnswer
from ..natural import natural_key
from ..output import check_output_path
from ..values import record
from ..workbook.write import write_workbook
from .checked import read_checked
from .fits import check_fits
from .parts import check_one_split, deletions, fingerprint, parts_missing, untouched


@record
class MergeResult:
    path: Path
    conflicts: list[tuple[str, str, str, str]]  # (item, field, kept, other): human text, with the part named
    warnings: list[Finding] = field(default_factory=list)

    def sheet(self) -> list[list[Any]]:
        return [["Item", "Field", "Kept", "Also found"], *[list(c) for c in self.conflicts]]


def merge(parts: list[Path], output: Path, *, force: bool = False) -> MergeResult:
    """Merge parts made by ``split`` (or any workbooks of one council and framework) into one."""
    if len(parts) < 2:
        raise UsageError("merge needs at least two workbooks")
    check_output_path(output, force)
    read: list[tuple[Path, Assessment]] = []
    warnings: list[Finding] = []
    for p in parts:
        a, found = read_checked(p, into_workbook=True)
        read.append((p, a))
        warnings.extend(found)
    first_path, first = read[0]
    for p, a in read[1:]:
        if (a.framework.id, a.framework.version) != (first.framework.id, first.framework.version):
            raise UsageError(
                f"{p} follows {a.framework.id} {a.framework.version} but {first_path} follows "
                f"{first.framework.id} {first.framework.version}; parts must come from one framework version"
            )
        if a.council.strip().lower() != first.council.strip().lower():
            raise UsageError(
                f"{p} is for '{a.council}' but {first_path} is for '{first.council}'; parts must be one council's"
            )
    check_one_split(read)
    warnings.extend(parts_missing(read))
    full = _full_framework(first.framework, first_path)
    conflicts: list[tuple[str, str, str, str]] = []
    answers: dict[str, StatementAnswer] = {}
    for p, a in read:
        for sid, ans in a.answers.items():
            merged = answers.setdefault(sid, StatementAnswer(sid))
            for key, value in ans.values.items():
                if value in (None, ""):
                    continue
                if key in merged.values and merged.values[key] != value:
                    conflicts.append((sid, key, f"{merged.values[key]}", f"{value} ({p.name})"))
                    continue
                merged.values.setdefault(key, value)
    evidence = _union(read, "evidence", full, conflicts)
    actions = _union(read, "actions", full, conflicts)
    context = _context(read, conflicts)
    indicators = _indicators(read, conflicts)
    assessment = Assessment(full, first.council, answers, evidence, actions, indicators=indicators, context=context)
    result = MergeResult(output, conflicts, warnings)
    extra = {"Merge conflicts": result.sheet()} if conflicts else None
    fix = "Shorten each text listed in its part, or make the parts give the same text,"
    check_fits(output, assessment, extra or {}, read, fix)  # every cell too long, named in its part, before writing
    write_workbook(full, first.council, output, force=force, prefill=assessment, extra_sheets=extra)
    return result


def _full_framework(fw: Framework, part: Path) -> Framework:
    """The unscoped framework the parts were cut from: a built-in one reloaded whole, a council's own
    one from the YAML embedded in the part (each part carries the whole framework)."""
    if fw.builtin:
        return load_framework(fw.id)
    from ..workbook.read import embedded_framework

    return embedded_framework(part) or fw


def describe(item: EvidenceItem | ActionItem, fw: Framework) -> str:
    """An evidence item or action in words, as a person would read it in the workbook."""

    def code(sid: str | None) -> str:
        try:
            return fw.statement(sid).code if sid else ""
        except KeyError:
            return sid or ""

    if isinstance(item, EvidenceItem):
        try:
            category = fw.category(item.category).title if item.category else ""
        except KeyError:
            category = item.category or ""
        details = [
            category,
            ", ".join(code(s) for s in item.statements),
            item.date.isoformat() if item.date else "",
            f"owner {item.owner}" if item.owner else "",
            item.location or "",
        ]
        title = item.title or "(no title)"
    else:
        details = [
            code(item.statement),
            f"owner {item.owner}" if item.owner else "",
            f"due {item.due.isoformat()}" if item.due else "",
            item.status or "",
        ]
        title = item.action or "(no action text)"
    rest = "; ".join(d for d in details if d)
    return f"{item.id} '{title}'" + (f" ({rest})" if rest else "")


def _union(
    read: list[tuple[Path, Assessment]], attr: str, fw: Framework, conflicts: list[tuple[str, str, str, str]]
) -> list[Any]:
    """Every item of every part once; an id given different content by two parts is kept twice, renamed.

    The content that keeps the id is the first part's, unless the parts come from one split (which every part
    carries the shared rows of): then a row a lead edited keeps it, and the copies as split wrote them are renamed.
    A row a lead deleted stays deleted when every other part holds it as split wrote it, and is kept when another
    lead edited it; either way the deletion is listed.
    """
    taken = {item.id for _p, a in read for item in getattr(a, attr)}
    variants: dict[str, list[tuple[Any, Path, bool]]] = {}  # id as in the parts -> distinct contents, first first
    holders: dict[str, list[str]] = {}  # id -> every part holding it
    for p, a in read:
        for item in getattr(a, attr):
            holders.setdefault(item.id, []).append(p.name)
            known = variants.setdefault(item.id, [])
            if not any(item == other for other, _part, _untouched in known):
                known.append((item, p, untouched(item, a)))
    gone = deletions(read, _KIND[attr], lambda a: (item.id for item in getattr(a, attr)))
    kept: list[Any] = []
    for ident, known in variants.items():
        known.sort(key=lambda v: v[2])  # stable: edited rows first, each in the order the parts were given
        (first, first_part, _untouched), *others = known
        if ident in gone:
            deleted_in, as_written = gone[ident]
            deleted = f"deleted ({_parts([p.name for p in deleted_in])})"
            if all(as_split or fingerprint(item) == as_written for item, _p, as_split in known):  # only copies left
                shown = f"{describe(first, fw)} ({_parts(holders[ident])}, as split wrote it, not kept)"
                conflicts.append((ident, attr, deleted, shown))
                continue
            conflicts.append((ident, attr, f"{describe(first, fw)} ({first_part.name})", f"{deleted}; edited, so kept"))
        kept.append(first)
        for item, p, as_split in others:
            new_id = _free_id(ident, taken)
            taken.add(new_id)
            kept.append(dataclasses.replace(item, id=new_id))
            was = "as split wrote it, " if as_split else ""
            conflicts.append(
                (
                    ident,
                    attr,
                    f"{describe(first, fw)} ({first_part.name})",
                    f"{describe(item, fw)} ({p.name}, {was}both kept, this one as {new_id})",
                )
            )
    # parts list items in their own order; the merged log is in id order (E2 before E10)
    return sorted(kept, key=lambda i: natural_key(i.id))


_KIND = {"evidence": "evidence", "actions": "action"}  # the part's record names rows by kind


def _context(read: list[tuple[Path, Assessment]], conflicts: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """The local context, like answers: the first part's text is kept, a different one listed; but every part of a
    split carries it, so a text a lead edited comes before the copies split wrote, and a text a lead cleared stays
    cleared unless another lead edited it."""
    texts: dict[str, list[tuple[str, Path, bool]]] = {}  # key -> (text, part, as split wrote it)
    for p, a in read:
        for key, value in a.context.items():
            texts.setdefault(key, []).append((value, p, untouched(value, a, key)))
    for key, (cleared_in, _as_written) in deletions(read, "context", lambda a: a.context).items():
        for p in cleared_in:
            texts.setdefault(key, []).append(("", p, False))
    context: dict[str, str] = {}
    for key, versions in texts.items():
        versions.sort(key=lambda t: (t[2], t[0] == ""))  # stable: edited texts, then cleared ones, then the copies
        kept = versions[0][0]
        others: dict[str, list[str]] = {}
        for value, p, _untouched in versions:
            if value != kept:
                others.setdefault(value, []).append(p.name)
        if kept:
            context[key] = kept
            conflicts.extend(
                ("Local context", key, kept, f"{v or '(cleared)'} ({_parts(n)})") for v, n in others.items()
            )
        else:
            cleared = f"(cleared) ({_parts([p.name for v, p, _u in versions if not v])})"
            conflicts.extend(("Local context", key, cleared, f"{v} ({_parts(n)}, not kept)") for v, n in others.items())
    return context


# an indicator's row as typed (the Variation is worked out again when the merged workbook is read)
_INDICATOR_FIELDS = ("name", "statements", "period", "value", "base", "england", "comparator", "polarity", "source")
_FIGURES = ("period", "value", "base", "england", "comparator")  # what a lead may clear on purpose


def _indicators(
    read: list[tuple[Path, Assessment]], conflicts: list[tuple[str, str, str, str]]
) -> list[IndicatorValue]:
    """Each indicator once, field by field, in the order the parts list them.

    Every part carries every indicator, so a figure one lead updated is beside the untouched copies
    in the other parts: a field is taken first from the parts whose own statements the indicator
    informs (the leads who answer for it), then from the rest; every other value found for it is
    listed as a conflict with the parts that hold it, never dropped.

    Parts of one split record each row as split wrote it: a row a lead changed comes before every
    copy as written, and a figure the lead cleared stays cleared, the old figure listed; a row a lead
    deleted stays deleted unless another lead edited it, and is listed.
    """
    found: dict[str, dict[str, dict[Any, list[str]]]] = {}  # id -> field -> value -> parts, owners first
    rows: dict[str, IndicatorValue] = {}
    for edited_pass, owners_pass in ((True, True), (True, False), (False, True), (False, False)):
        for p, a in read:
            own = {s.id for s in a.framework.statements}
            for ind in a.indicators:
                edited = bool(a.part_of.get("id")) and not untouched(ind, a)
                if bool(set(ind.statements) & own) != owners_pass or edited != edited_pass:
                    continue
                rows.setdefault(ind.id, ind)
                fields = found.setdefault(ind.id, {})
                for name in _INDICATOR_FIELDS:
                    value = getattr(ind, name)
                    if value not in (None, "", []) or (edited and name in _FIGURES):
                        key = tuple(value) if isinstance(value, list) else value if value != "" else None
                        fields.setdefault(name, {}).setdefault(key, []).append(p.name)
    dropped = _deleted_indicators(read, conflicts)
    order = [i for i in dict.fromkeys(ind.id for _p, a in read for ind in a.indicators) if i not in dropped]
    merged = []
    for iid in order:
        values: dict[str, Any] = {}
        for name, seen in found[iid].items():
            (kept, kept_in), *others = seen.items()
            values[name] = list(kept) if isinstance(kept, tuple) else kept
            for other, parts in others:
                conflicts.append(
                    (
                        iid,
                        f"indicator {name}",
                        f"{_shown(kept)} ({_parts(kept_in)})",
                        f"{_shown(other)} ({_parts(parts)})",
                    )
                )
        typed: dict[str, Any] = {n: values.get(n) for n in _INDICATOR_FIELDS}  # a field no part filled is empty
        merged.append(dataclasses.replace(rows[iid], **typed))
    return merged


def _deleted_indicators(read: list[tuple[Path, Assessment]], conflicts: list[tuple[str, str, str, str]]) -> set[str]:
    """The indicator rows a lead deleted from a part of the split, listed: those every other part holds as split
    wrote them stay deleted; one another lead edited is kept."""
    dropped = set()
    for iid, (deleted_in, as_written) in deletions(read, "indicator", lambda a: (i.id for i in a.indicators)).items():
        copies = [(p, a, ind) for p, a in read for ind in a.indicators if ind.id == iid]
        if not copies:
            continue
        deleted = f"deleted ({_parts([p.name for p in deleted_in])})"
        holders = _parts([p.name for p, _a, _i in copies])
        row = copies[0][2]
        shown = f"{iid} '{row.name or ''}' ({row.period or 'no period'}: {_shown(row.value)})"
        if all(untouched(ind, a) or fingerprint(ind) == as_written for _p, a, ind in copies):
            dropped.add(iid)
            conflicts.append((iid, "indicator", deleted, f"{shown} ({holders}, as split wrote it, not kept)"))
        else:
            conflicts.append((iid, "indicator", f"{shown} ({holders})", f"{deleted}; edited, so kept"))
    return dropped


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float):
        return f"{value:g}"
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def _parts(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} and {len(names) - 3} more"


def _free_id(ident: str, taken: set[str]) -> str:
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"
