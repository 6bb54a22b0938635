"""What every command shares: error handling, exit codes, and the one policy for findings -> output and exit code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..errors import AssessmentBuilderError, ExitCode, Finding, RefusedWithFindings, Severity

if TYPE_CHECKING:
    from ..load import Loaded

T = TypeVar("T")


class OnceGroup(click.Group):
    """A group whose commands refuse an option that takes one value given twice: click would keep the last
    (``-o a.xlsx ... -o b.xlsx`` wrote only b.xlsx, ``-c A -c B`` made a workbook for B) without a word."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and not isinstance(command, click.Group):
            refuse_repeated_options(command, ctx, rest)
        return name, command, rest


def refuse_repeated_options(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """Usage error (exit 2) when an option of ``command`` that takes one value appears more than once in ``args``."""
    try:
        parser = command.make_parser(click.Context(command, parent=ctx, info_name=command.name))
        _values, _rest, order = parser.parse_args(args=list(args))
    except click.ClickException:
        return  # a wrong option or a missing value: the command's own parsing says so
    counts: dict[str, int] = {}
    for param in order:
        if isinstance(param, click.Option) and not (param.multiple or param.count or param.is_flag) and param.name:
            counts[param.name] = counts.get(param.name, 0) + 1
    twice = [p for p in command.params if isinstance(p, click.Option) and counts.get(p.name or "", 0) > 1]
    if twice:
        names = " and ".join("/".join(p.opts) for p in twice)
        raise click.UsageError(
            f"{names} given more than once; give each once (only one value can be used, and the others would be "
            "ignored without a word)"
        )


class HandledGroup(OnceGroup):
    """Turns the package's errors into a clear message and an exit code, in one place.

    No traceback ever reaches a user: an unexpected error is reported as a bug
    with a one-line description (set ASSESSMENT_BUILDER_DEBUG=1 to see the trace).
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        text_streams_hold_any_text()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        from ..output import install_signal_cleanup, interrupted

        install_signal_cleanup()  # SIGTERM/SIGHUP/Ctrl+C stop the run and remove temporary files
        _start_run()
        try:
            return super().invoke(ctx)
        except AssessmentBuilderError as exc:
            if isinstance(exc, RefusedWithFindings):
                # a refusal that rests on an input's findings: shown as every command shows findings
                for line in findings_table(exc.findings):
                    click.echo(line, err=True)
                click.echo(f"Error: {exc.headline}", err=True)
            else:
                click.echo(f"Error: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt as exc:
            message, code = interrupted(exc)
            click.echo(message, err=True)
            ctx.exit(code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): not an error of ours
            sys.stderr.close()
            ctx.exit(int(ExitCode.OK))
        except MemoryError:
            click.echo("Error: the input is too large to process on this machine.", err=True)
            ctx.exit(int(ExitCode.PROBLEMS))
        except Exception as exc:  # noqa: BLE001 - the last guard before the user
            if os.environ.get("ASSESSMENT_BUILDER_DEBUG"):
                raise
            click.echo(
                f"Error: unexpected problem ({type(exc).__name__}: {exc}). "
                "This is a bug in assessment-builder; please report it with the command you ran.",
                err=True,
            )
            ctx.exit(int(ExitCode.PROBLEMS))


def text_streams_hold_any_text() -> None:
    """Make stdout and stderr able to write any text a workbook holds, before anything is printed.

    Windows writes a redirected or piped stream (``summary x.xlsx > summary.txt``) in its ANSI code
    page, cp1252, which has no ``≥``, no box-drawing ``─`` and no letters of most alphabets: printing
    them would stop the command. A file or pipe in such a code page becomes UTF-8, so JSON, Markdown and
    text keep every character; a terminal that cannot show a character shows ``?`` in its place (what
    is written to files is never replaced). A UTF-8 stream, or one that cannot be reconfigured (a
    test's capture), is left as it is.
    """
    import codecs

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = getattr(stream, "encoding", None)
        if reconfigure is None or not encoding:
            continue
        try:
            if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
                continue
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8")
        except (LookupError, OSError, ValueError):
            continue  # a closed or unusual stream: left as it is


def _start_run() -> None:
    """A command is one run: the inputs that earlier runs in this process noted (tests, scripts) no longer count."""
    from ..output import forget_inputs

    forget_inputs()


def echo_json(data: Any) -> None:
    """Print JSON the same way everywhere: indented, UTF-8, stable key order."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


# --- findings -> output and exit code: one policy for every command -------------------------------------

_MIN_MESSAGE_WIDTH = 40


def findings_table(findings: Sequence[Finding], width: int | None = None) -> list[str]:
    """Findings as aligned text lines: severity, code, where, item, then the message wrapped to fit.

    "Where" is SHEET and CELL for workbook findings, LINE and PATH for files read by line (answers,
    CQC records and reports). ``width`` is the terminal width (from $COLUMNS or the terminal; 100 when
    neither is known). When the message column would be narrower than 40 characters, each message goes
    on its own indented lines below its row instead.
    """
    if not findings:
        return []
    import shutil  # imported when a table is drawn: most runs draw none
    import textwrap

    from ..load import assessment_kind

    width = width or shutil.get_terminal_size((100, 24)).columns
    by_line = not any(f.sheet for f in findings) and any(f.line or f.path for f in findings)
    headings = (
        ("SEVERITY", "CODE", "LINE", "PATH", "ITEM")
        if by_line
        else ("SEVERITY", "CODE", "SECTION", "PLACE", "ITEM")
        if {assessment_kind(f.file) for f in findings if f.file} == {"form"}  # only Word forms: no sheets, no cells
        else ("SEVERITY", "CODE", "SHEET", "CELL", "ITEM")
    )

    def where(f: Finding) -> tuple[str, str]:
        if by_line:
            return (str(f.line) if f.line else "-", f.path or "-")
        return (f.sheet or "-", f.cell or "-")

    rows = [(*headings, "MESSAGE")] + [
        (f.severity.value, f.code, *where(f), f.item or "-", f.message) for f in findings
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    indent = sum(widths) + 2 * 5
    narrow = width - indent < _MIN_MESSAGE_WIDTH
    lines = []
    for n, r in enumerate(rows):
        left = "  ".join(r[i].ljust(widths[i]) for i in range(5))
        if narrow:
            lines.append(left.rstrip() if n else left + "  MESSAGE (below)")
            if n:
                wrapped = textwrap.wrap(r[5], max(width - 4, 20), break_on_hyphens=False, break_long_words=False)
                lines.extend("    " + p for p in wrapped)
            continue
        parts = textwrap.wrap(r[5], width - indent, break_on_hyphens=False, break_long_words=False) or [""]
        lines.append(left + "  " + parts[0])
        lines.extend(" " * indent + p for p in parts[1:])
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts_text(findings: Sequence[Finding]) -> str:
    """``2 errors, 1 warning`` (with notes when there are any)."""
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity == Severity.WARNING)
    notes = len(findings) - errors - warnings
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}" + (
        f", {_plural(notes, 'note')}" if notes else ""
    )


