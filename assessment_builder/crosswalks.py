"""Crosswalks between frameworks: find, check and load them."""

from __future__ import annotations

from pathlib import Path

from .errors import Finding, FrameworkInvalid, FrameworkNotFound
from .framework_check import (
    CROSSWALK_KEYS,
    _Checker,
    _join,
    did_you_mean,
)
from .model import Framework
from .resources import builtin_crosswalk_dir
from .values import record
from .yamlsource import read_yaml

# --- crosswalks ---------------------------------------------------------------------------


@record(frozen=True)
class Crosswalk:
    """A mapping from one framework's statements to another's."""

    id: str
    title: str
    source_framework: str
    target_framework: str
    mappings: tuple[tuple[str, tuple[str, ...], str], ...]  # (from id, to ids, note)
    path: str | None = None

    def targets(self, statement_id: str) -> tuple[str, ...]:
        for src, dst, _note in self.mappings:
            if src == statement_id:
                return dst
        return ()


def builtin_crosswalk_paths() -> list[Path]:
    return sorted(builtin_crosswalk_dir().glob("*.yaml"))


def validate_crosswalk_file(path: Path, display: str | None = None) -> tuple[Crosswalk | None, list[Finding]]:
    """Validate a crosswalk against both frameworks it names."""
    name = display or str(path)
    doc, findings = read_yaml(path, name)
    if doc is None:
        return None, findings
    c = _Checker(doc)
    top = c.mapping(doc.data, "", CROSSWALK_KEYS, "the crosswalk")
    if top is None:
        return None, c.findings
    from .frameworks import load_framework  # frameworks.py re-exports this module's names

    cid = c.text(top, "id", "")
    title = c.text(top, "title", "")
    ends: dict[str, Framework | None] = {}
    for key in ("from", "to"):
        ref = c.text(top, key, "")
        ends[key] = None
        if ref:
            try:
                ends[key] = load_framework(ref)
            except (FrameworkNotFound, FrameworkInvalid) as exc:
                c.add(key, "F106", str(exc).splitlines()[0])
    mappings: list[tuple[str, tuple[str, ...], str]] = []
    src_ids = {s.id for s in ends["from"].statements} if ends["from"] else None
    dst_ids = {s.id for s in ends["to"].statements} if ends["to"] else None
    seen: dict[str, str] = {}
    for where, item in c.items(top, "mappings", ""):
        m = c.mapping(item, where, {"from": True, "to": True, "note": False}, "a mapping")
        if m is None:
            continue
        src = c.text(m, "from", where)
        c.unique(seen, src, _join(where, "from"), "mapped statement")
        dst = c.text_list(m, "to", where)
        if src_ids is not None and src and src not in src_ids:
            c.add(
                _join(where, "from"),
                "F106",
                f"statement '{src}' does not exist in '{top.get('from')}'{did_you_mean(src, src_ids)}",
            )
        for i, d in enumerate(dst):
            if dst_ids is not None and d not in dst_ids:
                c.add(
                    f"{where}.to[{i}]",
                    "F106",
                    f"statement '{d}' does not exist in '{top.get('to')}'{did_you_mean(d, dst_ids)}",
                )
        mappings.append((src, dst, c.text(m, "note", where, required=False)))
    if c.findings:
        return None, c.findings
    source_fw, target_fw = ends["from"], ends["to"]
    assert source_fw is not None and target_fw is not None
    return Crosswalk(cid, title, source_fw.id, target_fw.id, tuple(mappings), str(path)), []


def load_crosswalks() -> list[Crosswalk]:
    """Every built-in crosswalk, validated."""
    out = []
    for path in builtin_crosswalk_paths():
        cw, findings = validate_crosswalk_file(path, f"frameworks/crosswalks/{path.name}")
        if cw is None:
            raise FrameworkInvalid(path.name, findings)
        out.append(cw)
    return out


def validate_paths(paths: list[Path]) -> list[Finding]:
    """Validate framework or crosswalk files (told apart by their keys); all findings, in order."""
    from .frameworks import validate_framework_file

    findings: list[Finding] = []
    for path in paths:
        if _looks_like_crosswalk(path):
            findings.extend(validate_crosswalk_file(path)[1])
        else:
            findings.extend(validate_framework_file(path, str(path))[1])
    return findings


def _looks_like_crosswalk(path: Path) -> bool:
    doc, _ = read_yaml(path)
    return doc is not None and isinstance(doc.data, dict) and "mappings" in doc.data and "themes" not in doc.data
