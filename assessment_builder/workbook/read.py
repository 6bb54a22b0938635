"""Read a completed workbook back: identify it, check it in ordered levels, collect every finding.

Levels: file (filecheck.py) -> identity (metadata) -> integrity (sheets, names,
wording, protection) -> values (read_values.py) -> cross-field. Answers are found
by defined name and table name; when a spreadsheet program dropped those, the
reader falls back to headings and says so. The input file is never written.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ..errors import AssessmentBuilderError, Finding, FrameworkInvalid, FrameworkNotFound, Severity
from ..frameworks import builtin_framework_ids, did_you_mean, load_framework
from ..model import ActionItem, Assessment, EvidenceItem, Framework, Statement, StatementAnswer
from ..scoring import ScoreResult
from . import layout as L
from .filecheck import check_file
from .read_values import ValueReader, is_blank


@dataclass
class ReadResult:
    """The assessment read (None if the workbook could not be read) and every finding, in level order."""

    assessment: Assessment | None
    findings: list[Finding] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.assessment is not None and not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``import --json``."""
        data: dict[str, Any] = (
            self.assessment.to_dict()
            if self.assessment
            else {"framework": None, "council": None, "statements": {}, "evidence": [], "actions": []}
        )
        data["findings"] = [
            {
                "code": f.code,
                "severity": f.severity.value,
                "sheet": f.sheet,
                "cell": f.cell,
                "item": f.item,
                "message": f.message,
            }
            for f in self.findings
        ]
        return data


class _Collector:
    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        sheet: str | None = None,
        cell: str | None = None,
        item: str | None = None,
    ) -> None:
        self.findings.append(Finding(code, severity, message, file=self.file, sheet=sheet, cell=cell, item=item))


