"""The one way in (assessment_builder.load): every loader refuses what it must, with a located finding, never raising."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES

from assessment_builder import load
from assessment_builder.answers import save_answers
from assessment_builder.errors import CATALOGUE
from assessment_builder.model import Assessment, StatementAnswer

CQC_TEXT = FIXTURES / "cqc" / "cqc-wiltshire-safe-pathways.txt"

# loader, the code of "cannot be read", the code of "too large", its size limit
LOADERS = [
    (load.load_workbook, "W100", "W101", 50 * 1024 * 1024),
    (load.load_answers, "A100", "A101", load.MAX_ANSWERS_BYTES),
    (load.load_cqc_record, "R100", "R101", load.MAX_RECORD_BYTES),
    (load.load_cqc_text, "C108", "C109", load.MAX_REPORT_BYTES),
]
IDS = ["workbook", "answers", "cqc-record", "cqc-text"]


def _codes(loaded) -> list[str]:
    return [f.code for f in loaded.findings]


def test_every_code_a_loader_gives_is_in_the_catalogue():
    for code in ["C108", "C109", *(f"A10{i}" for i in range(9)), *(f"R10{i}" for i in range(6))]:
        assert code in CATALOGUE


@pytest.mark.parametrize(("loader", "unreadable", "_large", "_limit"), LOADERS, ids=IDS)
def test_a_fifo_is_refused_without_blocking(tmp_path, loader, unreadable, _large, _limit):
    fifo = tmp_path / "input.pipe"
    os.mkfifo(fifo)  # opening it for reading would block until a writer came
    loaded = loader(fifo)
    assert loaded.value is None and _codes(loaded) == [unreadable]
    assert "named pipe" in loaded.findings[0].message and loaded.findings[0].file == str(fifo)


@pytest.mark.parametrize(("loader", "unreadable", "_large", "_limit"), LOADERS, ids=IDS)
def test_a_folder_a_device_and_a_missing_file_are_refused(tmp_path, loader, unreadable, _large, _limit):
    for path, words in [(tmp_path, "folder"), (Path("/dev/zero"), "device"), (tmp_path / "nope", "No such file")]:
        loaded = loader(path)
        assert loaded.value is None and not loaded.ok and _codes(loaded) == [unreadable], path
        assert words in loaded.findings[0].message


@pytest.mark.parametrize(("loader", "_unreadable", "large", "limit"), LOADERS, ids=IDS)
def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, loader, _unreadable, large, limit):
    big = tmp_path / {"W": "big.xlsx", "A": "big.yaml", "R": "big.json", "C": "big.txt"}[large[0]]
    with big.open("wb") as fh:
        fh.truncate(limit + 1)  # sparse: nothing is written, the size is what counts
    loaded = loader(big)
    assert loaded.value is None and _codes(loaded) == [large]


def test_an_alias_bomb_in_answers_yaml_is_refused_at_its_line(tmp_path):
    bomb = tmp_path / "answers.yaml"
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    bomb.write_text("\n".join(rows) + "\n", encoding="utf-8")
    loaded = load.load_answers(bomb)
    assert loaded.value is None and _codes(loaded) == ["A102"]
    assert loaded.findings[0].line == 1 and "aliases" in loaded.findings[0].message  # the anchored node


def test_a_yaml_tag_and_a_syntax_error_are_located(tmp_path):
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text("framework: {id: cqc-la}\ncouncil: !!python/object:os.system echo\n", encoding="utf-8")
    loaded = load.load_answers(tagged)
    assert _codes(loaded) == ["A102"] and loaded.findings[0].line == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("framework:\n  id: cqc-la\n council: [x\n", encoding="utf-8")
    loaded = load.load_answers(broken)
    assert _codes(loaded) == ["A100"] and loaded.findings[0].line == 3


def test_json_duplicate_keys_deep_nesting_and_syntax_errors_are_located(tmp_path):
    dup = tmp_path / "dup.json"
    dup.write_text('{\n "framework": {"id": "cqc-la"},\n "council": "A",\n "council": "B"\n}\n', encoding="utf-8")
    loaded = load.load_answers(dup)
    assert _codes(loaded) == ["A102"] and loaded.findings[0].line == 4 and "'council'" in loaded.findings[0].message
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 10000 + "]" * 10000, encoding="utf-8")
    assert _codes(load.load_answers(deep)) == ["A102"]
    bad = tmp_path / "bad.json"
    bad.write_text('{\n "framework": {"id": "cqc-la"},\n "council": \n}\n', encoding="utf-8")
    loaded = load.load_answers(bad)
    assert _codes(loaded) == ["A100"] and loaded.findings[0].line == 4


def _answers(cqc, tmp_path, name="answers.json"):
    a = Assessment(cqc, "Test Council", {"assessing_needs": StatementAnswer("assessing_needs", {"score": 3})})
    return save_answers(a, tmp_path / name)


def _record(tmp_path, name="record.json", **changes):
    from assessment_builder.cqc_report import parse_cqc_report

    data = parse_cqc_report(CQC_TEXT.read_text(encoding="utf-8"), str(CQC_TEXT)).to_dict()
    data.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_answers_round_trip_without_findings(cqc, tmp_path, suffix):
    loaded = load.load_assessment(_answers(cqc, tmp_path, f"answers{suffix}"))
    assert loaded.ok and loaded.kind == "answers" and loaded.findings == []
    assert loaded.value.answers["assessing_needs"].score == 3 and loaded.value.council == "Test Council"


def test_an_answers_file_is_never_taken_for_a_record_nor_a_record_for_answers(cqc, tmp_path):
    answers = _answers(cqc, tmp_path)
    record, _data = _record(tmp_path)
    as_record = load.load_cqc_record(answers)
    assert as_record.value is None and _codes(as_record) == ["R103"]
    for loaded in (load.load_answers(record), load.load_assessment(record)):
        assert loaded.value is None and _codes(loaded) == ["A103"]
    assert load.load_compare_input(answers).kind == "answers"
    assert load.load_compare_input(record).kind == "cqc-record"
    assert load.load_cqc(record).ok


@pytest.mark.parametrize("score", [99, "four", 0, 2.5, True])
def test_a_record_score_must_be_a_whole_number_1_to_4(tmp_path, score):
    path, data = _record(tmp_path)
    data["statements"]["safe_pathways_systems_transitions"]["score"] = score
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load.load_cqc_record(path)
    assert loaded.value is None and _codes(loaded) == ["R102"]
    assert loaded.findings[0].path == "statements.safe_pathways_systems_transitions.score"
    assert "1 to 4" in loaded.findings[0].message


def test_a_record_without_the_marker_is_read_with_a_warning_if_it_passes_the_schema(tmp_path):
    path, data = _record(tmp_path)
    del data["kind"], data["version"]
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load.load_cqc_record(path)
    assert loaded.ok and [(f.code, f.severity.value) for f in loaded.findings] == [("R104", "warning")]
    assert loaded.value.scores()["safe_pathways_systems_transitions"] == 3
    data["evidence"] = []  # an unknown top-level key: the schema refuses it
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _codes(load.load_cqc_record(path)) == ["R102"]


def test_answers_values_are_checked_against_the_framework(cqc, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "framework: {id: cqc-la}\n"
        "council: Test\n"
        "statements:\n"
        "  assessing_needs: {score: 9}\n"
        "  not_a_statement: {score: 3}\n"
        "  safeguarding: {score: 2, confidence: Sure}\n"
        "evidence:\n"
        "  - {id: E1, statements: [assessing_needs], date: next week}\n",
        encoding="utf-8",
    )
    loaded = load.load_answers(path)
    assert [(f.code, f.severity.value, f.line) for f in loaded.findings] == [
        ("A107", "error", 4),
        ("A106", "warning", 5),
        ("A107", "warning", 6),
        ("A108", "warning", 8),
    ]
    assert not loaded.ok and loaded.value.answers["safeguarding"].score == 2
    other = tmp_path / "other.yaml"
    other.write_text("framework: {id: my-own}\nstatements: {}\n", encoding="utf-8")
    assert _codes(load.load_answers(other)) == ["A104"]
    assert _codes(load.load_answers(path, framework="lga-asc-peer-challenge")) == ["A104"]


def test_report_text_loader_refuses_binary_and_reads_text(tmp_path):
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert _codes(load.load_cqc_text(pdf)) == ["C108"]
    loaded = load.load_cqc(CQC_TEXT)
    assert loaded.ok and loaded.kind == "cqc-text" and loaded.value.council == "Wiltshire Council"


def test_loaders_note_their_inputs_so_no_output_replaces_them(cqc, tmp_path):
    from assessment_builder import output
    from assessment_builder.errors import AssessmentBuilderError

    answers = _answers(cqc, tmp_path)
    load.load_answers(answers)
    with pytest.raises(AssessmentBuilderError):
        output.check_output_path(answers, force=True)


def test_answers_yaml_text_is_kept_as_written(cqc, tmp_path):
    """`strengths: No` was refused as 'found bool', and `development: 2.10` read as '2.1'."""
    path = tmp_path / "answers.yaml"
    path.write_text(
        "framework: {id: cqc-la}\n"
        "council: 2024\n"
        "statements:\n"
        "  assessing_needs: {score: 3, strengths: No, development: 2.10}\n"
        "  safeguarding: {score: 2, strengths: 'yes', development: 0x1F}\n",
        encoding="utf-8",
    )
    loaded = load.load_answers(path)
    assert loaded.findings == [] and loaded.ok
    answers = loaded.value.answers
    assert answers["assessing_needs"].values["strengths"] == "No"
    assert answers["assessing_needs"].values["development"] == "2.10"
    assert answers["assessing_needs"].score == 3
    assert answers["safeguarding"].values["development"] == "0x1F"
    assert loaded.value.council == "2024"


def test_answers_yaml_key_given_twice_is_refused(cqc, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "framework: {id: cqc-la}\ncouncil: Test\nstatements:\n"
        "  assessing_needs: {score: 3, strengths: Early help, strengths: Carers}\n",
        encoding="utf-8",
    )
    loaded = load.load_answers(path)
    assert [(f.code, f.line) for f in loaded.findings] == [("A102", 4)]  # as in JSON
    assert "'strengths' is given twice" in loaded.findings[0].message
