"""Which framework a workbook follows: given by the caller, named in its metadata, or recognised by its codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import FrameworkInvalid, FrameworkNotFound, Severity
from ..frameworks import builtin_framework_ids, did_you_mean, load_framework
from ..model import Framework
from . import layout as L
from .read_scan import Collector, column_cells, value_at


def meta_of(wb: Any) -> dict[str, str]:
    """The key/value pairs of the very hidden metadata sheet (columns A and B from row 2)."""
    if L.SHEET_META not in wb.sheetnames:
        return {}
    ws = wb[L.SHEET_META]
    if hasattr(ws, "_cells"):
        rows = ((value_at(ws, r, 1), value_at(ws, r, 2)) for r, _cell in column_cells(ws, 1, min_row=2))
    else:  # a read-only workbook streams its rows
        rows = ((row[0], row[1]) for row in ws.iter_rows(min_row=2, max_col=2, values_only=True) if len(row) >= 2)
    return {str(key): str(value) for key, value in rows if key is not None and value is not None}


def identify(wb: Any, out: Collector, meta: dict[str, str], framework: Framework | str | None) -> Framework | None:
    """The framework the workbook follows: given by the caller, named in _meta, or recognised by its codes."""
    named = meta.get("framework_id")
    if framework is not None:
        return use_given(framework, named, out, "workbook", "statement id", L.SHEET_META)
    if not named:
        return _recognised_or_missing(wb, out)
    fw = load_named(
        named,
        lambda n: load_framework(n) if n in builtin_framework_ids() or not _embedded_yaml(meta) else _embedded(meta),
        out,
        "workbook",
        L.SHEET_META,
    )
    if fw is None:
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


def use_given(
    framework: Framework | str, named: str | None, out: Collector, what: str, matched_by: str, sheet: str | None
) -> Framework | None:
    """The framework the caller gave (loaded if an id or a YAML path); a W201 warning when the file names another.

    ``what`` is what is read ("workbook", "form"), ``matched_by`` how answers are matched, ``sheet`` where its
    framework is named.
    """
    given = framework if isinstance(framework, Framework) else _load_given(framework, out, what)
    if given is not None and named and named != given.id:
        out.add(
            "W201",
            Severity.WARNING,
            f"the {what} was made from framework '{named}' but was read as '{given.id}' as asked; answers "
            f"are matched by {matched_by}, so statements the two do not share are read as empty",
            sheet=sheet,
        )
    return given


def load_named(
    named: str, load: Callable[[str], Framework], out: Collector, what: str, sheet: str | None
) -> Framework | None:
    """The framework the file names, loaded by ``load``; a W201 error (and None) when it cannot be loaded."""
    problem = (
        "the {what} was made from framework '{name}', which cannot be loaded: {first}. Give its YAML file with "
        "--framework{hint}"
    )
    return _loaded(named, load, out, what, sheet, problem)


def _load_given(framework: str, out: Collector, what: str) -> Framework | None:
    """The framework named by --framework (an id or a YAML path); a W201 error if it cannot be loaded."""
    problem = "the framework '{name}' given to read this {what} cannot be loaded: {first}{hint}"
    return _loaded(framework, load_framework, out, what, None, problem)


def _loaded(
    name: str, load: Callable[[str], Framework], out: Collector, what: str, sheet: str | None, problem: str
) -> Framework | None:
    """``load(name)``, or a W201 error worded by ``problem`` (its {first} the error's first line) and None."""
    try:
        return load(name)
    except (FrameworkNotFound, FrameworkInvalid) as exc:
        first = str(exc).splitlines()[0]
        hint = did_you_mean(name, builtin_framework_ids())
        out.add("W201", Severity.ERROR, problem.format(what=what, name=name, first=first, hint=hint), sheet=sheet)
        return None


def best_builtin(found: Callable[[Framework], set[str]]) -> tuple[int, Framework, set[str]] | None:
    """(how many, framework, statement ids) of the built-in framework ``found`` finds the most statements of.

    None when it finds none of any, or two frameworks equally often.
    """
    matches: list[tuple[int, Framework, set[str]]] = []
    for fid in builtin_framework_ids():
        try:
            fw = load_framework(fid)
        except (FrameworkNotFound, FrameworkInvalid):
            continue
        ids = found(fw)
        if ids:
            matches.append((len(ids), fw, ids))
    matches.sort(key=lambda m: -m[0])
    if not matches or (len(matches) > 1 and matches[0][0] == matches[1][0]):
        return None
    return matches[0]


def _recognised_or_missing(wb: Any, out: Collector) -> Framework | None:
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
    if L.SHEET_ASSESSMENT not in wb.sheetnames and out.file:
        from ..own_outputs import own_output

        mine = own_output(Path(out.file))
        if mine is not None:  # say what it is, not that the tool did not make it
            out.add(
                "W200",
                Severity.ERROR,
                f"this is {mine}, not a self-assessment workbook; give a council's completed workbook instead",
                sheet=L.SHEET_META,
            )
            return None
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
    from .fastbook import Unmirrorable, open_fast

    try:
        book = open_fast(path)
        try:
            meta = meta_of(book)
        finally:
            book.close()
    except Unmirrorable:  # a file only openpyxl reads exactly
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            meta = meta_of(wb)
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
    cells = {str(cell.value).strip() for _r, cell in column_cells(ws, 1)}
    names = set(wb.defined_names)
    code_like = {c for c in cells if len(c) <= 8 and any(ch.isdigit() for ch in c) and " " not in c}
    best = best_builtin(
        lambda fw: {s.id for s in fw.statements if s.code in cells or L.input_name(s.id, "status") in names}
    )
    if best is None:
        return None, code_like  # nothing matches, or two frameworks match equally well
    _count, fw, shared = best
    # a part workbook (new --statements, split) holds only some statements: keep those
    return (fw if len(shared) == len(fw.statements) else fw.scoped(shared)), code_like
