"""Published CQC report text in its real layouts, and the ways copies go wrong."""

from __future__ import annotations

import json

from conftest import FIXTURES

from assessment_builder.cli import main
from assessment_builder.cqc_report import combine, compare_input, load_cqc_record, parse_cqc_report

CQC = FIXTURES / "cqc"
SAFE = (CQC / "cqc-wiltshire-safe-pathways.txt").read_text(encoding="utf-8")
GOVERNANCE = (CQC / "cqc-wiltshire-governance.txt").read_text(encoding="utf-8")


def _codes(record):
    return [(f.code, f.line) for f in record.findings]


def test_seed_extracts_parse_to_council_statement_and_score(cqc):
    record = load_cqc_record([CQC / "cqc-wiltshire-governance.txt", CQC / "cqc-wiltshire-safe-pathways.txt"])
    assert record.council == "Wiltshire Council"
    assert {k: v for k, v in record.scores().items() if v is not None} == {
        "safe_pathways_systems_transitions": 3,
        "governance_management_sustainability": 3,
    }
    safe = record.statements["safe_pathways_systems_transitions"]
    assert safe.label == "Evidence shows a good standard"
    assert safe.i_statements == list(cqc.statement("QS6").i_statements)  # run together and repeated in the source
    assert safe.we_statement == cqc.statement("QS6").we_statement
    assert safe.key_findings[0].text.startswith("People and their carers had access to local authority support")
    source_lines = SAFE.split("Key findings for this quality statement\n")[1].strip().splitlines()
    assert safe.key_findings[0].text.splitlines() == source_lines
    assert record.statements["governance_management_sustainability"].i_statements == []
    assert _codes(record) == [("C104", 2), ("C104", 2)]  # "Downloads" noted, never silently dropped


def test_markdown_copy_with_sub_headings():
    record = load_cqc_record(CQC / "northshire-cqc.md")
    assert record.council == "Northshire County Council"
    assert len(record.statements) == 9
    assert record.scores()["equity_in_experiences_and_outcomes"] == 1
    findings = record.statements["assessing_needs"].key_findings
    assert [k.heading for k in findings] == ["What we found", "Areas for improvement"]


def test_pdf_to_text_layout_with_page_furniture_and_hyphenation():
    wrapped = []
    for line in SAFE.splitlines():
        while len(line) > 70:
            cut = line.rfind(" ", 0, 70)
            word_end = line.find(" ", cut + 1)
            if word_end > 0 and word_end - cut > 6:  # hyphenate a long word across the break
                mid = cut + 4
                wrapped.append(line[:mid] + "-")
                line = line[mid:]
            else:
                wrapped.append(line[:cut])
                line = line[cut + 1 :]
        wrapped.append(line)
        wrapped.append("")
    wrapped[8:8] = ["Page 2 of 14", ""]
    record = parse_cqc_report("\n".join(wrapped), "pdf.txt")
    st = record.statements["safe_pathways_systems_transitions"]
    assert st.score == 3
    assert st.we_statement.startswith(
        "We work with people and our partners to establish and maintain safe systems of care"
    )
    assert "C104" in [f.code for f in record.findings]


def test_windows_line_endings_and_curly_quotes():
    text = GOVERNANCE.replace("\n", "\r\n").replace(
        "Governance, management and sustainability", "Governance, management and sustainability"
    )
    text = text.replace("'", "\u2019")
    record = parse_cqc_report(text, "crlf.txt")
    assert record.scores()["governance_management_sustainability"] == 3
    assert "\r" not in record.statements["governance_management_sustainability"].key_findings[0].text


def test_heading_variants_two_statements_in_one_file():
    text = SAFE.replace("Safe pathways, systems and transitions", "Safe systems, pathways and transitions", 1)
    text += "\n" + GOVERNANCE.split("\n", 2)[2].replace(
        "Governance, management and sustainability", "## Governance, Management & Sustainability", 1
    )
    record = parse_cqc_report(text, "two.txt")
    assert set(record.statements) == {"safe_pathways_systems_transitions", "governance_management_sustainability"}


def test_missing_score_out_of_range_and_unknown_heading_are_located():
    lines = SAFE.splitlines()
    missing = "\n".join(line for line in lines if not line.startswith("Score:"))
    record = parse_cqc_report(missing, "missing.txt")
    assert ("C101", 3) in _codes(record)
    assert record.statements["safe_pathways_systems_transitions"].score == 3  # from "3 - Evidence shows ..."
    no_score = "\n".join(line for line in lines if not line.startswith(("Score:", "3 - ")))
    record = parse_cqc_report(no_score, "none.txt")
    assert record.statements["safe_pathways_systems_transitions"].score is None
    seven = SAFE.replace("Score: 3", "Score: 7").replace("3 - Evidence shows a good standard", "")
    record = parse_cqc_report(seven, "seven.txt")
    assert ("C102", 4) in _codes(record)
    assert record.statements["safe_pathways_systems_transitions"].score is None
    unknown = "Our local offer\n" + SAFE
    record = parse_cqc_report(unknown, "unknown.txt")
    assert ("C103", 1) in _codes(record)


def test_not_a_report_is_an_error():
    record = parse_cqc_report("Minutes of the meeting\nApologies were received.", "minutes.txt")
    assert [f.code for f in record.findings] == ["C103", "C103", "C100", "C100"]
    assert record.findings[-1].severity.value == "error"


def test_conflicting_scores_across_files_are_reported(cqc):
    a = parse_cqc_report(SAFE, "a.txt")
    b = parse_cqc_report(SAFE.replace("Score: 3", "Score: 2"), "b.txt")
    record = combine([a, b])
    assert record.scores()["safe_pathways_systems_transitions"] == 3
    assert [f.code for f in record.findings if f.code == "C107"] == ["C107"]


def test_cli_record_and_compare(runner, tmp_path):
    out = tmp_path / "record.json"
    result = runner.invoke(main, ["cqc-report", str(CQC / "cqc-wiltshire-safe-pathways.txt"), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Wiltshire Council: 1 quality statement(s) from 1 file(s)",
        "  QS6 Safe pathways, systems and transitions: 3 - Evidence shows a good standard",
    ]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["statements"]["safe_pathways_systems_transitions"]["score"] == 3
    label, fw, scores = compare_input(out)
    assert label == "Wiltshire Council (CQC)" and fw.id == "cqc-la" and scores["safe_pathways_systems_transitions"] == 3
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("Nothing here.\n")
    assert runner.invoke(main, ["cqc-report", str(minutes)]).exit_code == 1
