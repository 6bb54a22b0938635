"""Names for input files that tell them apart, as outputs show them (compare's labels and Sources sheet).

Usually a file's own name; two files of one name in different folders (``2024/northshire.xlsx`` and
``2025/northshire.xlsx``, one council over time) get as many of their folders as it takes to differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def source_names(paths: Sequence[str | Path]) -> list[str]:
    """Each path's shortest trailing part (its name, then folder/name, ...) that no other path shares."""
    parts = [Path(p).absolute().parts for p in paths]
    names = []
    for i, own in enumerate(parts):
        others = [p for j, p in enumerate(parts) if j != i and p != own]
        depth = 1
        while depth < len(own) and any(p[-depth:] == own[-depth:] for p in others):
            depth += 1
        names.append("/".join(own[-depth:]))
    return names


__all__ = ["source_names"]
