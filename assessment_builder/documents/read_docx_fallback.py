"""Read one statement of a Word form by its structure: labelled paragraphs, and the narrative around them.

Used for every field whose content control is gone (LibreOffice and Google Docs may turn
controls into plain text, or drop their tags): a paragraph "<Heading>: value" gives a
single-value field; a label paragraph "<Heading>" followed by paragraphs up to the next label,
the guidance paragraph or a heading gives a multi-paragraph field; placeholder texts count
as empty. Whatever else the council wrote under the statement, outside the controls and not
the form's own text, is the statement's narrative.
"""

from __future__ import annotations

import re
from dataclasses import field

from ..model import Framework, InputField, Statement
from ..values import record
from .read_docx_xml import Para

GUIDANCE = "Write any further narrative for this statement below."
GUIDANCE_STYLE = "AB Guidance"
# the texts an empty control shows (the form's own, and Word's defaults)
PLACEHOLDERS = frozenset(
    t.lower()
    for t in (
        "Choose a score.",
        "Choose an item.",
        "Choose one.",
        "Type here.",
        "Type the council's name.",
        "Click or tap here to enter text.",
        "Click here to enter text.",
        "Choose a confidence level.",
        "Choose a status.",
        "Type a name.",
    )
)
CONTEXT_LABELS = ("What people expect", "What to consider", "Evidence categories", "We statement", "I statements")


def norm(text: str) -> str:
    """Text compared without regard to case, runs of spaces or a trailing colon."""
    return " ".join(text.split()).strip().rstrip(":").strip().lower()


def is_placeholder(text: str) -> bool:
    return norm(text) + "." in PLACEHOLDERS or text.strip().lower() in PLACEHOLDERS


def is_guidance(p: Para) -> bool:
    return p.style.lower() == GUIDANCE_STYLE.lower() or norm(p.text) == norm(GUIDANCE)


def is_multi(framework: Framework, f: InputField) -> bool:
    """A block of paragraphs under its own label (the narrative fields), not one value on the label's line."""
    return f.key in {key for key, _heading in framework.policy.narrative}


def template_texts(framework: Framework, s: Statement) -> set[str]:
    """The form's own text under a statement (normalised): its wording and the guidance line; never narrative."""
    cats = {c.id: c.title for c in framework.evidence_categories}
    titles = [cats.get(c, c) for c in s.evidence_categories]
    texts = {
        f"{s.code} {s.title}",
        s.we_statement,
        *s.i_statements,
        *s.prompts,
        *CONTEXT_LABELS,
        *titles,
        ", ".join(titles),
        f"Evidence categories: {', '.join(titles)}",
        GUIDANCE,
    }
    return {norm(t) for t in texts if t}


@record
class SectionRead:
    """What the structure of one statement's section gave: {field: (text or None, paragraph)}, the narrative."""

    values: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    narrative: str | None = None


_SPACES = re.compile(r"\s+")


def _single(text: str, headings: dict[str, InputField]) -> tuple[InputField, str] | None:
    """(field, value) of a paragraph "<Heading>: value" (the value may be empty)."""
    flat = _SPACES.sub(" ", text.strip())
    head, colon, rest = flat.partition(":")
    if not colon:
        return None
    f = headings.get(head.strip().lower())
    return (f, rest.strip()) if f is not None else None


def read_section(
    paragraphs: list[Para], framework: Framework, s: Statement, tagged: set[str], is_tagged: set[int]
) -> SectionRead:
    """Read the fields of ``s`` not in ``tagged`` (their controls found) from the paragraphs under its heading.

    ``is_tagged`` holds the numbers of paragraphs inside the form's own tagged controls (never read here).
    """
    fields = framework.input_fields()
    singles = {f.heading.lower(): f for f in fields if not is_multi(framework, f)}
    multis = {f.heading.lower(): f for f in fields if is_multi(framework, f)}
    own = template_texts(framework, s)
    out = SectionRead()
    lines: dict[str, list[str]] = {}
    narrative: list[str] = []
    current: InputField | None = None
    labels: set[str] = set()
    plain = {multis[norm(p.text)].key for p in paragraphs if norm(p.text) in multis}  # labels as the form wrote them
    for p in paragraphs:
        if p.number in is_tagged:
            continue
        text = p.text.strip()
        if p.level is not None:  # a heading the council added inside the statement
            current = None
            if text and norm(text) not in own:
                narrative.append(text)
            continue
        single = _single(text, singles) if not is_multi_label(text, multis) else None
        if single is not None and _is_field_line(single[0], p, s, tagged, out):
            f, value = single
            current = None
            if f.key not in tagged:
                out.values[f.key] = (None if not value or is_placeholder(value) else value, p.number)
            continue
        label = multis.get(norm(text))
        typed = _single(text, multis) if label is None else None  # "Strengths: ..." typed on the label's line
        if typed is not None and typed[0].key not in labels | plain | tagged:
            label = typed[0]
        if label is not None and label.key not in labels:  # a label written again later is the council's text
            labels.add(label.key)
            current = None if label.key in tagged else label
            if current is not None:
                lines[current.key] = [typed[1]] if typed is not None and typed[1] else []
                out.values[current.key] = (None, p.number)
            continue
        if is_guidance(p):
            current = None
            continue
        if current is not None:
            if text and not is_placeholder(text):
                lines[current.key].append(p.text.rstrip())
            continue
        if text and not is_placeholder(text) and norm(text) not in own:
            narrative.append(p.text.strip())
    for key, got in lines.items():
        text = "\n".join(got).strip("\n")
        out.values[key] = (text or None, out.values[key][1])
    out.narrative = "\n\n".join(narrative) or None
    return out


def _is_field_line(f: InputField, p: Para, s: Statement, tagged: set[str], out: SectionRead) -> bool:
    """Is "<Heading>: ..." the field's own line? Its control's paragraph (when the control was found), else the
    first such line; a later one ("Status: ..." written in the narrative) is the council's text."""
    if f.key in tagged:
        return any(c.tag == f"ab_{s.id}_{f.key}" for c in p.controls)
    return f.key not in out.values


def is_multi_label(text: str, multis: dict[str, InputField]) -> bool:
    return norm(text) in multis


def heading_code(text: str, codes: dict[str, str]) -> str | None:
    """The statement id a heading such as "QS1 Assessing needs" (or "QS1: ...", "QS 1 ...") starts with."""
    flat = _SPACES.sub(" ", text.strip())
    if not flat:
        return None
    first = flat.split(" ", 1)[0].rstrip(":.-–").lower()
    if first in codes:
        return codes[first]
    two = "".join(flat.split(" ")[:2]).rstrip(":.-–").lower()  # "QS 1"
    return codes.get(two)


__all__ = [
    "GUIDANCE",
    "PLACEHOLDERS",
    "SectionRead",
    "heading_code",
    "is_guidance",
    "is_multi",
    "is_placeholder",
    "norm",
    "read_section",
    "template_texts",
]
