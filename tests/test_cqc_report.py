"""Published CQC report text in its real layouts, and the ways copies go wrong."""

from __future__ import annotations

import json

from conftest import FIXTURES
from libreoffice import requires_libreoffice

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


# --- issue 16: the report as it really comes ----------------------------------------------------------------
# Wiltshire: real extracts (CQC, Open Government Licence v3.0) from the web pages, and the same text laid out as
# pdftotext gives it from CQC's PDF (wrapped at 95 columns, "Page N of 52" and the report line on every page; with
# -layout: indented, the running header and page number on one line). Eastmoor and Northshire are fictional
# councils written in the style of CQC's summary and statement pages.


def _same_text(a, b):
    return " ".join(a.split()) == " ".join(b.split())


def _statement_matches(got, want):
    assert got.score == want.score and got.label == want.label
    assert got.i_statements == want.i_statements and got.we_statement == want.we_statement
    assert [k.heading for k in got.key_findings] == [k.heading for k in want.key_findings]
    assert _same_text(" ".join(k.text for k in got.key_findings), " ".join(k.text for k in want.key_findings))


def test_pdftotext_copy_reads_as_the_web_page():
    web = parse_cqc_report(SAFE, "web.txt").statements["safe_pathways_systems_transitions"]
    record = load_cqc_record(CQC / "wiltshire-safe-pathways-pdftotext.txt")
    got = record.statements["safe_pathways_systems_transitions"]
    _statement_matches(got, web)
    assert got.key_findings[0].text.split("\n") == web.key_findings[0].text.split("\n")  # paragraphs kept as such
    assert [(f.code, f.line, f.severity.value) for f in record.findings] == [("C104", 42, "info"), ("C104", 43, "info")]
    assert "(5 times, lines 42, 86, 130, 174, 180)" in record.findings[0].message


def test_pdftotext_layout_copy_reads_as_the_web_page():
    web = parse_cqc_report(GOVERNANCE, "web.txt").statements["governance_management_sustainability"]
    record = load_cqc_record(CQC / "wiltshire-governance-pdftotext-layout.txt")
    assert record.council == "Wiltshire Council"
    _statement_matches(record.statements["governance_management_sustainability"], web)
    assert {f.code for f in record.findings} == {"C104"}


def test_heading_council_and_score_lines_never_join_a_paragraph():
    text = (
        "Wiltshire Council: local authority assessment\nSafe pathways, systems and transitions\nScore: 2\n"
        "What people expect\nI feel safe and am supported to understand and manage any risks.\n"
        "Key findings for this quality statement\n" + "\n".join(["word " * 18 + "and then"] * 6) + "\n"
    )
    record = parse_cqc_report(text, "joined.txt")
    st = record.statements["safe_pathways_systems_transitions"]
    assert record.council == "Wiltshire Council" and st.score == 2
    assert len(st.key_findings) == 1 and st.key_findings[0].text.count("word") == 108


def test_summary_page_gives_the_published_result_checked_against_the_rule():
    record = load_cqc_record(CQC / "eastmoor-summary.txt")
    assert record.council == "Eastmoor Borough Council"
    assert sum(1 for v in record.scores().values() if v) == 9
    o = record.overall
    assert (o.percent, o.rating, o.line, o.rule_percent, o.rule_rating, o.agrees) == (67, "Good", 6, 67, "Good", True)
    assert [(f.code, f.severity.value) for f in record.findings] == [("C104", "info")] * 2 + [("C103", "info")] * 2
    data = record.to_dict()
    assert data["overall"]["rule"] == {"percent": 67, "rating": "Good", "agrees": True}


def test_a_published_result_that_differs_from_the_rule_is_c111():
    text = (CQC / "eastmoor-summary.txt").read_text(encoding="utf-8").replace(": 67%", ": 66%")
    record = parse_cqc_report(text, "summary.txt")
    assert [(f.code, f.line) for f in record.findings if f.code == "C111"] == [("C111", 6)]
    assert "gives 67% Good from the 9 published scores (24 of 36)" in record.findings[-1].message
    partial = parse_cqc_report(text.replace("Safeguarding\nScore: 3\n", ""), "eight.txt")
    assert partial.overall.percent == 66 and partial.overall.rule_percent is None  # eight scores: not checked
    assert "C111" not in [f.code for f in partial.findings]


