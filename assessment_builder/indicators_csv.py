"""Read published ASCOF data (its long CSV layout) for one council and place it in the Indicators table.

The layout is the one NHS England publishes with the Adult Social Care Outcomes Framework
("How to use the CSV file"): one row per area, measure, disaggregation and measure type, with the
columns in :data:`REQUIRED`. Only the ``Total`` disaggregation is used: the ``Outcome`` is the
council's value, the ``Denominator`` its base; England's and the council's region's outcomes (when
the file has a region column saying which region the council is in) are the comparisons.

A catalogue indicator receives a measure when its ``source`` names the ASCOF measure code
(:func:`ascof_code`). A malformed file is an error located by line and column, and nothing is placed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import field
from pathlib import Path

from .errors import Finding, Severity
from .load import Loaded, read_bytes
from .model import Framework, IndicatorValue
from .values import record

MAX_CSV_BYTES = 50 * 1024 * 1024
CODE_COL, DESC_COL, LEVEL_COL, ONS_COL = (
    "Geographical code",
    "Geographical description",
    "Geographical level",
    "ONS code",
)
MEASURE_COL, DISAGG_COL, TYPE_COL, VALUE_COL = (
    "ASCOF measure code",
    "Disaggregation level",
    "Measure type",
    "Measure value",
)
REQUIRED = (CODE_COL, DESC_COL, LEVEL_COL, ONS_COL, MEASURE_COL, DISAGG_COL, TYPE_COL, VALUE_COL)
PERIOD_COLUMNS = ("period", "reporting period", "financial year", "year")
REGION_COLUMNS = ("region", "region name", "region code", "parent description", "parent code")
TYPES = ("numerator", "denominator", "outcome")
# statistical shorthand for a figure not given (suppressed, not applicable, not available): read as no value
NOT_GIVEN = re.compile(r"^(\[[a-z]+\]|:|\.\.|-|n/?a|x|c|z)$", re.IGNORECASE)
_CODE = re.compile(r"\bASCOF\s+(\d[A-Z](?:\(\d+\))?)(?![(\w])(?!\s+before the refresh)", re.IGNORECASE)
_FILE_PERIOD = re.compile(r"(20\d\d)\s*(?:-|_|to|_to_)\s*(?:20)?(\d\d)(?!\d)")
_DROP = {"council", "county", "city", "borough", "metropolitan", "district", "the", "of", "and"}


def ascof_code(source: str | None) -> str | None:
    """The ASCOF measure code a catalogue indicator's ``source`` names ("ASCOF 2A (...)" -> "2A").

    A code followed by "before the refresh" is an old code, not the measure published now: None.
    """
    match = _CODE.search(source or "")
    return match.group(1).upper() if match else None


def normalise_name(name: str) -> str:
    """A council's name for matching: lower case, without punctuation or words like Council, County, City."""
    text = re.sub(r"^\s*london borough of\s+", "", name.lower().replace("&", " and "))
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w not in _DROP)


@record
class Figures:
    """One measure's Total figures: the council's outcome and denominator, England's and the region's outcome."""

    value: float | None = None
    base: float | None = None
    england: float | None = None
    comparator: float | None = None


@record
class AscofData:
    """What the CSV holds for one council."""

    council: str  # as the CSV names it
    code: str
    region: str | None
    period: str | None
    measures: dict[str, Figures] = field(default_factory=dict)  # measure code -> figures


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for n, row in enumerate(rows):
        names = {cell.strip().lower(): i for i, cell in enumerate(row) if cell.strip()}
        if MEASURE_COL.lower() in names:
            return n, names
    return None


