"""The workbook's calm, consistent look: each style named once here and made into one XlsxWriter Format per workbook."""

from __future__ import annotations

from typing import Any

TEAL = "#1F5F6B"
GREY_LINE = "#BFBFBF"
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = '0"%"'  # shows 75% while the value stays the whole number 75

# the named parts a cell's style is made of; a cell's style is one or more of them, merged in order
PARTS: dict[str, dict[str, Any]] = {
    "title": {"font_size": 16, "bold": True, "font_color": TEAL},
    "bold": {"bold": True},
    "body": {"font_size": 10},
    "header": {
        "bold": True,
        "font_color": "#FFFFFF",
        "pattern": 1,
        "bg_color": TEAL,
        "text_wrap": True,
        "valign": "vcenter",
        "border": 1,
        "border_color": GREY_LINE,
    },
    "heading_plain": {
        "bold": True,
        "font_color": "#FFFFFF",
        "pattern": 1,
        "bg_color": TEAL,
        "border": 1,
        "border_color": GREY_LINE,
    },
    "theme": {"bold": True, "font_size": 12, "font_color": "#FFFFFF", "pattern": 1, "bg_color": "#2E8B8B"},
    "theme_fill": {"pattern": 1, "bg_color": "#2E8B8B"},  # the legend's swatch of a theme heading
    "input": {"pattern": 1, "bg_color": "#FFF7CC"},
    "context": {"pattern": 1, "bg_color": "#F2F2F2"},
    "overdue": {"pattern": 1, "bg_color": "#F4CCCC"},
    "thin": {"border": 1, "border_color": GREY_LINE},
    "wrap": {"text_wrap": True, "valign": "top"},
    "top": {"valign": "top"},
    "left": {"align": "left"},
    "centre": {"align": "center"},
    "centre_top": {"align": "center", "valign": "top"},
    "unlocked": {"locked": False},
    "date": {"num_format": DATE_FORMAT},
    "datetime": {"num_format": "yyyy-mm-dd h:mm:ss"},
    "percent": {"num_format": PERCENT_FORMAT},
}


class Styles:
    """The Formats of one workbook: each combination of parts is made once and shared by every cell using it."""

    def __init__(self, book: Any, parts: dict[str, dict[str, Any]] | None = None) -> None:
        self._book = book
        self._parts = parts or PARTS
        self._made: dict[tuple[str, ...], Any] = {}
        self._rules: dict[tuple[str, str, bool], Any] = {}

    def __call__(self, *names: str) -> Any:
        """The Format made of ``names`` (None for no names: the cell keeps the default look)."""
        if not names:
            return None
        made = self._made.get(names)
        if made is None:
            props: dict[str, Any] = {}
            for name in names:
                props.update(self._parts[name])
            made = self._made[names] = self._book.add_format(props)
        return made

    def rule(self, fill: str, font: str, bold: bool = False) -> Any:
        """A conditional format's look (a fill and a font colour), made once per workbook."""
        key = (fill, font, bold)
        made = self._rules.get(key)
        if made is None:
            props: dict[str, Any] = {"bg_color": f"#{fill}", "font_color": f"#{font}"}
            if bold:
                props["bold"] = True
            made = self._rules[key] = self._book.add_format(props)
        return made
