"""The self-assessment workbook: writing it (write.py) and reading it back (read.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .write import build_workbook, scope_framework, write_workbook

__all__ = ["build_workbook", "scope_framework", "write_workbook"]


def __getattr__(name: str) -> Any:
    """The writer is imported only when asked for: reading a workbook never loads it."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import write

    return getattr(write, name)
