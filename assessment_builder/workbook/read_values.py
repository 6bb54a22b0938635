"""Turn what a person typed into a cell into a checked value, forgiving where it is safe.

Every value is re-validated here because Excel's data validation is bypassed by
pasting and openpyxl never enforces it. What can be read unambiguously is read
(with a warning when the reading was a guess); what cannot is a located error.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol

from ..errors import Severity
from ..frameworks import did_you_mean
from ..model import ACTION_STATUS_CHOICES, CONFIDENCE_CHOICES, STATUS_CHOICES, Framework, InputField
from . import layout as L

_LEADING_NUMBER = re.compile(r"^\s*(\d+)(?:\s*[-–:.)]\s*|\s+)(.*)$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


class _Out(Protocol):
    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        sheet: str | None = None,
        cell: str | None = None,
        item: str | None = None,
    ) -> None: ...


def is_blank(value: Any) -> bool:
    """None, empty and whitespace-only cells are all empty."""
    return value is None or (isinstance(value, str) and not value.strip())


class ValueReader:
    """Reads and checks one workbook's cell values against its framework, reporting to ``out``."""

    def __init__(self, framework: Framework, out: _Out, codes_from: Framework | None = None):
        self.fw = framework
        self.out = out
        self.dropdown = {L.score_text(p.value, p.label).lower(): p.value for p in framework.scale}
        known = (codes_from or framework).statements
        self.codes = {s.code.lower(): s.id for s in known}
        self.ids = {s.id for s in known}
        self.categories = {c.title.lower(): c.id for c in framework.evidence_categories}
        self.categories.update({c.id.lower(): c.id for c in framework.evidence_categories})

    def text(self, value: Any) -> str | None:
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (dt.datetime, dt.date)):
            return value.isoformat()[:10]
        return str(value).strip()

    def field(self, f: InputField, value: Any, sheet: str, cell: str, item: str, is_formula: bool = False) -> Any:
        if is_formula:
            self.out.add(
                "W405",
                Severity.ERROR,
                f"the {f.heading.lower()} of {self._code(item)} is a formula ({value[:40]}); type the value itself",
                sheet,
                cell,
                item,
            )
            return None
        if f.kind == "score":
            return self.score(value, sheet, cell, item)
        if f.kind == "choice":
            return self.choice(value, f.choices, f.heading, sheet, cell, item)
        return self.text(value)

    def _code(self, item: str) -> str:
        try:
            return self.fw.statement(item).code
        except KeyError:
            return item

    def score(self, value: Any, sheet: str, cell: str, item: str) -> int | None:
        if is_blank(value):
            return None
        lo, hi = self.fw.min_score, self.fw.max_score
        allowed = f"choose a score from the dropdown ({lo} to {hi})"
        if isinstance(value, bool):
            number: float | None = None
        elif isinstance(value, (int, float)):
            number = float(value)
        else:
            text = str(value).strip()
            if text.lower() in self.dropdown:
                return self.dropdown[text.lower()]
            if re.fullmatch(r"\d+", text):
                number = float(text)
            else:
                m = _LEADING_NUMBER.match(text)
                if m and lo <= int(m.group(1)) <= hi:
                    self.out.add(
                        "W401",
                        Severity.WARNING,
                        f"the score of {self._code(item)} was typed as text ('{text[:60]}') and was read as "
                        f"{int(m.group(1))}; {allowed} to be sure",
                        sheet,
                        cell,
                        item,
                    )
                    return int(m.group(1))
                number = None
        if number is not None and number.is_integer() and lo <= number <= hi:
            return int(number)
        self.out.add(
            "W400",
            Severity.ERROR,
            f"the score of {self._code(item)} is {value!r}, which is not on the scale; {allowed}",
            sheet,
            cell,
            item,
        )
        return None

    def choice(
        self, value: Any, choices: tuple[str, ...], heading: str, sheet: str, cell: str, item: str
    ) -> str | None:
        text = self.text(value)
        if text is None:
            return None
        for c in choices:
            if c.lower() == text.lower():
                return c
        self.out.add(
            "W402",
            Severity.WARNING,
            f"{heading.lower()} '{text}' is not one of {', '.join(choices)}{did_you_mean(text, choices)}; "
            "choose from the dropdown",
            sheet,
            cell,
            item,
        )
        return text

    def category(self, value: Any, sheet: str, cell: str, item: str) -> str | None:
        text = self.text(value)
        if text is None:
            return None
        if text.lower() in self.categories:
            return self.categories[text.lower()]
        titles = [c.title for c in self.fw.evidence_categories]
        self.out.add(
            "W402",
            Severity.WARNING,
            f"evidence category '{text}' is not one of the framework's categories{did_you_mean(text, titles)}; "
            f"choose one of: {', '.join(titles)}",
            sheet,
            cell,
            item,
        )
        return text

    def statement_codes(self, value: Any, sheet: str, cell: str, item: str) -> list[str]:
        text = self.text(value)
        if text is None:
            return []
        ids: list[str] = []
        for part in re.split(r"[,;/\n]+|\s+(?=[A-Za-z]+\d)", text):
            code = part.strip()
            if not code:
                continue
            sid = self.codes.get(code.lower()) or (code if code in self.ids else None)
            if sid is None:
                self.out.add(
                    "W500",
                    Severity.WARNING,
                    f"evidence {item} names statement '{code}', which is not in this workbook"
                    f"{did_you_mean(code, [s.code for s in self.fw.statements])}; use codes such as "
                    f"{', '.join(s.code for s in self.fw.statements[:3])} separated by commas",
                    sheet,
                    cell,
                    item,
                )
            elif sid not in ids:
                ids.append(sid)
        return ids

    def action_statement(self, value: Any, sheet: str, cell: str, item: str) -> str | None:
        text = self.text(value)
        if text is None:
            return None
        sid = self.codes.get(text.lower()) or (text if text in self.ids else None)
        if sid is None:
            self.out.add(
                "W502",
                Severity.WARNING,
                f"action {item} is for statement '{text}', which is not in this workbook"
                f"{did_you_mean(text, [s.code for s in self.fw.statements])}; choose a code from the dropdown",
                sheet,
                cell,
                item,
            )
            return text
        return sid

    def action_status(self, value: Any, sheet: str, cell: str, item: str) -> str | None:
        return self.choice(value, ACTION_STATUS_CHOICES, "Status", sheet, cell, item)

    def date(self, value: Any, sheet: str, cell: str, item: str) -> dt.date | None:
        if is_blank(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        parsed = parse_date_text(text)
        if parsed is not None:
            self.out.add(
                "W404",
                Severity.WARNING,
                f"the date '{text}' of {item} was typed as text and was read as {parsed:%d %B %Y}; "
                "type it as a date to be sure",
                sheet,
                cell,
                item,
            )
            return parsed
        self.out.add(
            "W403",
            Severity.WARNING,
            f"the date '{text[:40]}' of {item} could not be read; type a date such as 31/03/2025",
            sheet,
            cell,
            item,
        )
        return None


def parse_date_text(text: str) -> dt.date | None:
    """Dates typed as text, read only when unambiguous: ISO, UK day-first numeric, or with a month name."""
    text = text.strip()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:  # councils in England write day first
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})", text)
        if m:
            month = _month(m.group(2))
            return dt.date(int(m.group(3)), month, int(m.group(1))) if month else None
        m = re.fullmatch(r"([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
        if m:
            month = _month(m.group(1))
            return dt.date(int(m.group(3)), month, int(m.group(2))) if month else None
    except ValueError:
        return None
    return None


def _month(name: str) -> int | None:
    name = name.lower()
    for full, number in _MONTHS.items():
        if full == name or (len(name) >= 3 and full.startswith(name)):
            return number
    return None


__all__ = ["ValueReader", "is_blank", "parse_date_text", "CONFIDENCE_CHOICES", "STATUS_CHOICES"]