def test_summary_page_and_statement_page_combine_into_one_record():
    record = load_cqc_record([CQC / "eastmoor-summary.txt", CQC / "eastmoor-equity.md"])
    equity = record.statements["equity_in_experiences_and_outcomes"]
    assert equity.score == 2 and equity.we_statement.startswith("We actively seek out")
    assert [k.heading for k in equity.key_findings] == [
        "Understanding and reducing barriers to care and support",
        "Inclusion and accessibility arrangements",
    ]
    assert record.overall.percent == 67 and record.overall.agrees
    assert [f.code for f in record.findings if f.code not in ("C103", "C104")] == []


def test_closing_paragraph_without_full_stop_is_kept_and_rules_are_not_findings():
    record = load_cqc_record(CQC / "eastmoor-equity.md")
    last = record.statements["equity_in_experiences_and_outcomes"].key_findings[-1]
    assert (
        last.text == "The local authority had started to work with community groups to reach people who did not "
        "usually ask for support"
    )
    assert [f.code for f in record.findings] == ["C104"]  # "Downloads" only: the --- rules are not text
    text = GOVERNANCE.rstrip() + "\nThe local authority had plans to publish its strategy"
    findings = parse_cqc_report(text, "g.txt").statements["governance_management_sustainability"].key_findings
    assert findings[-1].text.endswith("\nThe local authority had plans to publish its strategy")


def test_theme_words_as_key_findings_sub_headings_stay_sub_headings():
    text = GOVERNANCE.rstrip() + "\nLeadership\nSenior leaders were visible and well informed.\n"
    findings = parse_cqc_report(text, "g.txt").statements["governance_management_sustainability"].key_findings
    assert (findings[-1].heading, findings[-1].text) == ("Leadership", "Senior leaders were visible and well informed.")


def test_two_scores_for_one_statement_are_located():
    same = SAFE.replace("Score: 3\n", "Score: 3\nScore: 3\n", 1)
    record = parse_cqc_report(same, "same.txt")
    assert [(f.code, f.line, f.severity.value) for f in record.findings if f.code == "C112"] == [("C112", 5, "warning")]
    other = SAFE.replace("Score: 3\n", "Score: 3\nScore: 2\n", 1)
    record = parse_cqc_report(other, "other.txt")
    found = [f for f in record.findings if f.code == "C112"]
    assert [(f.line, f.severity.value) for f in found] == [(5, "error")] and "on line 4" in found[0].message


def test_a_score_and_its_words_that_disagree_are_an_error():
    """'Score: 3' above '2 - Evidence shows some shortfalls' made the record '3 - Evidence shows some shortfalls'."""
    assert "Score: 3\n3 - Evidence shows a good standard\n" in SAFE
    label = SAFE.replace("3 - Evidence shows a good standard", "2 - Evidence shows some shortfalls", 1)
    found = [f for f in parse_cqc_report(label, "label.txt").findings if f.code == "C112"]
    assert [(f.line, f.severity.value) for f in found] == [(5, "error")] and "line 4" in found[0].message
    words = SAFE.replace("Score: 3\n", "Score: 3 - Evidence shows some shortfalls\n", 1)
    found = [f for f in parse_cqc_report(words, "words.txt").findings if f.code == "C112"]
    assert [(f.line, f.severity.value) for f in found] == [(4, "error")] and "words of score 2" in found[0].message
    own = SAFE.replace("3 - Evidence shows a good standard", "3 - Evidence shows some shortfalls", 1)
    assert [f.code for f in parse_cqc_report(own, "own.txt").findings if f.severity.value == "error"] == ["C112"]
    out_of_range = SAFE.replace("Score: 3\n", "Score: 5\n", 1)  # the label line's 3 was recorded silently
    codes = [(f.code, f.severity.value) for f in parse_cqc_report(out_of_range, "five.txt").findings]
    assert ("C112", "error") in codes


def test_every_title_variant_cqc_uses(cqc):
    variants = {
        "Equity in experience and outcomes": "QS3",
        "Equity in experiences and outcomes": "QS3",
        "Safe pathways, systems and transitions": "QS6",
        "Safe systems, pathways and transitions": "QS6",
        "Supporting people to live healthier lives": "QS2",
        "Supporting people to lead healthier lives": "QS2",
        "Quality statement three: Equity in experience and outcomes": "QS3",
        "Partnership and communities": "QS5",
        "Care provision, integration and continuity of care": "QS4",
    }
    for title, code in variants.items():
        record = parse_cqc_report(f"Wiltshire Council: local authority assessment\n{title}\nScore: 3\n", "v.txt")
        assert [s.code for s in record.statements.values()] == [code], title


