"""The command line: a thin click layer over the library (one module per command group).

Command modules import the library lazily inside each command, so that
``assessment-builder --help`` stays fast: openpyxl, python-docx and Jinja2
load only when a command that needs them runs.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__
from ._common import HandledGroup

# command name -> "module:attribute", loaded on first use
COMMANDS: dict[str, str] = {
    "frameworks": "frameworks_cmd:frameworks",
}


class LazyGroup(HandledGroup):
    """A group whose subcommands are imported only when they are used or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attr)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="assessment-builder")
def main() -> None:
    """Build, read back, score and report adult social care self-assessments.

    Frameworks (the CQC local authority assessment, the LGA adult social care
    peer challenge, or a council's own YAML) drive an Excel workbook and a Word
    document to fill in; the completed workbook is checked, scored the way CQC
    scores, and summarised.

    \b
    Start with:
      assessment-builder frameworks list
      assessment-builder new --council "Example Council" -o self-assessment.xlsx
    """
