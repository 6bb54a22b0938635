"""Compare many self-assessments: councils across a region, or one council over time.

Each input is loaded through :mod:`assessment_builder.load` by
:func:`load_compare_input` (workbooks, answers files, CQC report records and text)
and is compared exactly when ``score`` would use it: read, and without errors.
Any other input is recorded in ``Comparison.skipped`` with its first error, never
fatal: one bad file must not sink a region's benchmark (the command exits 1).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from .errors import AssessmentBuilderError, Finding, Severity
from .load import Loaded
from .model import Assessment, Framework
from .scoring import ScoringPolicy, UnratedPolicy, score_assessment
from .values import record

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
REPORT_SUFFIXES = (".json", ".txt", ".md")

Progress = Callable[[int, int, Path], None]  # (index done, total, path)
PROVISIONAL = "*"  # marks a percentage and rating over only some of the statements


@record(frozen=True)
class CompareInput:
    """What compare needs from one input, whatever it was read from."""

    label: str  # usually the council name
    framework: Framework
    scores: dict[str, int | None]
    evidence: dict[str, int] | None = None  # statement id -> evidence items; None when the source has none
    kind: str = "workbook"  # "workbook" or "cqc-report"
    indicators: tuple[dict[str, Any], ...] | None = None  # rows with a value (IndicatorValue.to_dict); None: none kept
    written: dict[str, tuple[str, ...]] | None = None  # unrated: statement id -> its free-text answers written


@record(frozen=True)
class CompareEntry:
    """One council (or CQC record) in a comparison: its scores, evidence counts and indicators."""

    label: str
    source: str  # the file name
    kind: str
    framework_version: str
    scores: dict[str, int | None]
    evidence: dict[str, int] | None
    percent: int | None
    rating: str | None
    scored: int
    complete: bool
    indicators: tuple[dict[str, Any], ...] | None = None  # the input's indicators with a value; None for a CQC report
    written: dict[str, tuple[str, ...]] | None = None  # unrated: what each area has written (strengths...)

    @property
    def provisional(self) -> bool:
        """A percentage and rating over the statements scored so far, not all of them."""
        return self.percent is not None and not self.complete

    @property
    def percent_shown(self) -> str:
        """The percentage as every renderer shows it: ``58``, ``58*`` when provisional, ``-`` when none is scored."""
        return "-" if self.percent is None else f"{self.percent}{PROVISIONAL if self.provisional else ''}"

    @property
    def scored_shown(self) -> str:
        """How many statements the percentage is over, as every renderer shows it: ``1/9``."""
        return f"{self.scored}/{len(self.scores)}"

    @property
    def rating_shown(self) -> str:
        """The rating as every renderer shows it, marked like the percentage."""
        return "-" if self.rating is None else f"{self.rating}{PROVISIONAL if self.provisional else ''}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "source": self.source,
            "kind": self.kind,
            "framework_version": self.framework_version,
            "scores": dict(self.scores),
            "evidence": None if self.evidence is None else dict(self.evidence),
            "percent": self.percent,
            "rating": self.rating,
            "scored": self.scored,
            "complete": self.complete,
            "indicators": None if self.indicators is None else [dict(i) for i in self.indicators],
            "written": None if self.written is None else {sid: list(keys) for sid, keys in self.written.items()},
        }


@record(frozen=True)
class Skipped:
    """An input left out of a comparison, and why."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


@record(frozen=True)
class Comparison:
    """Every usable input's scores side by side, in the first input's framework, with those skipped."""

    framework_id: str | None
    framework_title: str | None
    policy: ScoringPolicy  # the first file's framework's: rated or not (no framework: unrated)
    statements: tuple[tuple[str, str, str], ...]  # (id, code, title) in framework order
    entries: tuple[CompareEntry, ...]
    skipped: tuple[Skipped, ...] = field(default=())
    min_score: int = 1
    max_score: int = 4

    @property
    def rated(self) -> bool:
        return self.policy.rated

    @property
    def grid_title(self) -> str:
        """The first table's heading: the scores, or (a framework that gives none) what each area has written."""
        return "Scores" if self.policy.rated else "What each area has written"

    def cell(self, entry: CompareEntry, sid: str) -> str:
        """The first table's cell: a score, or the initials of what is written (``S C R``); ``-`` for nothing."""
        if self.policy.rated:
            return "-" if entry.scores.get(sid) is None else str(entry.scores[sid])
        keys = (entry.written or {}).get(sid, ())
        return " ".join(key[0].upper() for key in keys) or "-"

    @property
    def notes(self) -> tuple[str, ...]:
        """What the marks in the first table mean, only for marks the table shows."""
        if not self.policy.rated:
            parts = ", ".join(f"{key[0].upper()} {heading.lower()}" for key, heading in self.policy.narrative)
            return (f"{parts}; - nothing written yet",)
        notes = []
        if any(e.provisional for e in self.entries):  # only a rated framework gives a percentage
            notes.append(
                f"{PROVISIONAL} provisional: not every statement is scored, so the percentage and rating are over "
                "the statements scored so far"
            )
        if any(e.percent is None for e in self.entries) or any(
            v is None for e in self.entries for v in e.scores.values()
        ):
            notes.append("- not scored yet")
        return tuple(notes)

    def to_dict(self) -> dict[str, Any]:
        """The public shape of ``compare --format json``."""
        return {
            "framework": {"id": self.framework_id, "title": self.framework_title, "rated": self.policy.rated},
            "scale": {"min": self.min_score, "max": self.max_score},
            "statements": [{"id": i, "code": c, "title": t} for i, c, t in self.statements],
            "entries": [e.to_dict() for e in self.entries],
            "skipped": [s.to_dict() for s in self.skipped],
        }