def test_two_councils_in_one_file_or_two_files_never_make_one_record(runner, tmp_path):
    two = GOVERNANCE + "\n" + SAFE.replace("Wiltshire Council", "Swindon Borough Council", 1)
    record = parse_cqc_report(two, "two.txt")
    assert [(f.code, f.severity.value) for f in record.findings if f.code == "C106"] == [("C106", "error")]
    both = tmp_path / "two.txt"
    both.write_text(two, encoding="utf-8")
    result = runner.invoke(main, ["cqc-report", str(both)])
    said = " ".join(result.stderr.split())  # the findings table wraps its messages
    assert result.exit_code == 1 and "two councils: 'Wiltshire Council' and 'Swindon Borough Council'" in said
    swindon = tmp_path / "swindon.txt"
    swindon.write_text(SAFE.replace("Wiltshire Council", "Swindon Borough Council", 1), encoding="utf-8")
    result = runner.invoke(main, ["cqc-report", str(CQC / "cqc-wiltshire-governance.txt"), str(swindon)])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 1 and "C106" in said and "is for 'Swindon Borough Council', but" in said


def test_a_file_without_council_is_never_credited_to_another(runner, tmp_path):
    anon = tmp_path / "anon.txt"
    anon.write_text(SAFE.split("\n", 1)[1], encoding="utf-8")
    result = runner.invoke(main, ["cqc-report", str(CQC / "cqc-wiltshire-governance.txt"), str(anon)])
    assert result.exit_code == 1 and "C113" in result.stderr and "--council" in result.stderr
    result = runner.invoke(main, ["cqc-report", str(anon), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["council"] is None
    assert "C100" in [f["code"] for f in json.loads(result.stdout)["findings"]]
    args = ["cqc-report", str(CQC / "cqc-wiltshire-governance.txt"), str(anon), "--council", "Wiltshire Council"]
    result = runner.invoke(main, [*args, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["council"] == "Wiltshire Council"
    result = runner.invoke(main, ["cqc-report", str(CQC / "cqc-wiltshire-governance.txt"), "--council", "Swindon"])
    assert result.exit_code == 1 and "C106" in result.stderr


def test_utf16_and_byte_order_marks_are_read(tmp_path):
    from assessment_builder.load import load_cqc_text

    for name, data in {
        "utf16le-bom.txt": GOVERNANCE.replace("\n", "\r\n").encode("utf-16"),
        "utf16be-bom.txt": b"\xfe\xff" + GOVERNANCE.encode("utf-16-be"),
        "utf16le-nobom.txt": GOVERNANCE.encode("utf-16-le"),
        "utf8-bom.txt": GOVERNANCE.encode("utf-8-sig"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        loaded = load_cqc_text(path)
        assert loaded.ok and loaded.value.council == "Wiltshire Council", name
        assert loaded.value.scores()["governance_management_sustainability"] == 3, name


# --- PDF files ----------------------------------------------------------------------------------------------


def _pdf(pages):
    """A minimal PDF (Helvetica, one text line per entry) written by hand: what a PDF text library must read."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        body = "BT /F1 10 Tf 12 TL 50 800 Td " + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
        )
        body += " ET"
        objects.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PDF_PAGES = [
    [
        "Eastmoor Borough Council: local authority assessment",
        "Assessing needs",
        "Score: 3",
        "3 - Evidence shows a good standard",
        "Key findings for this quality statement",
        "People told us they could get an assessment when they needed one, and that staff listened to",
        "them and explained what would happen next, although some waited longer than they expected.",
        "Staff told us that the waiting list was reviewed every week, and that people who were waiting",
        "were contacted to check whether their needs had changed since they first asked for support.",
        "Page 12 of 52",
    ],
    [
        "Eastmoor Borough Council: local authority assessment",
        "Safeguarding",
        "Score: 2",
        "Key findings for this quality statement",
        "Safeguarding enquiries were not always completed on time.",
        "Page 13 of 52",
    ],
]


def test_a_pdf_file_is_read(runner, tmp_path):
    pdf = tmp_path / "eastmoor.pdf"
    pdf.write_bytes(_pdf(PDF_PAGES))
    result = runner.invoke(main, ["cqc-report", str(pdf), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["council"] == "Eastmoor Borough Council"
    assert {k: v["score"] for k, v in data["statements"].items()} == {"assessing_needs": 3, "safeguarding": 2}
    text = data["statements"]["assessing_needs"]["key_findings"][0]["text"]
    assert text.startswith("People told us") and text.endswith("first asked for support.") and "\n" not in text
    assert {f["code"] for f in data["findings"]} == {"C104"}


def test_calibrate_and_cqc_report_refuse_a_pdf_without_cqc_text_or_a_binary_file(runner, tmp_path):
    from assessment_builder.load import load_cqc

    example = FIXTURES.parent.parent / "examples" / "northshire-completed.xlsx"
    cases = {
        "scan.pdf": (_pdf([[]]), "C108"),  # no text layer
        "minutes.pdf": (_pdf([["Minutes of the meeting", "Apologies were received."]]), "C100"),
        "broken.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "C108"),
        "report.docx": (b"PK\x03\x04" + bytes(range(256)) * 4, "C108"),
        "random.bin": (bytes(range(256)) * 8, "C108"),
    }
    for name, (data, code) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        loaded = load_cqc(path)
        assert not loaded.ok and code in [f.code for f in loaded.errors], name
        result = runner.invoke(main, ["cqc-report", str(path)])
        assert result.exit_code == 1 and code in result.stderr, name
        result = runner.invoke(main, ["calibrate", str(example), "--cqc", str(path)])
        assert result.exit_code == 1 and code in result.stderr and result.stdout == "", name


@requires_libreoffice
def test_a_pdf_made_by_libreoffice_reads_as_the_web_page(tmp_path):
    from libreoffice import convert

    pdf = convert(CQC / "cqc-wiltshire-safe-pathways.txt", tmp_path, "pdf")
    record = load_cqc_record(pdf)
    assert record.council == "Wiltshire Council"
    web = parse_cqc_report(SAFE, "web.txt").statements["safe_pathways_systems_transitions"]
    _statement_matches(record.statements["safe_pathways_systems_transitions"], web)


# --- records ------------------------------------------------------------------------------------------------


def test_record_keeps_the_published_result_and_is_schema_checked(runner, tmp_path):
    from assessment_builder.load import load_cqc_record as load_record

    out = tmp_path / "eastmoor.json"
    result = runner.invoke(main, ["cqc-report", str(CQC / "eastmoor-summary.txt"), "-o", str(out)])
    assert result.exit_code == 0
    assert "CQC's overall result: 67% Good; this project's rule gives 67% Good from the scores: agrees" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kind"] == "assessment-builder/cqc-record" and data["version"] == 2
    loaded = load_record(out)
    assert loaded.ok and loaded.value.overall.percent == 67 and loaded.value.overall.agrees
    data["overall"]["percent"] = 250
    out.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_record(out)
    assert [(f.code, f.path) for f in loaded.findings] == [("R102", "overall.percent")]
    data["overall"]["percent"] = 60  # a hand-edited result that CQC's scores do not give
    out.write_text(json.dumps(data), encoding="utf-8")
    assert [f.code for f in load_record(out).findings] == ["C111"]


def test_one_bad_file_never_stops_compare(runner, tmp_path):
    from assessment_builder import api

    bad = tmp_path / "four.json"
    bad.write_text(
        json.dumps(
            {
                "kind": "assessment-builder/cqc-record",
                "version": 2,
                "council": "X",
                "framework": {"id": "cqc-la"},
                "statements": {"safeguarding": {"score": "four"}},
            }
        ),
        encoding="utf-8",
    )
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(_pdf([[]]))
    good = [CQC / "eastmoor-summary.txt", CQC / "northshire-cqc.md"]
    comparison = api.compare(api.load_compare_inputs([bad, *good, binary]))
    assert [e.label for e in comparison.entries] == [
        "Eastmoor Borough Council (CQC)",
        "Northshire County Council (CQC)",
    ]
    assert [(s.source, s.reason[:4]) for s in comparison.skipped] == [("four.json", "R102"), ("scan.pdf", "C108")]
