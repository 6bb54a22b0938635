"""``split``: one workbook per theme, statement or lead officer, each with the shared evidence log.

Every part gets its own file whatever case, punctuation or script its name uses,
and the run writes all parts or none: every part is written to a private folder
first, then all are moved into place; if any cannot be placed, those placed are
taken back (a replaced file is restored).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Finding, UsageError
from ..output import check_output_path, place_exclusive
from ..workbook.write import write_workbook
from .checked import read_checked

NO_LEAD = "(no lead)"
_NO_LEAD_SLUG = "no-lead"
_MAX_SLUG = 48
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass
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
    a, warnings = read_checked(path)
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

    def write(tmp_folder: Path) -> list[Path]:
        written = []
        for out, ids in zip(outputs, groups.values()):
            part = copy.deepcopy(a)
            part.actions = [x for x in a.actions if x.statement in ids]
            written.append(write_workbook(fw, a.council, tmp_folder / out.name, statements=ids, prefill=part))
        return written

    made = not folder.is_dir()
    if made:  # a new parts folder (`-o parts/`), made only once the input was read without errors
        folder.mkdir()
    try:
        for out in outputs:  # refuse before writing anything
            check_output_path(out, force)
        place_all(folder, outputs, write, force=force)
    except BaseException:
        if made:  # all or none: the folder this run made goes too
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return SplitResult(list(zip(names, outputs)), warnings)


def place_all(folder: Path, outputs: list[Path], write: Callable[[Path], list[Path]], *, force: bool = False) -> None:
    """Write every output to a private folder inside ``folder`` with ``write(tmp_folder)``, then move
    them all into place; on any failure (or interruption) remove the ones placed and restore replaced ones."""
    tmp_folder = Path(tempfile.mkdtemp(prefix=".assessment-builder-split-", dir=folder))
    placed: list[tuple[Path, Path | None]] = []  # (output, backup of the file it replaced)
    try:
        written = write(tmp_folder)
        for out, tmp in zip(outputs, written):
            check_output_path(out, force)  # again: the work may have taken a while
            placed.append(_place(out, tmp, tmp_folder, force))
    except BaseException:
        for out, backup in reversed(placed):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, out)
                else:
                    os.unlink(out)
        raise
    finally:
        shutil.rmtree(tmp_folder, ignore_errors=True)


def _place(out: Path, tmp: Path, tmp_folder: Path, force: bool) -> tuple[Path, Path | None]:
    """Move ``tmp`` to ``out``: exclusively without force; with force keeping a backup and the old mode."""
    try:
        existing = os.stat(out)
    except OSError:
        existing = None
    if existing is None or not force:
        place_exclusive(tmp, out)
        return out, None
    backup = tmp_folder / f"backup-{len(os.listdir(tmp_folder))}-{out.name}"
    try:
        os.link(out, backup)
    except OSError:
        shutil.copy2(out, backup)
    os.chmod(tmp, stat.S_IMODE(existing.st_mode))
    os.replace(tmp, out)
    return out, backup
