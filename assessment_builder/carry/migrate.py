"""``migrate``: carry a workbook's answers, evidence and actions to another version of its framework.

The old workbook is read by the checked reader with the framework it was made from
(its metadata, or the council's YAML embedded in it), never by cell position; then
statement ids are mapped to the new version by the migrations the new framework
declares. Whatever cannot be carried is listed, never dropped silently.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import field
from pathlib import Path
from typing import Any

from ..errors import Finding, UsageError
from ..frameworks import load_framework
from ..model import ActionItem, Assessment, EvidenceItem, Framework, IndicatorValue, StatementAnswer
from ..output import check_output_path
from ..values import record
from ..workbook.write import write_workbook
from .checked import CarryRefused, read_checked
from .fits import check_fits
from .merge import describe
from .parts import carried_record, meta_rows


@record
class MigrationReport:
    """What a migration did, statement by statement; also written as the 'Migration review' sheet."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (statement, what, detail)
    warnings: list[Finding] = field(default_factory=list)  # the old workbook's reader warnings

    def add(self, statement: str, what: str, detail: str) -> None:
        self.rows.append((statement, what, detail))

    def sheet(self) -> list[list[Any]]:
        return [["Statement", "What happened", "Detail"], *[list(r) for r in self.rows]]


@record
class _Map:
    """Old statement id -> new ids, following the declared migrations from the old version."""

    targets: dict[str, list[str]] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)
    merged_into: dict[str, list[str]] = field(default_factory=dict)

    def to_new(self, old: str, new_ids: set[str]) -> list[str]:
        if old in self.retired:
            return []
        return [t for t in self.targets.get(old, [old]) if t in new_ids]


def _text(values: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in values.items() if v not in (None, ""))


def migrate(
    old_path: Path,
    framework: str | Framework,
    output: Path,
    *,
    force: bool = False,
    old_framework: str | Framework | None = None,
) -> tuple[Path, MigrationReport]:
    """Carry a workbook's answers to another version of its framework; write the new workbook.

    ``old_framework`` is the framework the old workbook was made from, when this tool
    cannot load it from the workbook itself (a built-in framework of an older version).
    """
    new = framework if isinstance(framework, Framework) else load_framework(framework)
    check_output_path(output, force)
    old, warnings = read_checked(Path(old_path), old_framework, into_workbook=True)
    fw_old = old.framework
    if fw_old.id != new.id:
        raise UsageError(
            f"{old_path} follows framework '{fw_old.id}', not '{new.id}'; migrate moves a workbook to "
            "another version of the same framework"
        )
    misread = [f for f in warnings if f.code == "W202"]
    if misread and old_framework is None and any(m.from_version not in (fw_old.version, "*") for m in new.migrations):
        raise CarryRefused(
            str(old_path),
            misread,
            f"was made from another version of {fw_old.id} than the one this tool has ({fw_old.version}), so it "
            "cannot be read exactly; give the framework it was made from (its YAML file) with --old-framework",
        )
    report = MigrationReport(warnings=list(warnings))
    new_ids = {s.id for s in new.statements}
    mapping = _mapping(new, fw_old.version, report)
    answers = _answers(old, new, new_ids, mapping, report)
    for target, olds in mapping.merged_into.items():
        report.add(target, "merged", f"{' + '.join(olds)} are now '{target}'; narratives joined")
    old_by_id = {s.id: s for s in fw_old.statements}
    carried_to = {t for old_id in old_by_id for t in mapping.to_new(old_id, new_ids)}
    # a lead's part (split) holds some statements: it stays a part, of the new ids of its own statements
    whole = [o.id for o in (fw_old.whole or fw_old).statements]
    part = set(whole) != set(old_by_id)
    elsewhere = {t for o in whole for t in mapping.to_new(o, new_ids)} - carried_to
    scope = [s.id for s in new.statements if s.id in carried_to] if part else None
    if scope == []:  # an empty scope would write the whole framework: the other leads' statements, to answer again
        raise UsageError(_nothing_carried(Path(old_path), old, new, mapping))
    for s in new.statements:
        if s.id in elsewhere:
            continue  # another part's statement: that part's migration carries it
        if s.id not in carried_to:
            where = "; it is not in this part, answer it once the parts are merged" if scope is not None else ""
            report.add(s.code, "added", f"'{s.title}' is new in {new.version}; nothing to carry{where}")
            continue
        sources = [o for o in old_by_id if s.id in mapping.to_new(o, new_ids)]
        one_to_one = [o for o in sources if mapping.to_new(o, new_ids) == [s.id]]
        if len(sources) == 1 and one_to_one and old_by_id[one_to_one[0]].wording_hash() != s.wording_hash():
            report.add(
                s.code, "wording changed", "the statement's wording changed since the old workbook; check the answers"
            )
    if part:  # a part's review is about its own statements: another part's renames are in that part's
        others = set(whole) - set(old_by_id)
        report.rows = [r for r in report.rows if r[0] not in others and r[0] not in elsewhere]
    evidence = _evidence(old, new, new_ids, mapping, report)
    actions = _actions(old, new_ids, mapping, report)
    indicators = _indicators(old, new, new_ids, mapping, report)
    assessment = Assessment(
        new, old.council, answers, evidence, actions, indicators=indicators, context=dict(old.context)
    )
    extra = {"Migration review": report.sheet()}
    fix = f"Shorten each text listed in {Path(old_path).name}"
    check_fits(output, assessment, extra, [(Path(old_path), old)], fix)  # a joined text too long, named where typed
    meta = _carried_meta(new, old, scope, assessment) if scope and old.part_of.get("id") else None
    write_workbook(
        new, old.council, output, statements=scope, force=force, prefill=assessment, extra_sheets=extra, meta=meta
    )
    return output, report


