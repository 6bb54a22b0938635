"""Carry work forward: prefill from last year, migrate to a new framework version, split and merge.

Nothing is lost: every answer is carried by statement id, and whatever cannot be
carried (a retired statement, a conflict between two parts) is listed in a
review sheet of the output and returned to the caller, never dropped silently.
"""

from __future__ import annotations

import copy
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AssessmentBuilderError, UsageError
from .frameworks import load_framework
from .model import ActionItem, Assessment, EvidenceItem, Framework, StatementAnswer
from .output import check_output_path
from .workbook import layout as L
from .workbook.read import ReadResult, read_workbook
from .workbook.write import write_workbook

RESET_STATUSES = {"Complete", "Ready for review"}


def _read_ok(path: Path, framework: Framework | str | None = None) -> Assessment:
    """Read a workbook or raise with its errors (a carry operation never proceeds on a broken input)."""
    result: ReadResult = read_workbook(path, framework=framework)
    if result.assessment is None or result.errors:
        lines = "\n".join(str(f) for f in result.errors) or "it cannot be read"
        raise AssessmentBuilderError(f"{path} has errors; fix them first (assessment-builder import {path}):\n{lines}")
    return result.assessment


def load_previous(path: Path, framework: str | None = None, exact: bool = False) -> tuple[Framework, Assessment]:
    """A previous self-assessment (workbook or answers file) ready to prefill a new workbook.

    Unless ``exact``, a new cycle starts: statement statuses Complete and Ready for review
    become In progress, and completed actions are kept with the status Carried forward.
    """
    from .answers import load_answers

    fw = load_framework(framework) if framework else None
    is_answers = path.suffix.lower() in (".json", ".yaml", ".yml")
    previous = load_answers(path, fw) if is_answers else _read_ok(path, fw)
    target = fw or previous.framework
    carried = copy.deepcopy(previous)
    carried.framework = target
    if not exact:
        for answer in carried.answers.values():
            if answer.values.get("status") in RESET_STATUSES:
                answer.values["status"] = "In progress"
        for action in carried.actions:
            if action.status == "Complete":
                action.status = "Carried forward"
    return target, carried


# --- migrate --------------------------------------------------------------------------------


