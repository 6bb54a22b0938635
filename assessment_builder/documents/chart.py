"""The report's chart of scores: a bar chart drawn as a PNG with Pillow, placed with alt text.

A picture shows the same in Word, LibreOffice, Google Docs and PDF; the alt
text (w:docPr descr) reads every bar out, and the summary table next to the
chart holds the same numbers as text.
"""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Twips

from ..values import record

INK = (33, 33, 33)
BAR = (29, 95, 115)  # dark teal: 7:1 against white
GRID = (200, 200, 200)
MUTED = (95, 95, 95)  # 6:1 against white
SCALE = 3  # drawn at three times its printed size, so it stays sharp in print


@record(frozen=True)
class Chart:
    """Bars to draw: (label, score or None when not scored), on an axis from 0 to ``maximum``."""

    title: str
    bars: tuple[tuple[str, int | None], ...]
    maximum: int
    minimum: int  # the scale's lowest score (CQC's is 1): the axis still starts at 0

    def axis_label(self) -> str:
        """The axis title: the scale the scores are on (1 to 4 for CQC), though the bars start at 0."""
        return f"Self-assessed score (scale {self.minimum} to {self.maximum})"

    def alt_text(self) -> str:
        said = "; ".join(
            f"{label}: {'not scored' if v is None else f'{v} of {self.maximum}'}" for label, v in self.bars
        )
        return f"{self.title}. Bar chart, one bar per statement. {said}."


def png(chart: Chart) -> bytes:
    """The chart as PNG bytes, 1700 pixels wide."""
    from PIL import Image, ImageDraw, ImageFont

    width, row, top, bottom = 1700, 26 * SCALE, 8 * SCALE, 40 * SCALE
    font = ImageFont.load_default(size=12 * SCALE)
    small = ImageFont.load_default(size=11 * SCALE)
    draw_probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    label_width = max([draw_probe.textlength(label, font=font) for label, _ in chart.bars] + [0])
    left = int(min(label_width + 6 * SCALE, width * 0.55))
    right = width - 10 * SCALE
    height = top + row * len(chart.bars) + bottom
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    unit = (right - left) / max(chart.maximum, 1)
    for value in range(chart.maximum + 1):
        x = left + value * unit
        draw.line([(x, top - 2 * SCALE), (x, top + row * len(chart.bars))], fill=GRID, width=SCALE // 2 or 1)
        draw.text((x, height - bottom + 3 * SCALE), str(value), fill=MUTED, font=small, anchor="ma")
    axis = chart.axis_label()
    draw.text(((left + right) / 2, height - 4 * SCALE), axis, fill=INK, font=small, anchor="md")
    for i, (label, score) in enumerate(chart.bars):
        y = top + i * row
        middle = y + row / 2
        draw.text((left - 4 * SCALE, middle), label, fill=INK, font=font, anchor="rm")
        if score is None:
            draw.text((left + 3 * SCALE, middle), "not scored", fill=MUTED, font=font, anchor="lm")
            continue
        end = left + score * unit
        draw.rectangle([left, y + 5 * SCALE, end, y + row - 5 * SCALE], fill=BAR)
        if score:
            draw.text((end - 3 * SCALE, middle), str(score), fill="white", font=font, anchor="rm")
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True, dpi=(300, 300))
    return buf.getvalue()


def add_chart(doc: Any, chart: Chart, width: int) -> Any:
    """The chart as a picture ``width`` twips wide, in its own paragraph, with its alt text."""
    run = doc.add_paragraph().add_run()
    shape = run.add_picture(io.BytesIO(png(chart)), width=Twips(width))
    doc_pr = shape._inline.docPr
    doc_pr.set("name", "Chart of scores")
    doc_pr.set("descr", chart.alt_text())
    doc_pr.set("title", chart.title)
    return shape
