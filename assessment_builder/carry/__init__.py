"""Carry work forward: prefill from last year, migrate to a new framework version, split and merge.

Nothing is lost: every input is read by the checked reader (never by cell position)
and refused with its located findings when it has errors or its evidence log or
action plan cannot be found; every answer is carried by statement id, and whatever
cannot be carried (a retired statement, a conflict between two parts) is listed in
a review sheet of the output and returned to the caller, never dropped silently.
"""

from __future__ import annotations

from .checked import CarryRefused, read_checked
from .merge import MergeResult, merge
from .migrate import MigrationReport, migrate
from .previous import RESET_STATUSES, load_previous
from .split import SplitResult, split

__all__ = [
    "RESET_STATUSES",
    "CarryRefused",
    "MergeResult",
    "MigrationReport",
    "SplitResult",
    "load_previous",
    "merge",
    "migrate",
    "read_checked",
    "split",
]
