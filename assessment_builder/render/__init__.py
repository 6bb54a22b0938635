"""Renderers of summaries and comparisons: terminal text (rich), Markdown, self-contained HTML.

Each renderer takes the plain data built by :mod:`assessment_builder.summary` or
:mod:`assessment_builder.compare` and returns a string; none of them computes
anything the JSON output would not also show.
"""

from __future__ import annotations

FORMATS = ("text", "markdown", "html", "json")
SUFFIX_FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}


def format_for_suffix(suffix: str) -> str | None:
    """The output format an output file's suffix implies (``.md`` -> markdown), or None."""
    return SUFFIX_FORMATS.get(suffix.lower())