def read_ascof_csv(path: str | Path, council: str, code: str | None = None) -> Loaded[AscofData]:
    """The CSV's figures for ``council`` (matched by name, or by ``code`` against the geographical or ONS code)."""
    path = Path(path)
    name = str(path)
    raw, problems = read_bytes(path, "I100", MAX_CSV_BYTES, "I100", "a CSV file")
    if raw is None:
        return Loaded(path, "ascof-csv", None, problems)

    def error(code_: str, message: str, line: int | None = None) -> Loaded[AscofData]:
        return Loaded(path, "ascof-csv", None, [Finding(code_, Severity.ERROR, message, file=name, line=line)])

    try:
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # as Excel saves "Unicode Text"
        text = raw.decode("utf-16") if utf16 else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return error("I100", "the file is not text (UTF-8 or Windows-1252); save it as CSV UTF-8 and run again")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","  # Excel's "Unicode Text" is tab-separated
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return error("I100", f"the file cannot be read as CSV ({exc}); save it as CSV from Excel and run again")
    found = _header(rows)
    if found is None:
        return error("I100", f"no header row with the column '{MEASURE_COL}'; is this ASCOF data in its CSV layout?", 1)
    head, cols = found
    missing = [c for c in REQUIRED if c.lower() not in cols]
    if missing:
        return error(
            "I100",
            f"the header has no column {', '.join(repr(m) for m in missing)}; the ASCOF CSV layout has "
            f"{', '.join(REQUIRED)}",
            head + 1,
        )
    period_col = next((cols[c] for c in PERIOD_COLUMNS if c in cols), None)
    region_col = next((cols[c] for c in REGION_COLUMNS if c in cols), None)

    def cell(row: list[str], column: str | int) -> str:
        i = cols[column.lower()] if isinstance(column, str) else column
        return row[i].strip() if i < len(row) else ""

    records: list[tuple[int, list[str], float | None]] = []
    for n, row in enumerate(rows[head + 1 :], start=head + 2):
        if not any(c.strip() for c in row):
            continue
        if cell(row, DISAGG_COL).lower() != "total":
            continue
        kind = cell(row, TYPE_COL).lower()
        if kind not in TYPES:
            return error(
                "I101",
                f"column '{TYPE_COL}' is {cell(row, TYPE_COL)!r}; it must be Numerator, Denominator or Outcome",
                n,
            )
        raw_value = cell(row, VALUE_COL).replace(",", "")
        value: float | None = None
        if raw_value and not NOT_GIVEN.match(raw_value):
            try:
                value = float(raw_value.rstrip("%"))
            except ValueError:
                return error(
                    "I101",
                    f"column '{VALUE_COL}' is {cell(row, VALUE_COL)!r}, not a number; correct it (leave it empty, "
                    "or [c] or [x], for a figure not given)",
                    n,
                )
            if value != value or value in (float("inf"), float("-inf")):
                return error("I101", f"column '{VALUE_COL}' is {raw_value!r}, not a finite number", n)
        records.append((n, row, value))

    def is_england(row: list[str]) -> bool:
        return cell(row, LEVEL_COL).lower() == "england" or cell(row, DESC_COL).lower() == "england"

    def is_region(row: list[str]) -> bool:
        return cell(row, LEVEL_COL).lower() == "region"

    councils = {
        (cell(r, DESC_COL), cell(r, CODE_COL), cell(r, ONS_COL))
        for _, r, _ in records
        if not is_england(r) and not is_region(r)
    }
    if code:
        chosen = [c for c in councils if code.strip().lower() in (c[1].lower(), c[2].lower())]
        how = f"--code {code}"
    else:
        want = normalise_name(council)
        chosen = [c for c in councils if normalise_name(c[0]) == want]
        how = f"the council '{council}'"
    if not chosen:
        hint = "check --code (the Geographical code or ONS code)" if code else "give its code with --code"
        return error("I102", f"{how} is not in the file (column '{DESC_COL}' or its codes); {hint}")
    if len({c[0] for c in chosen}) > 1:
        names = ", ".join(sorted({c[0] for c in chosen}))
        return error("I102", f"{how} matches several areas ({names}); give the one meant with --code")
    desc, gcode, _ = chosen[0]
    mine = [(n, r, v) for n, r, v in records if cell(r, DESC_COL) == desc and not is_england(r) and not is_region(r)]
    region = next((cell(r, region_col) for _, r, _ in mine if region_col is not None and cell(r, region_col)), None)
    period = next((cell(r, period_col) for _, r, _ in mine if period_col is not None and cell(r, period_col)), None)
    if period is None:
        match = _FILE_PERIOD.search(path.stem)
        period = f"{match.group(1)}-{match.group(2)}" if match else None
    data = AscofData(desc, gcode, region, period)
    for _, r, v in records:
        measure = cell(r, MEASURE_COL).upper().replace(" ", "")
        kind = cell(r, TYPE_COL).lower()
        if is_england(r):
            if kind == "outcome":
                data.measures.setdefault(measure, Figures()).england = v
        elif is_region(r):
            if (
                kind == "outcome"
                and region
                and region.lower() in (cell(r, DESC_COL).lower(), cell(r, CODE_COL).lower())
            ):
                data.measures.setdefault(measure, Figures()).comparator = v
        elif cell(r, DESC_COL) == desc:
            figures = data.measures.setdefault(measure, Figures())
            if kind == "outcome":
                figures.value = v
            elif kind == "denominator":
                figures.base = v
    findings: list[Finding] = []
    if period is None:
        findings.append(
            Finding(
                "I105",
                Severity.INFO,
                "the file has no period column and its name gives no year (such as 2024-25); Period was left "
                "empty: type it in the Indicators table",
                file=name,
            )
        )
    return Loaded(path, "ascof-csv", data, findings)


def place(
    fw: Framework, current: list[IndicatorValue], data: AscofData, file: str | None = None
) -> tuple[list[IndicatorValue], list[str], list[Finding]]:
    """The Indicators rows with the CSV's figures placed (the ids filled) and findings for what was not placed."""
    rows = {v.id.lower(): v for v in current}
    result = list(current)
    filled: list[str] = []
    findings: list[Finding] = []
    used: set[str] = set()
    for ind in fw.indicators:
        measure = ascof_code(ind.source)
        if measure is None:
            continue
        figures = data.measures.get(measure)
        if figures is None or figures.value is None:
            findings.append(
                Finding(
                    "I104",
                    Severity.WARNING,
                    f"no Total outcome for ASCOF {measure} for {data.council} in the file; {ind.id} was left as it "
                    "was: type its figures in the Indicators table",
                    file=file,
                    item=ind.id,
                )
            )
            used.add(measure)
            continue
        used.add(measure)
        row = rows.get(ind.id.lower())
        if row is None:
            row = IndicatorValue(ind.id, ind.name, list(ind.statements), polarity=ind.polarity, source=ind.source)
            result.append(row)
            rows[ind.id.lower()] = row
        row.period = data.period
        row.value, row.base, row.england = figures.value, figures.base, figures.england
        row.comparator = figures.comparator
        filled.append(ind.id)
    for measure, figures in sorted(data.measures.items()):
        if measure not in used and (figures.value is not None or figures.base is not None):
            findings.append(
                Finding(
                    "I103",
                    Severity.INFO,
                    f"ASCOF {measure} is in the file for {data.council} but no indicator of the framework names it "
                    "in its source; it was not placed (add a row to the Indicators table to track it)",
                    file=file,
                )
            )
    return result, filled, findings
