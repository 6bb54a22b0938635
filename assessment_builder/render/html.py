"""The summary and comparison as one self-contained HTML file: inline CSS and an inline SVG chart.

Templates live in ``templates/summary/`` and are rendered with autoescape and
StrictUndefined: every user string is escaped, and a template that names a
missing value fails loudly instead of printing nothing. No external URL is used,
so the file opens offline and can be attached to an email.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..summary import Summary
from ..values import record
from ._common import (
    NARRATIVE_NOTE,
    PROBLEMS_NOTE,
    STATUS_NOTE,
    TOP_GAPS,
    compare_has_evidence,
    compare_title,
    framework_line,
    headline_line,
    headline_lines,
    indicator_rows,
    narrative_rows,
    problem_headers,
    problem_rows,
    title_line,
)

SCORE_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#27ae60", 4: "#1e8449"}
UNSCORED_COLOUR = "#bdc3c7"


@record(frozen=True)
class Bar:
    """One statement's bar in the HTML summary's score chart."""

    code: str
    title: str
    score: int | None
    y: int
    width: int
    colour: str
    label: str


@record(frozen=True)
class Chart:
    """The HTML summary's score chart: its size and bars."""

    width: int
    height: int
    left: int
    plot_width: int
    bar_height: int
    ticks: tuple[tuple[int, int], ...]  # (value, x)
    bars: tuple[Bar, ...]
    title: str


def score_chart(summary: Summary, max_score: int = 4) -> Chart:
    """Geometry of a horizontal bar chart of statement scores; unscored statements show as a grey stub."""
    left, plot_width, bar_height, gap, top = 70, 560, 22, 10, 10
    bars = []
    for i, r in enumerate(summary.statement_rows):
        y = top + i * (bar_height + gap)
        if r.score is None:
            bars.append(Bar(r.code, r.title, None, y, 6, UNSCORED_COLOUR, "not scored"))
        else:
            w = int(plot_width * min(r.score, max_score) / max_score)
            bars.append(Bar(r.code, r.title, r.score, y, w, SCORE_COLOURS.get(r.score, "#34495e"), str(r.score)))
    height = top + len(bars) * (bar_height + gap) + 30
    ticks = tuple((v, left + int(plot_width * v / max_score)) for v in range(0, max_score + 1))
    return Chart(left + plot_width + 90, height, left, plot_width, bar_height, ticks, tuple(bars), "Statement scores")


def _environment() -> Any:
    from ..templating import environment

    return environment(autoescape=True)


def render_summary_html(summary: Summary) -> str:
    s = summary
    max_score = max((v for v, _label in s.scale), default=4)
    template = _environment().get_template("summary/summary.html.j2")
    return str(
        template.render(
            s=s,
            title=title_line(s),
            framework_line=framework_line(s),
            headline=headline_line(s),
            headline_lines=headline_lines(s),
            problem_headers=problem_headers(s),
            problem_rows=problem_rows(s),
            indicator_rows=indicator_rows(s),
            narrative_rows=narrative_rows(s),
            narrative_note=NARRATIVE_NOTE,
            problems_note=PROBLEMS_NOTE.format(what=s.source_kind),
            status_note=STATUS_NOTE,
            top_gaps=s.gaps[:TOP_GAPS],
            all_gaps=s.gaps if len(s.gaps) > TOP_GAPS else (),
            chart=score_chart(s, max_score) if s.scale else None,  # a chart only where there are scores
            score_colours=SCORE_COLOURS,
            version=__version__,
        )
    )


def render_compare_html(comparison: Any) -> str:
    template = _environment().get_template("summary/compare.html.j2")
    c = comparison
    span = max(c.max_score - c.min_score, 1)

    def heat(score: int | None) -> str:
        """A background colour from red (lowest score) through amber to green (highest)."""
        if score is None:
            return "#ffffff"
        t = (score - c.min_score) / span
        return _mix(("#f8696b", "#ffeb84", "#63be7b"), t)

    return str(
        template.render(
            c=c, heat=heat, title=compare_title(c), has_evidence=compare_has_evidence(c), version=__version__
        )
    )


def _mix(stops: tuple[str, str, str], t: float) -> str:
    t = min(max(t, 0.0), 1.0)
    a, b, u = (stops[0], stops[1], t * 2) if t <= 0.5 else (stops[1], stops[2], (t - 0.5) * 2)
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * u):02x}" for x, y in zip(ca, cb))
