"""Files this tool wrote that are not self-assessments: what ``compare`` leaves out when it reads a folder.

A regional lead keeps a region's workbooks in one folder and often writes the comparison, reports
and summaries beside them (``compare region/ -o region/comparison.xlsx``). Read back as inputs on the
next run, those would be refused as broken self-assessments (exit code 1). They are recognised here,
by the ``ab_kind`` document property this tool writes into comparison workbooks and reports, by the
sheets of a comparison workbook written before that property existed, and by the keys of the JSON
documents ``summary``, ``compare``, ``score`` and ``calibrate`` write, and are left out with a note.
A file named on the command line is always read, whatever it is.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

COMPARISON_KIND = "comparison"  # the ab_kind property of a comparison workbook
REPORT_KIND = "report"  # ... of a Word document written from an assessment (report, summary --format docx)

_WHAT = {
    COMPARISON_KIND: "a comparison written by assessment-builder",
    REPORT_KIND: "a report written by assessment-builder",
}
_KIND = re.compile(rb'name="ab_kind"[^>]*>\s*<(?:\w+:)?lpwstr>([^<]*)</')
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"')
_COMPARISON_SHEETS = [b"Scores", b"Evidence", b"Sources"]
_PART_LIMIT = 256 * 1024  # property and workbook parts are a few kB; never read more of a member than this
_JSON_LIMIT = 10 * 1024 * 1024

# the top-level keys that only these commands' JSON documents have together
_JSON_OUTPUTS = (
    ({"entries", "skipped", "scale", "statements"}, "a comparison written by assessment-builder (compare)"),
    ({"headline", "completion", "gaps"}, "a summary written by assessment-builder"),
    ({"agreement", "cqc", "self"}, "a calibration written by assessment-builder"),
    ({"overall", "themes", "statements", "findings"}, "scores written by assessment-builder (score --json)"),
)


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        with zf.open(name) as fh:
            return fh.read(_PART_LIMIT)
    except KeyError:
        return b""


def own_output(path: Path) -> str | None:
    """What the file is, when it is one of this tool's outputs that no command reads as a self-assessment."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            if path.stat().st_size > _JSON_LIMIT:
                return None
            data = json.loads(path.read_bytes())
            keys = set(data) if isinstance(data, dict) else set()
            return next((what for wanted, what in _JSON_OUTPUTS if wanted <= keys), None)
        if suffix not in (".xlsx", ".xlsm", ".docx"):
            return None
        with zipfile.ZipFile(path) as zf:
            marker = _KIND.search(_member(zf, "docProps/custom.xml"))
            if marker is not None:
                return _WHAT.get(marker.group(1).decode("utf-8", "replace"))
            if suffix == ".xlsx":
                sheets = _SHEET.findall(_member(zf, "xl/workbook.xml"))
                if sheets[:3] == _COMPARISON_SHEETS and b"_meta" not in sheets:
                    return _WHAT[COMPARISON_KIND]
    except (OSError, ValueError, zipfile.BadZipFile, RecursionError):
        return None  # not readable as such: the loader says what is wrong with it
    return None