def _carried_meta(new: Framework, old: Assessment, scope: list[str], carried: Assessment) -> dict[str, str]:
    """The split record of the part ``old`` for its migrated part, each untouched shared row recorded as the
    migrated part reads it back (a draft is written and read to know it)."""
    from ..workbook.read import read_workbook

    with tempfile.TemporaryDirectory(prefix="ab-migrate-") as tmp:
        draft = write_workbook(new, old.council, Path(tmp) / "part.xlsx", statements=scope, prefill=carried)
        back = read_workbook(draft).assessment
    return meta_rows(carried_record(old, back)) if back is not None else {}


def _nothing_carried(path: Path, old: Assessment, new: Framework, mapping: _Map) -> str:
    """Why a part none of whose statements is in the new version is not migrated, with every answer it holds."""
    lines = []
    for s in old.framework.statements:
        values = (old.answers.get(s.id) or StatementAnswer(s.id)).values
        why = f"retired in {new.version}" if s.id in mapping.retired else f"not in {new.id} {new.version}"
        lines.append(f"  {s.code} '{s.title}': {why}; its answers: {_text(values) or '(none)'}")
    name = old.part_of.get("part")
    which = f"the part '{name}' of a split" if name else "a workbook of some statements only"
    return (
        f"{path} is {which}, and none of its statements is in {new.id} {new.version}:\n"
        + "\n".join(lines)
        + f"\nNothing was written: migrated, it would hold no statement of its own. Keep {path.name} as the record "
        "of these answers; to carry the evidence and actions added in it as well, merge the parts first and "
        "migrate the merged workbook."
    )


def _mapping(new: Framework, old_version: str, report: MigrationReport) -> _Map:
    m = _Map()
    for mig in new.migrations:
        if mig.from_version not in (old_version, "*"):
            continue
        for old, target in mig.renamed:
            m.targets[old] = [target]
            report.add(old, "renamed", f"'{old}' is now '{target}'; answers carried")
        for sources, target in mig.merged:
            m.merged_into.setdefault(target, []).extend(sources)  # {a: t, b: t} as well as {"a+b": t}
            for old in sources:
                m.targets[old] = [target]
        for old, pieces in mig.split:
            m.targets[old] = list(pieces)
            report.add(old, "split", f"'{old}' is now {', '.join(pieces)}; its answers were copied to each")
        m.retired.update(mig.retired)
    return m


