"""What every command shares: error handling, exit codes, output helpers."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from ..errors import AssessmentBuilderError, ExitCode


class HandledGroup(click.Group):
    """Turns the package's errors into a clear message and an exit code, in one place.

    No traceback ever reaches a user: an unexpected error is reported as a bug
    with a one-line description (set ASSESSMENT_BUILDER_DEBUG=1 to see the trace).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AssessmentBuilderError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
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


def echo_json(data: Any) -> None:
    """Print JSON the same way everywhere: indented, UTF-8, stable key order."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
