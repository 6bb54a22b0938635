"""Render the document templates (Jinja2) into a small, safe Markdown-like text.

One template gives both outputs: the text is the Markdown download, and
docx_writer.py maps the same text onto Word paragraphs, headings and tables.
User text (council names, narratives) only ever enters as data through the
``md`` filter, which escapes every character the markup gives meaning to, so
"{{ 7*7 }}", "# heading" or "| a | b |" typed by a user comes out literally.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import jinja2

from .. import templating
from ..model import CONTEXT_ITEMS, Assessment, Framework
from ..render.escape import escape_markdown
from ..scoring import score_assessment
from ..summary.headline import build_headline
from ..summary.model import range_text
from .chart import Chart

if TYPE_CHECKING:
    from .form import Form


def md(value: Any) -> str:
    """A value for the markup: nothing for None, dates written out, then :func:`escape_markdown`."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.strftime("%d %B %Y")
    return escape_markdown(value)


def environment() -> jinja2.Environment:
    """Templates from templates/document: strict about undefined names; no autoescape (md does it)."""
    env = templating.environment("document", autoescape=False)
    env.filters["md"] = md
    return env


def render_template_text(
    framework: Framework, council: str, today: dt.date | None = None, assessment: Assessment | None = None
) -> str:
    """The self-assessment form as markup; its evidence log and action plan prefilled from ``assessment``.

    The form's controls are lines the markup only names ([[COUNCIL]], [[FIELD ...]], [[NARRATIVE ...]]):
    documents/form.py turns them into content controls (or Markdown), prefilled from the same assessment.
    """
    from ..workbook.layout import ACTION_COLUMNS, EVIDENCE_COLUMNS, action_row, evidence_row
    from .form import TABLE_ROWS

    codes = {s.id: s.code for s in framework.statements}
    titles = {c.id: c.title for c in framework.evidence_categories}
    evidence: list[list[Any]] = []
    actions: list[list[Any]] = []
    if assessment is not None:
        evidence = [evidence_row(e, codes, titles) for e in assessment.evidence]
        actions = [action_row(a, codes) for a in assessment.actions]
    return (
        environment()
        .get_template("self-assessment.md.j2")
        .render(
            framework=framework,
            council=council,
            today=(today or dt.date.today()).strftime("%d %B %Y"),
            evidence_columns=EVIDENCE_COLUMNS,
            action_columns=ACTION_COLUMNS,
            evidence_rows=evidence + [[None] * len(EVIDENCE_COLUMNS)] * TABLE_ROWS,
            action_rows=actions + [[None] * len(ACTION_COLUMNS)] * TABLE_ROWS,
        )
    )


def _number(value: float | None) -> str:
    """A figure as written in the report: "-" for none, no trailing ".0"."""
    return "-" if value is None else f"{value:g}"


def report_context(assessment: Assessment, today: dt.date | None = None) -> dict[str, Any]:
    """Everything report.md.j2 needs, computed once from the assessment."""
    fw = assessment.framework
    scored = score_assessment(fw, assessment.scores())
    cats = {c.id: c.title for c in fw.evidence_categories}
    ids = {s.id for s in fw.statements}
    rows = []
    themes = []
    for t in fw.themes:
        statements = []
        for s in t.statements:
            values = assessment.answers[s.id].values if s.id in assessment.answers else {}
            score = fw.policy.score_of(values)
            score_text = f"{score} - {fw.scale_label(score)}" if score is not None else "Not scored"
            evidence = _evidence_groups([e for e in assessment.evidence if s.id in e.statements], cats)
            sections = [
                {"heading": heading, "lines": [ln for ln in str(values.get(key) or "").splitlines() if ln.strip()]}
                for key, heading in fw.policy.narrative
            ]
            actions = [_action_row(a) for a in assessment.actions if a.statement == s.id]
            indicators = [
                {
                    "name": f"{i.id} {i.name or ''}".strip(),
                    "period": i.period or "-",
                    "value": _number(i.value),
                    "england": _number(i.england),
                    "variation": i.variation or "-",
                }
                for i in assessment.indicators
                if s.id in i.statements and i.value is not None
            ]
            statements.append(
                {
                    "code": s.code,
                    "title": s.title,
                    "we_statement": s.we_statement,
                    "score_text": score_text,
                    "confidence": values.get("confidence"),
                    "sections": sections,
                    "narrative": _narrative(assessment.answers.get(s.id)),
                    "evidence": evidence,
                    "indicators": indicators,
                    "actions": actions,
                }
            )
            rows.append(
                {
                    "code": s.code,
                    "title": s.title,
                    "score_text": "-" if score is None else str(score),
                    "score": score,
                    "confidence": values.get("confidence") or "-",
                    "status": values.get("status") or "-",
                    "has_strengths": "Yes" if values.get("strengths") else "-",
                    "has_considerations": "Yes" if values.get("considerations") else "-",
                    "has_recommendations": "Yes" if values.get("recommendations") else "-",
                }
            )
        themes.append({"code": t.code, "title": t.title, "statements": statements})
    return {
        "framework": fw,
        "council": assessment.council,
        "today": (today or dt.date.today()).strftime("%d %B %Y"),
        "rows": rows,
        "themes": themes,
        "headline": fw.policy.headline(scored.overall) + ".",
        "range": _range(fw, scored.overall),
        "local_context": _local_context(assessment.context),
        # evidence and actions naming no statement of the framework (a council-wide plan): never left out
        "general": {
            "evidence": _evidence_groups([e for e in assessment.evidence if not set(e.statements) & ids], cats),
            "actions": [_action_row(a) for a in assessment.actions if a.statement not in ids],
        },
    }


