"""Report text as it really comes (web page, Markdown, pdftotext with or without -layout, a PDF) into lines.

Bytes become text (UTF-8 or UTF-16 with or without a byte-order mark; a PDF's text
through pypdf). Markdown marks and rules are removed, page furniture (page numbers, "Downloads", the
council's name repeated as a running header, navigation) is taken out wherever it
falls and returned so the parser can note it, and lines wrapped by a PDF are joined
back into paragraphs, but only inside a paragraph: never across a heading, a score
line or anything else the parser calls structural.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

RATINGS = ("outstanding", "good", "requires improvement", "inadequate")
RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*<!--.*-->\s*$|^\s*\|?[\s:|-]*-{3,}[\s:|-]*$")
PAGE = re.compile(
    r"^(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|[-–—]?\s*\d{1,3}\s*[-–—]?)$",
    re.IGNORECASE,
)
PAGE_TAIL = re.compile(r"^(?P<head>.*?)[\s|•·–—-]*\bpage\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
COUNCIL_LINE = re.compile(r"^(.+?)\s*[:\-–—|]\s*local authority assessment(?: report)?\s*$", re.IGNORECASE)
FURNITURE = re.compile(
    r"^(?:downloads?|download (?:this )?report(?: \(pdf\))?|print(?: this page)?|share(?: this page)?|back to top|"
    r"skip to (?:main )?content|contents|on this page|menu|home|cqc|care quality commission|"
    r"local authority assessments?|local authority assessment reports?|previous(?: page)?|next(?: page)?|"
    r"(?:date )?(?:published|last updated|page last updated|assessment date|report published)\s*[:\-]?\s*"
    r"\d{1,2}\s+\w+\s+\d{4}(?:\s+(?:page last updated|last updated)\s*[:\-]?\s*\d{1,2}\s+\w+\s+\d{4})?|"
    r"(?:published|updated)\s*[:\-]?\s*\w+\s+\d{4})$",
    re.IGNORECASE,
)


def norm(text: str) -> str:
    """Lower case words only: '&' as 'and', quotes and punctuation gone."""
    text = text.replace("&", " and ").lower()
    text = re.sub(r"[‘’“”'\"]", "", text)
    return " ".join(re.sub(r"[^a-z0-9% ]+", " ", text).split())


def clean(line: str) -> str:
    """One line without Markdown marks (headings, bold, bullets, quotes, links), whitespace trimmed."""
    line = line.replace("\u00a0", " ").replace("\u00ad", "").replace("\f", "").strip()
    line = re.sub(r"^>\s*", "", line)
    line = re.sub(r"^#{1,6}\s*", "", line)
    line = re.sub(r"\s*#+$", "", line) if line.endswith(" #") else line
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"^(\*\*|__)(.*?)(\*\*|__)$", r"\2", line)
    line = re.sub(r"^(\*\*|__)(.*?)(\*\*|__)(\s*)", r"\2\4", line)  # "**Score:** 3"
    line = re.sub(r"^[-*+•]\s+", "", line)
    return line.strip()


def is_rule(raw: str) -> bool:
    """A Markdown rule (---, ***), a table rule or an HTML comment: never content."""
    return bool(RULE.match(raw)) and bool(raw.strip())


def is_furniture(text: str, councils: set[str]) -> bool:
    """Page furniture: navigation, page numbers, the council's name (or its report line) as a running header."""
    if FURNITURE.match(text) or PAGE.match(text):
        return True
    key = norm(text)
    if key in councils:
        return True
    tail = PAGE_TAIL.match(text)
    if tail:
        head = tail.group("head").strip(" |•·-–—:")
        return not head or is_furniture(head, councils) or norm(head) in councils
    return False


def _layout_cells(raw: str) -> list[str]:
    """pdftotext -layout puts a running header and a page number on one line, far apart."""
    return [c for c in re.split(r"\s{3,}", raw.strip()) if c]


