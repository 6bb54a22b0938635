"""The summary and comparison as Markdown (GitHub-flavoured tables), for papers and wikis.

User text is escaped so that a pipe, an asterisk or a line break in a cell cannot
break a table or turn into formatting.
"""

from __future__ import annotations

from typing import Any

from ..summary import Summary
from ._common import (
    INDICATOR_HEADERS,
    NARRATIVE_NOTE,
    PROBLEMS_NOTE,
    STATUS_NOTE,
    TOP_GAPS,
    compare_has_evidence,
    compare_title,
    dash,
    framework_line,
    headline_line,
    headline_lines,
    indicator_rows,
    narrative_rows,
    problem_headers,
    problem_rows,
    title_line,
)
from .escape import escape_markdown


def md(value: object) -> str:
    """A value for a Markdown table cell or line: "-" for nothing, specials escaped, line breaks as spaces."""
    return escape_markdown(dash(value))


def table(headers: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["l"] * len(headers)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render_summary_markdown(summary: Summary) -> str:
    s = summary
    lines: list[str] = [f"# {md(title_line(s))}", "", md(framework_line(s)), ""]
    if s.source:
        lines += [f"{s.source_kind.capitalize()}: {md(s.source)}", ""]
    lines += [f"**{md(headline_line(s))}**", ""]
    for line in headline_lines(s):
        lines += [f"**{md(line)}**" if line == s.problems_line else md(line), ""]
    if s.data_problems:
        lines += [f"## Data problems ({len(s.data_problems)})", "", PROBLEMS_NOTE.format(what=s.source_kind), ""]
        lines += table(problem_headers(s), [[md(x) for x in row] for row in problem_rows(s)])
        lines.append("")

    lines += [f"## Top gaps ({min(len(s.gaps), TOP_GAPS)} of {len(s.gaps)})", ""]
    if s.gaps:
        lines += [f"{i}. {md(g.message)}" for i, g in enumerate(s.gaps[:TOP_GAPS], 1)]
    else:
        lines.append("No gaps found.")
    lines.append("")

    if s.rated:
        lines += ["## Statements", ""]
        rows: list[list[str]] = []
        for t in s.themes:
            rows.append([f"**{md(t.code)}**", f"**{md(t.title)}: {t.mean_text}**", "", "", "", "", ""])
            for r in t.statements:
                rows.append(
                    [
                        md(r.code),
                        md(r.title),
                        dash(r.score),
                        md(r.confidence),
                        md(r.status),
                        str(r.evidence),
                        str(r.actions),
                    ]
                )
        lines += table(
            ["Code", "Statement", "Score", "Confidence", "Status", "Evidence", "Actions"],
            rows,
            ["l", "l", "r", "l", "l", "r", "r"],
        )
        lines.append("")
    else:
        lines += ["## Areas", ""]
        for r in s.statement_rows:
            lines += [f"### {md(r.code)} {md(r.title)}", ""]
            lines += [f"Status: {md(r.status)}; lead: {md(r.lead)}; evidence items: {r.evidence}", ""]
            for key, label in s.policy.narrative:
                lines += [f"**{label}:** {md(r.text.get(key) or '(none yet)')}", ""]

    if narrative_rows(s):
        lines += ["## Narrative", "", f"*{NARRATIVE_NOTE}*", ""]
        for code, title, short in narrative_rows(s):
            lines += [f"**{md(code)} {md(title)}:** {md(short)}", ""]
    if indicator_rows(s):
        lines += ["## Indicators (against England)", ""]
        lines += table(INDICATOR_HEADERS, [[md(x) for x in row] for row in indicator_rows(s)])
        lines.append("")
    lines += [
        "## Evidence coverage",
        "",
        "Evidence items by statement and category. *none*: no evidence in a category the "
        "statement expects; -: not expected.",
        "",
    ]
    rows = []
    for r in s.statement_rows:
        cells = [md(r.code), md(r.title)]
        for cid, _title in s.categories:
            n = r.coverage.get(cid, 0)
            expected = not r.expected_categories or cid in r.expected_categories
            cells.append(str(n) if n else ("*none*" if expected else "-"))
        cells.append(str(r.evidence))
        rows.append(cells)
    lines += table(
        ["Code", "Statement", *(md(t) for _c, t in s.categories), "All"],
        rows,
        ["l", "l", *("r" for _ in s.categories), "r"],
    )
    lines.append("")

    if len(s.gaps) > TOP_GAPS:
        lines += [f"## All gaps ({len(s.gaps)}, most urgent first)", ""]
        lines += table(
            ["#", "Weight", "Gap", "Why it matters"],
            [[str(i), str(g.weight), md(g.message), md(g.reason)] for i, g in enumerate(s.gaps, 1)],
            ["r", "r", "l", "l"],
        )
        lines.append("")

    lines += [f"## Actions ({len(s.actions)}: {s.open_actions} open, {s.overdue} overdue)", ""]
    if not s.actions:
        lines += ["The action plan is empty.", ""]
    else:
        lines += [STATUS_NOTE, ""]
        lines += table(["Status", "Actions"], [[md(k), str(v)] for k, v in s.actions_by_status.items()], ["l", "r"])
        lines.append("")
        lines += table(
            ["Owner", "Actions", "Open", "Overdue"],
            [[md(o.owner), str(o.total), str(o.open), str(o.overdue)] for o in s.actions_by_owner],
            ["l", "r", "r", "r"],
        )
        lines.append("")
        if s.overdue_actions:
            lines += [f"Overdue on {s.as_of.isoformat()}:", ""]
            lines += table(
                ["ID", "Code", "Action", "Owner", "Due", "Status"],
                [
                    [md(a.id), md(a.code), md(a.action), md(a.owner), a.due.isoformat() if a.due else "-", md(a.status)]
                    for a in s.overdue_actions
                ],
            )
            lines.append("")

    if s.changes is not None:
        lines += [f"## Since the previous self-assessment ({md(s.previous or 'previous')})", ""]
        if s.changes:
            arrows = {"up": "up", "down": "down", "added": "new", "removed": "removed", "changed": "changed"}
            lines += [f"- {md(c.message)} ({arrows.get(c.direction, c.direction)})" for c in s.changes]
        else:
            lines.append("Nothing moved.")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_compare_markdown(comparison: Any) -> str:
    c = comparison
    lines = [f"# {compare_title(c)}", ""]
    if c.framework_title:
        lines += [f"{md(c.framework_title)} ({md(c.framework_id)})", ""]
    codes = [code for _sid, code, _t in c.statements]
    if c.entries:
        lines += [f"## {c.grid_title}", ""]
        heads = ["Council", *(md(x) for x in codes)] + (["Scored", "%", "Rating"] if c.rated else [])
        rows = []
        for e in c.entries:
            cells = [md(e.label)] + [md(c.cell(e, sid)) for sid, _c, _t in c.statements]
            if c.rated:
                cells += [md(e.scored_shown), md(e.percent_shown), md(e.rating_shown)]
            rows.append(cells)
        lines += table(heads, rows, ["l", *("r" for _ in codes)] + (["r", "r", "l"] if c.rated else []))
        lines.append("")
        for note in c.notes:
            lines += [md(note), ""]
        if compare_has_evidence(c):
            lines += ["## Evidence items", ""]
            rows = [
                [md(e.label)]
                + [("-" if e.evidence is None else str(e.evidence.get(sid, 0))) for sid, _c, _t in c.statements]
                for e in c.entries
            ]
            lines += table(["Council", *(md(x) for x in codes)], rows, ["l", *("r" for _ in codes)])
            lines.append("")
        lines += ["Statements: " + md(", ".join(f"{code} {title}" for _sid, code, title in c.statements)), ""]
    if c.skipped:
        lines += [f"## Skipped ({len(c.skipped)})", ""]
        lines += [f"- {md(s.source)}: {md(s.reason)}" for s in c.skipped]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
