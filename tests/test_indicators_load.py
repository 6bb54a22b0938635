"""`indicators load`: published ASCOF figures (its long CSV) into the Indicators table, through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assessment_builder.cli import main
from assessment_builder.indicators_csv import ascof_code, normalise_name

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "ascof-sample.csv"
WORKBOOK = ROOT / "examples" / "northshire-completed.xlsx"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(WORKBOOK, tmp_path / "wb.xlsx")
    shutil.copy(SAMPLE, tmp_path / "ascof-2024-25.csv")
    return tmp_path


def _indicators(runner, path: Path) -> dict[str, dict]:
    result = runner.invoke(main, ["import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return {i["id"]: i for i in json.loads(result.stdout)["indicators"]}


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("ASCOF 2A (client level data, 2024-25)", "2A"),
        ("ASCOF 2D (client level data, 2024-25; 91 days before the refresh)", "2D"),
        ("ASCOF 2E (client level data, 2024-25; formerly 1G)", "2E"),
        ("Adult Social Care Survey: overall satisfaction (ASCOF 3A before the refresh)", None),
        ("Adult Social Care Survey: social contact (ASCOF 1I(1) before the refresh)", None),
        ("ASCOF 1I(1)", "1I(1)"),
        ("local", None),
        ("", None),
    ],
)
def test_ascof_code_mapping(source: str, code: str | None) -> None:
    assert ascof_code(source) == code


def test_council_names_normalise() -> None:
    assert normalise_name("Northshire County Council") == normalise_name("NORTHSHIRE")
    assert normalise_name("Bristol, City of") == normalise_name("Bristol City Council")
    assert normalise_name("London Borough of Camden") == normalise_name("Camden")


def test_load_fills_values_then_import_shows_them(runner, work: Path) -> None:
    out = work / "out.xlsx"
    result = runner.invoke(
        main, ["indicators", "load", str(work / "wb.xlsx"), str(work / "ascof-2024-25.csv"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "3 indicator(s) filled" in result.stdout
    assert "I103" in result.stderr  # ASCOF 1A is in the file but no indicator names it
    assert "I104" in result.stderr and "ASCOF-2C" in result.stderr  # an indicator with no data
    got = _indicators(runner, out)
    a2d = got["ASCOF-2D"]
    assert (a2d["period"], a2d["value"], a2d["base"], a2d["england"], a2d["comparator"]) == (
        "2024-25",
        76.9,
        520.0,
        82.4,
        82.2,
    )
    assert a2d["variation"] == "significantly worse"
    assert got["ASCOF-2A"]["variation"] == "worse"
    assert got["ASCOF-2B"]["base"] is None and got["ASCOF-2B"]["value"] == 612.4
    assert got["ASCOF-2C"]["value"] is None
    # the Female disaggregation was not used; the old-code survey indicators were not touched
    assert got["ASCOF-2A"]["value"] == 78.0
    assert got["ASCS-SOCIAL"]["value"] is None or got["ASCS-SOCIAL"]["period"] != "2024-25"


def test_no_period_is_said(runner, work: Path) -> None:
    out = work / "out.xlsx"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "I105" in result.stderr
    assert _indicators(runner, out)["ASCOF-2A"]["period"] is None


def test_code_chooses_the_council(runner, work: Path) -> None:
    out = work / "out.xlsx"
    args = ["indicators", "load", str(work / "wb.xlsx"), str(work / "ascof-2024-25.csv"), "-o", str(out)]
    result = runner.invoke(main, [*args, "--code", "E10000998"])  # Southshire's ONS code
    assert result.exit_code == 0, result.output
    assert "Southshire" in result.stdout
    assert _indicators(runner, out)["ASCOF-2D"]["value"] == 83.3


def test_council_not_found(runner, work: Path) -> None:
    out = work / "out.xlsx"
    args = ["indicators", "load", str(work / "wb.xlsx"), str(work / "ascof-2024-25.csv"), "-o", str(out)]
    result = runner.invoke(main, [*args, "--code", "999"])
    assert result.exit_code == 1
    assert "I102" in result.stderr and "was not written" in result.stderr
    assert not out.exists()
    text = (work / "ascof-2024-25.csv").read_text().replace("Northshire County Council", "Elsewhere")
    (work / "other.csv").write_text(text)
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(work / "other.csv"), "-o", str(out)])
    assert result.exit_code == 1 and "I102" in result.stderr and not out.exists()


@pytest.mark.parametrize(
    ("edit", "code", "line"),
    [
        (lambda t: t.replace(",2A,Total,Outcome,78.0", ",2A,Total,Outcome,7x8"), "I101", "12"),
        (lambda t: t.replace("Measure value", "Amount"), "I100", "1"),
        (lambda t: t.replace(",2A,Total,Numerator,780", ",2A,Total,Numerater,780"), "I101", "10"),
    ],
)
def test_malformed_csv_is_located_and_nothing_written(runner, work: Path, edit, code: str, line: str) -> None:
    bad = work / "bad.csv"
    bad.write_text(edit(SAMPLE.read_text()))
    assert bad.read_text() != SAMPLE.read_text()
    out = work / "out.xlsx"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    row = next(r for r in result.stderr.splitlines() if code in r)
    assert row.split()[:3] == ["error", code, line]
    assert "was not written" in result.stderr
    assert not out.exists()


def test_never_over_the_input(runner, work: Path) -> None:
    wb = work / "wb.xlsx"
    before = wb.read_bytes()
    args = ["indicators", "load", str(wb), str(work / "ascof-2024-25.csv"), "-o", str(wb)]
    result = runner.invoke(main, [*args, "--force"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert wb.read_bytes() == before


@pytest.mark.parametrize("spelling", ["same", "hard-link"])
def test_never_over_the_published_data(runner, work: Path, spelling: str) -> None:
    """The data file is an input too: a download saved with an .xlsx name (the reader reads its CSV all the same)
    was replaced by the workbook with --force."""
    data = work / "ascof.xlsx"
    shutil.copy(SAMPLE, data)
    out = data if spelling == "same" else work / "link.xlsx"
    if spelling == "hard-link":
        out.hardlink_to(data)
    before = data.read_bytes()
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(data), "-o", str(out), "--force"])
    assert result.exit_code == 2 and "is an input of this command" in result.output, result.output
    assert data.read_bytes() == before


def test_output_must_be_xlsx(runner, work: Path) -> None:
    out = work / "out.csv"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf16 ascof-2024-25.csv", lambda text: text.encode("utf-16")),
        (
            "unicode text ascof-2024-25.txt",
            lambda text: text.replace(",", "\t").encode("utf-16"),
        ),  # Excel's "Unicode Text"
    ],
    ids=["utf-16-csv", "excel-unicode-text"],
)
def test_utf16_and_tab_separated_data_load_like_the_csv(runner, work: Path, name: str, encode) -> None:
    """Excel's "Unicode Text" save is UTF-16 with tabs; it used to be refused as 'no header row'."""
    (work / name).write_bytes(encode(SAMPLE.read_text(encoding="utf-8-sig")))
    outs = []
    for data in (work / "ascof-2024-25.csv", work / name):
        out = work / f"from-{data.stem}.xlsx"
        result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(data), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(_indicators(runner, out))
    assert outs[0] == outs[1]
    assert any(i["value"] is not None for i in outs[1].values())