@dataclass
class MigrationReport:
    """What a migration did, statement by statement; also written as the 'Migration review' sheet."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (statement, what, detail)

    def add(self, statement: str, what: str, detail: str) -> None:
        self.rows.append((statement, what, detail))

    def sheet(self) -> list[list[Any]]:
        return [["Statement", "What happened", "Detail"], *[list(r) for r in self.rows]]


def _raw_answers(path: Path) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, str], Assessment | None]:
    """Answers by the defined names a workbook has, whatever framework version made it.

    Returns (metadata, {old statement id: {field: value}}, {old code: old id}, evidence/actions read leniently).
    """
    import openpyxl

    from .workbook.filecheck import check_file

    problems = check_file(path)
    if problems:
        raise AssessmentBuilderError("\n".join(str(p) for p in problems))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    meta: dict[str, str] = {}
    if L.SHEET_META in wb.sheetnames:
        for key, value, *_ in wb[L.SHEET_META].iter_rows(min_row=2, max_col=2, values_only=True):
            if key is not None and value is not None:
                meta[str(key)] = str(value)
    fields = ("score", "confidence", "strengths", "development", "lead", "status", "considerations", "recommendations")
    pattern = re.compile(rf"^ab_(.+)_({'|'.join(fields)})$")
    answers: dict[str, dict[str, Any]] = {}
    codes: dict[str, str] = {}
    for name, defined in wb.defined_names.items():
        m = pattern.match(name)
        if not m:
            continue
        (sheet, ref), *_ = list(defined.destinations)
        cell = wb[sheet][ref.replace("$", "")]
        answers.setdefault(m.group(1), {})[m.group(2)] = cell.value
        code = wb[sheet].cell(row=cell.row, column=1).value
        if code:
            codes[str(code).strip()] = m.group(1)
    wb.close()
    return meta, answers, codes, None


def migrate(
    old_path: Path, framework: str | Framework, output: Path, *, force: bool = False
) -> tuple[Path, MigrationReport]:
    """Carry a workbook's answers to another version of its framework; write the new workbook."""
    new = framework if isinstance(framework, Framework) else load_framework(framework)
    check_output_path(output, force)
    meta, raw, old_codes, _ = _raw_answers(old_path)
    if meta.get("framework_id") and meta["framework_id"] != new.id:
        raise UsageError(
            f"{old_path} follows framework '{meta['framework_id']}', not '{new.id}'; migrate moves a workbook to "
            "another version of the same framework"
        )
    old_version = meta.get("framework_version", "unknown")
    report = MigrationReport()
    new_ids = {s.id for s in new.statements}
    mapping: dict[str, list[str]] = {}  # old id -> new ids
    retired: set[str] = set()
    merged_into: dict[str, list[str]] = {}
    for mig in new.migrations:
        if mig.from_version not in (old_version, "*"):
            continue
        for old, target in mig.renamed:
            mapping[old] = [target]
            report.add(old, "renamed", f"'{old}' is now '{target}'; answers carried")
        for sources, target in mig.merged:
            merged_into[target] = list(sources)
            for old in sources:
                mapping[old] = [target]
        for old, pieces in mig.split:
            mapping[old] = list(pieces)
            report.add(old, "split", f"'{old}' is now {', '.join(pieces)}; its answers were copied to each")
        retired.update(mig.retired)
    answers: dict[str, StatementAnswer] = {}
    for old, values in raw.items():
        if old in retired:
            text = "; ".join(f"{k}: {v}" for k, v in values.items() if v not in (None, ""))
            report.add(old, "retired, not carried", text or "(no answers)")
            continue
        targets = mapping.get(old, [old] if old in new_ids else [])
        if not targets:
            text = "; ".join(f"{k}: {v}" for k, v in values.items() if v not in (None, ""))
            report.add(
                old, "could not be carried", f"no statement '{old}' in {new.id} {new.version}: {text or '(no answers)'}"
            )
            continue
        for target in targets:
            answer = answers.setdefault(target, StatementAnswer(target))
            for key, value in values.items():
                if value in (None, ""):
                    continue
                if key in answer.values and answer.values[key] != value:
                    if key == "score":
                        report.add(
                            target,
                            "needs a new score",
                            f"merged statements had scores {answer.values[key]} and {value}; the lower is kept",
                        )
                        answer.values[key] = min(_score(answer.values[key]), _score(value))
                    else:
                        answer.values[key] = f"{answer.values[key]}\n{value}"
                else:
                    answer.values[key] = _score(value) if key == "score" else value
    for target, olds in merged_into.items():
        report.add(target, "merged", f"{' + '.join(olds)} are now '{target}'; narratives joined")
    for s in new.statements:
        stamped = meta.get(f"{L.META_HASH_PREFIX}{s.id}")
        if s.id not in raw and s.id not in answers:
            report.add(s.code, "added", f"'{s.title}' is new in {new.version}; nothing to carry")
        elif stamped and stamped != s.wording_hash():
            report.add(
                s.code,
                "wording changed",
                "the statement's wording changed since the old workbook; check the answers still fit",
            )
    old_assessment = _lenient_tables(old_path, new, old_codes, mapping, retired, report)
    council = meta.get("council", "")
    assessment = Assessment(new, council, answers, old_assessment[0], old_assessment[1])
    write_workbook(
        new, council, output, force=force, prefill=assessment, extra_sheets={"Migration review": report.sheet()}
    )
    return output, report


def _score(value: Any) -> Any:
    if isinstance(value, str) and value[:1].isdigit():
        return int(value.split(" ")[0])
    return value


