"""The command line: a thin click layer over the library (one module per command group).

Command modules import the library lazily inside each command, so that
``assessment-builder --help`` stays fast: openpyxl, python-docx and Jinja2
load only when a command that needs them runs.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from .. import __version__
from ._common import HandledGroup

# command name -> "module:attribute", loaded on first use
COMMANDS: dict[str, str] = {
    "frameworks": "frameworks_cmd:frameworks",
    "new": "new_cmd:new",
    "template": "document_cmd:template",
    "import": "read_cmd:import_cmd",
    "score": "read_cmd:score",
    "summary": "report_cmd:summary",
    "compare": "report_cmd:compare",
    "report": "document_cmd:report",
    "migrate": "carry_cmd:migrate",
    "split": "carry_cmd:split",
    "merge": "carry_cmd:merge",
    "cqc-report": "cqc_cmd:cqc_report",
    "calibrate": "cqc_cmd:calibrate",
    "indicators": "indicators_cmd:indicators",
}


class LazyGroup(HandledGroup):
    """A group whose subcommands are imported only when they are used or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self.get_command(ctx, name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        if importlib.util.find_spec(f"{__name__}.{module_name}") is None:
            return None  # a command whose module is not part of this build
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command | None = getattr(module, attr, None)
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