def _two_years(text: str) -> str:
    """The sample as a two-year file: a Period column, 2023-24 with every figure 1 lower, then 2024-25."""
    lines = text.replace("\r\n", "\n").strip("\n").split("\n")
    head, body = lines[0], lines[1:]

    def year(line: str, period: str, shift: float) -> str:
        cells = line.split(",")
        cells[-1] = f"{float(cells[-1]) - shift:g}"
        return ",".join([*cells, period])

    older = [year(line, "2023-24", 1) for line in body]
    newer = [year(line, "2024-25", 0) for line in body]
    return "\n".join([f"{head},Period", *older, *newer]) + "\n"


def _a2d(runner, path: Path) -> tuple:
    a2d = _indicators(runner, path)["ASCOF-2D"]
    return a2d["period"], a2d["value"], a2d["base"], a2d["england"], a2d["comparator"]


def test_two_years_are_never_mixed(runner, work: Path) -> None:
    """A file holding two years placed the last row's value with the first row's period: a swapped answer."""
    data = work / "ascof-time-series.csv"
    data.write_text(_two_years(SAMPLE.read_text()))
    args = ["indicators", "load", str(work / "wb.xlsx"), str(data)]
    out = work / "latest.xlsx"
    result = runner.invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    warning = next(r for r in result.stderr.splitlines() if "I106" in r)
    assert warning.split()[0] == "warning" and "2023-24, 2024-25" in result.stderr and "--period" in result.stderr
    assert _a2d(runner, out) == ("2024-25", 76.9, 520.0, 82.4, 82.2)
    older = work / "older.xlsx"
    result = runner.invoke(main, [*args, "-o", str(older), "--period", " 2023-24 "])
    assert result.exit_code == 0, result.output
    assert "I106" not in result.stderr
    assert _a2d(runner, older) == ("2023-24", 75.9, 519.0, 81.4, 81.2)
    missing = work / "missing.xlsx"
    result = runner.invoke(main, [*args, "-o", str(missing), "--period", "2019-20"])
    assert result.exit_code == 1 and not missing.exists()
    row = next(r for r in result.stderr.splitlines() if "I106" in r)
    assert row.split()[0] == "error" and "2023-24, 2024-25" in result.stderr


