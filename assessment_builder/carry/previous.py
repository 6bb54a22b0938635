"""``new --from``: a previous self-assessment (workbook or answers file) ready to prefill a new workbook."""

from __future__ import annotations

import copy
from pathlib import Path

from ..errors import Finding, UsageError
from ..frameworks import load_framework
from ..model import Assessment, Framework
from .checked import CarryRefused, read_checked

RESET_STATUSES = {"Complete", "Ready for review"}

# findings that only say the input's framework could not be told from the input itself
_IDENTITY = {"W200", "W201", "A104"}


def load_previous(
    path: Path,
    framework: str | Framework | None = None,
    exact: bool = False,
    findings: list[Finding] | None = None,
) -> tuple[Framework, Assessment]:
    """The previous answers and the framework of the new workbook (the source's own unless ``framework``).

    A ``framework`` other than the source's (another id, or another version: that is
    ``migrate``'s job) is refused with a :class:`UsageError`. Unless ``exact``, a new
    cycle starts: statuses Complete and Ready for review become In progress, and
    completed actions are kept with the status Carried forward. The source's warnings
    are appended to ``findings`` when it is given.
    """
    path = Path(path)
    given = None
    if framework is not None:
        given = framework if isinstance(framework, Framework) else load_framework(framework)
    try:
        previous, warnings = read_checked(path, None)
    except CarryRefused as exc:
        # the source may not say its framework well enough (no metadata, a council's own YAML): use the one given
        if given is None or not all(f.code in _IDENTITY for f in exc.findings):
            raise
        previous, warnings = _read_as(path, given)
    if given is not None:
        _same_framework(path, previous.framework, given)
        if given is not previous.framework and given != previous.framework:
            previous, warnings = _read_as(path, given)
    target = given or previous.framework
    carried = copy.deepcopy(previous)
    carried.framework = target
    if not exact:
        for answer in carried.answers.values():
            if answer.values.get("status") in RESET_STATUSES:
                answer.values["status"] = "In progress"
        for action in carried.actions:
            if action.status == "Complete":
                action.status = "Carried forward"
    if findings is not None:
        findings.extend(warnings)
    return target, carried


def _read_as(path: Path, given: Framework) -> tuple[Assessment, list[Finding]]:
    try:
        previous, warnings = read_checked(path, given)
    except CarryRefused as exc:
        mismatch = [f for f in exc.findings if f.code == "A104"]
        if mismatch:
            raise UsageError(f"{path}: {mismatch[0].message}; leave out -f to carry it to its own framework") from None
        raise
    named = [f for f in warnings if f.code == "W201"]
    if named:
        raise UsageError(
            f"{path}: {named[0].message.split(';')[0]}. -f {given.id} does not match it: leave out -f to carry it "
            "to its own framework"
        )
    return previous, warnings


def _same_framework(path: Path, source: Framework, given: Framework) -> None:
    if source.id != given.id:
        raise UsageError(
            f"{path} follows the framework '{source.id}', but -f gives '{given.id}'; new --from carries answers "
            f"by statement id within one framework. Leave out -f to carry it to '{source.id}'"
        )
    if source.version != given.version:
        raise UsageError(
            f"{path} follows {source.id} version {source.version}, but -f gives version {given.version}; "
            f"move it to the new version with `assessment-builder migrate {path} -f ... -o ...`, which follows the "
            "declared migrations and lists what changed"
        )