def finding_json(f: Finding) -> dict[str, Any]:
    """The one JSON shape of a finding, in every command's --json output."""
    return {
        "code": f.code,
        "severity": f.severity.value,
        "file": f.file,
        "line": f.line,
        "path": f.path,
        "sheet": f.sheet,
        "cell": f.cell,
        "item": f.item,
        "message": f.message,
    }


class Policy:
    """The one policy for what a command prints about its inputs and how it exits.

    - Every finding of every input is shown: as the findings table on stderr, or with --json inside the
      printed JSON document (``findings``) and nowhere else. Warnings and notes never change the exit code.
    - An input with an error, or one that could not be loaded, is refused: nothing is made from it (no score,
      summary, report, calibration or comparison entry), one line on stderr says so, and no file the command
      would have written from it is written (each is named: "X was not written").
    - The exit code is 1 when any input was refused or a file was not written, else 0.

    Usage: ``policy = Policy("score", as_json)``; ``value = policy.take(load_...(path))`` (None when refused);
    at the end ``policy.exit(payload)``.
    """

    def __init__(self, command: str, as_json: bool = False, several: bool = False):
        self.command = command
        self.as_json = as_json
        self.several = several  # more than one input: each table is headed by its file
        self.inputs: list[Loaded[Any]] = []
        self.unwritten: list[Path] = []
        self.rejected: list[tuple[str, str]] = []

    @property
    def findings(self) -> list[Finding]:
        return [f for item in self.inputs for f in item.findings]

    @property
    def refused(self) -> list[Loaded[Any]]:
        return [item for item in self.inputs if not item.ok]

    def take(self, loaded: Loaded[T]) -> T | None:
        """Record one loaded input, show its findings (text mode), and return its value only if it may be used."""
        self.inputs.append(loaded)
        if not self.as_json and loaded.findings:
            if self.several:
                click.echo(f"{loaded.source}: {counts_text(loaded.findings)}", err=True)
            for line in findings_table(loaded.findings):
                click.echo(line, err=True)
        if loaded.ok:
            return loaded.value
        if not self.as_json:
            what = "cannot be read" if loaded.value is None else f"has {_plural(len(loaded.errors), 'error')}"
            click.echo(f"{loaded.source} {what}; it was not used: fix what is listed above and run again.", err=True)
        return None

    def reject(self, source: str, reason: str) -> None:
        """An input that loaded cleanly but cannot take part (e.g. another framework than the first file's)."""
        self.rejected.append((source, reason))
        if not self.as_json:
            click.echo(f"Skipped {source}: {reason}", err=True)

    def not_written(self, *paths: Path | None) -> None:
        """Files the command did not write because an input was refused; each is named on stderr."""
        for path in paths:
            if path is not None:
                self.unwritten.append(path)
                if not self.as_json:
                    click.echo(f"{path} was not written: fix the errors above and run again.", err=True)

    @property
    def code(self) -> int:
        return int(ExitCode.PROBLEMS if self.refused or self.unwritten or self.rejected else ExitCode.OK)

    def exit(self, payload: dict[str, Any] | None = None) -> NoReturn:
        """Print the JSON document (with --json) and exit with the policy's code."""
        if self.as_json:
            data = dict(payload or {})
            data["findings"] = [finding_json(f) for f in self.findings]
            if self.unwritten:
                data["not_written"] = [str(p) for p in self.unwritten]
            if self.rejected:
                data["skipped"] = [{"source": s, "reason": r} for s, r in self.rejected]
            echo_json(data)
        raise SystemExit(self.code)


def finish(inputs: Loaded[Any] | Iterable[Loaded[Any]], *, command: str, as_json: bool = False) -> int:
    """Apply the policy to inputs already loaded (show their findings) and return the exit code."""
    from ..load import Loaded as _Loaded

    policy = Policy(command, as_json)
    items = [inputs] if isinstance(inputs, _Loaded) else list(inputs)
    policy.several = len(items) > 1
    for item in items:
        policy.take(item)
    return policy.code
