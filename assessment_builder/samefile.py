"""One file given twice (a folder and a file in it, ``./x.xlsx`` beside ``x.xlsx``, a hard link, a symlink)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def distinct_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """(the paths, each file once; [(a path left out, the path of the same file kept)]).

    One file given twice (``region/`` and ``region/northshire.xlsx``, ``./x.xlsx`` beside ``x.xlsx``, a hard
    link or a symlink) is one council: compared twice it stood twice in the table, its scores counted twice;
    merged twice, a part seemed to be two leads' work. Files are told apart by identity (device and inode),
    so two copies of one workbook are still two inputs.
    """
    kept: list[Path] = []
    repeated: list[tuple[Path, Path]] = []
    seen: dict[tuple[int, int], Path] = {}
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            kept.append(p)  # read (and refused with its reason) as given
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            repeated.append((p, seen[ident]))
        else:
            seen[ident] = p
            kept.append(p)
    return kept, repeated
