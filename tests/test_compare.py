"""compare: a generated region of councils, bad files skipped, the Excel heat map, the renderings."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import sys
import types
from pathlib import Path

import openpyxl
import pytest

from assessment_builder.compare import (
    assessment_input,
    compare_files,
    compare_inputs,
    write_compare_xlsx,
)
from assessment_builder.errors import Finding, OutputExists, Severity
from assessment_builder.model import Assessment, EvidenceItem, Framework, StatementAnswer
from assessment_builder.render.html import render_compare_html
from assessment_builder.render.markdown import render_compare_markdown
from assessment_builder.render.text import render_compare_text

REAL_READER = importlib.util.find_spec("assessment_builder.workbook") is not None and (
    importlib.util.find_spec("assessment_builder.workbook.read") is not None
)


def region(fw: Framework, n: int = 12, seed: int = 7) -> list[Assessment]:
    """``n`` generated councils with random scores (some unscored) and evidence."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        answers = {}
        for s in fw.statements:
            score = rng.choice([1, 2, 3, 3, 4, None]) if i % 4 else rng.choice([2, 3, 4])
            answers[s.id] = StatementAnswer(s.id, {"score": score})
        evidence = [
            EvidenceItem(f"E{k}", None, "processes", [rng.choice(fw.statements).id], dt.date(2024, 1, 1))
            for k in range(rng.randint(0, 6))
        ]
        out.append(Assessment(fw, f"Council {i + 1:02d}", answers, evidence))
    return out


def install_fake_reader(monkeypatch: pytest.MonkeyPatch, by_name: dict[str, Assessment | None]) -> None:
    """Stand in for workbook.read.read_workbook: a file name maps to an Assessment (None: unreadable)."""

    def read_workbook(path, *, framework=None):
        a = by_name.get(Path(path).name)
        finding = Finding("W100", Severity.ERROR, "The file cannot be opened as an Excel workbook.", file=str(path))
        return types.SimpleNamespace(assessment=a, findings=[] if a else [finding], ok=a is not None)

    pkg = sys.modules.get("assessment_builder.workbook") or types.ModuleType("assessment_builder.workbook")
    mod = types.ModuleType("assessment_builder.workbook.read")
    mod.read_workbook = read_workbook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assessment_builder.workbook", pkg)
    monkeypatch.setitem(sys.modules, "assessment_builder.workbook.read", mod)


def test_compare_a_generated_region(mini_rated):
    councils = region(mini_rated)
    c = compare_inputs([(f"c{i}.xlsx", assessment_input(a)) for i, a in enumerate(councils)])
    assert len(c.entries) == 12 and not c.skipped
    assert [code for _i, code, _t in c.statements] == ["S1", "S2", "S3"]
    for a, e in zip(councils, c.entries):
        assert e.label == a.council
        assert e.scores == a.scores()
        assert sum(e.evidence.values()) == sum(len(x.statements) for x in a.evidence)
        scored = [v for v in a.scores().values() if v is not None]
        if scored:
            assert e.percent == round(sum(scored) * 100 / (4 * len(scored)) + 1e-9)
            assert e.complete == (len(scored) == 3)


def test_one_council_over_time_gets_distinct_labels(mini_rated):
    a, b = region(mini_rated, 2)
    b.council = a.council
    c = compare_inputs([("2023.xlsx", assessment_input(a)), ("2024.xlsx", assessment_input(b))])
    assert [e.label for e in c.entries] == ["Council 01 (2023.xlsx)", "Council 01 (2024.xlsx)"]


def test_another_framework_is_skipped_not_fatal(mini_rated, mini_unrated):
    rated = assessment_input(region(mini_rated, 1)[0])
    unrated = assessment_input(Assessment(mini_unrated, "Other"))
    c = compare_inputs([("a.xlsx", rated), ("b.xlsx", unrated), ("c.xlsx", "cannot be opened")])
    assert [e.source for e in c.entries] == ["a.xlsx"]
    assert [s.source for s in c.skipped] == ["b.xlsx", "c.xlsx"]
    assert "mini-unrated" in c.skipped[0].reason


