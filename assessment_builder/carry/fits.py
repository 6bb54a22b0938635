"""Texts too long for an Excel cell, found before a carry command writes anything, each named where it was typed.

``merge`` lists a conflicting text with the name of its part, and ``migrate`` joins the
texts of merged statements and lists whole answers in its review: either can make a cell
longer than Excel holds (32,767 characters) from texts that each fit. The workbook writer
would stop at the first such cell and name it in the output, a file that does not exist
yet. Here every such cell is found first, and each long text that goes into it is named
in the input it came from (file, sheet, cell; an item of a Word form or answers file),
all in one pass, with how many characters to cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import Finding, RefusedWithFindings, Severity
from ..model import Assessment
from ..workbook.cells import MAX_TEXT
from ..workbook.read_scan import cells_holding

_LONG_PIECE = MAX_TEXT // 10  # a text this long, found inside a cell too long, is one of the texts to shorten


class TooLong(RefusedWithFindings):
    """Some cell of the output would hold more than Excel allows; ``findings`` name the texts to shorten."""

    def __init__(self, output: Path, findings: list[Finding], fix: str):
        super().__init__(
            f"{Path(output).name} would have cells longer than Excel holds ({MAX_TEXT:,} characters), so nothing was "
            f"written. {fix} and run again.",
            findings,
        )


def _texts(a: Assessment) -> Iterator[tuple[str, str]]:
    """(what it is, text) for every text of an assessment, as a person would name it."""
    headings = {f.key: f.heading for f in a.framework.input_fields()}
    codes = {s.id: s.code for s in (a.framework.whole or a.framework).statements}
    for sid, answer in a.answers.items():
        for key, value in answer.values.items():
            yield f"the {headings.get(key, key)} of {codes.get(sid, sid)}", value
        if answer.narrative:
            yield f"the narrative of {codes.get(sid, sid)}", answer.narrative
    for e in a.evidence:
        for name in ("title", "owner", "location"):
            yield f"evidence {e.id} {name}", getattr(e, name)
    for x in a.actions:
        for name in ("action", "owner", "status"):
            yield f"action {x.id} {name}", getattr(x, name)
    for key, value in a.context.items():
        yield f"the local context '{key}'", value
    for ind in a.indicators:
        for name in ("name", "period", "source"):
            yield f"indicator {ind.id} {name}", getattr(ind, name)


def _cells(output: Assessment, extra: dict[str, list[list[Any]]]) -> Iterator[tuple[str, str]]:
    yield from _texts(output)
    for title, rows in extra.items():
        for r, row in enumerate(rows, start=1):
            for value in row:
                yield f"row {r} of the '{title}' sheet", value


def check_fits(
    output: Path,
    merged: Assessment,
    extra: dict[str, list[list[Any]]],
    inputs: list[tuple[Path, Assessment]],
    fix: str,
) -> None:
    """Raise :class:`TooLong` naming, in the inputs, every long text that makes a cell of the output too long.

    ``fix`` is what the user can do, said once for all (e.g. "Shorten each text listed in its part").
    """
    long: list[tuple[str, str, list[tuple[Path, str, str]]]] = []  # (where, text, [(input, what, piece)])
    for where, text in _cells(merged, extra):
        if not isinstance(text, str) or len(text) <= MAX_TEXT:
            continue
        found = {
            (path, what, piece): None
            for path, a in inputs
            for what, piece in _texts(a)
            if isinstance(piece, str) and len(piece) >= _LONG_PIECE and piece in text
        }
        long.append((where, text, list(found)))
    if not long:
        return
    cells = {
        path: cells_holding(path, [p for _w, _t, ps in long for q, _what, p in ps if q == path]) for path, _a in inputs
    }
    findings: list[Finding] = []
    for where, text, pieces in long:
        cut = len(text) - MAX_TEXT
        into = (
            f"would go into {where} of {Path(output).name}, which would then hold {len(text):,} characters, more "
            f"than an Excel cell holds ({MAX_TEXT:,}); shorten it by at least {cut:,} characters"
        )
        if not pieces:
            findings.append(Finding("W509", Severity.ERROR, f"a text made from the inputs {into}", file=str(output)))
        for path, what, piece in pieces:
            sheet, cell = cells[path].get(piece, (None, None))
            findings.append(
                Finding(
                    "W509",
                    Severity.ERROR,
                    f"{what} in {Path(path).name} ({len(piece):,} characters) {into}",
                    file=str(path),
                    sheet=sheet,
                    cell=cell,
                )
            )
    raise TooLong(output, findings, fix)