def logical_lines(
    text: str, structural: Callable[[str, str], bool], councils: set[str]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(line number, paragraph) of the content, and (line number, text) of the furniture taken out.

    ``structural(raw, clean)`` says whether a line is a heading, score line or the like, which
    always stands alone. Lines are joined only when the text is wrapped (most lines end near one
    width, as a PDF's do): a line that reaches that width, or ends in a hyphen, continues on the
    next, and across a page break only when it does not end a sentence.
    """
    content: list[tuple[int, str, bool, bool]] = []  # number, text, structural, after a gap
    furniture: list[tuple[int, str]] = []
    gap = False
    seen_council: set[str] = set()
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\f" in raw:
            gap = True
        cells = _layout_cells(raw.replace("\f", ""))
        if len(cells) > 1:  # a running header with its page number far off to the right: keep what is not furniture
            kept = [c for c in cells if not is_furniture(clean(c), councils)]
            if len(kept) < len(cells):
                furniture += [(number, clean(c)) for c in cells if c not in kept]
                gap = True
                cells = kept
        line = clean(" ".join(cells))
        if not line or is_rule(raw):
            gap = True
            continue
        m = COUNCIL_LINE.match(line)
        if is_furniture(line, councils) or (m and norm(m.group(1)) in seen_council):
            furniture.append((number, line))
            gap = True
            continue
        if m:
            seen_council.add(norm(m.group(1)))
        content.append((number, line, structural(raw, line), gap))
        gap = False
    body = sorted(len(t) for _n, t, s, _g in content if not s)
    width = body[int(len(body) * 0.9)] if body else 0
    wrapped = (
        len(body) >= 4
        and width <= 130
        and sum(1 for n in body if n >= 0.75 * width) >= 0.3 * len(body)
        and sum(1 for n in body if n < 0.75 * width and n > 20) >= 1
    )
    out: list[tuple[int, str]] = []
    last: tuple[str, bool] | None = None  # the previous line's text and whether it was structural
    for number, line, is_structural, after_gap in content:
        how = None if last is None or is_structural or last[1] else _join(last[0], line, after_gap, wrapped, width)
        if how is None:
            out.append((number, line))
        else:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line if how == "hyphen" else f"{out[-1][1]} {line}")
        last = (line, is_structural)
    return out, furniture


def _join(prev: str, line: str, after_gap: bool, wrapped: bool, width: int) -> str | None:
    """How ``line`` continues the paragraph ending in ``prev``: "hyphen", "space", or None when it starts another."""
    lower = line[:1].islower()
    ends = bool(re.search(r"[.!?:;”\"')]$", prev))
    if not wrapped:  # a web copy: one paragraph a line, unless a copy broke a sentence
        return "space" if not after_gap and lower and not ends else None
    full = len(prev) >= 0.75 * width
    if prev.endswith("-") and not prev.endswith(" -") and lower and (full or not after_gap):
        return "hyphen"
    if not after_gap and (full or lower):
        return "space"
    if after_gap and not ends and (lower or full):  # a blank line or a page break inside a sentence
        return "space"
    return None


def decode_text(raw: bytes) -> str | None:
    """Report text as saved by any editor: UTF-8 (with or without a byte-order mark) or UTF-16/32 with one
    (Windows Notepad's "Unicode"); None for a binary file (a PDF, a Word or zip file, NUL bytes)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if "\x00" in text else text
    if len(raw) >= 4 and raw[1:4:2] == b"\x00\x00" and raw[0] and raw[2]:  # UTF-16 LE saved without a BOM
        try:
            text = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            return None
        return None if "\x00" in text else text
    if raw[:4] == b"PK\x03\x04" or raw[:5] == b"%PDF-" or b"\x00" in raw[:4096]:
        return None
    return raw.decode("utf-8-sig", errors="replace")


def pdf_text(raw: bytes) -> tuple[str | None, str]:
    """The text of a PDF, page by page (pages separated by form feeds, as pdftotext does), or why there is none."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd PDFs are not the user's business
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and reader.decrypt("") == 0:
            return None, "this PDF is protected by a password; open it, copy its text into a .txt file and give that"
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of error for a damaged file; none may reach the user
        return None, f"this PDF cannot be read ({type(exc).__name__}: {str(exc)[:100]}); is it complete?"
    text = "\n\f".join(pages)
    if not text.strip():
        return None, (
            "this PDF has no text to read (a scanned copy?); download the report from CQC's website, "
            "or copy its web pages' text into a .txt file"
        )
    return text, ""


__all__ = [
    "COUNCIL_LINE",
    "RATINGS",
    "clean",
    "decode_text",
    "pdf_text",
    "is_furniture",
    "is_rule",
    "logical_lines",
    "norm",
]