def test_compare_files_skips_bad_files_and_reports_progress(mini_rated, monkeypatch, tmp_path):
    councils = region(mini_rated, 3)
    files = []
    for i, _a in enumerate(councils):
        p = tmp_path / f"c{i}.xlsx"
        p.write_bytes(b"placeholder")
        files.append(p)
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    csv = tmp_path / "notes.csv"
    csv.write_text("a,b", encoding="utf-8")
    install_fake_reader(monkeypatch, {f"c{i}.xlsx": a for i, a in enumerate(councils)})
    seen = []
    c = compare_files([*files, bad, csv, tmp_path / "missing.xlsx"], progress=lambda d, t, p: seen.append((d, t)))
    assert len(c.entries) == 3
    reasons = {s.source: s.reason for s in c.skipped}
    assert set(reasons) == {"broken.xlsx", "notes.csv", "missing.xlsx"}
    assert "cannot be opened" in reasons["broken.xlsx"]
    assert "W100" in reasons["notes.csv"]  # read as a workbook, as score reads it
    assert "No such file" in reasons["missing.xlsx"]
    assert seen == [(i, 6) for i in range(1, 7)]


@pytest.mark.skipif(not REAL_READER, reason="workbook reader not built yet")
def test_compare_real_workbooks(mini_rated, tmp_path):
    """Generated, filled workbooks read back through the real reader; a corrupt one is skipped."""
    from assessment_builder.workbook.write import write_workbook

    paths = []
    for a in region(mini_rated, 3):
        p = tmp_path / f"{a.council}.xlsx"
        write_workbook(mini_rated, a.council, p, prefill=a)
        paths.append(p)
    (tmp_path / "corrupt.xlsx").write_bytes(b"PK\x03\x04 broken")
    c = compare_files([*paths, tmp_path / "corrupt.xlsx"])
    assert [e.label for e in c.entries] == ["Council 01", "Council 02", "Council 03"]
    assert [s.source for s in c.skipped] == ["corrupt.xlsx"]


def test_a_peer_challenge_compares_what_each_area_has_written(mini_unrated, tmp_path):
    """A framework without scores: every output shows which areas have strengths, considerations and
    recommendations written, never a table of scores that are all '-' (the written work was invisible)."""
    from assessment_builder.workbook.write import write_workbook

    written = Assessment(
        mini_unrated,
        "Written Council",
        {"first_area": StatementAnswer("first_area", {"strengths": "Clear vision", "considerations": "Pace"})},
    )
    blank = Assessment(mini_unrated, "Blank Council")
    paths = []
    for a in (written, blank):
        paths.append(tmp_path / f"{a.council}.xlsx")
        write_workbook(mini_unrated, a.council, paths[-1], prefill=a)
    c = compare_files(paths)
    assert [c.cell(e, sid) for e in c.entries for sid in ("first_area", "second_area")] == ["S C", "-", "-", "-"]
    legend = "S strengths, C areas for consideration, R recommendations; - nothing written yet"
    assert c.notes == (legend,)
    data = json.loads(json.dumps(c.to_dict()))
    assert [e["written"] for e in data["entries"]] == [
        {"first_area": ["strengths", "considerations"], "second_area": []},
        {"first_area": [], "second_area": []},
    ]
    text = render_compare_text(c)
    assert "What each area has written" in text and legend in text and "Scores" not in text
    first_row = next(line for line in text.splitlines() if line.startswith("Written Council"))
    assert first_row.split()[-3:] == ["S", "C", "-"]
    md = render_compare_markdown(c)
    assert "## What each area has written" in md and "| Written Council | S C | - |" in md and "Scores" not in md
    html = render_compare_html(c)
    assert "<h2>What each area has written</h2>" in html and ">S C</td>" in html and "Scores" not in html
    assert "background" not in html.split("<h2>What each area has written</h2>")[1].split("</table>")[0]
    wb = openpyxl.load_workbook(write_compare_xlsx(c, tmp_path / "peers.xlsx"))
    assert wb.sheetnames == ["Written", "Evidence", "Sources"]
    ws = wb["Written"]
    assert ws["A1"].value == "What each area has written"
    assert [[ws.cell(r, col).value for col in (3, 4)] for r in (4, 5)] == [["S C", None], [None, None]]
    assert not list(ws.conditional_formatting)
    assert "red = low score" not in " ".join(str(cell.value) for row in ws.iter_rows() for cell in row)


