"""A child process for tests/test_output.py: writes through assessment_builder.output in ways a test
can race, interrupt or run under another umask.

    python _writer_child.py race OUT SYNC INDEX COUNT   # all COUNT children inside write, then finish
    python _writer_child.py hold OUT MARKER             # the CLI path: write half, make MARKER, wait for a signal
    python _writer_child.py umask MASK OUT [force]      # set the umask before importing the package, then write
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PATIENCE = 120.0  # seconds a child waits for its siblings or its signal before giving up


def _wait_until(condition) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            print("gave up waiting", file=sys.stderr)
            raise SystemExit(3)
        time.sleep(0.01)


def race(out: str, sync: str, index: str, count: str) -> int:
    from assessment_builder.errors import OutputExists
    from assessment_builder.output import atomic_write

    folder, n = Path(sync), int(count)
    (folder / f"ready-{index}").touch()
    _wait_until(lambda: (folder / "go").exists())
    content = f"writer {index}\n".encode() * 20000

    def write(tmp: Path) -> None:
        tmp.write_bytes(content[: len(content) // 2])
        # every writer has passed the early check before any of them moves its file into place
        (folder / f"inside-{index}").touch()
        _wait_until(lambda: len(list(folder.glob("inside-*"))) >= n)
        with tmp.open("ab") as fh:
            fh.write(content[len(content) // 2 :])

    try:
        atomic_write(out, write)
    except OutputExists as exc:
        print(f"exists: {exc}")
        return 1
    print(f"won {index}")
    return 0


def hold(out: str, marker: str) -> int:
    import click

    from assessment_builder.cli._common import HandledGroup
    from assessment_builder.output import atomic_write

    @click.group(cls=HandledGroup)
    def main() -> None:
        """A one-command CLI, handled as the real one is."""

    @main.command()
    def write() -> None:
        def slow(tmp: Path) -> None:
            with tmp.open("wb") as fh:
                fh.write(b"half of a workbook")
                fh.flush()
                Path(marker).touch()
                _wait_until(lambda: False)  # interrupted here by the test's signal

        atomic_write(out, slow)
        click.echo("Wrote")

    main(["write"], prog_name="writer")
    return 0


def umask(mask: str, out: str, force: str = "") -> int:
    os.umask(int(mask, 8))
    from assessment_builder.output import atomic_write_text

    atomic_write_text(out, "written\n", force=bool(force))
    return 0


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    raise SystemExit({"race": race, "hold": hold, "umask": umask}[mode](*args))