def _evidence_groups(items: list[Any], cats: dict[str, str]) -> list[dict[str, Any]]:
    """Evidence items as the report lists them: "E1 · title · date", grouped by category title."""
    groups: dict[str, list[str]] = {}
    for e in items:
        label = " · ".join(x for x in [e.id, e.title or "", e.date.strftime("%d %B %Y") if e.date else ""] if x)
        groups.setdefault(cats.get(e.category or "", e.category or "Uncategorised"), []).append(label)
    return [{"category": k, "items": v} for k, v in groups.items()]


def _action_row(a: Any) -> dict[str, str]:
    return {
        "id": a.id,
        "action": a.action or "",
        "owner": a.owner or "",
        "due": a.due.strftime("%d %B %Y") if a.due else "",
        "status": a.status or "",
    }


def _range(fw: Framework, overall: Any) -> str | None:
    """A provisional result's range in words, as the summary gives it (None when every statement is scored)."""
    headline = build_headline(fw, overall) if fw.policy.rated else None
    text = range_text(headline.range) if headline else None
    return text + "." if text else None


def _narrative(answer: Any) -> list[str]:
    """A statement's narrative (from a Word form) as the report's lines; [] when there is none."""
    text = getattr(answer, "narrative", None) or ""
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _local_context(context: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The filled local context items in the workbook's order: one-line ones for a table, longer ones as text.

    Whole numbers of five digits or more get thousands separators (250000 -> 250,000).
    """
    table, blocks = [], []
    for key, label in CONTEXT_ITEMS:
        lines = [ln.strip() for ln in (context.get(key) or "").splitlines() if ln.strip()]
        if len(lines) == 1:
            text = lines[0]
            table.append({"label": label, "value": f"{int(text):,}" if text.isdigit() and len(text) > 4 else text})
        elif lines:
            blocks.append({"label": label, "lines": lines})
    return {"table": table, "blocks": blocks}


def render_report_text(assessment: Assessment, today: dt.date | None = None) -> str:
    """The filled report as markup."""
    return render_report_context(report_context(assessment, today))


def render_report_context(context: dict[str, Any]) -> str:
    """The filled report as markup, from :func:`report_context`."""
    return environment().get_template("report.md.j2").render(**context)


def report_chart(context: dict[str, Any]) -> Chart | None:
    """The chart of scores for the report's [[CHART]] (None for a framework that gives no scores)."""
    fw = context["framework"]
    if not fw.policy.rated:
        return None
    bars = tuple((f"{row['code']} {row['title']}", row["score"]) for row in context["rows"])
    return Chart(f"{context['council']}: self-assessed score by statement", bars, fw.max_score, fw.min_score)


def to_markdown(markup: str, form: Form | None = None) -> str:
    """The markup as plain Markdown: the cover becomes a title block, placeholders become text.

    ``form`` writes a form's lines ([[COUNCIL]], [[FIELD ...]], [[NARRATIVE ...]]) as labelled text.
    """
    out: list[str] = []
    lines = markup.splitlines()
    if form is not None:
        lines = [x for line in lines for x in (form.markdown(line) or [line])]
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "[[COVER]]":
            cover = []
            i += 1
            while i < len(lines) and lines[i] != "[[PAGEBREAK]]":
                if lines[i].strip():
                    cover.append(lines[i])
                i += 1
            if cover:
                out.append(f"# {cover[0]}")
                out.extend(["", *[f"{c}  " for c in cover[1:]], ""])
        elif line in ("[[TOC]]", "[[PAGEBREAK]]", "[[CHART]]"):
            pass
        elif line == "[[WRITE]]":
            out.append("_Write here._")
        else:
            out.append(line)
        i += 1
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
