"""Presentation: one suffix->format map that refuses a misnamed output, one Markdown escaper, the scoring policy."""

from __future__ import annotations

import pytest

from assessment_builder.cli import main
from assessment_builder.errors import UsageError
from assessment_builder.frameworks import load_framework
from assessment_builder.render.escape import escape_markdown, unescape_markdown
from assessment_builder.render.formats import SUFFIX_FORMATS, format_for
from assessment_builder.scoring import OverallScore

TEXTS = ("text", "markdown", "html", "json")


@pytest.mark.parametrize(
    ("path", "requested", "allowed", "expected"),
    [
        ("s.md", None, TEXTS, "markdown"),
        ("s.HTM", None, TEXTS, "html"),
        ("s.json", "json", TEXTS, "json"),
        (None, None, TEXTS, "text"),
        (None, "markdown", TEXTS, "markdown"),
        ("x.xlsx", None, ("xlsx",), "xlsx"),
        ("d.docx", None, ("docx", "markdown"), "docx"),
        ("a.yml", None, ("json", "yaml"), "yaml"),
    ],
)
def test_format_from_the_request_or_the_suffix(path, requested, allowed, expected):
    assert format_for(path, requested, allowed, "cmd") == expected


@pytest.mark.parametrize(
    ("path", "requested", "allowed", "words"),
    [
        ("x.csv", None, ("xlsx",), "new writes an Excel workbook: name the output .xlsx"),
        ("x.md", "html", TEXTS, "name the output .html or .htm"),
        ("x.pdf", None, TEXTS, "new cannot write 'x.pdf'"),
        ("x.pdf", None, ("docx", "markdown"), "for a PDF, write the .docx and save it as PDF from Word"),
        ("noext", "text", TEXTS, "name the output .txt"),
        ("x.xlsx", None, TEXTS, "new cannot write 'x.xlsx'"),
        (None, "docx", ("docx",), "needs a file: add -o new.docx"),
        (None, "yaml", TEXTS, "does not write yaml"),
    ],
)
def test_an_output_whose_name_does_not_fit_is_refused(path, requested, allowed, words):
    with pytest.raises(UsageError) as err:
        format_for(path, requested, allowed, "new")
    assert words in str(err.value)


def test_every_suffix_names_a_known_format():
    assert set(SUFFIX_FORMATS.values()) == {"text", "markdown", "html", "json", "docx", "xlsx", "yaml"}


@pytest.mark.parametrize(
    "args",
    [
        ["new", "-c", "X", "-o", "x.csv"],
        ["summary", "in.xlsx", "--format", "html", "-o", "x.md"],
        ["template", "-c", "X", "-o", "x.txt"],
        ["compare", "in.xlsx", "-o", "x.xlsm"],
        ["migrate", "in.xlsx", "-f", "cqc-la", "-o", "x.csv"],
        ["merge", "in.xlsx", "-o", "x.yaml"],
    ],
)
def test_commands_refuse_a_misnamed_output_before_writing(runner, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not any(p.name.startswith(("x.", ".x.")) for p in tmp_path.iterdir()), "nothing written"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("a | b", "a \\| b"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "\\1. not a list"),
        ("**bold** _it_ ~~gone~~", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~"),
        ("<script>", "\\<script\\>"),
        ("two\nlines", "two lines"),
    ],
)
def test_one_markdown_escaper_keeps_user_text_literal(typed, shown):
    assert escape_markdown(typed) == shown
    assert unescape_markdown(escape_markdown(typed)) == " ".join(typed.split())


def test_policy_unrated_never_rates():
    peer = load_framework("lga-asc-peer-challenge").policy
    assert not peer.rated and peer.rating(90) is None and peer.score_of({"score": 4}) is None
    assert peer.score(load_framework("lga-asc-peer-challenge"), {}).overall is None
    assert [k for k, _h in peer.narrative] == ["strengths", "considerations", "recommendations"]
    assert peer.answered({"recommendations": " x "}) and not peer.answered({"strengths": "  "})
    assert [k for k, _m in peer.judgement_gaps("PC1 X", {"considerations": "c"}, 0)] == ["no_recommendations"]


def test_policy_rated_uses_the_framework_bands_and_wording():
    fw = load_framework("cqc-la")
    cqc = fw.policy
    assert cqc.rated and [f.key for f in fw.input_fields()][0] == "score"
    assert (cqc.rating(38), cqc.rating(39), cqc.rating(88), cqc.rating(None)) == (
        "Inadequate",
        "Requires improvement",
        "Outstanding",
        None,
    )
    provisional = OverallScore(5, 8, 63, "Good", False, 2, 9)
    assert (
        cqc.headline(provisional)
        == "Predicted rating: Good, 63% (5 of 8 points), provisional: 2 of 9 statements scored"
    )
    gaps = cqc.judgement_gaps("QS1 X", {"score": 2, "confidence": "Low"}, 0)
    assert [k for k, _m in gaps] == ["shortfall_without_action"]
    assert [k for k, _m in cqc.judgement_gaps("QS1 X", {"score": 4, "confidence": "Low"}, 1)] == [
        "low_confidence_high_score"
    ]
