"""Every framework validation rule gives a located finding; valid files load into the model."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assessment_builder import FrameworkInvalid, FrameworkNotFound, load_framework, validate_framework_file
from assessment_builder.frameworks import validate_crosswalk_file
from assessment_builder.yamlsource import MAX_YAML_BYTES

VALID = textwrap.dedent(
    """\
    schema: 1
    id: test-fw
    title: "Test framework"
    version: "1.0"
    kind: rated
    scale:
      - {value: 1, label: "Poor"}
      - {value: 2, label: "Fair"}
      - {value: 3, label: "Good"}
      - {value: 4, label: "Great"}
    rating:
      bands:
        - {from: 25, label: "Low"}
        - {from: 50, label: "Middle"}
        - {from: 75, label: "High"}
    evidence_categories:
      - {id: people, title: "People"}
      - {id: papers, title: "Papers"}
    themes:
      - id: theme_one
        code: T1
        title: "Theme one"
        statements:
          - id: first
            code: S1
            title: "First"
            we_statement: "We do the first thing."
            i_statements: ["I am helped."]
            prompts: ["How?"]
            evidence_categories: [people]
          - id: second
            code: S2
            title: "Second"
            we_statement: "We do the second thing."
    """
)


def write(tmp_path: Path, text: str, name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def findings_for(tmp_path: Path, text: str) -> list:
    fw, findings = validate_framework_file(write(tmp_path, text))
    assert fw is None, "expected the framework to be invalid"
    return findings


def test_valid_framework_loads_into_the_model(tmp_path):
    fw = load_framework(write(tmp_path, VALID))
    assert fw.id == "test-fw"
    assert [s.code for s in fw.statements] == ["S1", "S2"]
    assert fw.statement("s2").id == "second"
    assert fw.statements[0].evidence_categories == ("people",)
    # a statement without categories gets all of them
    assert set(fw.statements[1].evidence_categories) == {"people", "papers"}
    assert fw.max_score == 4 and fw.min_score == 1
    assert [b.lower for b in fw.rating_bands] == [25, 50, 75]


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "path", "fragment"),
    [
        ('title: "Test framework"\n', "", "F101", 1, None, "missing the required key 'title'"),
        ("kind: rated", "knid: rated", "F102", 5, "knid", "did you mean 'kind'"),
        ("kind: rated", "kind: graded", "F104", 5, "kind", "use 'rated' or 'unrated'"),
        (
            "evidence_categories: [people]",
            "evidence_categories: [peeple]",
            "F106",
            30,
            "themes[0].statements[0].evidence_categories[0]",
            "did you mean 'people'",
        ),
        ("id: second", "id: first", "F105", 31, "themes[0].statements[1].id", "'first' is used twice"),
        ("code: S2", "code: S1", "F105", 32, "themes[0].statements[1].code", "'S1' is used twice"),
        (
            'we_statement: "We do the second thing."',
            'we_statement: ""',
            "F104",
            34,
            "themes[0].statements[1].we_statement",
            "empty",
        ),
        (
            '{from: 25, label: "Low"}',
            '{from: 30, label: "Low"}',
            "F107",
            12,
            "rating.bands",
            "lowest possible result is 25%",
        ),
        ('- {value: 3, label: "Good"}', '- {value: 5, label: "Good"}', "F104", 6, "scale", "consecutive"),
        ("id: theme_one", "id: Theme One", "F104", 20, "themes[0].id", "snake_case"),
        (
            '{from: 50, label: "Middle"}',
            '{from: "fifty", label: "Middle"}',
            "F103",
            14,
            "rating.bands[1].from",
            "whole percent",
        ),
    ],
)
def test_each_rule_gives_a_located_finding(tmp_path, old, new, code, line, path, fragment):
    assert old in VALID
    findings = findings_for(tmp_path, VALID.replace(old, new, 1))
    match = [f for f in findings if f.code == code]
    assert match, f"no {code} in {[str(f) for f in findings]}"
    f = match[0]
    assert f.line == line
    assert f.path == path
    assert fragment in f.message
    assert str(f).startswith(f"{tmp_path / 'fw.yaml'}:{line}: ")


def test_five_mistakes_give_five_located_messages(tmp_path):
    text = (
        VALID.replace("kind: rated", "kind: rated\ncolour: blue")  # unknown key
        .replace("evidence_categories: [people]", "evidence_categories: [peeple]")  # unknown category
        .replace("code: S2", "code: S1")  # duplicate code
        .replace('title: "Second"', 'title: ""')  # missing wording
        .replace('{from: 25, label: "Low"}', '{from: 40, label: "Low"}')  # bands do not cover the scale
    )
    findings = findings_for(tmp_path, text)
    assert sorted(f.code for f in findings) == ["F102", "F104", "F105", "F106", "F107"]
    assert all(f.line for f in findings)
    assert len({f.line for f in findings}) == 5


def test_unrated_framework_rejects_scale_and_rating(tmp_path):
    text = VALID.replace("kind: rated", "kind: unrated")
    findings = findings_for(tmp_path, text)
    assert {f.path for f in findings} == {"scale", "rating"}
    assert all(f.code == "F102" for f in findings)


def test_rated_framework_needs_scale_and_rating(tmp_path):
    text = VALID.split("scale:")[0] + "evidence_categories:" + VALID.split("evidence_categories:")[1]
    findings = findings_for(tmp_path, text)
    assert [f.code for f in findings] == ["F101", "F101"]
    assert "needs a 'scale'" in findings[0].message
    assert "needs 'rating'" in findings[1].message


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        (b"", "F100", "the file is empty"),
        (b"id: x\n\ttitle: y\n", "F100", "YAML syntax error"),
        (b"id: caf\xe9\n", "F100", "not UTF-8"),
        (b"- a\n- b\n", "F103", "must be a mapping"),
        (b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n', "F108", "anchors and aliases"),
        (
            b"id: !!python/object/apply:os.system ['echo hi']\n",
            "F108",
            "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
    ],
)
def test_unreadable_yaml_is_one_clear_finding(tmp_path, raw, code, fragment):
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    fw, findings = validate_framework_file(path)
    assert fw is None
    assert findings[0].code == code
    assert fragment in findings[0].message


def test_tab_indentation_says_use_spaces(tmp_path):
    path = tmp_path / "tabs.yaml"
    path.write_text("id: x\nthemes:\n\t- id: y\n", encoding="utf-8")
    _, findings = validate_framework_file(path)
    assert findings[0].line == 3
    assert "tabs" in findings[0].message


def test_oversized_yaml_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_YAML_BYTES + b"\n")
    _, findings = validate_framework_file(path)
    assert [f.code for f in findings] == ["F109"]


def test_unknown_framework_id_suggests_the_right_one():
    with pytest.raises(FrameworkNotFound) as exc:
        load_framework("cqc-lq")
    assert "did you mean 'cqc-la'" in str(exc.value)


def test_missing_framework_file_is_named(tmp_path):
    with pytest.raises(FrameworkNotFound) as exc:
        load_framework(tmp_path / "nope.yaml")
    assert "does not exist" in str(exc.value)


def test_invalid_framework_raises_with_every_finding(tmp_path):
    text = VALID.replace("kind: rated", "kind: graded").replace("code: S2", "code: S1")
    with pytest.raises(FrameworkInvalid) as exc:
        load_framework(write(tmp_path, text))
    assert len(exc.value.findings) == 2


def test_crosswalk_to_an_unknown_statement_is_reported(tmp_path):
    fw_path = write(tmp_path, VALID)
    cw = write(
        tmp_path,
        textwrap.dedent(
            f"""\
            id: test-cw
            title: "Test crosswalk"
            from: {fw_path}
            to: {fw_path}
            mappings:
              - from: first
                to: [second, secnd]
              - from: thrid
                to: [first]
            """
        ),
        "cw.yaml",
    )
    crosswalk, findings = validate_crosswalk_file(cw)
    assert crosswalk is None
    assert [(f.code, f.line, f.path) for f in findings] == [
        ("F106", 7, "mappings[0].to[1]"),
        ("F106", 8, "mappings[1].from"),
    ]
    assert "did you mean 'second'" in findings[0].message


def test_wording_hash_changes_with_wording(tmp_path):
    fw = load_framework(write(tmp_path, VALID))
    edited = load_framework(
        write(tmp_path, VALID.replace("We do the first thing.", "We do the first thing!"), "b.yaml")
    )
    assert fw.statements[0].wording_hash() != edited.statements[0].wording_hash()
    assert fw.statements[1].wording_hash() == edited.statements[1].wording_hash()


@pytest.mark.parametrize(
    ("old", "new", "line", "first"),
    [
        ("kind: rated\n", "kind: rated\nkind: unrated\n", 6, 5),  # the last silently won: a rated framework unrated
        ('title: "First"\n', 'title: "First"\n        title: "Primary"\n', 27, 26),
    ],
)
def test_a_key_given_twice_is_refused_not_overwritten(tmp_path, old, new, line, first):
    """YAML keeps the last of two equal keys; the first was lost without a word (and the errors blamed other keys)."""
    assert old in VALID
    findings = findings_for(tmp_path, VALID.replace(old, new, 1))
    assert [(f.code, f.line) for f in findings] == [("F105", line)]
    assert f"given twice in the same block (first at line {first})" in findings[0].message


def test_text_is_kept_as_written_when_yaml_reads_it_as_a_number_or_true(tmp_path):
    """`version: 2025.10` was read as 2025.1, `title: Yes` as 'True' and `label: 010` as '8'."""
    text = (
        VALID.replace('version: "1.0"', "version: 2025.10")
        .replace('title: "Theme one"', "title: Yes")
        .replace('label: "Fair"', "label: 010")
        .replace('title: "Second"', "title: 1_000 days")  # text already: unchanged
    )
    fw = load_framework(write(tmp_path, text))
    assert fw.version == "2025.10"
    assert fw.themes[0].title == "Yes"
    assert fw.scale[1].label == "010"
    assert fw.statements[1].title == "1_000 days"
    fw = load_framework(write(tmp_path, VALID.replace('prompts: ["How?"]', "prompts: [Yes, 2024, 3.50]")))
    assert fw.statements[0].prompts == ("Yes", "2024", "3.50")
    assert fw.max_score == 4  # numbers where numbers belong are still numbers
    bad = findings_for(tmp_path, VALID.replace("code: S1", "code: 1.10"))
    assert "'1.10' is not a valid code" in bad[0].message
    cached = findings_for(tmp_path, VALID.replace("id: theme_one", "id: Off"))  # YAML 1.1's false
    assert "'Off' is not a valid id" in cached[0].message
