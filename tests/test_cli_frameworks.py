"""`frameworks list|show|validate`: exact output, JSON shapes and exit codes."""

from __future__ import annotations

import json

from conftest import FIXTURES

from assessment_builder.cli import main

MINI = str(FIXTURES / "mini-rated.yaml")


def test_list_shows_every_builtin_framework(runner):
    result = runner.invoke(main, ["frameworks", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "KIND", "VERSION", "STATEMENTS", "TITLE"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows["cqc-la"][1:4] == ["rated", "2026-11-25", "9"]
    assert rows["lga-asc-peer-challenge"][1] == "unrated"
    assert rows["lga-asc-peer-challenge"][3] == "8"


def test_list_json(runner):
    result = runner.invoke(main, ["frameworks", "list", "--json"])
    data = json.loads(result.output)
    cqc = next(f for f in data if f["id"] == "cqc-la")
    assert cqc == {
        "id": "cqc-la",
        "title": "CQC local authority assessment framework",
        "version": "2026-11-25",
        "kind": "rated",
        "themes": 4,
        "statements": 9,
    }


def test_show_text_for_a_file(runner):
    result = runner.invoke(main, ["frameworks", "show", MINI])
    assert result.exit_code == 0
    assert result.output.splitlines()[:9] == [
        "Mini rated test framework (mini-rated, version 1.0, rated)",
        "Publisher: assessment-builder tests",
        "",
        "Scale:",
        "  1 - Evidence shows significant shortfalls",
        "  2 - Evidence shows some shortfalls",
        "  3 - Evidence shows a good standard",
        "  4 - Evidence shows an exceptional standard",
        "",
    ]
    assert "  S1 Alpha statement [alpha]" in result.output
    assert "    We statement: We do alpha things well." in result.output
    assert "    I statement: I get alpha support." in result.output


def test_show_json_shape_is_stable(runner):
    result = runner.invoke(main, ["frameworks", "show", MINI, "--json"])
    data = json.loads(result.output)
    assert list(data) == [
        "id",
        "title",
        "version",
        "kind",
        "publisher",
        "source",
        "licence",
        "scale",
        "rating_bands",
        "rounding",
        "evidence_categories",
        "themes",
    ]
    assert data["scale"][2] == {"value": 3, "label": "Evidence shows a good standard"}
    assert data["rating_bands"][0] == {"from": 25, "label": "Inadequate"}
    statement = data["themes"][0]["statements"][0]
    assert list(statement) == [
        "id",
        "code",
        "title",
        "we_statement",
        "i_statements",
        "prompts",
        "evidence_categories",
        "aliases",
    ]
    assert statement["evidence_categories"] == ["peoples_experience", "processes"]


def test_show_cqc_gives_nine_statements_in_cqc_order(runner):
    data = json.loads(runner.invoke(main, ["frameworks", "show", "cqc-la", "--json"]).output)
    codes = [s["code"] for t in data["themes"] for s in t["statements"]]
    assert codes == [f"QS{i}" for i in range(1, 10)]
    assert [t["title"] for t in data["themes"]] == [
        "Working with people",
        "Providing support",
        "How the local authority ensures safety within the system",
        "Leadership",
    ]


def test_show_unknown_framework_is_exit_1_with_suggestion(runner):
    result = runner.invoke(main, ["frameworks", "show", "cqc"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown framework 'cqc'")
    assert "Traceback" not in result.output


def test_validate_valid_files(runner):
    result = runner.invoke(main, ["frameworks", "validate", MINI, str(FIXTURES / "mini-unrated.yaml")])
    assert result.exit_code == 0
    assert result.output == f"{MINI}: valid\n{FIXTURES / 'mini-unrated.yaml'}: valid\n"


def test_validate_reports_every_problem_and_exits_1(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (FIXTURES / "mini-rated.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("kind: rated", "kind: rated\ncolor: blue").replace("code: S2", "code: S1"))
    result = runner.invoke(main, ["frameworks", "validate", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{bad}:8: color: unknown key 'color' in the framework; allowed keys: schema, id, title, version, "
        "publisher, source, licence, kind, scale, rating, evidence_categories, themes, migrations, indicators [F102]",
        f"{bad}:36: themes[0].statements[1].code: code 'S1' is used twice (first at line 29); each must be unique [F105]",
        f"{bad}: 2 problem(s)",
    ]


def test_validate_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["frameworks", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "cannot read the file" in result.output


def test_validate_without_paths_is_usage_error(runner):
    result = runner.invoke(main, ["frameworks", "validate"])
    assert result.exit_code == 2


def test_builtin_frameworks_and_crosswalks_are_valid(runner):
    from assessment_builder import list_frameworks, load_crosswalks

    assert len(list_frameworks()) >= 2
    crosswalks = load_crosswalks()
    assert crosswalks, "the peer challenge to CQC crosswalk must ship"
    cw = crosswalks[0]
    assert (cw.source_framework, cw.target_framework) == ("lga-asc-peer-challenge", "cqc-la")
    assert all(targets for _src, targets, _note in cw.mappings)


def test_every_command_has_help_with_an_example(runner):
    from assessment_builder.cli import COMMANDS

    for name in main.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`{name} --help` has no example"
    assert "frameworks" in COMMANDS


def test_every_finding_code_is_documented():
    from conftest import ROOT

    from assessment_builder.errors import CATALOGUE

    docs = (ROOT / "docs" / "import-and-score.md").read_text(encoding="utf-8")
    missing = [code for code in CATALOGUE if f"| {code} |" not in docs]
    assert not missing, f"document these finding codes in docs/import-and-score.md: {missing}"


def test_every_command_is_in_the_readme():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.list_commands(None):  # type: ignore[arg-type]
        assert f"`{name}" in readme, f"the README does not describe `{name}`"
