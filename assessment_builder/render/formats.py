"""The one map from an output file's suffix to its format, and the check that an output's name fits it.

Every command that writes a file asks :func:`format_for`, so ``new -o x.csv`` and
``summary --format html -o x.md`` are refused before anything is read or written,
and a file's name always tells what is inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".yaml": "yaml",
    ".yml": "yaml",
}
# what each format is, for messages
FORMAT_NAMES: dict[str, str] = {
    "text": "plain text",
    "markdown": "Markdown",
    "html": "an HTML page",
    "json": "JSON",
    "docx": "a Word document",
    "xlsx": "an Excel workbook",
    "yaml": "YAML",
}
BINARY_FORMATS = ("docx", "xlsx")  # never printed to the terminal


def suffixes_of(fmt: str) -> tuple[str, ...]:
    """The suffixes that name a format, e.g. ('.html', '.htm')."""
    return tuple(s for s, f in SUFFIX_FORMATS.items() if f == fmt)


def format_for_suffix(suffix: str) -> str | None:
    """The output format an output file's suffix implies (``.md`` -> markdown), or None."""
    return SUFFIX_FORMATS.get(suffix.lower())


def _either(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def format_for(
    path: str | Path | None,
    requested: str | None,
    allowed: Iterable[str],
    command: str,
    *,
    default: str | None = None,
) -> str:
    """The format ``command`` writes: ``requested`` (--format) when given, else the suffix of ``path``.

    Refuses (UsageError, exit 2) an output whose suffix does not fit the format or is not one the
    command writes, a format the command does not write, and a binary format with no file to go to.
    ``default`` is the format for the terminal when there is no ``path`` (the first allowed if None).
    """
    allowed = tuple(allowed)
    if requested is not None and requested not in allowed:
        raise UsageError(f"{command} does not write {requested}; use --format {_either(allowed)}")
    if path is None:
        chosen = requested or default or allowed[0]
        if chosen in BINARY_FORMATS:
            example = f"{command.split()[0]}{suffixes_of(chosen)[0]}"
            raise UsageError(f"{command} writes {FORMAT_NAMES[chosen]}, which needs a file: add -o {example}")
        return chosen
    name = Path(path).name
    implied = format_for_suffix(Path(path).suffix)
    if requested is not None:
        if implied != requested:
            raise UsageError(
                f"'{name}' is not a name for {FORMAT_NAMES[requested]} (--format {requested}): "
                f"name the output {_either(suffixes_of(requested))}"
            )
        return requested
    if implied in allowed:
        return implied
    if len(allowed) == 1:
        (only,) = allowed
        raise UsageError(f"{command} writes {FORMAT_NAMES[only]}: name the output {_either(suffixes_of(only))}")
    suffixes = [s for f in allowed for s in suffixes_of(f)]
    pdf = (
        "; for a PDF, write the .docx and save it as PDF from Word or LibreOffice (File > Save As, or Export as PDF)"
        if Path(path).suffix.lower() == ".pdf" and "docx" in allowed
        else ""
    )
    raise UsageError(
        f"{command} cannot write '{name}': name the output {_either(suffixes)} "
        f"(the suffix chooses the format; --format must agree with it){pdf}"
    )
