"""Build a framework from its checked YAML: scale, rating, categories, themes, indicators, migrations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import Finding
from .framework_check import (
    CODE_PATTERN,
    DEFAULT_ROUNDING,
    FRAMEWORK_ID_PATTERN,
    ID_PATTERN,
    INDICATOR_KEYS,
    INDICATOR_POLARITIES,
    INDICATOR_UNITS,
    MIGRATION_KEYS,
    RATING_KEYS,
    SCHEMA_VERSION,
    STATEMENT_KEYS,
    THEME_KEYS,
    TOP_KEYS,
    _Checker,
    _join,
    did_you_mean,
)
from .model import (
    EvidenceCategory,
    Framework,
    Indicator,
    Migration,
    RatingBand,
    ScalePoint,
    Statement,
    Theme,
)
from .yamlsource import YamlDocument

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
