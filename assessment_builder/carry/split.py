"""``split``: one workbook per theme, statement or lead officer, each with the shared evidence log.

Every part gets its own file whatever case, punctuation or script its name uses,
and the run writes all parts or none (through ``output.atomic_write_all``: if any
part cannot be written or placed, those placed are taken back and a replaced file
is restored).
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import unicodedata
from dataclasses import field
from pathlib import Path

from ..errors import Finding, UsageError
from ..output import atomic_write_all
from ..values import record
from ..workbook.write import write_workbook
from .checked import read_checked
from .parts import meta_rows, split_records

NO_LEAD = "(no lead)"
_NO_LEAD_SLUG = "no-lead"
_MAX_SLUG = 48
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@record
class SplitResult:
    """The parts written, in order: (group name, file), and the source's reader warnings."""

    parts: list[tuple[str, Path]] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return [p for _name, p in self.parts]


def slug(name: str) -> str:
    """A file-name-safe form of ``name``: letters and digits of any script kept, the rest '-', lower case.

    Falls back to a short hash of the name when nothing safe is left (only symbols, a reserved name).
    """
    text = unicodedata.normalize("NFKC", name)
    out: list[str] = []
    for ch in text:
        kind = unicodedata.category(ch)
        if kind[0] in "LN" or (kind[0] == "M" and out and out[-1] != "-"):
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    result = "".join(out).strip("-").lower()[:_MAX_SLUG].strip("-")
    result = unicodedata.normalize("NFC", result)
    if not result or result in _WINDOWS_RESERVED:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        return f"{result}-{digest}" if result else f"part-{digest}"
    return result


def file_names(names: list[str], special: dict[str, str] | None = None) -> list[str]:
    """One distinct file stem per name, stable for the same names in the same order.

    Names whose slugs collide (ignoring case) keep the slug in order of appearance, the
    later ones numbered: 'Jane Smith' -> jane-smith, 'jane smith' -> jane-smith-2.
    """
    taken: set[str] = set()
    stems: list[str] = []
    for name in names:
        base = (special or {}).get(name) or slug(name)
        stem, n = base, 2
        while stem.casefold() in taken:
            stem, n = f"{base}-{n}", n + 1
        taken.add(stem.casefold())
        stems.append(stem)
    return stems


def split(path: Path, by: str, folder: Path, *, force: bool = False) -> SplitResult:
    """One workbook per theme, statement or lead officer, each with the shared evidence log; all or none."""
    if by not in ("theme", "statement", "lead"):
        raise UsageError(f"cannot split by '{by}'; use theme, statement or lead")
    parent = folder.parent if str(folder.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"'{folder}' is a file; give a folder for the parts")
    if not folder.is_dir() and not parent.is_dir():
        raise UsageError(f"the folder '{parent}' for the parts folder '{folder}' does not exist; create it first")
    a, warnings = read_checked(path, into_workbook=True)
    fw = a.framework
    groups: dict[str, list[str]] = {}
    if by == "theme":
        for t in fw.themes:
            groups[f"{t.code} {t.title}"] = [s.id for s in t.statements]
    elif by == "statement":
        for s in fw.statements:
            groups[f"{s.code} {s.title}"] = [s.id]
    else:
        for s in fw.statements:
            lead = a.answers[s.id].values.get("lead") if s.id in a.answers else None
            lead = str(lead).strip() if lead is not None else ""
            groups.setdefault(lead or NO_LEAD, []).append(s.id)
    names = list(groups)
    stems = file_names(names, {NO_LEAD: _NO_LEAD_SLUG})
    outputs = [folder / f"{stem}.xlsx" for stem in stems]

    ids_of = dict(zip(outputs, groups.values()))
    # each part says which split it is and how its shared rows were written, so merge can check and compare
    records = dict(zip(outputs, split_records(a, Path(path).name, by, groups)))

    def write(out: Path, tmp: Path) -> None:
        part = copy.deepcopy(a)
        # a part's own actions, and those of no statement (council-wide), which every part carries like the log
        part.actions = [x for x in a.actions if x.statement is None or x.statement in ids_of[out]]
        meta = meta_rows(records[out])
        write_workbook(fw, a.council, tmp, statements=ids_of[out], prefill=part, force=True, meta=meta)  # tmp is ours

    made = not folder.is_dir()
    if made:  # a new parts folder (`-o parts/`), made only once the input was read without errors
        folder.mkdir()
    try:
        atomic_write_all(outputs, write, force=force)
    except BaseException:
        if made:  # all or none: the folder this run made goes too
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return SplitResult(list(zip(names, outputs)), warnings)
