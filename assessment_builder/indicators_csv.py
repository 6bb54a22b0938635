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
from .natural import natural_key
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


def read_ascof_csv(
    path: str | Path, council: str, code: str | None = None, period: str | None = None
) -> Loaded[AscofData]:
    """The CSV's figures for ``council`` (matched by name, or by ``code`` against the geographical or ONS code).

    A file that holds several periods gives the figures of ``period``, or of the latest one when
    ``period`` is None (a warning says which): figures of two years are never mixed. A figure given
    twice for the same area, measure and type with different values is an error, not a silent choice.
    """
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
    table = _Table(cols)
    records, bad = table.records(rows, head, name)
    if bad:
        return Loaded(path, "ascof-csv", None, bad)
    area = _choose_area(table, records, council, code)
    if isinstance(area, str):
        return error("I102", area)
    kept, period, said = _one_period(table, records, area, period, name)
    if kept is None:
        return Loaded(path, "ascof-csv", None, said)
    records = kept
    mine = [(n, r, v) for n, r, v in records if table.area(r) == area]
    region = next(
        (table.cell(r, table.region) for _, r, _ in mine if table.region is not None and table.cell(r, table.region)),
        None,
    )
    if period is None:
        match = _FILE_PERIOD.search(path.stem)
        period = f"{match.group(1)}-{match.group(2)}" if match else None
    data = AscofData(area[0], area[1], region, period)
    twice = _place_figures(table, records, area, data, name)
    if twice:
        return Loaded(path, "ascof-csv", None, twice)
    findings: list[Finding] = list(said)
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


Record = tuple[int, list[str], float | None]  # line number, the row's cells, its value


class _Table:
    """The CSV's columns, and what its rows say: which area, which period."""

    def __init__(self, cols: dict[str, int]) -> None:
        self.cols = cols
        self.period = next((cols[c] for c in PERIOD_COLUMNS if c in cols), None)
        self.region = next((cols[c] for c in REGION_COLUMNS if c in cols), None)

    def cell(self, row: list[str], column: str | int) -> str:
        i = self.cols[column.lower()] if isinstance(column, str) else column
        return row[i].strip() if i < len(row) else ""

    def is_england(self, row: list[str]) -> bool:
        return self.cell(row, LEVEL_COL).lower() == "england" or self.cell(row, DESC_COL).lower() == "england"

    def is_region(self, row: list[str]) -> bool:
        return self.cell(row, LEVEL_COL).lower() == "region"

    def area(self, row: list[str]) -> tuple[str, str, str] | None:
        """A council's row: its description, geographical code and ONS code; None for England and regions."""
        if self.is_england(row) or self.is_region(row):
            return None
        return self.cell(row, DESC_COL), self.cell(row, CODE_COL), self.cell(row, ONS_COL)

    def period_of(self, row: list[str]) -> str:
        return " ".join(self.cell(row, self.period).split()) if self.period is not None else ""

    def records(self, rows: list[list[str]], head: int, file: str) -> tuple[list[Record], list[Finding]]:
        """The Total rows with their values; every malformed row is a located error, all in one pass."""
        records: list[Record] = []
        bad: list[Finding] = []

        def wrong(message: str, line: int) -> None:
            bad.append(Finding("I101", Severity.ERROR, message, file=file, line=line))

        for n, row in enumerate(rows[head + 1 :], start=head + 2):
            if not any(c.strip() for c in row) or self.cell(row, DISAGG_COL).lower() != "total":
                continue
            if self.cell(row, TYPE_COL).lower() not in TYPES:
                wrong(
                    f"column '{TYPE_COL}' is {self.cell(row, TYPE_COL)!r}; it must be Numerator, Denominator or Outcome",
                    n,
                )
                continue
            raw_value = self.cell(row, VALUE_COL).replace(",", "")
            value: float | None = None
            if raw_value and not NOT_GIVEN.match(raw_value):
                try:
                    value = float(raw_value.rstrip("%"))
                except ValueError:
                    wrong(
                        f"column '{VALUE_COL}' is {self.cell(row, VALUE_COL)!r}, not a number; correct it (leave it "
                        "empty, or [c] or [x], for a figure not given)",
                        n,
                    )
                    continue
                if value != value or value in (float("inf"), float("-inf")):
                    wrong(f"column '{VALUE_COL}' is {raw_value!r}, not a finite number", n)
                    continue
            records.append((n, row, value))
        return records, bad


