"""Find, load and validate framework and crosswalk YAML (built-in ids or user files).

Validation collects every problem in one pass as ``file:line: dotted.path: message``
with a did-you-mean for misspelt keys and references, then builds frozen model
objects. See docs/frameworks.md for the schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import Finding, FrameworkInvalid, FrameworkNotFound, Severity
from .model import (
    Crosswalk,
    EvidenceCategory,
    Framework,
    Indicator,
    Migration,
    RatingBand,
    ScalePoint,
    Statement,
    Theme,
)
from .resources import builtin_crosswalk_dir, builtin_framework_dir
from .yamlsource import YamlDocument, read_yaml

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FRAMEWORK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,15}$")

TOP_KEYS = {
    "schema": False,
    "id": True,
    "title": True,
    "version": True,
    "publisher": False,
    "source": False,
    "licence": False,
    "kind": True,
    "scale": False,
    "rating": False,
    "evidence_categories": True,
    "themes": True,
    "migrations": False,
    "indicators": False,
}
THEME_KEYS = {"id": True, "code": True, "title": True, "statements": True}
STATEMENT_KEYS = {
    "id": True,
    "code": True,
    "title": True,
    "we_statement": True,
    "i_statements": False,
    "prompts": False,
    "evidence_categories": False,
    "care_act": False,
    "aliases": False,
}
INDICATOR_KEYS = {"id": True, "name": True, "statements": True, "polarity": True, "unit": True, "source": True}
INDICATOR_POLARITIES = ("higher", "lower")
INDICATOR_UNITS = ("percent", "rate per 100,000", "count", "days")
RATING_KEYS = {"source": False, "rounding": False, "bands": True}
MIGRATION_KEYS = {"from_version": True, "renamed": False, "merged": False, "split": False, "retired": False}
CROSSWALK_KEYS = {
    "schema": False,
    "id": True,
    "title": True,
    "from": True,
    "to": True,
    "mappings": True,
    "source": False,
}
DEFAULT_ROUNDING = (
    "The total is taken as a percentage of the maximum and rounded to the nearest whole percent (halves round up)."
)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" suffix, or "" when nothing is close."""
    import difflib  # only when a name is not found

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Checker:
    """Collects findings against one YAML document while reading values out of it."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.findings: list[Finding] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=Severity.ERROR,
                message=message,
                file=self.doc.file,
                line=self.doc.line(path),
                path=path or None,
            )
        )

    def mapping(self, value: Any, path: str, keys: dict[str, bool], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, "F103", f"{what} must be a mapping of keys to values, not {_type_name(value)}")
            return None
        for key in value:
            if key not in keys:
                self.add(
                    _join(path, key),
                    "F102",
                    f"unknown key '{key}' in {what}{did_you_mean(key, keys)}; allowed keys: {', '.join(keys)}",
                )
        for key, required in keys.items():
            if required and key not in value:
                self.add(path, "F101", f"{what} is missing the required key '{key}'")
        return value

    def text(self, mapping: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        value = mapping.get(key)
        where = _join(path, key)
        if value is None:
            if required and key in mapping:
                self.add(where, "F104", f"'{key}' is empty; write the text")
            return ""
        if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if not isinstance(value, str):
            self.add(where, "F103", f"'{key}' must be text, not {_type_name(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.add(where, "F104", f"'{key}' is empty; write the text")
        return value

    def text_list(self, mapping: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = mapping.get(key)
        where = _join(path, key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(where, "F103", f"'{key}' must be a list of texts, not {_type_name(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}[{i}]", "F104", f"item {i + 1} of '{key}' must be non-empty text")
                continue
            out.append(item.strip())
        return tuple(out)

    def identifier(self, mapping: dict[str, Any], key: str, path: str, pattern: re.Pattern[str], hint: str) -> str:
        value = self.text(mapping, key, path)
        if value and not pattern.match(value):
            self.add(_join(path, key), "F104", f"'{value}' is not a valid {key}: {hint}")
        return value

    def items(self, mapping: dict[str, Any], key: str, path: str, required: bool = True) -> list[tuple[str, Any]]:
        value = mapping.get(key)
        where = _join(path, key)
        if value is None:
            if required and key in mapping:
                self.add(where, "F104", f"'{key}' is empty; it needs at least one item")
            return []
        if not isinstance(value, list):
            self.add(where, "F103", f"'{key}' must be a list, not {_type_name(value)}")
            return []
        if required and not value:
            self.add(where, "F104", f"'{key}' is empty; it needs at least one item")
        return [(f"{where}[{i}]", item) for i, item in enumerate(value)]

    def unique(self, seen: dict[str, str], value: str, path: str, what: str) -> None:
        if not value:
            return
        key = value.lower()
        if key in seen:
            self.add(path, "F105", f"{what} '{value}' is used twice (first at {seen[key]}); each must be unique")
        else:
            seen[key] = f"line {self.doc.line(path)}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


# --- finding frameworks ---------------------------------------------------------------


def builtin_framework_ids() -> list[str]:
    """Ids of the frameworks shipped with the tool, sorted."""
    return sorted(p.stem for p in builtin_framework_dir().glob("*.yaml"))


def resolve_framework_path(id_or_path: str | Path) -> Path:
    """Turn a built-in id or a file path into a path, or raise FrameworkNotFound."""
    text = str(id_or_path)
    candidate = Path(text)
    if candidate.suffix.lower() in {".yaml", ".yml"} or candidate.exists() or "/" in text or "\\" in text:
        if candidate.is_file():
            return candidate
        raise FrameworkNotFound(f"framework file '{text}' does not exist; check the path")
    builtin = builtin_framework_dir() / f"{text}.yaml"
    if builtin.is_file():
        return builtin
    ids = builtin_framework_ids()
    raise FrameworkNotFound(
        f"unknown framework '{text}'{did_you_mean(text, ids)}; built-in frameworks: {', '.join(ids)}; "
        "or give the path to a framework YAML file"
    )


_LOADED: dict[tuple[str, int, int], Framework] = {}


def _cache_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)


def cached_framework(path: str | Path) -> Framework | None:
    """The framework this process already loaded from ``path``, if the file is unchanged since."""
    key = _cache_key(Path(path))
    return _LOADED.get(key) if key is not None else None


def load_framework(id_or_path: str | Path) -> Framework:
    """Load and validate a framework by built-in id or path; raise FrameworkInvalid with every problem.

    Each file is parsed once per process (frameworks are immutable); a file changed since is parsed again.
    """
    path = resolve_framework_path(id_or_path)
    key = _cache_key(path)
    if key is not None and key in _LOADED:
        return _LOADED[key]
    framework, findings = validate_framework_file(path)
    if framework is None:
        raise FrameworkInvalid(str(id_or_path), findings)
    if key is not None:
        _LOADED[key] = framework
    return framework


def list_frameworks() -> list[Framework]:
    """Every built-in framework, loaded."""
    return [load_framework(i) for i in builtin_framework_ids()]


def validate_framework_file(path: Path, display: str | None = None) -> tuple[Framework | None, list[Finding]]:
    """Validate one framework file; returns the framework (None if invalid) and all findings."""
    name = display or _display_name(path)
    builtin = _is_builtin(path)
    doc, findings = read_yaml(path, name, cached=builtin)
    if doc is None:
        return None, findings
    framework, findings = build_framework(doc)
    if framework is not None:
        framework = _with_origin(framework, str(path), builtin)
    return framework, findings


def _is_builtin(path: Path) -> bool:
    try:
        return path.resolve().parent == builtin_framework_dir().resolve()
    except OSError:
        return False


def _display_name(path: Path) -> str:
    try:
        if path.resolve().parent == builtin_framework_dir().resolve():
            return f"frameworks/{path.name}"
    except OSError:
        pass
    return str(path)


def _with_origin(framework: Framework, path: str, builtin: bool) -> Framework:
    import dataclasses

    text = "" if builtin else Path(path).read_text(encoding="utf-8-sig")
    return dataclasses.replace(framework, path=path, builtin=builtin, yaml_text=text)


# --- building a framework ----------------------------------------------------------------


def build_framework(doc: YamlDocument) -> tuple[Framework | None, list[Finding]]:
    """Check a parsed framework document and build the model; never raises on bad data."""
    c = _Checker(doc)
    top = c.mapping(doc.data, "", TOP_KEYS, "the framework")
    if top is None:
        return None, c.findings
    schema = top.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        c.add("schema", "F104", f"schema {schema!r} is not supported; this version of the tool reads schema 1")
    fid = c.identifier(top, "id", "", FRAMEWORK_ID_PATTERN, "use lower-case letters, digits, '-' and '_'")
    title = c.text(top, "title", "")
    version = c.text(top, "version", "")
    kind = c.text(top, "kind", "")
    if kind and kind not in ("rated", "unrated"):
        c.add(
            "kind",
            "F104",
            f"kind '{kind}' is not allowed{did_you_mean(kind, ['rated', 'unrated'])}; use 'rated' or 'unrated'",
        )
    scale = _scale(c, top, kind)
    bands, rounding = _rating(c, top, kind, scale)
    categories = _categories(c, top)
    themes = _themes(c, top, {cat.id for cat in categories})
    migrations = _migrations(c, top)
    indicators = _indicators(c, top, themes)
    if c.findings:
        return None, c.findings
    framework = Framework(
        id=fid,
        title=title,
        version=version,
        kind=kind,
        publisher=c.text(top, "publisher", "", required=False),
        source=c.text(top, "source", "", required=False),
        licence=c.text(top, "licence", "", required=False),
        scale=scale,
        rating_bands=bands,
        rounding=rounding,
        evidence_categories=categories,
        themes=themes,
        migrations=migrations,
        indicators=indicators,
    )
    _check_migrations(c, framework)
    if c.findings:
        return None, c.findings
    return framework, []


def _scale(c: _Checker, top: dict[str, Any], kind: str) -> tuple[ScalePoint, ...]:
    if kind == "unrated":
        if "scale" in top:
            c.add("scale", "F102", "an unrated framework has no scale; remove 'scale' or set kind: rated")
        return ()
    if "scale" not in top:
        if kind == "rated":
            c.add("", "F101", "a rated framework needs a 'scale' (a list of value and label)")
        return ()
    points: list[ScalePoint] = []
    seen: dict[str, str] = {}
    for path, item in c.items(top, "scale", ""):
        m = c.mapping(item, path, {"value": True, "label": True}, "a scale point")
        if m is None:
            continue
        value = m.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            c.add(_join(path, "value"), "F103", f"a scale value must be a whole number of 0 or more, not {value!r}")
            continue
        c.unique(seen, str(value), _join(path, "value"), "scale value")
        label = c.text(m, "label", path)
        points.append(ScalePoint(value, label))
    values = sorted(p.value for p in points)
    if values and values != list(range(values[0], values[-1] + 1)):
        c.add("scale", "F104", f"scale values must be consecutive whole numbers, found {values}")
    if values and values[-1] <= 0:
        c.add("scale", "F104", "the highest scale value must be above 0")
    return tuple(sorted(points, key=lambda p: p.value))


def _rating(
    c: _Checker, top: dict[str, Any], kind: str, scale: tuple[ScalePoint, ...]
) -> tuple[tuple[RatingBand, ...], str]:
    if kind == "unrated":
        if "rating" in top:
            c.add("rating", "F102", "an unrated framework has no rating; remove 'rating' or set kind: rated")
        return (), ""
    if "rating" not in top:
        if kind == "rated":
            c.add("", "F101", "a rated framework needs 'rating' with 'bands' (lower bound in percent and label)")
        return (), ""
    m = c.mapping(top["rating"], "rating", RATING_KEYS, "the rating")
    if m is None:
        return (), ""
    rounding = c.text(m, "rounding", "rating", required=False) or DEFAULT_ROUNDING
    bands: list[RatingBand] = []
    seen: dict[str, str] = {}
    for path, item in c.items(m, "bands", "rating"):
        b = c.mapping(item, path, {"from": True, "label": True}, "a rating band")
        if b is None:
            continue
        lower = b.get("from")
        if not isinstance(lower, int) or isinstance(lower, bool) or not 0 <= lower <= 100:
            c.add(_join(path, "from"), "F103", f"a band's 'from' must be a whole percent from 0 to 100, not {lower!r}")
            continue
        label = c.text(b, "label", path)
        c.unique(seen, label, _join(path, "label"), "band label")
        bands.append(RatingBand(lower, label))
    lowers = [b.lower for b in bands]
    if lowers != sorted(lowers) or len(set(lowers)) != len(lowers):
        c.add(
            "rating.bands", "F107", f"bands must be listed in ascending order of 'from' with no repeats, found {lowers}"
        )
    if scale and bands:
        max_v = max(p.value for p in scale)
        min_pct = 100 * min(p.value for p in scale) // max_v
        if min(lowers) > min_pct:
            c.add(
                "rating.bands",
                "F107",
                f"the bands start at {min(lowers)}% but the lowest possible result is {min_pct}%; "
                f"start the first band at {min_pct} or lower so every result has a rating",
            )
    return tuple(sorted(bands, key=lambda b: b.lower)), rounding


def _categories(c: _Checker, top: dict[str, Any]) -> tuple[EvidenceCategory, ...]:
    out: list[EvidenceCategory] = []
    ids: dict[str, str] = {}
    titles: dict[str, str] = {}
    for path, item in c.items(top, "evidence_categories", ""):
        m = c.mapping(item, path, {"id": True, "title": True}, "an evidence category")
        if m is None:
            continue
        cid = c.identifier(m, "id", path, ID_PATTERN, "use snake_case: lower-case letters, digits and '_'")
        ctitle = c.text(m, "title", path)
        c.unique(ids, cid, _join(path, "id"), "evidence category id")
        c.unique(titles, ctitle, _join(path, "title"), "evidence category title")
        out.append(EvidenceCategory(cid, ctitle))
    return tuple(out)


def _themes(c: _Checker, top: dict[str, Any], category_ids: set[str]) -> tuple[Theme, ...]:
    themes: list[Theme] = []
    ids: dict[str, str] = {}
    codes: dict[str, str] = {}
    titles: dict[str, str] = {}  # normalised statement title -> its path
    aliases_at: list[tuple[str, str, str]] = []  # (alias, its path, its statement's path)
    for tpath, titem in c.items(top, "themes", ""):
        t = c.mapping(titem, tpath, THEME_KEYS, "a theme")
        if t is None:
            continue
        tid = c.identifier(t, "id", tpath, ID_PATTERN, "use snake_case: lower-case letters, digits and '_'")
        tcode = c.identifier(t, "code", tpath, CODE_PATTERN, "use a short code of letters and digits, e.g. T1")
        c.unique(ids, tid, _join(tpath, "id"), "id")
        c.unique(codes, tcode, _join(tpath, "code"), "code")
        statements: list[Statement] = []
        for spath, sitem in c.items(t, "statements", tpath):
            s = c.mapping(sitem, spath, STATEMENT_KEYS, "a statement")
            if s is None:
                continue
            sid = c.identifier(s, "id", spath, ID_PATTERN, "use snake_case: lower-case letters, digits and '_'")
            scode = c.identifier(s, "code", spath, CODE_PATTERN, "use a short code of letters and digits, e.g. QS1")
            c.unique(ids, sid, _join(spath, "id"), "id")
            c.unique(codes, scode, _join(spath, "code"), "code")
            cats = c.text_list(s, "evidence_categories", spath)
            for i, cat in enumerate(cats):
                if cat not in category_ids:
                    c.add(
                        f"{spath}.evidence_categories[{i}]",
                        "F106",
                        f"unknown evidence category '{cat}'{did_you_mean(cat, category_ids)}; "
                        f"declared categories: {', '.join(sorted(category_ids)) or 'none'}",
                    )
            stitle = c.text(s, "title", spath)
            aliases = c.text_list(s, "aliases", spath)
            titles.setdefault(_name_key(stitle), spath)
            aliases_at += [(a, f"{spath}.aliases[{i}]", spath) for i, a in enumerate(aliases)]
            statements.append(
                Statement(
                    id=sid,
                    code=scode,
                    title=stitle,
                    we_statement=c.text(s, "we_statement", spath),
                    i_statements=c.text_list(s, "i_statements", spath),
                    prompts=c.text_list(s, "prompts", spath),
                    evidence_categories=cats or tuple(sorted(category_ids)),
                    theme_id=tid,
                    care_act=c.text_list(s, "care_act", spath),
                    aliases=aliases,
                )
            )
        themes.append(Theme(tid, tcode, c.text(t, "title", tpath), tuple(statements)))
    seen: dict[str, str] = {}
    for alias, apath, spath in aliases_at:
        key = _name_key(alias)
        owner = titles.get(key)
        if owner is not None:
            whose = "its own title" if owner == spath else f"the title of the statement at line {c.doc.line(owner)}"
            c.add(apath, "F105", f"alias '{alias}' is {whose}; an alias must be another name for this statement only")
        elif key in seen:
            c.add(
                apath, "F105", f"alias '{alias}' is used twice (first at {seen[key]}); each alias names one statement"
            )
        else:
            seen[key] = f"line {c.doc.line(apath)}"
    return tuple(themes)


def _indicators(c: _Checker, top: dict[str, Any], themes: tuple[Theme, ...]) -> tuple[Indicator, ...]:
    """The optional indicator catalogue: each measure names existing statements, a polarity, a unit and a source."""
    statement_ids = [s.id for t in themes for s in t.statements]
    out: list[Indicator] = []
    ids: dict[str, str] = {}
    for path, item in c.items(top, "indicators", "", required=False):
        m = c.mapping(item, path, INDICATOR_KEYS, "an indicator")
        if m is None:
            continue
        iid = c.identifier(m, "id", path, CODE_PATTERN, "use a short code of letters and digits, e.g. ASCOF2A")
        c.unique(ids, iid, _join(path, "id"), "indicator id")
        statements = c.text_list(m, "statements", path)
        if "statements" in m and m["statements"] in (None, [], ""):
            c.add(_join(path, "statements"), "F104", "'statements' is empty; name at least one statement id")
        for i, sid in enumerate(statements):
            if sid not in statement_ids:
                c.add(
                    f"{path}.statements[{i}]",
                    "F106",
                    f"unknown statement '{sid}'{did_you_mean(sid, statement_ids)}; "
                    f"statements of this framework: {', '.join(statement_ids) or 'none'}",
                )
        chosen = {}
        for key, allowed in (("polarity", INDICATOR_POLARITIES), ("unit", INDICATOR_UNITS)):
            value = c.text(m, key, path)
            if value and value not in allowed:
                c.add(
                    _join(path, key),
                    "F104",
                    f"{key} '{value}' is not allowed{did_you_mean(value, allowed)}; use one of: "
                    + ", ".join(f"'{a}'" for a in allowed),
                )
            chosen[key] = value
        out.append(
            Indicator(
                id=iid,
                name=c.text(m, "name", path),
                statements=statements,
                polarity=chosen["polarity"],
                unit=chosen["unit"],
                source=c.text(m, "source", path),
            )
        )
    return tuple(out)


def _name_key(text: str) -> str:
    """A title compared as a reader would: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _migrations(c: _Checker, top: dict[str, Any]) -> tuple[Migration, ...]:
    out: list[Migration] = []
    for path, item in c.items(top, "migrations", "", required=False):
        m = c.mapping(item, path, MIGRATION_KEYS, "a migration")
        if m is None:
            continue
        renamed = _pairs(c, m, "renamed", path, lambda v: isinstance(v, str))
        merged = _pairs(c, m, "merged", path, lambda v: isinstance(v, str))
        split = _pairs(c, m, "split", path, lambda v: isinstance(v, list))
        out.append(
            Migration(
                from_version=c.text(m, "from_version", path),
                renamed=tuple((k, str(v)) for k, v in renamed),
                merged=tuple((tuple(k.split("+")), str(v)) for k, v in merged),
                split=tuple((k, tuple(str(x) for x in v)) for k, v in split),
                retired=c.text_list(m, "retired", path),
            )
        )
    return tuple(out)


def _pairs(c: _Checker, m: dict[str, Any], key: str, path: str, ok: Callable[[Any], bool]) -> list[tuple[str, Any]]:
    value = m.get(key)
    if value is None:
        return []
    if not isinstance(value, dict) or not all(ok(v) for v in value.values()):
        c.add(_join(path, key), "F103", f"'{key}' must map old statement ids to new ones")
        return []
    return [(str(k), v) for k, v in value.items()]


def _check_migrations(c: _Checker, fw: Framework) -> None:
    ids = {s.id for s in fw.statements}
    for i, mig in enumerate(fw.migrations):
        path = f"migrations[{i}]"
        targets = [new for _old, new in mig.renamed] + [new for _olds, new in mig.merged]
        targets += [n for _old, news in mig.split for n in news]
        for new in targets:
            if new not in ids:
                c.add(
                    path,
                    "F106",
                    f"migration target '{new}' is not a statement of this framework{did_you_mean(new, ids)}",
                )


# --- crosswalks ---------------------------------------------------------------------------


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
