"""Text as the documents can hold it: line breaks as one newline, no other control characters.

XML 1.0, and so every .xlsx and .docx part, cannot hold the control characters U+0000 to U+001F
other than tab, line feed and carriage return. Excel keeps them anyway, escaped as ``_xHHHH_``
(ECMA-376 ST_Xstring): a cell pasted from Windows text holds ``_x000D_`` before each line break,
one pasted from Word's manual line break ``_x000B_``. openpyxl leaves those escapes in the text, and
an answers file (JSON or YAML) can hold the characters themselves; either way the text a person
typed must be read as they see it, and a Word document written from it must not fail.
"""

from __future__ import annotations

import re

# a control character escaped the way Excel stores it (U+0000 to U+001F); other _xHHHH_ text is left alone
_ESCAPED = re.compile(r"_x00([01][0-9A-Fa-f])_")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def excel_unescape(text: str) -> str:
    """``text`` with Excel's escaped control characters (``_x000D_``) made the characters again."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x00" in text else text


def plain(text: str) -> str:
    """``text`` with a carriage return (alone or before a line feed), a vertical tab, a form feed or a Unicode
    line or paragraph separator as one line feed, and any other control character but the tab as a space."""
    if text.isprintable():
        return text
    return _CONTROL.sub(" ", _BREAKS.sub("\n", text))


__all__ = ["excel_unescape", "plain"]
