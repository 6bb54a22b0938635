"""The workbook's calm, consistent look: one place for fonts, fills and borders."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

TEAL = "1F5F6B"
TITLE_FONT = Font(size=16, bold=True, color=TEAL)
BOLD = Font(bold=True)
BODY = Font(size=10)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=TEAL)
THEME_FONT = Font(bold=True, size=12, color="FFFFFF")
THEME_FILL = PatternFill("solid", fgColor="2E8B8B")
INPUT_FILL = PatternFill("solid", fgColor="FFF7CC")
CONTEXT_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
_SIDE = Side(style="thin", color="BFBFBF")
THIN = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
