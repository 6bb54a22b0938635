"""The one escaper for user text in Markdown and in the markup Word documents are built from.

User text (council names, narratives, evidence titles) only ever enters Markdown or
a document through :func:`escape_markdown`, so "# heading", "| a | b |" or "**bold**"
typed by a user comes out literally. HTML has one escaper too: Jinja's autoescape
(MarkupSafe), on for every HTML template (see templating.environment).
"""

from __future__ import annotations

import re

# every character Markdown (GitHub-flavoured, and our document markup) gives meaning to inside a line
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|!])")
_LIST_START = re.compile(r"^([-+]|\d+\.)\s")


def escape_markdown(value: object) -> str:
    """``value`` on one line with every Markdown special backslash-escaped (a leading list marker too)."""
    text = " ".join(str(value).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if _LIST_START.match(text):
        text = "\\" + text
    return text


def unescape_markdown(text: str) -> str:
    """Undo :func:`escape_markdown` for Word, where the characters are just characters."""
    return re.sub(r"\\(.)", r"\1", text)


__all__ = ["escape_markdown", "unescape_markdown"]