def test_excel_heat_map(mini_rated, tmp_path):
    councils = region(mini_rated, 4)
    councils[0].council = '=HYPERLINK("http://x")'
    c = compare_inputs(
        [(f"c{i}.xlsx", assessment_input(a)) for i, a in enumerate(councils)] + [("bad.xlsx", "unreadable")]
    )
    out = write_compare_xlsx(c, tmp_path / "compare.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Scores", "Evidence", "Sources"]
    ws = wb["Scores"]
    assert ws["C3"].value == '=HYPERLINK("http://x")' and ws["C3"].data_type == "s"  # text, not a formula
    assert [ws.cell(4 + i, 1).value for i in range(3)] == ["S1", "S2", "S3"]
    assert [ws.cell(4, 3 + j).value for j in range(4)] == [e.scores["alpha"] for e in c.entries]
    rules = [(str(rng.sqref), r.type) for rng in ws.conditional_formatting for r in rng.rules]
    assert ("C4:F6", "colorScale") in rules
    assert ws.cell(8, 2).value == "Percent" and ws.cell(8, 3).value == c.entries[0].percent
    assert any(
        r == "colorScale"
        for _s, r in [(str(x.sqref), y.type) for x in wb["Evidence"].conditional_formatting for y in x.rules]
    )
    src = wb["Sources"]
    assert src.cell(6, 2).value == "bad.xlsx" and src.cell(6, 5).value == "unreadable"
    with pytest.raises(OutputExists):
        write_compare_xlsx(c, out)
    write_compare_xlsx(c, out, force=True)


def test_renderings(mini_rated):
    councils = region(mini_rated, 3)
    councils[1].council = "<b>Bold</b> | Council"
    c = compare_inputs([(f"c{i}.xlsx", assessment_input(a)) for i, a in enumerate(councils)] + [("x.xlsx", "why")])
    text = render_compare_text(c)
    assert "Council 01" in text and "Skipped (1)" in text and "x.xlsx: why" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    md = render_compare_markdown(c)
    assert "| Council | S1 | S2 | S3 | Scored | % | Rating |" in md and "\\<b\\>Bold\\</b\\> \\| Council" in md
    html = render_compare_html(c)
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold" not in html
    assert json.loads(json.dumps(c.to_dict()))["entries"][0]["label"] == "Council 01"


