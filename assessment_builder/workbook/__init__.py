"""The self-assessment workbook: writing it (write.py) and reading it back (read.py)."""

from __future__ import annotations

from .write import build_workbook, scope_framework, write_workbook

__all__ = ["build_workbook", "scope_framework", "write_workbook"]
