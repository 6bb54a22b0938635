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
from typing import Any

import jinja2

from .. import templating
from ..model import Assessment, Framework
from ..scoring import score_assessment

_SPECIAL = re.compile(r"([\\*_`|<>\[\]#])")
WRITE_SECTIONS_RATED = ("What people tell us", "Our strengths", "Areas for development")
WRITE_SECTIONS_UNRATED = ("What people tell us", "Strengths", "Areas for consideration", "Recommendations")


def md(value: Any) -> str:
    """Escape a value for the markup: one line, every special character backslash-escaped."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.strftime("%d %B %Y")
    text = " ".join(str(value).replace("\r", "").split("\n")).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    if re.match(r"^(-|\d+\.)\s", text):
        text = "\\" + text
    return text


def unescape(text: str) -> str:
    """Undo :func:`md` for Word, where the characters are just characters."""
    return re.sub(r"\\(.)", r"\1", text)


def environment() -> jinja2.Environment:
    """Templates from templates/document: strict about undefined names; no autoescape (md does it)."""
    env = templating.environment("document", autoescape=False)
    env.filters["md"] = md
    return env


def render_template_text(framework: Framework, council: str, today: dt.date | None = None) -> str:
    """The blank self-assessment document as markup."""
    sections = WRITE_SECTIONS_RATED if framework.rated else WRITE_SECTIONS_UNRATED
    return (
        environment()
        .get_template("self-assessment.md.j2")
        .render(
            framework=framework,
            council=council,
            today=(today or dt.date.today()).strftime("%d %B %Y"),
            sections=sections,
        )
    )


def _bar(score: int | None, maximum: int) -> str:
    if score is None:
        return "-"
    return "█" * score + "░" * (maximum - score)


def report_context(assessment: Assessment, today: dt.date | None = None) -> dict[str, Any]:
    """Everything report.md.j2 needs, computed once from the assessment."""
    fw = assessment.framework
    scored = score_assessment(fw, assessment.scores())
    cats = {c.id: c.title for c in fw.evidence_categories}
    rows = []
    themes = []
    for t in fw.themes:
        statements = []
        for s in t.statements:
            values = assessment.answers[s.id].values if s.id in assessment.answers else {}
            score = values.get("score") if fw.rated else None
            score_text = f"{score} - {fw.scale_label(score)}" if isinstance(score, int) else "Not scored"
            evidence: dict[str, list[str]] = {}
            for e in assessment.evidence:
                if s.id in e.statements:
                    label = " · ".join(
                        x for x in [e.id, e.title or "", e.date.strftime("%d %B %Y") if e.date else ""] if x
                    )
                    evidence.setdefault(cats.get(e.category or "", e.category or "Uncategorised"), []).append(label)
            if fw.rated:
                section_keys = [("Our strengths", "strengths"), ("Areas for development", "development")]
            else:
                section_keys = [
                    ("Strengths", "strengths"),
                    ("Areas for consideration", "considerations"),
                    ("Recommendations", "recommendations"),
                ]
            sections = [
                {"heading": heading, "lines": [ln for ln in str(values.get(key) or "").splitlines() if ln.strip()]}
                for heading, key in section_keys
            ]
            actions = [
                {
                    "id": a.id,
                    "action": a.action or "",
                    "owner": a.owner or "",
                    "due": a.due.strftime("%d %B %Y") if a.due else "",
                    "status": a.status or "",
                }
                for a in assessment.actions
                if a.statement == s.id
            ]
            statements.append(
                {
                    "code": s.code,
                    "title": s.title,
                    "we_statement": s.we_statement,
                    "score_text": score_text,
                    "confidence": values.get("confidence"),
                    "sections": sections,
                    "evidence": [{"category": k, "items": v} for k, v in evidence.items()],
                    "actions": actions,
                }
            )
            rows.append(
                {
                    "code": s.code,
                    "title": s.title,
                    "score_text": str(score) if isinstance(score, int) else "-",
                    "bar": _bar(score if isinstance(score, int) else None, fw.max_score) if fw.rated else "",
                    "confidence": values.get("confidence") or "-",
                    "status": values.get("status") or "Not started",
                    "has_strengths": "Yes" if values.get("strengths") else "-",
                    "has_considerations": "Yes" if values.get("considerations") else "-",
                    "has_recommendations": "Yes" if values.get("recommendations") else "-",
                }
            )
        themes.append({"code": t.code, "title": t.title, "statements": statements})
    headline = ""
    if scored.overall is not None and scored.overall.percent is not None:
        o = scored.overall
        state = "" if o.complete else f" (provisional: {o.scored} of {o.statements} statements scored)"
        headline = f"Predicted rating: {o.rating}, {o.percent}% ({o.total} of {o.maximum} points){state}."
    elif fw.rated:
        headline = "No statement has been scored yet."
    return {
        "framework": fw,
        "council": assessment.council,
        "today": (today or dt.date.today()).strftime("%d %B %Y"),
        "rows": rows,
        "themes": themes,
        "headline": headline,
    }


def render_report_text(assessment: Assessment, today: dt.date | None = None) -> str:
    """The filled report as markup."""
    return environment().get_template("report.md.j2").render(**report_context(assessment, today))


def to_markdown(markup: str) -> str:
    """The markup as plain Markdown: the cover becomes a title block, placeholders become text."""
    out: list[str] = []
    lines = markup.splitlines()
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
        elif line in ("[[TOC]]", "[[PAGEBREAK]]"):
            pass
        elif line == "[[WRITE]]":
            out.append("_Write here._")
        else:
            out.append(line)
        i += 1
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