def test_period_asked_of_a_file_without_periods_is_an_error(runner, work: Path) -> None:
    out = work / "out.xlsx"
    args = ["indicators", "load", str(work / "wb.xlsx"), str(SAMPLE), "-o", str(out), "--period", "2024-25"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1 and "I106" in result.stderr and not out.exists()


def test_a_figure_given_twice_differently_is_an_error_not_a_choice(runner, work: Path) -> None:
    text = SAMPLE.read_text()
    again = "901,Northshire County Council,Council,E10000999,East Midlands,2A,Total,Outcome,"
    same, different = work / "same.csv", work / "different.csv"
    same.write_text(text.rstrip("\r\n") + "\n" + again + "78.0\n")
    different.write_text(text.rstrip("\r\n") + "\n" + again + "87.0\n")
    out = work / "same.xlsx"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(same), "-o", str(out)])
    assert result.exit_code == 0, result.output  # an exact repeat harms nothing
    assert _indicators(runner, out)["ASCOF-2A"]["value"] == 78.0
    out = work / "different.xlsx"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(different), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    row = next(r for r in result.stderr.splitlines() if "I101" in r)
    assert row.split()[:3] == ["error", "I101", "42"]
    assert "78 at line 12" in result.stderr and "87" in result.stderr


def test_every_malformed_row_is_reported_in_one_pass(runner, work: Path) -> None:
    bad = work / "bad.csv"
    text = SAMPLE.read_text().replace(",2A,Total,Outcome,78.0", ",2A,Total,Outcome,7x8")
    bad.write_text(text.replace(",2D,Total,Numerator,400", ",2D,Total,Numerater,400"))
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(bad), "-o", str(work / "o.xlsx")])
    assert result.exit_code == 1
    lines = sorted(r.split()[2] for r in result.stderr.splitlines() if "I101" in r)
    assert lines == ["12", "26"]


def test_the_exact_name_wins_over_a_near_one(runner, work: Path) -> None:
    """'Northshire County Council' was refused as ambiguous when a 'Northshire City Council' was also in the file."""
    text = SAMPLE.read_text().replace("\r\n", "\n")
    city = [
        line.replace("Northshire County Council", "Northshire City Council").replace("901,", "903,", 1)
        for line in text.splitlines()
        if "Northshire County Council" in line
    ]
    city = [line.replace("E10000999", "E06000999").rsplit(",", 1)[0] + ",1" for line in city]
    data = work / "both.csv"
    data.write_text(text + "\n".join(city) + "\n")
    out = work / "out.xlsx"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "for Northshire County Council" in result.stdout
    assert _indicators(runner, out)["ASCOF-2A"]["value"] == 78.0


def test_one_name_with_two_codes_is_not_guessed(runner, work: Path) -> None:
    """An area recoded (a county becoming a unitary council) can be in a file twice under one name."""
    text = SAMPLE.read_text().replace("\r\n", "\n")
    recoded = [line.replace("901,", "904,", 1) for line in text.splitlines() if "Northshire County Council" in line]
    data = work / "recoded.csv"
    data.write_text(text + "\n".join(recoded) + "\n")
    out = work / "out.xlsx"
    result = runner.invoke(main, ["indicators", "load", str(work / "wb.xlsx"), str(data), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "I102" in result.stderr and "901, 904" in result.stderr
    result = runner.invoke(
        main, ["indicators", "load", str(work / "wb.xlsx"), str(data), "-o", str(out), "--code", "904"]
    )
    assert result.exit_code == 0, result.output
