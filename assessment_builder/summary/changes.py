"""What moved between two self-assessments of the same framework, matched by statement id."""

from __future__ import annotations

from typing import Any

from ..model import Assessment
from ..scoring import OverallScore, score_assessment
from .model import Change, StatementRow

_CONFIDENCE_RANK = {"Low": 1, "Medium": 2, "High": 3}


def changes_between(previous: Assessment, current: Assessment, rows: dict[str, StatementRow]) -> list[Change]:
    """The overall result, then each statement's tracked answers, status and evidence count, then removals.

    ``rows`` are the current assessment's statement rows (from the summary being built).
    """
    out: list[Change] = []
    prev_fw, cur_fw = previous.framework, current.framework
    prev_ids = {s.id for s in prev_fw.statements}
    cur_ids = {s.id for s in cur_fw.statements}
    prev_scores = previous.scores()

    before = score_assessment(prev_fw, prev_scores).overall
    after = score_assessment(cur_fw, current.scores()).overall
    if before and after and before.percent != after.percent:
        out.append(
            Change(
                None,
                None,
                "percent",
                before.percent,
                after.percent,
                _direction(before.percent, after.percent),
                f"Overall {_pct(before.percent)}{_scope(before)} -> {_pct(after.percent)}{_scope(after)}",
            )
        )
    if before and after and before.rating != after.rating:
        out.append(
            Change(
                None,
                None,
                "rating",
                before.rating,
                after.rating,
                "changed",
                f"Predicted rating {before.rating or 'none'}{_scope(before)} -> {after.rating or 'none'}{_scope(after)}",
            )
        )

    prev_evidence: dict[str, int] = {}
    for item in previous.evidence:
        for sid in dict.fromkeys(item.statements):
            prev_evidence[sid] = prev_evidence.get(sid, 0) + 1

    for s in cur_fw.statements:
        row = rows[s.id]
        name = f"{s.code} {s.title}"
        if s.id not in prev_ids:
            out.append(Change(s.id, s.code, "statement", None, s.id, "added", f"{name} is new in this framework"))
            continue
        pans = previous.answers.get(s.id)
        pvalues = pans.values if pans else {}
        old_values: dict[str, Any] = {
            "score": prev_scores.get(s.id),
            "confidence": _text(pvalues.get("confidence")),
            "status": _text(pvalues.get("status")),
            "evidence": prev_evidence.get(s.id, 0),
        }
        new_values: dict[str, Any] = {
            "score": row.score,
            "confidence": row.confidence,
            "status": row.status,
            "evidence": row.evidence,
        }
        for key in (*cur_fw.policy.tracked, "status", "evidence"):
            old, new = old_values[key], new_values[key]
            if old != new:
                label = "evidence items" if key == "evidence" else key
                message = f"{name}: {label} {_shown(old)} -> {_shown(new)}"
                out.append(Change(s.id, s.code, key, old, new, _moved(key, old, new), message))
        if not cur_fw.policy.rated:  # a peer challenge's judgement is its writing: say what was written or removed
            out += _text_changes(s.id, s.code, name, cur_fw.policy.narrative, pvalues, row.text)
    for s in prev_fw.statements:
        if s.id not in cur_ids:
            out.append(
                Change(s.id, s.code, "statement", s.id, None, "removed", f"{s.code} {s.title} is no longer assessed")
            )
    return out


def _text_changes(
    sid: str, code: str, name: str, narrative: tuple[tuple[str, str], ...], before: Any, after: Any
) -> list[Change]:
    """One change per free-text answer written, rewritten or removed (``PC7 ...: strengths written``)."""
    out = []
    for key, heading in narrative:
        old, new = _text(before.get(key)), _text(after.get(key))
        if old != new:
            direction, verb = (
                ("added", "written")
                if old is None
                else ("removed", "removed")
                if new is None
                else ("changed", "rewritten")
            )
            out.append(Change(sid, code, key, old, new, direction, f"{name}: {heading.lower()} {verb}"))
    return out


def _moved(key: str, old: Any, new: Any) -> str:
    if key == "status":
        return "changed"
    if key == "confidence":
        return _direction(_CONFIDENCE_RANK.get(old or ""), _CONFIDENCE_RANK.get(new or ""))
    return _direction(old, new)


def _direction(old: int | None, new: int | None) -> str:
    if old is None and new is not None:
        return "added"
    if new is None and old is not None:
        return "removed"
    if old is not None and new is not None:
        return "up" if new > old else "down" if new < old else "changed"
    return "changed"


def _text(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _shown(value: Any) -> str:
    return "none" if value is None or value == "" else str(value)


def _scope(o: OverallScore) -> str:
    """`` (provisional: 1 of 9 statements scored)`` for a result over only some statements; else nothing."""
    return (
        f" (provisional: {o.scored} of {o.statements} statements scored)"
        if o.percent is not None and not o.complete
        else ""
    )


def _pct(value: int | None) -> str:
    return "none" if value is None else f"{value}%"