def _lenient_tables(
    path: Path,
    new: Framework,
    old_codes: dict[str, str],
    mapping: dict[str, list[str]],
    retired: set[str],
    report: MigrationReport,
) -> tuple[list[EvidenceItem], list[ActionItem]]:
    """Evidence and actions of the old workbook, with statement codes mapped to the new framework."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    new_code_of = {s.id: s.code for s in new.statements}

    def to_new(code: str) -> list[str]:
        old = old_codes.get(code.strip(), code.strip())
        if old in retired:
            return []
        return [t for t in mapping.get(old, [old]) if t in new_code_of]

    evidence: list[EvidenceItem] = []
    ws = wb[L.SHEET_EVIDENCE] if L.SHEET_EVIDENCE in wb.sheetnames else None
    for row in ws.iter_rows(min_row=2, max_col=7, values_only=True) if ws else []:
        if not any(v not in (None, "") for v in row):
            continue
        ids = [t for code in re.split(r"[,;]", str(row[3] or "")) if code.strip() for t in to_new(code)]
        cat = next((c.id for c in new.evidence_categories if c.title == row[2]), row[2])
        evidence.append(
            EvidenceItem(str(row[0]), row[1], cat, list(dict.fromkeys(ids)), _as_date(row[4]), row[5], row[6])
        )
    actions: list[ActionItem] = []
    ws = wb[L.SHEET_ACTIONS] if L.SHEET_ACTIONS in wb.sheetnames else None
    for row in ws.iter_rows(min_row=2, max_col=6, values_only=True) if ws else []:
        if not any(v not in (None, "") for v in row):
            continue
        targets = to_new(str(row[1] or ""))
        if row[1] and not targets:
            old_id = old_codes.get(str(row[1]).strip(), str(row[1]))
            report.add(old_id, "action not carried", f"action {row[0]} ({row[2]}) belongs to a retired statement")
            continue
        actions.append(
            ActionItem(str(row[0]), targets[0] if targets else None, row[2], row[3], _as_date(row[4]), row[5])
        )
    wb.close()
    return evidence, actions


def _as_date(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# --- split and merge ------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "part"


def split(path: Path, by: str, folder: Path, *, force: bool = False) -> list[Path]:
    """One workbook per theme, statement or lead officer, each with the shared evidence log."""
    if by not in ("theme", "statement", "lead"):
        raise UsageError(f"cannot split by '{by}'; use theme, statement or lead")
    if not folder.is_dir():
        raise UsageError(f"the folder '{folder}' does not exist; create it first")
    a = _read_ok(path)
    fw = a.framework
    groups: dict[str, list[str]] = {}
    if by == "theme":
        for t in fw.themes:
            groups[f"{t.code}-{t.title}"] = [s.id for s in t.statements]
    elif by == "statement":
        for s in fw.statements:
            groups[f"{s.code}-{s.title}"] = [s.id]
    else:
        for s in fw.statements:
            lead = a.answers[s.id].values.get("lead") or "unassigned"
            groups.setdefault(str(lead), []).append(s.id)
    outputs = [folder / f"{_slug(name)}.xlsx" for name in groups]
    for out in outputs:
        check_output_path(out, force)
    for out, ids in zip(outputs, groups.values()):
        part = copy.deepcopy(a)
        part.actions = [x for x in a.actions if x.statement in ids]
        write_workbook(fw, a.council, out, statements=ids, force=force, prefill=part)
    return outputs


@dataclass
class MergeResult:
    path: Path
    conflicts: list[tuple[str, str, str, str]]  # (item, field, kept, other) with sources in the values

    def sheet(self) -> list[list[Any]]:
        return [["Item", "Field", "Kept (first part)", "Also found"], *[list(c) for c in self.conflicts]]


def merge(parts: list[Path], output: Path, *, force: bool = False) -> MergeResult:
    """Merge parts made by ``split`` (or any workbooks of one council and framework) into one."""
    if len(parts) < 2:
        raise UsageError("merge needs at least two workbooks")
    check_output_path(output, force)
    read = [(p, _read_ok(p)) for p in parts]
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
    evidence = _union(read, "evidence", conflicts)
    actions = _union(read, "actions", conflicts)
    full = _full_framework(first.framework, first_path)
    assessment = Assessment(full, first.council, answers, evidence, actions)
    result = MergeResult(output, conflicts)
    extra = {"Merge conflicts": result.sheet()} if conflicts else None
    write_workbook(full, first.council, output, force=force, prefill=assessment, extra_sheets=extra)
    return result


def _full_framework(fw: Framework, part: Path) -> Framework:
    """The unscoped framework the parts were cut from: a built-in one reloaded whole, a council's own
    one from the YAML embedded in the part (each part carries the whole framework)."""
    if fw.builtin:
        return load_framework(fw.id)
    from .workbook.read import embedded_framework

    return embedded_framework(part) or fw


def _union(read: list[tuple[Path, Assessment]], attr: str, conflicts: list[tuple[str, str, str, str]]) -> list[Any]:
    seen: dict[str, Any] = {}
    order: list[str] = []
    for p, a in read:
        for item in getattr(a, attr):
            if item.id not in seen:
                seen[item.id] = item
                order.append(item.id)
            elif item != seen[item.id]:
                conflicts.append((item.id, attr, str(seen[item.id]), f"{item} ({p.name})"))
    # parts list items in their own order; the merged log is in id order (E2 before E10)
    return [seen[i] for i in sorted(order, key=_natural)]


def _natural(text: str) -> list[Any]:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", text)]
