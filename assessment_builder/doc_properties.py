"""The text of a Word or Excel document property (the title, the council): at most 255 characters.

python-docx refuses a longer core property and Excel drops a longer custom property (xlsxwriter
warns on stderr), so a long council name stopped `template` and `report` and printed a library
warning from `new`. A property only labels the file; the whole text is in the document itself.
"""

from __future__ import annotations

PROPERTY_LIMIT = 255


def property_text(text: str) -> str:
    """``text`` cut to 255 characters, ending in an ellipsis when cut."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "\u2026"