def _choose_area(table: _Table, records: list[Record], council: str, code: str | None) -> tuple[str, str, str] | str:
    """The council's area in the file, or why it cannot be chosen.

    By ``code`` when given; else by name: the name as written first (ignoring case and spacing), then
    the name without words like Council or City. A name the file gives with two codes is not guessed.
    """
    areas = {a for _, r, _ in records if (a := table.area(r)) is not None}
    if code:
        want_code = code.strip().lower()
        chosen = {a for a in areas if want_code in (a[1].lower(), a[2].lower())}
        how = f"--code {code}"
    else:
        exact = " ".join(council.split()).casefold()
        chosen = {a for a in areas if " ".join(a[0].split()).casefold() == exact}
        if not chosen:
            want = normalise_name(council)
            chosen = {a for a in areas if normalise_name(a[0]) == want}
        how = f"the council '{council}'"
    if not chosen:
        hint = "check --code (the Geographical code or ONS code)" if code else "give its code with --code"
        return f"{how} is not in the file (column '{DESC_COL}' or its codes); {hint}"
    if len({a[0] for a in chosen}) > 1:
        names = ", ".join(sorted({a[0] for a in chosen}))
        return f"{how} matches several areas ({names}); give the one meant with --code"
    if len({a[1] for a in chosen}) > 1:
        codes = ", ".join(sorted({a[1] for a in chosen}))
        return f"{how} is in the file with several codes ({codes}); give the one meant with --code"
    return next(iter(chosen))


def _one_period(
    table: _Table, records: list[Record], area: tuple[str, str, str], period: str | None, file: str
) -> tuple[list[Record] | None, str | None, list[Finding]]:
    """The records of one period (``period``, or the latest the council has) with that period and what was said.

    A file without a period column is one period (None); ``period`` must then not be asked for.
    """
    if table.period is None:
        if period:
            bad = Finding(
                "I106", Severity.ERROR, f"--period {period} was given but the file has no period column", file=file
            )
            return None, None, [bad]
        return records, None, []
    have = sorted({p for _, r, _ in records if table.area(r) == area and (p := table.period_of(r))}, key=natural_key)
    if period:
        want = " ".join(period.split()).casefold()
        match = [p for p in have if p.casefold() == want]
        if not match:
            listed = ", ".join(have) or "none"
            message = (
                f"the file has no figures for {area[0]} for the period {period!r} (it has: {listed}); give one of those"
            )
            return None, None, [Finding("I106", Severity.ERROR, message, file=file)]
        chosen = match[0]
    elif len(have) > 1:
        chosen = have[-1]
        message = (
            f"the file holds {area[0]}'s figures for {len(have)} periods ({', '.join(have)}); those of the latest, "
            f"{chosen}, were placed: give --period to place another"
        )
        said = [Finding("I106", Severity.WARNING, message, file=file)]
        return [x for x in records if table.period_of(x[1]).casefold() == chosen.casefold()], chosen, said
    elif have:
        chosen = have[0]
    else:
        return records, None, []
    return [x for x in records if table.period_of(x[1]).casefold() == chosen.casefold()], chosen, []


def _place_figures(
    table: _Table, records: list[Record], area: tuple[str, str, str], data: AscofData, file: str
) -> list[Finding]:
    """Put each Total figure of the council, England and its region in ``data``; a figure given twice differently is an error."""
    seen: dict[tuple[str, str, str], tuple[int, float | None]] = {}
    twice: list[Finding] = []
    region = data.region
    for n, r, v in records:
        measure = table.cell(r, MEASURE_COL).upper().replace(" ", "")
        kind = table.cell(r, TYPE_COL).lower()
        if table.is_england(r):
            who, use = "England", kind == "outcome"
        elif table.is_region(r):
            here = (table.cell(r, DESC_COL).lower(), table.cell(r, CODE_COL).lower())
            who, use = table.cell(r, DESC_COL), kind == "outcome" and region is not None and region.lower() in here
        else:
            who, use = data.council, table.area(r) == area and kind in ("outcome", "denominator")
        if not use:
            continue
        key = (who, measure, kind)
        if key in seen and seen[key][1] != v:
            first, before = seen[key]
            twice.append(
                Finding(
                    "I101",
                    Severity.ERROR,
                    f"ASCOF {measure} {kind} for {who} is given twice with different values ({_shown(before)} at line "
                    f"{first}, {_shown(v)} here); keep the right one and run again",
                    file=file,
                    line=n,
                )
            )
            continue
        seen.setdefault(key, (n, v))
        figures = data.measures.setdefault(measure, Figures())
        if who == "England":
            figures.england = v
        elif table.is_region(r):
            figures.comparator = v
        elif kind == "outcome":
            figures.value = v
        else:
            figures.base = v
    return twice


def _shown(value: float | None) -> str:
    return "empty" if value is None else f"{value:g}"


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
