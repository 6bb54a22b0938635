"""All presentation: summaries, comparisons and calibrations as terminal text (rich), Markdown and HTML.

Each renderer takes plain data built elsewhere (:mod:`assessment_builder.summary`,
:mod:`assessment_builder.compare`, :mod:`assessment_builder.calibrate`) and returns a
string; none of them computes anything the JSON output would not also show. The
output's format is chosen in one place, :func:`format_for`; user text is escaped in
one place, :mod:`assessment_builder.render.escape`.
"""

from __future__ import annotations

from .formats import SUFFIX_FORMATS, format_for, format_for_suffix

__all__ = ["SUFFIX_FORMATS", "format_for", "format_for_suffix"]
