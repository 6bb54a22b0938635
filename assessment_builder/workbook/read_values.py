"""Turn what a person typed into a cell into a checked value, forgiving where it is safe.

Every value is re-validated here because Excel's data validation is bypassed by
pasting and openpyxl never enforces it. What can be read unambiguously is read
(with a warning when the reading was a guess); what cannot is a located error.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..errors import Severity
from ..frameworks import did_you_mean
from ..model import ACTION_STATUS_CHOICES, CONFIDENCE_CHOICES, STATUS_CHOICES, Framework, InputField
from . import layout as L
from .cells import MAX_TEXT

if TYPE_CHECKING:
    from .read_scan import Collector  # read_scan imports this module

_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")  # what VALUE() reads alike everywhere: ASCII digits only
_LIBERAL = re.compile(r"[,;/&\n\t]+|\s+and\s+|\s+(?=[A-Za-z]+\s?\d)", re.IGNORECASE)  # how people list codes
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


def is_blank(value: Any) -> bool:
    """None, empty and whitespace-only cells are all empty."""
    return value is None or (isinstance(value, str) and not value.strip())


def with_link(value: Any, link: str | None) -> Any:
    """A cell's text with where its hyperlink goes, so that the address is never lost.

    A link inserted over words (Insert > Link: "Q3 audit report" pointing at a SharePoint file) keeps
    its address only in the link: the text becomes ``Q3 audit report (https://...)``. A cell that
    shows its own address (a typed URL or e-mail address that Excel turned into a link) is left as it is.
    """
    if not isinstance(value, str):
        return value
    suffix = link_suffix(value, link)
    return f"{value.strip()}{suffix}" if suffix else value


def link_suffix(shown: str, link: str | None) -> str:
    """`` (address)`` to follow words shown as a link, or "" when there is no link or the words are its address."""
    shown = shown.strip()
    if not link or not shown:
        return ""
    bare = link.split("://", 1)[-1] if "://" in link else link.removeprefix("mailto:")
    if shown in (link, bare) or shown.rstrip("/") in (link.rstrip("/"), bare.rstrip("/")):
        return ""
    return f" ({link})"


class ValueReader:
    """Reads and checks one workbook's cell values against its framework, reporting to ``out``."""

    def __init__(self, framework: Framework, out: Collector, codes_from: Framework | None = None):
        self.fw = framework
        self.out = out
        self.dropdown = {L.score_text(p.value, p.label).lower(): p.value for p in framework.scale}
        known = (codes_from or framework).statements
        self.codes = {s.code.lower(): s.id for s in known}
        self.ids = {s.id for s in known}
        self.titles = {s.title.lower(): s.id for s in known}  # an action's statement typed as its title
        self.categories = {c.title.lower(): c.id for c in framework.evidence_categories}
        self.categories.update({c.id.lower(): c.id for c in framework.evidence_categories})
        self.titles_exact = {c.title.lower(): c.id for c in framework.evidence_categories}

    def _statement_id(self, code: str) -> str | None:
        """A statement id from its code ("QS1", "qs1", "QS 1") or its id."""
        return (
            self.codes.get(code.lower())
            or self.codes.get(code.replace(" ", "").lower())
            or (code if code in self.ids else None)
        )

    def text(self, value: Any) -> str | None:
        if type(value) is str:  # most cells: one strip, not three type checks
            return value.strip() or None
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
        text = self.text(value)
        if isinstance(value, str) and len(value) == MAX_TEXT:
            self.out.add(
                "W408",
                Severity.WARNING,
                f"the {f.heading.lower()} of {self._code(item)} is {MAX_TEXT:,} characters long, the most a cell "
                "holds: LibreOffice cuts a longer text to that length when it saves an .xlsx file, and Excel stops "
                "there, so its end is probably missing. Check it against your draft, and put the rest in a "
                "document the evidence log links to",
                sheet,
                cell,
                item,
            )
        return text

    def _code(self, item: str) -> str:
        try:
            return self.fw.statement(item).code
        except KeyError:
            return item

    def score(self, value: Any, sheet: str, cell: str, item: str) -> int | None:
        """A score, read exactly as the dashboard's formulas read it, so `score` and the dashboard agree.

        The dashboard takes a number, or the first word of the text as a number
        (``VALUE(LEFT(TRIM(cell), FIND(" ", ...)))``). The dropdown text and a whole number are
        silent; any other text read this way gives a W401 warning; a number and label that disagree,
        a label without its number and anything off the scale are W400 errors (the statement is unscored).
        """
        if is_blank(value):
            return None
        lo, hi = self.fw.min_score, self.fw.max_score
        allowed = f"choose a score from the dropdown ({lo} to {hi})"
        code = self._code(item)
        number: float | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            text = spreadsheet_trim(value)  # the dashboard's TRIM: spaces only, never tabs, newlines or NBSP
            if text.lower() in self.dropdown:
                return self.dropdown[text.lower()]
            labels = {p.label.lower(): p.value for p in self.fw.scale}
            first, _, rest = text.partition(" ")
            rest = " ".join(rest.split()).strip(" -–:.)").lower()
            if text.lower() in labels:
                value_of = labels[text.lower()]
                self.out.add(
                    "W400",
                    Severity.ERROR,
                    f"the score of {code} is the label '{text[:60]}' without its number, which the dashboard cannot "
                    f"count; choose '{L.score_text(value_of, self.fw.scale_label(value_of))}' from the dropdown",
                    sheet,
                    cell,
                    item,
                )
                return None
            if _NUMBER.fullmatch(first) and rest[:1].isdigit():
                self.out.add(
                    "W400",
                    Severity.ERROR,
                    f"the score of {code} is '{text[:60]}', which reads as more than one number; {allowed}",
                    sheet,
                    cell,
                    item,
                )
                return None
            if _NUMBER.fullmatch(first):
                number = float(first)
                if rest and rest in labels and labels[rest] != number:
                    self.out.add(
                        "W400",
                        Severity.ERROR,
                        f"the score of {code} is '{text[:80]}': the number {first} and the label of {labels[rest]} "
                        f"disagree, so it is not read; {allowed}",
                        sheet,
                        cell,
                        item,
                    )
                    return None
                if (rest or not first.isdigit()) and number.is_integer() and lo <= number <= hi:
                    self.out.add(
                        "W401",
                        Severity.WARNING,
                        f"the score of {code} was typed as text ('{text[:60]}') and was read as {int(number)}; "
                        f"{allowed} to be sure",
                        sheet,
                        cell,
                        item,
                    )
        if number is not None and number.is_integer() and lo <= number <= hi:
            return int(number)
        digits = _other_digits(value)
        if digits:
            self.out.add(
                "W400",
                Severity.ERROR,
                f"the score of {code} is {value!r}, written with the digit(s) {digits}, which the Dashboard does not "
                f"read as a number; {allowed}",
                sheet,
                cell,
                item,
            )
            return None
        self.out.add(
            "W400",
            Severity.ERROR,
            f"the score of {code} is {value!r}, which is not on the scale; {allowed}",
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
        """A category as the Dashboard counts it: the whole cell equal to a title, ignoring case only."""
        text = self.text(value)
        if text is None:
            return None
        if isinstance(value, str) and value.lower() in self.titles_exact:
            return self.titles_exact[value.lower()]
        titles = [c.title for c in self.fw.evidence_categories]
        if text.lower() in self.categories:
            title = next(c.title for c in self.fw.evidence_categories if c.id == self.categories[text.lower()])
            self.out.add(
                "W406",
                Severity.ERROR,
                f"evidence category {value!r} of {item} is not counted by the Dashboard, which compares the whole "
                f"cell with the category's title; choose '{title}' from the dropdown",
                sheet,
                cell,
                item,
            )
            return None
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
        """Statement codes exactly as the Dashboard counts them: separated by commas, spaces ignored.

        A cell that lists codes another way ("QS1; QS2", "QS1 and QS2", one per line) is a W406
        error, because the Dashboard would not count it; an unknown code is a W500 warning.
        """
        if self.text(value) is None:
            return []
        text = value if isinstance(value, str) else str(self.text(value))  # unstripped: the Dashboard strips nothing
        ids: list[str] = []
        for typed in text.split(","):
            part = typed.replace(" ", "")  # the Dashboard removes every space, then matches between commas
            if not part:
                continue
            sid = self.codes.get(part.lower())
            if sid is not None:
                if sid not in ids:
                    ids.append(sid)
                continue
            meant = [self._statement_id(p.strip()) for p in _LIBERAL.split(typed) if p.strip()]
            if any(meant):
                examples = ", ".join(s.code for s in self.fw.statements[:2])
                self.out.add(
                    "W406",
                    Severity.ERROR,
                    f"evidence {item} names statements as '{typed.strip()[:60]}', which the Dashboard does not count; write "
                    f"statement codes separated by commas, such as '{examples}'",
                    sheet,
                    cell,
                    item,
                )
                continue
            self.out.add(
                "W500",
                Severity.WARNING,
                f"evidence {item} names statement '{typed.strip()[:60]}', which is not in this workbook"
                f"{did_you_mean(part, [s.code for s in self.fw.statements])}; use codes such as "
                f"{', '.join(s.code for s in self.fw.statements[:3])} separated by commas",
                sheet,
                cell,
                item,
                dropped=True,
            )
        return ids

    def action_statement(self, value: Any, sheet: str, cell: str, item: str) -> str | None:
        text = self.text(value)
        if text is None:
            return None
        sid = self._statement_id(text) or self.titles.get(text.lower())
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
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
            # a date whose cell lost its date format shows as Excel's day number (45747 = 31 March 2025)
            serial = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
            self.out.add(
                "W404",
                Severity.WARNING,
                f"the date of {item} is the number {value:g}, read as Excel's day number for {serial:%d %B %Y}; "
                "format the cell as a date (Format Cells > Date) to be sure",
                sheet,
                cell,
                item,
            )
            return serial
        text = str(value).strip()
        parsed = parse_date_text(text)
        if parsed is not None:
            m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}", text)
            how = " (day first, as in the UK)" if m and m.group(1) != m.group(2) and int(m.group(1)) <= 12 else ""
            self.out.add(
                "W404",
                Severity.WARNING,
                f"the date '{text}' of {item} was typed as text and was read as {parsed:%d %B %Y}{how}; "
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
            dropped=True,
        )
        return None


def spreadsheet_trim(text: str) -> str:
    """TRIM as Excel and LibreOffice compute it: spaces (only) removed at the ends and runs made one."""
    return re.sub(" {2,}", " ", text.strip(" "))


def _other_digits(value: Any) -> str:
    """The digits in a text that are not 0-9 (Arabic-Indic, fullwidth...), which VALUE() does not read alike."""
    if not isinstance(value, str):
        return ""
    return "".join(dict.fromkeys(ch for ch in value if ch.isdigit() and not "0" <= ch <= "9"))


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


__all__ = ["ValueReader", "is_blank", "parse_date_text", "spreadsheet_trim", "CONFIDENCE_CHOICES", "STATUS_CHOICES"]