def assessment_input(assessment: Assessment) -> CompareInput:
    """A read self-assessment as a compare input (scores and evidence counts per statement)."""
    counts = {s.id: 0 for s in assessment.framework.statements}
    for item in assessment.evidence:
        for sid in dict.fromkeys(item.statements):
            if sid in counts:
                counts[sid] += 1
    indicators = tuple(i.to_dict() for i in assessment.indicators if i.value is not None)
    policy, answers = assessment.framework.policy, assessment.answers
    written = None if policy.rated else {s: policy.written(answers[s].values if s in answers else {}) for s in counts}
    return CompareInput(
        assessment.council, assessment.framework, assessment.scores(), counts, "workbook", indicators, written
    )


def load_compare_input(path: str | Path) -> Loaded[CompareInput]:
    """One input loaded through :mod:`assessment_builder.load`, with its findings; never raises for bad input.

    It is usable exactly when ``score`` would use it (``Loaded.ok``: read, and no error). ``.xlsx``/``.xlsm``
    are workbooks; ``.json`` is a CQC report record or an answers file, told apart by content; ``.yaml``/``.yml``
    answers; ``.txt``/``.md`` CQC report text; anything else is read as a workbook, whose file checks say what it
    is (an old .xls, a CSV...), exactly as ``score`` says.
    """
    from .load import load_compare_input as load

    path = Path(path)
    loaded = load(path)
    value = loaded.value
    if value is None:
        return Loaded(path, loaded.kind, None, loaded.findings)
    if loaded.kind in ("cqc-record", "cqc-text"):
        from .cqc_report import record_label

        findings = list(loaded.findings)
        if not value.statements and not loaded.errors:
            message = "no quality statement was found in this record; there is nothing to compare"
            findings.append(Finding("R102", Severity.ERROR, message, file=str(path)))
        item = CompareInput(record_label(value, path), value.framework, dict(value.scores()), None, "cqc-report")
        return Loaded(path, loaded.kind, item, findings)
    return Loaded(path, loaded.kind, assessment_input(value), loaded.findings)


def read_compare_input(path: Path) -> CompareInput:
    """One input as a :class:`CompareInput`, or raise an AssessmentBuilderError with its first error."""
    loaded = load_compare_input(path)
    if not loaded.ok or loaded.value is None:
        raise AssessmentBuilderError(_reason(loaded))
    return loaded.value


def _reason(loaded: Loaded[Any]) -> str:
    """Why an input was not compared: its first error (and how many more)."""
    errors = loaded.errors or loaded.findings
    if not errors:
        return "it could not be read"
    first = errors[0]
    where = first.location.removeprefix(str(loaded.source)).lstrip(":").strip()
    text = f"{where}: {first.message}" if where else first.message
    more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
    return f"{first.code} {text}{more}"


def compare_inputs(items: Iterable[tuple[str, CompareInput | str]]) -> Comparison:
    """Build a comparison from (source name, input or the reason it could not be read).

    The first readable input fixes the framework; an input of another framework is
    skipped with a reason. Versions of one framework may differ (one council over
    time): statements are the union, in the newest-seen framework's order.
    """
    entries: list[CompareEntry] = []
    skipped: list[Skipped] = []
    base: Framework | None = None
    order: dict[str, tuple[str, str, str]] = {}
    pending: list[tuple[str, CompareInput]] = []
    for source, item in items:
        if isinstance(item, str):
            skipped.append(Skipped(source, item))
            continue
        if base is None:
            base = item.framework
        if item.framework.id != base.id:
            skipped.append(
                Skipped(
                    source,
                    f"uses the framework '{item.framework.id}', not '{base.id}' like the first file; "
                    "compare files of one framework at a time",
                )
            )
            continue
        for s in item.framework.statements:
            order.setdefault(s.id, (s.id, s.code, s.title))
        pending.append((source, item))

    labels = [item.label for _s, item in pending]
    for source, item in pending:
        label = item.label if labels.count(item.label) == 1 else f"{item.label} ({source})"
        fw = item.framework
        result = score_assessment(fw, item.scores)
        overall = result.overall
        entries.append(
            CompareEntry(
                label=label,
                source=source,
                kind=item.kind,
                framework_version=fw.version,
                scores={sid: item.scores.get(sid) for sid in order},
                evidence=None if item.evidence is None else {sid: item.evidence.get(sid, 0) for sid in order},
                percent=overall.percent if overall else None,
                rating=overall.rating if overall else None,
                scored=sum(1 for v in item.scores.values() if v is not None),
                complete=overall.complete if overall else False,
                indicators=item.indicators,
                written=None if item.written is None else {sid: item.written.get(sid, ()) for sid in order},
            )
        )
    return Comparison(
        framework_id=base.id if base else None,
        framework_title=base.title if base else None,
        policy=base.policy if base else UnratedPolicy(),
        statements=tuple(order.values()),
        entries=tuple(entries),
        skipped=tuple(skipped),
        min_score=base.min_score if base and base.scale else 1,
        max_score=base.max_score if base and base.scale else 4,
    )