def _answers(
    old: Assessment, new: Framework, new_ids: set[str], mapping: _Map, report: MigrationReport
) -> dict[str, StatementAnswer]:
    answers: dict[str, StatementAnswer] = {}
    inputs = {f.key: f for f in new.input_fields()}
    keys = set(inputs)
    for s in old.framework.statements:
        values = {
            k: v for k, v in (old.answers.get(s.id) or StatementAnswer(s.id)).values.items() if v not in (None, "")
        }
        if s.id in mapping.retired:
            report.add(s.id, "retired, not carried", _text(values) or "(no answers)")
            continue
        targets = mapping.to_new(s.id, new_ids)
        if not targets:
            report.add(
                s.id,
                "could not be carried",
                f"no statement '{s.id}' in {new.id} {new.version}: {_text(values) or '(no answers)'}",
            )
            continue
        lost = {k: v for k, v in values.items() if k not in keys}
        if lost:
            report.add(s.id, "could not be carried", f"{new.id} {new.version} has no input for: {_text(lost)}")
        for target in targets:
            answer = answers.setdefault(target, StatementAnswer(target))
            for key, value in values.items():
                if key not in keys:
                    continue
                if key in answer.values and answer.values[key] != value:
                    if key == "score":
                        report.add(
                            target,
                            "needs a new score",
                            f"merged statements had scores {answer.values[key]} and {value}; the lower is kept",
                        )
                        answer.values[key] = min(answer.values[key], value)
                    elif inputs[key].kind == "choice":  # one of a dropdown's choices; two joined would be none
                        heading = inputs[key].heading.lower()
                        report.add(
                            target,
                            f"needs a new {heading}",
                            f"merged statements had {heading} '{answer.values[key]}' and '{value}'; "
                            f"'{answer.values[key]}' is kept, choose again",
                        )
                    else:
                        answer.values[key] = f"{answer.values[key]}\n{value}"
                else:
                    answer.values[key] = value
    return answers


def _evidence(
    old: Assessment, new: Framework, new_ids: set[str], mapping: _Map, report: MigrationReport
) -> list[EvidenceItem]:
    new_categories = {c.id for c in new.evidence_categories}
    old_titles = {c.id: c.title for c in old.framework.evidence_categories}
    out = []
    for e in old.evidence:
        ids = _links(e.statements, f"evidence {e.id} ('{e.title or ''}')", "evidence", new_ids, mapping, report)
        category = e.category
        if category and category not in new_categories:
            category = old_titles.get(category, category)
            report.add(
                e.id, "category not in the new version", f"evidence {e.id} keeps its category as text: {category}"
            )
        out.append(EvidenceItem(e.id, e.title, category, ids, e.date, e.owner, e.location))
    return out


def _actions(old: Assessment, new_ids: set[str], mapping: _Map, report: MigrationReport) -> list[ActionItem]:
    out = []
    for a in old.actions:
        targets = mapping.to_new(a.statement, new_ids) if a.statement else []
        if a.statement and not targets:
            report.add(
                a.statement,
                "action not carried",
                f"action {describe(a, old.framework)} belongs to '{a.statement}', which is not in the new version",
            )
            continue
        if len(targets) > 1:
            report.add(a.statement or "", "action moved", f"action {a.id} now belongs to '{targets[0]}' (first part)")
        out.append(ActionItem(a.id, targets[0] if targets else None, a.action, a.owner, a.due, a.status))
    return out


def _indicators(
    old: Assessment, new: Framework, new_ids: set[str], mapping: _Map, report: MigrationReport
) -> list[IndicatorValue]:
    """The old Indicators table with its figures, each row's statements moved to the new ids.

    A row of the new version's catalogue still linked as the old version defined it takes the new
    version's links; any other row (a council's own) keeps its links, moved, and a link to a
    statement that is not carried is listed.
    """
    defined = {i.id: list(i.statements) for i in old.framework.indicators}
    catalogue = {i.id: list(i.statements) for i in new.indicators}
    out = []
    for ind in old.indicators:
        if ind.id in catalogue and ind.statements == defined.get(ind.id):
            # the new version's links, every one: a part would write only those of its own statements
            out.append(dataclasses.replace(ind, statements=catalogue[ind.id]))
            continue
        what = f"indicator {ind.id} ('{ind.name or ''}')"
        out.append(
            dataclasses.replace(ind, statements=_links(ind.statements, what, "indicator", new_ids, mapping, report))
        )
    return out


def _links(
    statements: list[str], what: str, kind: str, new_ids: set[str], mapping: _Map, report: MigrationReport
) -> list[str]:
    """A row's statement links moved to the new ids, once each; a link to a statement not carried is listed."""
    ids: list[str] = []
    for sid in statements:
        targets = mapping.to_new(sid, new_ids)
        if not targets:
            report.add(sid, f"{kind} link not carried", f"{what} named '{sid}'")
        ids.extend(targets)
    return list(dict.fromkeys(ids))
