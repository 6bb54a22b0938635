"""One Jinja2 environment recipe for every template: strict, trimmed, escaping as the output needs.

StrictUndefined makes a misspelt name in a council's edited template an error, not a silent
blank. ``autoescape`` is on for HTML; Markdown-like outputs escape through their own filter.
"""

from __future__ import annotations

import jinja2

from .resources import templates_dir


def environment(subfolder: str = "", *, autoescape: bool) -> jinja2.Environment:
    """An environment loading from templates/<subfolder>."""
    folder = templates_dir() / subfolder if subfolder else templates_dir()
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