def compare_loaded(loaded: Iterable[Loaded[CompareInput]]) -> Comparison:
    """Compare loaded inputs; one that may not be used (an error, or unreadable) is skipped with its reason."""
    from .source_names import source_names

    loaded = list(loaded)
    names = source_names([item.source for item in loaded])
    return compare_inputs(
        (name, item.value if item.ok and item.value is not None else _reason(item)) for name, item in zip(names, loaded)
    )


def compare_files(
    paths: Sequence[str | Path], progress: Progress | None = None, workers: int | None = None
) -> Comparison:
    """Read every file (workbooks, answers, CQC report records) and compare them; bad files are skipped."""
    return compare_loaded(load_all(paths, progress, workers))


def load_all(
    paths: Sequence[str | Path], progress: Progress | None = None, workers: int | None = None
) -> list[Loaded[CompareInput]]:
    """Every input loaded, in order. Eight or more files are read in parallel, one process per core
    (``workers`` overrides; 1 = serial). Workers end with this process: on an exception or signal the
    pending reads are cancelled and the workers stopped, and on Linux a worker dies if its parent dies.
    ``progress(done, total, path)`` is called after each file, for a progress bar.
    """
    total = len(paths)
    count = min(workers if workers is not None else (os.cpu_count() or 1), total)
    out: list[Loaded[CompareInput]] = []
    if count > 1 and total >= 8:
        from concurrent.futures import ProcessPoolExecutor

        # the pool is made and every read submitted with the stop signals held back: a signal then arrives while
        # this process waits for results, never while it holds the pool's locks (which stop() needs)
        with _signals_held():
            pool = ProcessPoolExecutor(max_workers=count, initializer=_worker_init)
            results = pool.map(load_compare_input, paths, chunksize=2)
        try:
            for i, (raw, item) in enumerate(zip(paths, results), 1):
                out.append(item)
                if progress is not None:
                    progress(i, total, Path(raw))
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
        return out
    for i, raw in enumerate(paths, 1):
        out.append(load_compare_input(raw))
        if progress is not None:
            progress(i, total, Path(raw))
    return out


_STOP_SIGNALS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP in this thread (where the platform can); deliver them on exit."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _worker_init() -> None:
    """In each worker: default signal handling (Ctrl+C, SIGTERM and SIGHUP end it) and, on Linux, death with
    the parent, so that no worker is ever left behind blocked on a queue nobody reads."""
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # held back in the parent while it forked
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _stop(pool: Any) -> None:
    """Cancel pending reads and end the workers now (a read already running is not waited for)."""
    import threading
    from concurrent.futures import InvalidStateError
    from concurrent.futures.process import BrokenProcessPool

    previous = threading.excepthook

    def quiet(args: Any) -> None:
        # the pool's manager thread may still try to settle a future cancelled here (a race inside
        # concurrent.futures); the run is being stopped anyway, so that is no error to show a user
        if not isinstance(args.exc_value, (InvalidStateError, BrokenProcessPool)):
            previous(args)

    threading.excepthook = quiet
    previous_unraisable = sys.unraisablehook

    def quiet_at_exit(args: Any) -> None:
        # at exit, concurrent.futures may wake the manager thread through a pipe it has just closed (EBADF)
        if not isinstance(args.exc_value, OSError):
            previous_unraisable(args)

    sys.unraisablehook = quiet_at_exit
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    writer: Any = getattr(getattr(pool, "_result_queue", None), "_writer", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(timeout=5)
    if manager is None:
        return
    manager.join(timeout=1)
    if manager.is_alive():
        # A worker stopped while it sent a result leaves half a message in the results pipe, whose other end
        # this process holds: the manager thread waits for the rest for ever, and the interpreter waits for
        # the manager thread at exit (the run hung after "Interrupted"). With every worker gone and the thread
        # blocked in that read, closing our end lets it see the end of the pipe and finish.
        with contextlib.suppress(OSError, AttributeError):
            writer.close()
        manager.join(timeout=5)


def write_compare_xlsx(comparison: Comparison, path: str | Path, force: bool = False) -> Path:
    """Write the comparison as an Excel heat map (atomic; ``force`` to replace): see :mod:`.workbook.compare_sheet`."""
    from .workbook.compare_sheet import write_compare_xlsx as write

    return write(comparison, path, force)


__all__ = [
    "CompareEntry",
    "CompareInput",
    "Comparison",
    "Skipped",
    "assessment_input",
    "compare_files",
    "compare_inputs",
    "compare_loaded",
    "load_all",
    "load_compare_input",
    "read_compare_input",
    "write_compare_xlsx",
]