def test_every_format_says_how_many_statements_a_percentage_is_over(cqc, tmp_path):
    """One council with 1 of 9 statements scored (100%* Outstanding*), one with all 9: the count the Excel
    heat map gives ("Statements scored") is in text, Markdown, HTML and JSON too, so 1 of 9 is not read as 9."""
    one = Assessment(cqc, "One", {cqc.statements[0].id: StatementAnswer(cqc.statements[0].id, {"score": 4})})
    full = Assessment(cqc, "Full", {x.id: StatementAnswer(x.id, {"score": 3}) for x in cqc.statements})
    c = compare_inputs([("one.xlsx", assessment_input(one)), ("full.xlsx", assessment_input(full))])
    assert [(e.scored_shown, e.percent_shown, e.rating_shown) for e in c.entries] == [
        ("1/9", "100*", "Outstanding*"),
        ("9/9", "75", "Good"),
    ]
    text = render_compare_text(c)
    assert "Scored" in text
    assert [line.split()[-3:] for line in text.splitlines() if line.startswith(("One ", "Full "))][:2] == [
        ["1/9", "100*", "Outstanding*"],
        ["9/9", "75", "Good"],
    ]
    md = render_compare_markdown(c)
    assert "| Scored | % | Rating |" in md and "| 1/9 | 100\\* | Outstanding\\* |" in md and "| 9/9 | 75 | Good |" in md
    html = render_compare_html(c)
    assert '<th class="num">Scored</th>' in html and '<td class="num">1/9</td><td class="num">100*</td>' in html
    assert [(e["scored"], e["percent"]) for e in c.to_dict()["entries"]] == [(1, 100), (9, 75)]
    ws = openpyxl.load_workbook(write_compare_xlsx(c, tmp_path / "c.xlsx"))["Scores"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Statements scored")
    assert row[2:4] == (1, 9)


def test_json_carries_each_inputs_indicators_with_a_value(runner, tmp_path):
    """compare --format json: a workbook's indicators with a value per entry; a CQC report has none (null)."""
    from conftest import FIXTURES, ROOT

    from assessment_builder.cli import main

    example = ROOT / "examples" / "northshire-completed.xlsx"
    answers = tmp_path / "answers.json"
    assert runner.invoke(main, ["import", str(example), "-o", str(answers)]).exit_code == 0
    data = json.loads(answers.read_text(encoding="utf-8"))
    data["indicators"][0].update(period="2023-24", value=55.0, base=400, england=71.06)
    answers.write_text(json.dumps(data), encoding="utf-8")
    first = data["indicators"][0]["id"]
    result = runner.invoke(
        main, ["compare", str(answers), str(example), str(FIXTURES / "cqc" / "northshire-cqc.md"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    assert [e["kind"] for e in entries] == ["workbook", "workbook", "cqc-report"]
    [row] = entries[0]["indicators"]
    assert (row["id"], row["period"], row["value"], row["england"]) == (first, "2023-24", 55.0, 71.06)
    assert row["variation"] == "significantly worse" and set(row) >= {"base", "comparator", "polarity", "source"}
    assert entries[1]["indicators"] == []  # the example workbook has the catalogue but no values
    assert entries[2]["indicators"] is None


def _scored(fw: Framework, council: str, scores: dict[str, int]) -> Assessment:
    return Assessment(fw, council, {sid: StatementAnswer(sid, {"score": v}) for sid, v in scores.items()})


def test_a_provisional_rating_is_marked_in_every_renderer_and_a_blank_council_is_not(cqc):
    """A rating over 2 of 9 statements is not a rating: the mark goes on the percentage and the rating alike,
    and the note explains only the marks the table shows."""
    ids = [s.id for s in cqc.statements]
    partial = _scored(cqc, "Partial", {ids[0]: 3, ids[1]: 3})
    whole = _scored(cqc, "Whole", dict.fromkeys(ids, 3))
    blank = _scored(cqc, "Blank", {})
    c = compare_inputs([(a.council, assessment_input(a)) for a in (partial, whole, blank)])
    partial_e, whole_e, blank_e = c.entries
    assert (partial_e.percent_shown, partial_e.rating_shown) == ("75*", "Good*")
    assert (whole_e.percent_shown, whole_e.rating_shown) == ("75", "Good")
    assert (blank_e.percent_shown, blank_e.rating_shown) == ("-", "-")
    assert partial_e.to_dict()["percent"] == 75 and partial_e.to_dict()["complete"] is False
    text = render_compare_text(c)
    assert "Good*" in text and "75*" in text
    for out in (text, render_compare_markdown(c), render_compare_html(c)):
        assert "provisional: not every statement is scored" in out and "not scored yet" in out

    only_blank = compare_inputs([(a.council, assessment_input(a)) for a in (whole, blank)])
    for out in (render_compare_text(only_blank), render_compare_markdown(only_blank), render_compare_html(only_blank)):
        assert "provisional" not in out  # no mark shown, so no note about one
        assert "not scored yet" in out
    all_whole = compare_inputs([(whole.council, assessment_input(whole))])
    assert all_whole.notes == ()


def test_cqc_reports_are_called_so_and_get_no_empty_evidence_table(cqc, tmp_path):
    """Two published CQC reports are not "2 self-assessment(s)", and have no evidence log: no Evidence items
    table of dashes in HTML when text and Markdown leave it out."""
    import re

    from conftest import FIXTURES

    reports = [FIXTURES / "cqc" / "northshire-cqc.md", FIXTURES / "cqc" / "eastmoor-summary.txt"]
    c = compare_files(reports)
    assert [e.kind for e in c.entries] == ["cqc-report", "cqc-report"] and not c.skipped
    html = render_compare_html(c)
    outputs = {"text": render_compare_text(c), "markdown": render_compare_markdown(c), "html": html}
    for fmt, out in outputs.items():
        assert "Comparison of 2 CQC reports" in out and "(s)" not in out, fmt
        assert "Evidence items" not in out, fmt
    assert re.search(r"<title>Comparison of 2 CQC reports</title>", html)

    from assessment_builder.workbook.write import write_workbook

    [council] = region(cqc, 1)
    book = write_workbook(council.framework, council.council, tmp_path / "council.xlsx", prefill=council)
    mixed = compare_files([book, reports[0]])
    for out in (render_compare_text(mixed), render_compare_markdown(mixed), render_compare_html(mixed)):
        assert "Comparison of 1 self-assessment and 1 CQC report" in out and "Evidence items" in out


def test_one_council_over_time_in_folders_of_one_file_name_is_told_apart(cqc, runner, tmp_path):
    """2024/northshire.xlsx and 2025/northshire.xlsx: the same council and the same file name were both labelled
    "Northshire (northshire.xlsx)" in every output, the two years impossible to tell apart."""
    from assessment_builder.cli import main
    from assessment_builder.workbook.write import write_workbook

    ids = [s.id for s in cqc.statements]
    paths = []
    for year, score in (("2024", 2), ("2025", 3)):
        (tmp_path / year).mkdir()
        a = _scored(cqc, "Northshire", dict.fromkeys(ids, score))
        paths.append(write_workbook(cqc, "Northshire", tmp_path / year / "northshire.xlsx", prefill=a))
    (tmp_path / "2024" / "broken.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "2025" / "broken.xlsx").write_bytes(b"not a workbook")
    c = compare_files([*paths, tmp_path / "2024" / "broken.xlsx", tmp_path / "2025" / "broken.xlsx"])
    labels = ["Northshire (2024/northshire.xlsx)", "Northshire (2025/northshire.xlsx)"]
    assert [(e.label, e.percent) for e in c.entries] == list(zip(labels, [50, 75]))
    assert [s.source for s in c.skipped] == ["2024/broken.xlsx", "2025/broken.xlsx"]
    for out in (render_compare_text(c), render_compare_markdown(c), render_compare_html(c)):
        assert "(2024/northshire.xlsx)" in out and "(2025/northshire.xlsx)" in out  # a text cell may wrap the name
    sheet = openpyxl.load_workbook(write_compare_xlsx(c, tmp_path / "years.xlsx"))["Scores"]
    assert [sheet.cell(3, 3).value, sheet.cell(3, 4).value] == labels
    # the command: each broken file is named once, by the name that tells it apart
    result = runner.invoke(main, ["compare", *map(str, paths), str(tmp_path / "2024"), str(tmp_path / "2025")])
    assert result.exit_code == 1 and result.stderr.count("broken.xlsx cannot be read") == 2
    assert "Skipped" not in result.stderr  # refused once with its findings, not listed again
    assert (
        json.loads(runner.invoke(main, ["compare", *map(str, paths), "--format", "json"]).stdout)["entries"][0]["label"]
        == labels[0]
    )


def test_every_compare_output_shows_the_same_numbers(cqc, tmp_path):
    """Scores, percentages, ratings and evidence counts of each council agree in text, Markdown, HTML, JSON
    and the Excel workbook, provisional marks included."""
    import html as html_lib
    import re

    councils = region(cqc, 5, seed=11)
    c = compare_inputs([(f"c{i}.xlsx", assessment_input(a)) for i, a in enumerate(councils)])
    data = json.loads(json.dumps(c.to_dict()))
    ids = [s["id"] for s in data["statements"]]
    want = {}
    for e in data["entries"]:
        provisional = "*" if e["percent"] is not None and not e["complete"] else ""
        cells = ["-" if e["scores"][i] is None else str(e["scores"][i]) for i in ids]
        percent = "-" if e["percent"] is None else f"{e['percent']}{provisional}"
        rating = "-" if e["rating"] is None else f"{e['rating']}{provisional}"
        scored = f"{e['scored']}/{len(ids)}"
        want[e["label"]] = ([*cells, scored, percent, rating], [str(e["evidence"][i]) for i in ids])
    assert any(v[0][-1].endswith("*") for v in want.values())  # the region has provisional results

    def rows(table_lines: list[list[str]]) -> dict[str, list[list[str]]]:
        got: dict[str, list[list[str]]] = {}
        for cells in table_lines:
            if cells and cells[0] in want:
                got.setdefault(cells[0], []).append(cells[1:])
        return got

    md = render_compare_markdown(c).replace("\\", "")
    md_rows = rows(
        [[x.strip() for x in line.strip("|").split("|")] for line in md.splitlines() if line.startswith("|")]
    )
    page = render_compare_html(c)
    html_rows = rows(
        [
            [html_lib.unescape(re.sub(r"<[^>]+>", "", x)).strip() for x in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", page)
        ]
    )
    text_lines = [line.split() for line in render_compare_text(c).splitlines()]
    text_rows = rows([[" ".join(p[:2]), *p[2:]] for p in text_lines])  # labels are "Council 01"...
    for label, (scores, evidence) in want.items():
        assert md_rows[label] == [scores, evidence], label
        assert html_rows[label] == [scores, evidence], label
        text_scores, text_evidence = text_rows[label]
        # the text table may wrap "Requires improvement" onto a second line: compare what is on the first
        assert text_scores == scores[:-1] + scores[-1].split()[:1] and text_evidence == evidence, label
    sheet = openpyxl.load_workbook(write_compare_xlsx(c, tmp_path / "c.xlsx"))
    scores_ws, evidence_ws = sheet["Scores"], sheet["Evidence"]
    for j, e in enumerate(data["entries"]):
        col = 3 + j
        assert scores_ws.cell(3, col).value == e["label"]
        assert [scores_ws.cell(4 + i, col).value for i in range(len(ids))] == [e["scores"][i] for i in ids]
        below = 4 + len(ids) + 1
        assert [scores_ws.cell(below + k, col).value for k in range(4)] == [
            e["percent"],
            e["rating"],
            e["scored"],
            "no" if e["complete"] else "yes",
        ]
        assert [evidence_ws.cell(4 + i, col).value for i in range(len(ids))] == [e["evidence"][i] for i in ids]
