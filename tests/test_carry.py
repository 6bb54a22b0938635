"""Carrying work forward loses nothing: prefill, migrate, split and merge."""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest
from conftest import FIXTURES, ROOT, mini_rated_v2

from assessment_builder.carry import load_previous, merge, migrate, split
from assessment_builder.cli import main
from assessment_builder.errors import UsageError
from assessment_builder.workbook import write_workbook
from assessment_builder.workbook.read import read_workbook

EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"


def _answers(path):
    result = read_workbook(path)
    assert result.ok, [str(f) for f in result.findings]
    data = result.to_dict()
    del data["findings"]
    return data


def test_new_from_workbook_exact_is_an_identity(runner, tmp_path):
    out = tmp_path / "next.xlsx"
    result = runner.invoke(
        main, ["new", "--council", "Northshire County Council", "--from", str(EXAMPLE), "--exact", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _answers(out) == _answers(EXAMPLE)


def test_new_from_answers_file_is_an_identity(runner, tmp_path):
    answers = tmp_path / "answers.yaml"
    assert runner.invoke(main, ["import", str(EXAMPLE), "-o", str(answers)]).exit_code == 0
    out = tmp_path / "next.xlsx"
    result = runner.invoke(
        main, ["new", "--council", "Northshire County Council", "--from", str(answers), "--exact", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _answers(out) == _answers(EXAMPLE)


def test_new_from_starts_a_new_cycle(tmp_path):
    _fw, carried = load_previous(EXAMPLE)
    before = read_workbook(EXAMPLE).assessment
    statuses = {sid: a.values["status"] for sid, a in carried.answers.items()}
    assert statuses["assessing_needs"] == "In progress"  # was Complete
    assert statuses["equity_in_experiences_and_outcomes"] == "In progress"
    assert [a.status for a in carried.actions if a.id == "A11"] == ["Carried forward"]  # was Complete
    assert [a.status for a in carried.actions if a.id == "A01"] == ["In progress"]
    assert all(carried.answers[s].score == before.answers[s].score for s in before.answers)
    assert [e.id for e in carried.evidence] == [e.id for e in before.evidence]
    assert before.answers["assessing_needs"].values["status"] == "Complete", "the source is not changed"


def test_merge_of_split_is_an_identity(tmp_path):
    for by in ("lead", "theme"):
        folder = tmp_path / by
        folder.mkdir()
        parts = split(EXAMPLE, by, folder).paths
        assert len(parts) == (4 if by == "theme" else 9)
        first = read_workbook(parts[0]).assessment
        assert len(first.evidence) == 26, "every part carries the shared evidence log"
        result = merge(parts, tmp_path / f"merged-{by}.xlsx")
        assert result.conflicts == []
        assert _answers(result.path) == _answers(EXAMPLE)


def test_merge_lists_conflicts_and_refuses_strangers(cqc, tmp_path):
    a = tmp_path / "a.xlsx"
    b = tmp_path / "b.xlsx"
    from fill import fill_workbook

    blank = write_workbook(cqc, "One Council", tmp_path / "blank.xlsx")
    fill_workbook(
        blank, a, {"safeguarding": {"score": 3}}, evidence=[{"id": "E1", "title": "Audit", "statements": "QS7"}]
    )
    fill_workbook(
        blank, b, {"safeguarding": {"score": 2}}, evidence=[{"id": "E1", "title": "Survey", "statements": "QS7"}]
    )
    result = merge([a, b], tmp_path / "m.xlsx")
    assert [(c[0], c[1]) for c in result.conflicts] == [("safeguarding", "score"), ("E1", "evidence")]
    sheet = openpyxl.load_workbook(result.path)["Merge conflicts"]
    assert sheet["A2"].value == "safeguarding" and sheet["C2"].value == "3"
    other = write_workbook(cqc, "Another Council", tmp_path / "other.xlsx")
    with pytest.raises(UsageError, match="is for 'Another Council'"):
        merge([a, other], tmp_path / "m2.xlsx")


def test_migration_carries_renames_and_splits_and_lists_the_rest(mini_rated, tmp_path):
    from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer

    old = Assessment(
        mini_rated,
        "Migrating Council",
        {
            "alpha": StatementAnswer("alpha", {"score": 3, "strengths": "Alpha strengths"}),
            "beta": StatementAnswer("beta", {"score": 2, "development": "Beta gaps"}),
            "gamma": StatementAnswer("gamma", {"score": 4, "strengths": "Gamma was great"}),
        },
        [EvidenceItem("E1", "Audit", "processes", ["alpha", "beta"], dt.date(2025, 1, 1))],
        [
            ActionItem("A1", "beta", "Fix beta"),
            ActionItem("A2", "gamma", "Gamma action", "Gail", dt.date(2025, 9, 1), "In progress"),
        ],
    )
    old_path = write_workbook(mini_rated, "Migrating Council", tmp_path / "old.xlsx", prefill=old)
    path, report = migrate(old_path, str(FIXTURES / "mini-rated-v2.yaml"), tmp_path / "new.xlsx")
    new = read_workbook(path).assessment
    assert new.answers["alpha_renamed"].values["strengths"] == "Alpha strengths"
    assert new.answers["alpha_renamed"].score == 3
    assert new.answers["beta_one"].values["development"] == "Beta gaps"
    assert new.answers["beta_two"].score == 2
    assert new.evidence[0].statements == ["alpha_renamed", "beta_one", "beta_two"]
    assert [(a.id, a.statement) for a in new.actions] == [("A1", "beta_one")]
    whats = {(r[0], r[1]) for r in report.rows}
    assert ("alpha", "renamed") in whats and ("beta", "split") in whats
    assert ("gamma", "retired, not carried") in whats and ("S4", "added") in whats
    assert ("gamma", "action not carried") in whats
    retired = next(r for r in report.rows if r[1] == "retired, not carried")
    assert "Gamma was great" in retired[2], "nothing is dropped silently"
    action = next(r for r in report.rows if r[1] == "action not carried")
    assert action[2].startswith("action A2 'Gamma action' (S3; owner Gail; due 2025-09-01; In progress) belongs")
    review = openpyxl.load_workbook(path)["Migration review"]
    assert review["A1"].value == "Statement" and review.max_row == len(report.rows) + 1


def test_migrate_cli_prints_the_review(runner, mini_rated, tmp_path):
    old = write_workbook(mini_rated, "C", tmp_path / "old.xlsx")
    result = runner.invoke(
        main, ["migrate", str(old), "-f", str(FIXTURES / "mini-rated-v2.yaml"), "-o", str(tmp_path / "n.xlsx")]
    )
    assert result.exit_code == 0, result.output
    assert "gamma: retired, not carried: (no answers)" in result.output
    assert result.output.splitlines()[-1].startswith(f"Wrote {tmp_path / 'n.xlsx'} (")
    result = runner.invoke(main, ["migrate", str(old), "-f", "cqc-la", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "not 'cqc-la'" in result.output


def test_carried_forward_actions_are_not_overdue(tmp_path):
    import datetime as dt

    from assessment_builder.summary import build_summary

    _fw, carried = load_previous(EXAMPLE)
    summary = build_summary(carried, as_of=dt.date(2025, 3, 31))
    overdue = [g for g in summary.to_dict()["gaps"] if g["kind"] == "overdue_action"]
    assert all("A11" not in g["message"] for g in overdue)


def test_split_and_merge_of_a_councils_own_framework(tmp_path):
    from assessment_builder import load_framework
    from assessment_builder.model import Assessment, StatementAnswer

    fw = load_framework(FIXTURES / "mini-rated.yaml")
    answers = {
        s.id: StatementAnswer(s.id, {"score": 2 + i % 2, "lead": f"Lead {i % 2}"}) for i, s in enumerate(fw.statements)
    }
    source = write_workbook(
        fw, "Own Council", tmp_path / "own.xlsx", prefill=Assessment(fw, "Own Council", answers, [], [])
    )
    folder = tmp_path / "parts"
    folder.mkdir()
    parts = split(source, "lead", folder).paths
    assert len(parts) == 2
    merged = merge(parts, tmp_path / "merged.xlsx")
    assert [s.id for s in read_workbook(merged.path).assessment.framework.statements] == ["alpha", "beta", "gamma"]
    assert _answers(merged.path) == _answers(source)


def test_new_from_with_statements_names_the_answers_it_leaves_out(runner, tmp_path):
    """`new --from last-year.xlsx --statements QS1` left eight statements' answers behind without a word."""
    source = ROOT / "examples" / "northshire-completed.xlsx"
    out = tmp_path / "qs1.xlsx"
    result = runner.invoke(
        main, ["new", "-c", "Northshire", "--from", str(source), "--statements", "QS1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "W508" in result.stderr and "8 statement(s) (QS2, QS3, QS4, QS5, QS6, QS7, QS8, QS9)" in result.stderr
    whole = tmp_path / "whole.xlsx"
    result = runner.invoke(main, ["new", "-c", "Northshire", "--from", str(source), "-o", str(whole)])
    assert result.exit_code == 0 and "W508" not in result.stderr
    themed = tmp_path / "t1.xlsx"
    result = runner.invoke(
        main, ["new", "-c", "Northshire", "--from", str(source), "--themes", "T1", "-o", str(themed)]
    )
    assert "W508" in result.stderr and "QS1" not in result.stderr.split("W508")[1].split("are not carried")[0]


def test_migrating_merged_statements_keeps_every_dropdown_a_valid_choice(mini_rated, tmp_path):
    """Two statements merged into one: their texts are joined, but a dropdown (confidence, status) holds one
    choice, so one is kept and the other is named in the review, never written as both joined."""
    import yaml

    from assessment_builder.model import Assessment, StatementAnswer

    spec = yaml.safe_load((FIXTURES / "mini-rated.yaml").read_text(encoding="utf-8"))
    spec["version"] = "3.0"
    first = spec["themes"][0]
    first["statements"] = [{**first["statements"][0], "id": "alpha_beta", "code": "S12", "title": "Alpha and beta"}]
    spec["migrations"] = [{"from_version": "1.0", "merged": {"alpha": "alpha_beta", "beta": "alpha_beta"}}]
    v3 = tmp_path / "mini-rated-v3.yaml"
    v3.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    answers = {
        "alpha": StatementAnswer(
            "alpha", {"score": 3, "confidence": "High", "status": "Complete", "strengths": "One\ntwo", "lead": "Jane"}
        ),
        "beta": StatementAnswer("beta", {"score": 2, "confidence": "Low", "status": "In progress", "lead": "Ravi"}),
    }
    old = write_workbook(mini_rated, "C", tmp_path / "old.xlsx", prefill=Assessment(mini_rated, "C", answers))
    path, report = migrate(old, str(v3), tmp_path / "new.xlsx")
    read = read_workbook(path)
    assert not [f for f in read.findings if f.code == "W402"], [str(f) for f in read.findings]
    values = read.assessment.answers["alpha_beta"].values
    assert (values["confidence"], values["status"], values["score"]) == ("High", "Complete", 2)
    assert (values["strengths"], values["lead"]) == ("One\ntwo", "Jane\nRavi"), "texts are joined"
    rows = {(r[0], r[1]): r[2] for r in report.rows}
    assert "'High' and 'Low'" in rows[("alpha_beta", "needs a new confidence")]
    assert "'Complete' and 'In progress'" in rows[("alpha_beta", "needs a new status")]
    assert rows[("alpha_beta", "merged")] == "alpha + beta are now 'alpha_beta'; narratives joined"


def test_migrate_moves_the_indicators_to_the_new_statement_ids(tmp_path):
    """The Indicators table names statements; a renamed or split statement must be named by its new code, or the
    migrated workbook reads with W500 for each row and no carry command will take it."""

    from assessment_builder.frameworks import load_framework
    from assessment_builder.model import Assessment, IndicatorValue

    v1 = load_framework(_with_waiting(tmp_path, FIXTURES / "mini-rated.yaml", {"statements": ["alpha", "beta"]}))
    v2 = _with_waiting(tmp_path, FIXTURES / "mini-rated-v2.yaml", {"statements": ["alpha_renamed", "beta_one"]})
    figures = [
        IndicatorValue("LOCAL-WAIT", period="2024-25", value=31.0, england=28.0),
        IndicatorValue("OWN-1", "Reviews on time", ["alpha", "gamma"], "2024-25", 80.0, polarity="higher"),
    ]
    old = write_workbook(v1, "C", tmp_path / "old.xlsx", prefill=Assessment(v1, "C", indicators=figures))
    path, report = migrate(old, str(v2), tmp_path / "new.xlsx")
    read = read_workbook(path)
    assert read.ok and not [f for f in read.findings if f.code == "W500"], [str(f) for f in read.findings]
    rows = {i.id: (i.statements, i.period, i.value, i.england) for i in read.assessment.indicators}
    assert rows["LOCAL-WAIT"] == (["alpha_renamed", "beta_one"], "2024-25", 31.0, 28.0), "the new version's links"
    assert rows["OWN-1"] == (["alpha_renamed"], "2024-25", 80.0, None), "a council's own row, its link moved"
    assert ("gamma", "indicator link not carried", "indicator OWN-1 ('Reviews on time') named 'gamma'") in report.rows


def test_migrating_a_lead_s_part_keeps_it_a_part_and_reviews_only_its_statements(mini_rated, tmp_path):
    """A new framework version arrives while the parts are out: each lead migrates their part. The review must not
    call the other leads' statements "new in 2.0; nothing to carry", and the parts must merge back whole."""

    from assessment_builder.model import Assessment, StatementAnswer

    v2 = mini_rated_v2(tmp_path, renamed={"alpha": "alpha2"})
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 3, "lead": "Jane", "strengths": "Quick assessments"}),
        "beta": StatementAnswer("beta", {"score": 2, "lead": "Ravi"}),
        "gamma": StatementAnswer("gamma", {"score": 2, "lead": "Ravi", "development": "Waiting lists"}),
    }
    source = write_workbook(mini_rated, "C", tmp_path / "old.xlsx", prefill=Assessment(mini_rated, "C", answers))
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    migrated = {}
    for name, part in parts.items():
        path, report = migrate(part, str(v2), tmp_path / f"v2-{part.name}")
        migrated[name] = (path, {(r[0], r[1]) for r in report.rows})
    jane, jane_review = migrated["Jane"]
    ravi, ravi_review = migrated["Ravi"]
    assert jane_review == {("alpha", "renamed")}
    assert ravi_review == set(), "nothing of Ravi's changed; Jane's rename is in her review"
    assert [s.code for s in read_workbook(jane).assessment.framework.statements] == ["S1"]
    assert [s.code for s in read_workbook(ravi).assessment.framework.statements] == ["S2", "S3"]
    merged = merge([jane, ravi], tmp_path / "merged.xlsx")
    whole, _report = migrate(source, str(v2), tmp_path / "whole-v2.xlsx")
    assert merged.conflicts == [] and _answers(merged.path)["statements"] == _answers(whole)["statements"]


def test_migrating_a_part_whose_statements_were_all_retired_writes_nothing_and_says_why(runner, mini_rated, tmp_path):
    """Every statement of a lead's part retired in the new version: its scope was empty, so migrate wrote a whole
    workbook of the other leads' statements for this lead to answer a second time."""

    from assessment_builder.model import Assessment, StatementAnswer

    v2 = mini_rated_v2(tmp_path, retired=["beta", "gamma"])  # gamma's theme goes with it
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 3, "lead": "Jane"}),
        "beta": StatementAnswer("beta", {"score": 2, "lead": "Ravi"}),
        "gamma": StatementAnswer("gamma", {"score": 2, "lead": "Ravi", "development": "Waiting lists"}),
    }
    source = write_workbook(mini_rated, "C", tmp_path / "old.xlsx", prefill=Assessment(mini_rated, "C", answers))
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    out = tmp_path / "v2-ravi.xlsx"
    result = runner.invoke(main, ["migrate", str(parts["Ravi"]), "--framework", str(v2), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not out.exists()
    text = " ".join(result.output.split())
    assert f"{parts['Ravi']}" in text and "none of its statements is in mini-rated 2.0" in text, text
    assert "S2 'Beta statement': retired in 2.0; its answers: score: 2; lead: Ravi" in text
    assert "S3 'Gamma statement': retired in 2.0; its answers: score: 2; development: Waiting lists" in text
    assert "merge the parts first and migrate the merged workbook" in text
    # Jane's part, whose statement lives on, still migrates to a part of it
    path, _report = migrate(parts["Jane"], str(v2), tmp_path / "v2-jane.xlsx")
    assert [s.code for s in read_workbook(path).assessment.framework.statements] == ["S1"]


def test_a_migrated_part_keeps_every_link_of_the_new_version_s_indicators(tmp_path):
    """A part writes the new version's indicator links for its own statements only, so each migrated part read an
    indicator as linked to its own statements, and merging them listed a conflict and kept one lead's links."""

    from assessment_builder.frameworks import load_framework
    from assessment_builder.model import Assessment, IndicatorValue, StatementAnswer

    v1 = load_framework(_with_waiting(tmp_path, FIXTURES / "mini-rated.yaml", {"statements": ["alpha", "beta"]}))
    v2 = _with_waiting(tmp_path, FIXTURES / "mini-rated-v2.yaml", {"statements": ["alpha_renamed", "beta_one"]})
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 3, "lead": "Jane"}),
        "beta": StatementAnswer("beta", {"score": 2, "lead": "Ravi"}),
        "gamma": StatementAnswer("gamma", {"lead": "Ravi"}),
    }
    figures = [IndicatorValue("LOCAL-WAIT", period="2024-25", value=31.0, england=28.0)]
    old = write_workbook(v1, "C", tmp_path / "old.xlsx", prefill=Assessment(v1, "C", answers, indicators=figures))
    parts = split(old, "lead", tmp_path / "parts").paths
    migrated = [migrate(p, str(v2), tmp_path / f"v2-{p.name}")[0] for p in parts]
    for path in migrated:
        (row,) = read_workbook(path).assessment.indicators
        assert row.statements == ["alpha_renamed", "beta_one"], path.name
    result = merge(migrated, tmp_path / "merged.xlsx")
    whole, _report = migrate(old, str(v2), tmp_path / "whole-v2.xlsx")
    assert result.conflicts == []
    assert read_workbook(result.path).assessment.indicators == read_workbook(whole).assessment.indicators


def test_merging_migrated_parts_does_not_ask_for_a_part_whose_statements_were_retired(mini_rated, tmp_path):
    """The part of a retired statement cannot be migrated (nothing of its own would be left); merging the other
    migrated parts warned that it was missing and told the user to add its file, which migrate had refused."""

    from assessment_builder.model import Assessment, StatementAnswer

    v2 = mini_rated_v2(tmp_path, retired=["gamma"])  # and the second theme, its only statement
    answers = {
        "alpha": StatementAnswer("alpha", {"score": 3, "lead": "Jane"}),
        "beta": StatementAnswer("beta", {"score": 2, "lead": "Ravi"}),
        "gamma": StatementAnswer("gamma", {"score": 2, "lead": "Sam"}),
    }
    source = write_workbook(mini_rated, "C", tmp_path / "old.xlsx", prefill=Assessment(mini_rated, "C", answers))
    parts = dict(split(source, "lead", tmp_path / "parts").parts)
    with pytest.raises(UsageError, match="none of its statements is in mini-rated 2.0"):
        migrate(parts["Sam"], str(v2), tmp_path / "v2-sam.xlsx")
    migrated = [migrate(parts[n], str(v2), tmp_path / f"v2-{n}.xlsx")[0] for n in ("Jane", "Ravi")]
    assert not [f for f in merge(migrated, tmp_path / "merged.xlsx").warnings if f.code == "W510"]
    # a part of a statement that lives on is still asked for
    (missing,) = [f for f in merge([migrated[0], migrated[0]], tmp_path / "m.xlsx").warnings if f.code == "W510"]
    assert "'Ravi'" in missing.message and "'Sam'" not in missing.message


def test_merge_takes_a_part_given_twice_once(runner, tmp_path):
    """`merge parts/*.xlsx parts/t1.xlsx` (or a part and a link to it) merged a part with itself without a word."""
    parts = split(EXAMPLE, "theme", tmp_path / "parts").paths
    link = tmp_path / "again.xlsx"
    os.link(parts[0], link)
    out = tmp_path / "merged.xlsx"
    result = runner.invoke(main, ["merge", *map(str, parts), str(link), str(parts[1]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Left out {link}: the same file as {parts[0]}" in result.stderr
    assert f"Left out {parts[1]}: the same file as {parts[1]}" in result.stderr
    assert f"from {len(parts)} part(s), 0 conflict(s)" in result.stdout
    assert _answers(out) == _answers(EXAMPLE)


def _with_waiting(tmp_path, path, extra):
    """A copy of the framework ``path`` in ``tmp_path`` with one local indicator, LOCAL-WAIT (days), and ``extra``."""
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["indicators"] = [
        {"id": "LOCAL-WAIT", "name": "Waiting", "polarity": "lower", "unit": "days", "source": "local", **extra}
    ]
    out = tmp_path / path.name
    out.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return out
