"""Safe YAML reading that remembers the line of every value.

Validation messages must say ``file:line: dotted.path``, so the document is
composed into PyYAML's node graph (safe, no object construction) and converted
by hand, recording the line of each path. Anchors and aliases are refused: a
framework never needs them, and refusing them defeats alias ("billion laughs")
bombs before any expansion happens. libyaml's C parser composes the graph (ten
times faster than the pure-Python one); a document it refuses is parsed again by
the pure-Python parser, whose messages are the ones users see.
"""

from __future__ import annotations

from dataclasses import field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Finding, Severity
from .values import record

if TYPE_CHECKING:
    import yaml

MAX_YAML_BYTES = 2 * 1024 * 1024


@record
class YamlDocument:
    """Plain data plus the 1-based line of every dotted path in it."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    file: str = ""
    # the written text of each unquoted value YAML read as true/false or a number (``yes``, ``2025.10``,
    # ``010``), so a field that holds text shows what was written, not ``True``, ``2025.1`` or ``8``
    texts: dict[str, str] = field(default_factory=dict)

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0] if "." in path else ""
        return self.lines.get("", 1)


class _AliasFound(Exception):
    def __init__(self, line: int):
        self.line = line


class _TagFound(Exception):
    def __init__(self, line: int, tag: str):
        self.line = line
        self.tag = tag


_WRITTEN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool")}
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


def _problem(file: str, line: int | None, message: str, code: str = "F100") -> Finding:
    return Finding(code=code, severity=Severity.ERROR, message=message, file=file, line=line)


def read_yaml(
    path: Path, display: str | None = None, cached: bool = False
) -> tuple[YamlDocument | None, list[Finding]]:
    """Read ``path`` safely. Returns the document, or None with findings that say why not.

    ``cached``: keep the parsed document in the user's cache and use it while the file is unchanged
    (yamlcache.py; for the built-in frameworks, whose files only change with the tool).
    """
    name = display or str(path)
    if cached:
        from . import yamlcache

        hit = yamlcache.load(path)
        if hit is not None:
            return YamlDocument(data=hit[0], lines=hit[1], file=name, texts=hit[2]), []
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [_problem(name, None, f"cannot read the file: {exc.strerror or exc}")]
    if size > MAX_YAML_BYTES:
        return None, [
            _problem(
                name,
                None,
                f"the file is {size:,} bytes; a framework file may be at most {MAX_YAML_BYTES:,} bytes",
                "F109",
            )
        ]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_problem(name, None, f"cannot read the file: {exc.strerror or exc}")]
    doc, findings = parse_yaml(raw, name)
    if cached and doc is not None and not findings:
        from . import yamlcache

        yamlcache.store(path, doc.data, doc.lines, doc.texts)
    return doc, findings


def binary_kind(raw: bytes) -> str | None:
    """What a file that is not text is (a workbook, a Word document, a PDF...), or None for text.

    Said instead of "byte 0x.. is not UTF-8 text; save the file as UTF-8", which sends a person who gave
    their workbook where a framework or answers file goes to re-save a file that was never text.
    """
    if raw[:4] == b"PK\x03\x04":
        if b"xl/workbook.xml" in raw:
            return "an Excel workbook"
        if b"word/document.xml" in raw:
            return "a Word document"
        return "a zip file"
    if raw[:5] == b"%PDF-":
        return "a PDF"
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "an old Office file (.xls or .doc)"
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


def parse_yaml(raw: bytes, name: str) -> tuple[YamlDocument | None, list[Finding]]:
    """Parse YAML bytes into a :class:`YamlDocument`, never raising."""
    kind = binary_kind(raw)
    if kind is not None:
        return None, [
            _problem(
                name,
                None,
                f"this is {kind}, not a YAML text file; give a framework's .yaml file or a built-in framework id "
                "such as cqc-la",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            _problem(
                name,
                line,
                f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8 and try again",
            )
        ]
    import yaml

    try:
        try:
            node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)  # the same refusal, in the clearer words
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        error_line = mark.line + 1 if mark else None
        detail = exc.problem or str(exc)
        hint = ""
        if "\t" in str(exc) or "tab" in str(exc).lower():
            hint = " (YAML does not allow tabs for indentation: use spaces)"
        return None, [_problem(name, error_line, f"YAML syntax error: {detail}{hint}")]
    except yaml.YAMLError as exc:
        return None, [_problem(name, None, f"YAML error: {exc}")]
    if node is None:
        return None, [_problem(name, 1, "the file is empty; a framework needs at least id, title and themes")]
    doc = YamlDocument(data=None, file=name)
    walk = _Walk(doc)
    try:
        doc.data = walk.convert(node, "")
    except _TagFound as exc:
        return None, [
            _problem(
                name,
                exc.line,
                f"the YAML tag '{exc.tag}' is not allowed: a framework holds only text, numbers and lists",
                "F108",
            )
        ]
    except _AliasFound as exc:
        return None, [
            _problem(
                name,
                exc.line,
                "YAML anchors and aliases (& and *) are not allowed in a framework: write the text out",
                "F108",
            )
        ]
    if walk.twice:
        return None, [
            _problem(
                name,
                line,
                f"'{key}' is given twice in the same block (first at line {first}); YAML would keep only the "
                "last: keep one",
                "F105",
            )
            for line, key, first in walk.twice
        ]
    return doc, []


class _Walk:
    """One conversion of a node graph: the lines and written texts it records, the keys it finds twice."""

    def __init__(self, doc: YamlDocument):
        self.lines, self.texts = doc.lines, doc.texts
        self.seen: set[int] = set()
        self.twice: list[tuple[int, str, int]] = []  # (line, key, line of its first use)

    def convert(self, node: yaml.Node, path: str) -> Any:
        import yaml  # already loaded by parse_yaml: a dictionary look-up

        if id(node) in self.seen:
            raise _AliasFound(node.start_mark.line + 1)
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise _TagFound(node.start_mark.line + 1, node.tag)
        lines = self.lines
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = (
                    yaml.SafeLoader.construct_scalar(_loader(), key_node)
                    if isinstance(key_node, yaml.ScalarNode)
                    else None
                )
                if key is None or not isinstance(key, str):
                    key = str(key)
                child = f"{path}.{key}" if path else key
                if key in result:  # YAML would keep the last silently: what was written first is lost
                    self.twice.append((key_node.start_mark.line + 1, key, lines[child]))
                    continue
                lines[child] = key_node.start_mark.line + 1
                result[key] = self.convert(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                child = f"{path}[{i}]"
                lines[child] = item.start_mark.line + 1
                items.append(self.convert(item, child))
            return items
        if node.tag in _WRITTEN_TAGS and isinstance(node, yaml.ScalarNode) and not node.style:
            self.texts[path] = node.value  # plain (unquoted): style None, or "" from libyaml
        return _loader().construct_object(node, deep=True)


@cache
def _loader() -> Any:
    """One constructor for scalars, made on first use."""
    import yaml

    return yaml.SafeLoader("")