def read_workbook(path: str | Path, *, framework: Framework | str | None = None) -> ReadResult:
    """Read and check a completed workbook; never raises for a bad workbook, never writes it."""
    path = Path(path)
    name = str(path)
    problems = check_file(path, name)
    if problems:
        return ReadResult(None, problems, name)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=False, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, ParseError) as exc:
        return ReadResult(None, [_unreadable(name, exc)], name)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file, not a crash
        return ReadResult(None, [_unreadable(name, exc)], name)
    out = _Collector(name)
    try:
        assessment = _read(wb, out, framework)
    except (AssessmentBuilderError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part must give a finding, never a traceback
        out.add(
            "W100",
            Severity.ERROR,
            f"part of the workbook is damaged and could not be read ({type(exc).__name__}: {str(exc)[:200]}); "
            "open it in Excel, let Excel repair it, save it as .xlsx and try again",
        )
        assessment = None
    finally:
        wb.close()
    if assessment is not None:
        assessment.source = name
    return ReadResult(assessment, out.findings, name)


def score_workbook(
    path: str | Path, *, framework: Framework | str | None = None
) -> tuple[ScoreResult | None, ReadResult]:
    """Read a workbook and score it the CQC way; the score is None when the workbook could not be read."""
    from ..scoring import score_assessment

    result = read_workbook(path, framework=framework)
    if result.assessment is None:
        return None, result
    return score_assessment(result.assessment.framework, result.assessment.scores()), result


def _unreadable(name: str, exc: Exception) -> Finding:
    text = str(exc)
    if "entit" in text.lower() or "forbidden" in text.lower() or type(exc).__module__.startswith("defusedxml"):
        return Finding(
            "W105",
            Severity.ERROR,
            f"the workbook contains unsafe XML ({type(exc).__name__}); it was not read. Re-save it from Excel",
            file=name,
        )
    return Finding(
        "W100",
        Severity.ERROR,
        f"the workbook could not be opened ({type(exc).__name__}: {text[:200]}); re-save it from Excel as .xlsx",
        file=name,
    )


# --- identity -------------------------------------------------------------------------------


def _meta(wb: Any) -> dict[str, str]:
    if L.SHEET_META not in wb.sheetnames:
        return {}
    ws = wb[L.SHEET_META]
    meta: dict[str, str] = {}
    for key, value, *_ in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if key is not None and value is not None:
            meta[str(key)] = str(value)
    return meta


def _identify(wb: Any, out: _Collector, meta: dict[str, str], framework: Framework | str | None) -> Framework | None:
    """The framework the workbook follows: given by the caller, named in _meta, or recognised by its codes."""
    named = meta.get("framework_id")
    if framework is not None:
        given = framework if isinstance(framework, Framework) else _load_given(framework, out)
        if given is not None and named and named != given.id:
            out.add(
                "W201",
                Severity.WARNING,
                f"the workbook was made from framework '{named}' but was read as '{given.id}' as asked; answers "
                "are matched by statement id, so statements the two do not share are read as empty",
                sheet=L.SHEET_META,
            )
        return given
    if not named:
        return _recognised_or_missing(wb, out)
    try:
        fw = load_framework(named) if named in builtin_framework_ids() or not _embedded_yaml(meta) else _embedded(meta)
    except (FrameworkNotFound, FrameworkInvalid) as exc:
        out.add(
            "W201",
            Severity.ERROR,
            f"the workbook was made from framework '{named}', which cannot be loaded: {str(exc).splitlines()[0]}. "
            f"Give its YAML file with --framework{did_you_mean(str(named), builtin_framework_ids())}",
            sheet=L.SHEET_META,
        )
        return None
    version = meta.get("framework_version")
    if version and version != fw.version:
        older = "an older" if version < fw.version else "a newer"
        advice = (
            "Use `assessment-builder migrate` to move it to this version"
            if version < fw.version
            else "Update assessment-builder to read it with the version it was made from"
        )
        out.add(
            "W202",
            Severity.WARNING,
            f"the workbook was made from {older} version of {fw.id} ({version}; this tool has {fw.version}); "
            f"answers are read by statement id. {advice}",
            sheet=L.SHEET_META,
        )
    return fw


def _load_given(framework: str, out: _Collector) -> Framework | None:
    """The framework named by --framework (an id or a YAML path); a W201 error if it cannot be loaded."""
    try:
        return load_framework(framework)
    except (FrameworkNotFound, FrameworkInvalid) as exc:
        out.add(
            "W201",
            Severity.ERROR,
            f"the framework '{framework}' given to read this workbook cannot be loaded: {str(exc).splitlines()[0]}"
            f"{did_you_mean(framework, builtin_framework_ids())}",
        )
        return None


def _recognised_or_missing(wb: Any, out: _Collector) -> Framework | None:
    """Without metadata: the built-in framework whose codes the Assessment sheet holds, or an exact W200 error."""
    guessed, found = _recognise(wb)
    if guessed is not None:
        out.add(
            "W200",
            Severity.WARNING,
            f"the metadata sheet '{L.SHEET_META}' is missing or empty; the statement codes on the Assessment sheet "
            f"match {len(guessed.statements)} statement(s) of the built-in framework '{guessed.id}' {guessed.version}, which is assumed. Use --framework "
            "if that is wrong",
            sheet=L.SHEET_META,
        )
        return guessed
    if L.SHEET_ASSESSMENT not in wb.sheetnames:
        what = f"and no '{L.SHEET_ASSESSMENT}' sheet (sheets: {', '.join(wb.sheetnames)})"
    elif not found:
        what = f"and no statement codes in the first column of the '{L.SHEET_ASSESSMENT}' sheet"
    else:
        what = (
            f"and the codes on the '{L.SHEET_ASSESSMENT}' sheet ({', '.join(sorted(found)[:12])}) match no built-in "
            "framework"
        )
    out.add(
        "W200",
        Severity.ERROR,
        f"the workbook has no framework metadata (the very hidden '{L.SHEET_META}' sheet is missing or empty) "
        f"{what}. It was not made by assessment-builder or was rebuilt by hand: say which framework it follows "
        "with --framework (an id such as cqc-la, or the council's YAML file)",
        sheet=L.SHEET_META,
    )
    return None


def _embedded_yaml(meta: dict[str, str]) -> str:
    chunks = sorted(
        ((int(k[len(L.META_YAML_PREFIX) :]), v) for k, v in meta.items() if k.startswith(L.META_YAML_PREFIX)),
    )
    return "".join(v for _i, v in chunks)


def _embedded(meta: dict[str, str]) -> Framework:
    """The council's own framework stored in the workbook's metadata when it was generated."""
    from ..frameworks import build_framework
    from ..yamlsource import parse_yaml

    name = f"{L.SHEET_META} (embedded framework)"
    text = _embedded_yaml(meta)
    doc, findings = parse_yaml(text.encode("utf-8"), name)
    if doc is not None:
        framework, findings = build_framework(doc)
        if framework is not None:
            import dataclasses

            return dataclasses.replace(framework, yaml_text=text)
    raise FrameworkInvalid(name, findings)


def embedded_framework(path: Path) -> Framework | None:
    """The whole council framework embedded in a workbook's metadata, or None if it has none."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        meta = _meta(wb)
    finally:
        wb.close()
    if not _embedded_yaml(meta):
        return None
    try:
        return _embedded(meta)
    except FrameworkInvalid:
        return None


def _recognise(wb: Any) -> tuple[Framework | None, set[str]]:
    """The built-in framework whose statement codes (or input names) the workbook holds, and the codes seen."""
    if L.SHEET_ASSESSMENT not in wb.sheetnames:
        return None, set()
    ws = wb[L.SHEET_ASSESSMENT]
    cells = {str(r[0]).strip() for r in ws.iter_rows(max_col=1, values_only=True) if r[0] is not None}
    names = set(wb.defined_names)
    matches: list[tuple[int, Framework]] = []
    for fid in builtin_framework_ids():
        try:
            fw = load_framework(fid)
        except (FrameworkNotFound, FrameworkInvalid):
            continue
        shared = {s.id for s in fw.statements if s.code in cells or L.input_name(s.id, "status") in names}
        if shared:
            # a part workbook (new --statements, split) holds only some statements: keep those
            matches.append((len(shared), fw if len(shared) == len(fw.statements) else fw.scoped(shared)))
    matches.sort(key=lambda m: -m[0])
    code_like = {c for c in cells if len(c) <= 8 and any(ch.isdigit() for ch in c) and " " not in c}
    if not matches or (len(matches) > 1 and matches[0][0] == matches[1][0]):
        return None, code_like  # nothing matches, or two frameworks match equally well
    return matches[0][1], code_like


# --- the whole read -------------------------------------------------------------------------------


def _read(wb: Any, out: _Collector, framework: Framework | str | None) -> Assessment | None:
    meta = _meta(wb)
    fw = _identify(wb, out, meta, framework)
    if fw is None:
        return None
    full = fw  # evidence in a scoped workbook (a lead's part) may name statements outside its scope
    scope = [s for s in meta.get("scope", "").split(",") if s]
    if scope:
        known = {s.id for s in fw.statements}
        fw = fw.scoped({s for s in scope if s in known}) if any(s in known for s in scope) else fw
    for sheet in (L.SHEET_ASSESSMENT, L.SHEET_EVIDENCE, L.SHEET_ACTIONS):
        if sheet not in wb.sheetnames:
            out.add(
                "W301",
                Severity.ERROR if sheet == L.SHEET_ASSESSMENT else Severity.WARNING,
                f"the sheet '{sheet}' is missing or was renamed{did_you_mean(sheet, wb.sheetnames)}; "
                f"rename it back to '{sheet}'",
                sheet=sheet,
            )
    if L.SHEET_ASSESSMENT not in wb.sheetnames:
        return None
    council = meta.get("council") or _named_value(wb, L.NAME_COUNCIL) or ""
    values = ValueReader(fw, out, codes_from=full)
    cells = _locate_inputs(wb, fw, out)
    ws = wb[L.SHEET_ASSESSMENT]
    if not ws.protection.sheet and meta.get("protected") == "yes":
        out.add(
            "W302",
            Severity.WARNING,
            "sheet protection was removed from the Assessment sheet; check that the locked wording was not edited",
            sheet=L.SHEET_ASSESSMENT,
        )
    _check_wording(ws, fw, meta, cells, out)
    _check_merged(ws, fw, cells, out)
    answers: dict[str, StatementAnswer] = {}
    for s in fw.statements:
        answer = StatementAnswer(s.id)
        for f in fw.input_fields():
            where = cells.get((s.id, f.key))
            if where is None:
                continue
            sheet, ref, cell = where
            answer.values[f.key] = values.field(f, cell.value, sheet, ref, s.id, cell.data_type == "f")
        answers[s.id] = answer
    evidence = _read_evidence(wb, fw, values, out)
    actions = _read_actions(wb, fw, values, out)
    assessment = Assessment(
        fw, council, answers, [e for e, _ in evidence], [a for a, _ in actions], generated=meta.get("generated")
    )
    score_cells = {sid: ref for (sid, key), (_sheet, ref, _c) in cells.items() if key == "score"}
    _cross_checks(assessment, [ref for _, ref in evidence], [ref for _, ref in actions], score_cells, out)
    return assessment


def _check_merged(ws: Any, fw: Framework, cells: dict[tuple[str, str], Any], out: _Collector) -> None:
    """Merging an input with its neighbour hides one of them: say which."""
    inputs = {ref: key for key, (sheet, ref, _c) in cells.items() if sheet == L.SHEET_ASSESSMENT}
    for rng in ws.merged_cells.ranges:
        covered = [ref for ref in inputs if ref in rng]
        if len(covered) > 1 or (covered and rng.min_col != rng.max_col):
            sid = inputs[covered[0]][0]
            out.add(
                "W304",
                Severity.WARNING,
                f"cells {rng.coord} are merged over the inputs of {fw.statement(sid).code}; only the first cell's "
                "value is kept. Unmerge them (Home > Merge & Center) and check the answers",
                sheet=L.SHEET_ASSESSMENT,
                cell=covered[0],
                item=sid,
            )


def _named_value(wb: Any, name: str) -> str | None:
    found = _named_cell(wb, name)
    if found is None:
        return None
    value = found[2].value
    return None if is_blank(value) else str(value).strip()


def _named_cell(wb: Any, name: str) -> tuple[str, str, Any] | None:
    defined = wb.defined_names.get(name)
    if defined is None:
        return None
    try:
        dests = list(defined.destinations)
    except Exception:  # noqa: BLE001 - a broken name is treated as missing
        return None
    if not dests:
        return None
    sheet, ref = dests[0]
    if sheet not in wb.sheetnames or ":" in ref:
        return None
    ref = ref.replace("$", "")
    return sheet, ref, wb[sheet][ref]


def _locate_inputs(wb: Any, fw: Framework, out: _Collector) -> dict[tuple[str, str], tuple[str, str, Any]]:
    """Every input cell by (statement id, field): by defined name, else by headings and codes."""
    found: dict[tuple[str, str], tuple[str, str, Any]] = {}
    missing: list[str] = []
    for s in fw.statements:
        for f in fw.input_fields():
            hit = _named_cell(wb, L.input_name(s.id, f.key))
            if hit is None:
                missing.append(L.input_name(s.id, f.key))
            else:
                found[(s.id, f.key)] = hit
    if not missing:
        return found
    ws = wb[L.SHEET_ASSESSMENT]
    header_row, columns = _find_header(ws, [f.heading for f in fw.input_fields()] + ["Code"])
    rows: dict[str, int] = {}
    if header_row:
        code_col = columns.get("code")
        for r in range(header_row + 1, ws.max_row + 1):
            value = ws.cell(row=r, column=code_col).value if code_col else None
            if value is not None:
                rows[str(value).strip().lower()] = r
    recovered = 0
    for s in fw.statements:
        for f in fw.input_fields():
            if (s.id, f.key) in found:
                continue
            col = columns.get(f.heading.lower())
            row = rows.get(s.code.lower())
            if col and row:
                cell = ws.cell(row=row, column=col)
                found[(s.id, f.key)] = (L.SHEET_ASSESSMENT, cell.coordinate, cell)
                recovered += 1
            elif f.key != "lead" or col:
                out.add(
                    "W303",
                    Severity.ERROR,
                    f"cannot find the '{f.heading}' input of {s.code}: the defined name "
                    f"{L.input_name(s.id, f.key)} is missing and no '{f.heading}' column or '{s.code}' row was found. "
                    "Restore the sheet from the generated workbook",
                    sheet=L.SHEET_ASSESSMENT,
                    item=s.id,
                )
    if recovered:
        out.add(
            "W303",
            Severity.WARNING,
            f"{len(missing)} defined name(s) such as {missing[0]} are missing (a spreadsheet program may have "
            f"dropped them); {recovered} input(s) were found by their column headings and statement codes instead",
            sheet=L.SHEET_ASSESSMENT,
        )
    return found


def _find_header(ws: Any, headings: list[str]) -> tuple[int | None, dict[str, int]]:
    wanted = {h.lower() for h in headings}
    for r in range(1, min(ws.max_row, 15) + 1):
        row = {}
        for c in range(1, min(ws.max_column, 40) + 1):
            v = ws.cell(row=r, column=c).value
            if isinstance(v, str) and v.strip().lower() in wanted:
                row[v.strip().lower()] = c
        if len(row) >= 2:
            return r, row
    return None, {}


def _check_wording(
    ws: Any, fw: Framework, meta: dict[str, str], cells: dict[tuple[str, str], Any], out: _Collector
) -> None:
    """Compare the locked wording in the sheet with the hash stamped at generation."""
    header_row, columns = _find_header(ws, list(L.CONTEXT_HEADINGS))
    if not header_row:
        return
    code_col = columns.get("code")
    for r in range(header_row + 1, ws.max_row + 1):
        code = ws.cell(row=r, column=code_col).value if code_col else None
        if code is None:
            continue
        try:
            s = fw.statement(str(code).strip())
        except KeyError:
            continue
        stamped = meta.get(f"{L.META_HASH_PREFIX}{s.id}")
        if not stamped:
            continue

        def col(heading: str, r: int = r) -> str:
            c = columns.get(heading.lower())
            v = ws.cell(row=r, column=c).value if c else None
            return "" if v is None else str(v)

        def bullets(text: str) -> tuple[str, ...]:
            if text.strip() in ("", "-"):
                return ()
            return tuple(line.lstrip("• ").strip() for line in text.splitlines() if line.strip())

        in_sheet = Statement(
            s.id,
            str(code).strip(),
            col("Statement"),
            col("We statement"),
            bullets(col("I statements")),
            bullets(col("Prompts")),
            s.evidence_categories,
            s.theme_id,
        )
        if in_sheet.wording_hash() != stamped:
            out.add(
                "W300",
                Severity.WARNING,
                f"the locked wording of {s.code} was changed after the workbook was generated; the framework's "
                "own wording is used. Check that the answers still refer to the right statement",
                sheet=L.SHEET_ASSESSMENT,
                cell=f"A{r}",
                item=s.id,
            )


# --- tables ---------------------------------------------------------------------------------------


def _table_rows(
    wb: Any, sheet: str, table: str, headings: tuple[str, ...], out: _Collector
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of a table by heading: (row number, {heading: (ref, value)}); survives added rows."""
    if sheet not in wb.sheetnames:
        return []
    ws = wb[sheet]
    from openpyxl.utils.cell import range_boundaries

    header_row = None
    if table in ws.tables:
        _min_col, header_row, _max_col, _max_row = range_boundaries(ws.tables[table].ref)
    else:
        header_row, _ = _find_header(ws, list(headings))
        renamed = [
            tbl.displayName
            for tbl in ws.tables.values()
            if header_row is not None and range_boundaries(tbl.ref)[1] == header_row
        ]
        what = (
            f"was renamed to '{renamed[0]}' (rename it back with Table Design > Table Name)"
            if renamed
            else "is missing (a spreadsheet program may have removed it)"
        )
        out.add(
            "W303",
            Severity.WARNING,
            f"the Excel table '{table}' {what}; its rows were found by the column headings instead",
            sheet=sheet,
        )
    if header_row is None:
        out.add(
            "W301",
            Severity.ERROR,
            f"the '{sheet}' sheet has no heading row with {', '.join(headings)}; restore the headings",
            sheet=sheet,
        )
        return []
    columns = _table_columns(ws, header_row, headings, sheet, out)
    rows = []
    for r, row_cells in enumerate(
        ws.iter_rows(min_row=header_row + 1, max_col=max(columns.values(), default=1)), start=header_row + 1
    ):
        values: dict[str, tuple[str, Any]] = {}
        for h, c in columns.items():
            if c - 1 >= len(row_cells):
                continue
            cell = row_cells[c - 1]
            value = cell.value
            if cell.data_type == "f":
                # the file holds the formula, not its result; reading the cached result would trust a stale value
                out.add(
                    "W405",
                    Severity.WARNING,
                    f"the {h} cell holds a formula ({str(value)[:40]}), which is not read; type the value itself "
                    "(copy the cell, then Paste Special > Values)",
                    sheet=sheet,
                    cell=cell.coordinate,
                )
                value = None
            values[h] = (cell.coordinate, value)
        if all(is_blank(v) for _ref, v in values.values()):
            continue
        rows.append((r, values))
    return rows


def _table_columns(ws: Any, header_row: int, headings: tuple[str, ...], sheet: str, out: _Collector) -> dict[str, int]:
    """Column number of each heading: exact (ignoring case), else a close heading with a W301 warning."""
    import difflib

    found: dict[str, int] = {}
    seen: dict[str, int] = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(row=header_row, column=c).value
        if isinstance(v, str) and v.strip():
            seen[v.strip()] = c
    by_lower = {h.lower(): h for h in headings}
    for text, c in seen.items():
        if text.lower() in by_lower and by_lower[text.lower()] not in found:
            found[by_lower[text.lower()]] = c
    spare = {t: c for t, c in seen.items() if c not in found.values()}
    absent = []
    for h in headings:
        if h in found:
            continue
        close = difflib.get_close_matches(h.lower(), [t.lower() for t in spare], n=1, cutoff=0.75)
        if close:
            text = next(t for t in spare if t.lower() == close[0])
            found[h] = spare.pop(text)
            out.add(
                "W301",
                Severity.WARNING,
                f"the '{sheet}' column heading '{text}' was read as '{h}'; rename it back to '{h}'",
                sheet=sheet,
                cell=ws.cell(row=header_row, column=found[h]).coordinate,
            )
        else:
            absent.append(h)
    if absent:
        out.add(
            "W301",
            Severity.WARNING,
            f"the '{sheet}' table has no column(s) {', '.join(absent)}; they are read as empty. Restore the headings",
            sheet=sheet,
        )
    return found


def _getter(row: dict[str, tuple[str, Any]]) -> Any:
    """Look up (cell ref, value) by heading; a missing column reads as empty."""
    return lambda heading: row.get(heading, ("", None))


def _row_id(
    values: ValueReader,
    cell: tuple[str, Any],
    r: int,
    sheet: str,
    what: str,
    heading: str,
    prefix: str,
    out: _Collector,
) -> tuple[str, str]:
    """A table row's id, or a stand-in ("row12") with a W505 warning when the row has none."""
    ref, raw = cell
    ident = values.text(raw)
    if ident:
        return ref, ident
    out.add(
        "W505",
        Severity.WARNING,
        f"row {r} of the {what} has content but no {heading}; give it an id such as {prefix}{r - 1}",
        sheet=sheet,
        cell=ref,
    )
    return ref, f"row{r}"


def _read_evidence(wb: Any, fw: Framework, values: ValueReader, out: _Collector) -> list[tuple[EvidenceItem, str]]:
    items: list[tuple[EvidenceItem, str]] = []
    sheet = L.SHEET_EVIDENCE
    for r, row in _table_rows(wb, sheet, L.TABLE_EVIDENCE, L.EVIDENCE_COLUMNS, out):
        get = _getter(row)
        ref, ident = _row_id(values, get("Evidence ID"), r, sheet, "evidence log", "Evidence ID", "E", out)
        ref_c, cat = get("Category")
        ref_s, codes = get("Statements")
        ref_d, date = get("Date")
        items.append(
            (
                EvidenceItem(
                    id=ident,
                    title=values.text(get("Title")[1]),
                    category=values.category(cat, sheet, ref_c, ident),
                    statements=values.statement_codes(codes, sheet, ref_s, ident),
                    date=values.date(date, sheet, ref_d, ident),
                    owner=values.text(get("Owner")[1]),
                    location=values.text(get("Location")[1]),
                ),
                ref,
            )
        )
    return items


def _read_actions(wb: Any, fw: Framework, values: ValueReader, out: _Collector) -> list[tuple[ActionItem, str]]:
    items: list[tuple[ActionItem, str]] = []
    sheet = L.SHEET_ACTIONS
    for r, row in _table_rows(wb, sheet, L.TABLE_ACTIONS, L.ACTION_COLUMNS, out):
        get = _getter(row)
        ref, ident = _row_id(values, get("Action ID"), r, sheet, "action plan", "Action ID", "A", out)
        ref_s, code = get("Statement")
        ref_d, due = get("Due date")
        ref_st, status = get("Status")
        items.append(
            (
                ActionItem(
                    id=ident,
                    statement=values.action_statement(code, sheet, ref_s, ident),
                    action=values.text(get("Action")[1]),
                    owner=values.text(get("Owner")[1]),
                    due=values.date(due, sheet, ref_d, ident),
                    status=values.action_status(status, sheet, ref_st, ident),
                ),
                ref,
            )
        )
    return items


# --- cross-field ----------------------------------------------------------------------------------


def _cross_checks(
    a: Assessment, evidence_refs: list[str], action_refs: list[str], score_cells: dict[str, str], out: _Collector
) -> None:
    """Checks across sheets: duplicate ids; shortfalls need actions; scores need evidence (at the score cell)."""
    seen: dict[str, str] = {}
    for e, ref in zip(a.evidence, evidence_refs):
        if e.id in seen and not e.id.startswith("row"):
            out.add(
                "W501",
                Severity.ERROR,
                f"evidence id '{e.id}' is used twice (first at {seen[e.id]}); give each item its own id",
                sheet=L.SHEET_EVIDENCE,
                cell=ref,
                item=e.id,
            )
        else:
            seen[e.id] = ref or ""
    seen = {}
    for act, ref in zip(a.actions, action_refs):
        if act.id in seen and not act.id.startswith("row"):
            out.add(
                "W506",
                Severity.ERROR,
                f"action id '{act.id}' is used twice (first at {seen[act.id]}); give each action its own id",
                sheet=L.SHEET_ACTIONS,
                cell=ref,
                item=act.id,
            )
        else:
            seen[act.id] = ref or ""
    if not a.framework.rated:
        return
    with_action = {act.statement for act in a.actions if act.statement}
    with_evidence = {sid for e in a.evidence for sid in e.statements}
    for s in a.framework.statements:
        score = a.answers[s.id].score if s.id in a.answers else None
        if score is None:
            continue
        if score <= 2 and s.id not in with_action:
            out.add(
                "W503",
                Severity.WARNING,
                f"{s.code} is scored {score} (shortfalls) but has no action in the action plan; add at least one "
                f"row to the Actions sheet with Statement {s.code}",
                sheet=L.SHEET_ASSESSMENT,
                cell=score_cells.get(s.id),
                item=s.id,
            )
        if s.id not in with_evidence:
            out.add(
                "W504",
                Severity.WARNING,
                f"{s.code} is scored but no evidence names it; add {s.code} to the Statements column of the "
                "Evidence sheet rows that support the score",
                sheet=L.SHEET_ASSESSMENT,
                cell=score_cells.get(s.id),
                item=s.id,
            )


def today() -> dt.date:
    return dt.date.today()
