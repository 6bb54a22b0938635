"""The one way out (assessment_builder.output): atomic no-clobber, umask and kept modes, inputs never
replaced, temporary files removed on signals, disk errors as one line."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from assessment_builder import output
from assessment_builder.errors import OutputExists, UsageError
from assessment_builder.output import (
    OutputUnwritable,
    atomic_write,
    atomic_write_all,
    atomic_write_bytes,
    atomic_write_text,
    note_input,
)

CHILD = Path(__file__).resolve().parent / "_writer_child.py"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")


@pytest.fixture(autouse=True)
def _fresh_inputs():
    saved = dict(output._INPUTS)
    output._INPUTS.clear()
    yield
    output._INPUTS.clear()
    output._INPUTS.update(saved)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def _child(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )


# ---------------------------------------------------------------- no-clobber


def test_without_force_an_existing_file_is_kept(tmp_path):
    out = tmp_path / "a.txt"
    atomic_write_text(out, "first")
    with pytest.raises(OutputExists, match="already exists; choose another name or add --force"):
        atomic_write_text(out, "second")
    assert out.read_text() == "first"
    assert _leftovers(tmp_path) == []


def test_a_file_made_while_writing_is_not_replaced(tmp_path):
    """The guarantee is at the move, not the early check: another run's file made meanwhile wins."""
    out = tmp_path / "a.txt"

    def write(tmp: Path) -> None:
        tmp.write_text("mine")
        out.write_text("theirs")

    with pytest.raises(OutputExists):
        atomic_write(out, write)
    assert out.read_text() == "theirs"
    assert _leftovers(tmp_path) == []


def test_a_dangling_symlink_is_not_written_through(tmp_path):
    out = tmp_path / "a.txt"
    out.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(OutputExists):
        atomic_write_text(out, "x")
    assert not (tmp_path / "elsewhere.txt").exists()


def test_without_hard_links_the_name_is_claimed_exclusively(tmp_path, monkeypatch):
    """A disk without hard links (FAT, some shares; not available here) uses an O_EXCL claim."""

    def no_link(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_link)
    out = tmp_path / "a.txt"
    atomic_write_text(out, "first")
    assert out.read_text() == "first"

    other = tmp_path / "c.txt"

    def write(tmp: Path) -> None:
        tmp.write_text("mine")
        other.write_text("theirs")  # another run made the name meanwhile

    with pytest.raises(OutputExists):
        atomic_write(other, write)
    assert other.read_text() == "theirs"
    assert _leftovers(tmp_path) == []


def test_concurrent_writers_exactly_one_wins(tmp_path):
    """Eight processes, all past the early check before any finishes: one file, the winner's, whole."""
    count = 8
    out, sync = tmp_path / "same.txt", tmp_path / "sync"
    sync.mkdir()
    children = [_child("race", str(out), str(sync), str(i), str(count)) for i in range(count)]
    deadline = time.monotonic() + 120
    while len(list(sync.glob("ready-*"))) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    (sync / "go").touch()
    results = [(c.wait(timeout=180), *c.communicate()) for c in children]
    winners = [o for rc, o, _ in results if rc == 0]
    assert len(winners) == 1, results
    assert all(rc == 1 and "already exists" in o for rc, o, _ in results if rc != 0), results
    assert all("Traceback" not in e for _, _, e in results)
    index = winners[0].split()[-1]
    assert out.read_bytes() == f"writer {index}\n".encode() * 20000
    assert _leftovers(tmp_path) == []


def test_cli_new_twice_at_once_one_wrote_one_refused(tmp_path):
    cmd = [sys.executable, "-m", "assessment_builder", "new", "--council", "X", "-o", "same.xlsx"]
    runs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    runs.append(subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(r.wait(timeout=300), *r.communicate()) for r in runs]
    assert sorted(rc for rc, _, _ in results) == [0, 1], results
    assert sum(o.startswith("Wrote") for _, o, _ in results) == 1
    (refused,) = [e for rc, _, e in results if rc == 1]
    assert "already exists" in refused and "Traceback" not in refused
    assert refused.strip().count("\n") == 0
    assert _leftovers(tmp_path) == []


# ---------------------------------------------------------------- permissions


@POSIX
@pytest.mark.parametrize(("mask", "mode"), [("022", 0o644), ("027", 0o640), ("002", 0o664)])
def test_new_files_follow_the_umask(tmp_path, mask, mode):
    out = tmp_path / "a.txt"
    subprocess.run([sys.executable, str(CHILD), "umask", mask, str(out)], check=True)
    assert stat.S_IMODE(out.stat().st_mode) == mode


@POSIX
def test_force_keeps_the_mode_of_a_shared_file(tmp_path):
    out = tmp_path / "shared.txt"
    out.write_text("old")
    out.chmod(0o664)
    subprocess.run([sys.executable, str(CHILD), "umask", "077", str(out), "force"], check=True)
    assert out.read_text() == "written\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o664


def test_umask_is_read_without_changing_it():
    before = os.umask(0o027)
    try:
        assert output.current_umask() == 0o027
        assert output.current_umask() == 0o027
    finally:
        os.umask(before)


# ---------------------------------------------------------------- inputs


@pytest.fixture
def an_input(tmp_path):
    (tmp_path / "x").mkdir()
    source = tmp_path / "x.xlsx"
    source.write_bytes(b"the council's work")
    note_input(source)
    return source


def _refused(out: Path) -> None:
    with pytest.raises(UsageError, match="is an input of this command"):
        atomic_write_bytes(out, b"overwritten", force=True)


def test_an_input_is_never_replaced_even_with_force(an_input):
    _refused(an_input)
    assert an_input.read_bytes() == b"the council's work"


def test_an_input_by_another_spelling_is_refused(an_input, monkeypatch):
    monkeypatch.chdir(an_input.parent)
    _refused(Path("./x/../x.xlsx"))
    _refused(Path(os.path.relpath(an_input)))
    assert an_input.read_bytes() == b"the council's work"


def test_an_input_by_hard_link_is_refused(an_input):
    link = an_input.parent / "hard.xlsx"
    os.link(an_input, link)
    _refused(link)
    assert an_input.read_bytes() == b"the council's work"


def test_writing_through_a_symlink_to_an_input_is_refused(an_input):
    link = an_input.parent / "soft.xlsx"
    link.symlink_to(an_input)
    _refused(link)
    assert link.is_symlink() and an_input.read_bytes() == b"the council's work"
    assert _leftovers(an_input.parent) == []


def test_an_input_noted_through_a_symlink_is_protected(tmp_path):
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"work")
    (tmp_path / "link.xlsx").symlink_to(real)
    note_input(tmp_path / "link.xlsx")
    _refused(real)


def test_other_files_may_still_be_replaced(an_input):
    other = an_input.parent / "other.xlsx"
    other.write_bytes(b"old")
    atomic_write_bytes(other, b"new", force=True)
    assert other.read_bytes() == b"new"


# ---------------------------------------------------------------- signals


@POSIX
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path, signum):
    out, marker = tmp_path / "out.xlsx", tmp_path / "marker"
    child = _child("hold", str(out), str(marker))
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.exists(), child.communicate()
        assert _leftovers(tmp_path), "the child should be inside the write"
        child.send_signal(signum)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert err.strip().startswith("Interrupted (") and err.strip().count("\n") == 0, err
    assert not out.exists()
    assert _leftovers(tmp_path) == []


@POSIX
def test_cleanup_is_idempotent_and_keeps_ignored_signals():
    script = (
        "import signal\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "from assessment_builder import output\n"
        "output.install_signal_cleanup(); output.install_signal_cleanup()\n"
        "assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN\n"
        "assert signal.getsignal(signal.SIGTERM) is output._on_signal\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


@POSIX
def test_a_forked_worker_dies_of_sigterm_as_it_would_without_the_handler():
    """compare's worker processes inherit the handler; a SIGTERM must still end them, quietly."""
    script = (
        "import multiprocessing as mp, os, signal, time\n"
        "from assessment_builder import output\n"
        "output.install_signal_cleanup()\n"
        "ctx = mp.get_context('fork')\n"
        "worker = ctx.Process(target=time.sleep, args=(120,), daemon=True)\n"
        "worker.start()\n"
        "os.kill(worker.pid, signal.SIGTERM)\n"
        "worker.join(30)\n"
        "print(worker.exitcode)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == str(-signal.SIGTERM), done
    assert "Traceback" not in done.stderr


def test_leftovers_are_removed_as_a_backstop(tmp_path):
    """Should an interruption escape atomic_write's own cleanup, the exit handler removes the file."""
    kept = []

    def write(tmp: Path) -> None:
        tmp.write_text("half")
        kept.append(tmp)
        output._forget(tmp)  # as if the cleanup were skipped ...
        output._remember(tmp)  # ... with the file still on the list
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "a.txt", write)
    output.remove_leftovers()
    assert not kept[0].exists() and output._LIVE == {}


# ---------------------------------------------------------------- disk errors


def _no_space(tmp: Path) -> None:
    with tmp.open("wb") as fh:
        fh.write(b"part")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_one_line(tmp_path):
    out = tmp_path / "a.xlsx"
    with pytest.raises(OutputUnwritable) as caught:
        atomic_write(out, _no_space)
    message = str(caught.value)
    assert f"could not write '{out}'" in message and "the disk is full" in message and "\n" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert not out.exists() and _leftovers(tmp_path) == []


def test_a_missing_file_read_by_the_writer_is_not_called_a_disk_error(tmp_path):
    def write(tmp: Path) -> None:
        (tmp_path / "template.docx").read_bytes()

    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "a.docx", write)
    assert _leftovers(tmp_path) == []


def test_folder_missing_and_output_a_folder_keep_their_messages(tmp_path):
    with pytest.raises(UsageError, match="does not exist; create it first"):
        atomic_write_text(tmp_path / "nope" / "a.txt", "x")
    with pytest.raises(UsageError, match="is a folder; give a file name"):
        atomic_write_text(tmp_path, "x", force=True)


def test_a_name_too_long_is_one_line(tmp_path):
    out = tmp_path / ("n" * 300 + ".xlsx")
    with pytest.raises(OutputUnwritable, match="the file name is too long"):
        atomic_write_text(out, "x")
    assert _leftovers(tmp_path) == []


def _in_private_mount(options: str, folder: Path, command: list[str]) -> subprocess.CompletedProcess:
    """Run ``command`` with a tmpfs mounted on ``folder`` in a private mount namespace (root only)."""
    script = 'mount -t tmpfs -o "$1" tmpfs "$2" || exit 99; dir=$2; shift 2; "$@"; rc=$?; ls -A "$dir"; exit $rc'
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, "sh", options, str(folder), *command],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _mountable(tmp_path: Path) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    return _in_private_mount("size=64k", probe, ["true"]).returncode == 0


def test_new_on_a_really_full_disk_is_one_line(tmp_path):
    if not _mountable(tmp_path):
        pytest.skip("needs root and unshare to mount a tiny tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    cmd = [sys.executable, "-m", "assessment_builder", "new", "--council", "X", "-o", str(disk / "a.xlsx")]
    done = _in_private_mount("size=8k", disk, cmd)
    assert done.returncode == 1, done
    assert "the disk is full" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert done.stdout.strip() == ""  # `ls -A` of the full disk: no output, no temporary file


def test_a_read_only_disk_is_one_line(tmp_path):
    if not _mountable(tmp_path):
        pytest.skip("needs root and unshare to mount a read-only tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    cmd = [sys.executable, "-m", "assessment_builder", "new", "--council", "X", "-o", str(disk / "a.xlsx")]
    done = _in_private_mount("ro", disk, cmd)
    assert done.returncode == 1, done
    assert "is on a read-only disk" in done.stderr and "Traceback" not in done.stderr


@POSIX
def test_a_folder_you_cannot_write_in_is_one_line():
    top = Path(tempfile.mkdtemp())  # pytest's own tmp_path is private to its user
    top.chmod(0o755)
    folder = top / "theirs"
    folder.mkdir()
    folder.chmod(0o555)
    cmd = [sys.executable, "-m", "assessment_builder", "new", "--council", "X", "-o", str(folder / "a.xlsx")]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root writes anywhere; needs setpriv to run as another user")
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    finally:
        folder.chmod(0o755)
        left = list(folder.iterdir())
        shutil.rmtree(top)
    if "No module named" in done.stderr or done.returncode == 126:
        pytest.skip("the other user cannot run this interpreter")
    assert done.returncode == 1, done
    assert f"you cannot write in the folder '{folder}'" in done.stderr and "Traceback" not in done.stderr
    assert left == []


# ---------------------------------------------------------------- several files, all or none


@pytest.fixture
def three(tmp_path) -> tuple[list[Path], list[Path]]:
    """Three existing targets in two folders (the second alone in its own), each with its own mode."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    targets = [one / "a.xlsx", two / "b.xlsx", one / "c.xlsx"]
    for mode, target in zip((0o664, 0o640, 0o600), targets):
        target.write_bytes(f"old {target.name}".encode())
        target.chmod(mode)
    return targets, [one, two]


def _state(folders: list[Path]) -> dict[str, tuple[bytes, int]]:
    return {
        f"{p.parent.name}/{p.name}": (p.read_bytes(), stat.S_IMODE(p.lstat().st_mode))
        for folder in folders
        for p in sorted(folder.iterdir())
    }


def test_all_with_force_replaces_every_target_keeping_modes(three):
    targets, folders = three
    before = _state(folders)
    atomic_write_all(targets, lambda out, tmp: tmp.write_text(f"new {out.name}"), force=True)
    after = _state(folders)
    assert sorted(after) == sorted(before), "no temporary or backup file is left"
    for key, (data, mode) in after.items():
        assert data == f"new {key[4:]}".encode() and mode == before[key][1]


def _noted(targets: list[Path], folders: list[Path]) -> None:
    note_input(targets[1])  # the second target turns out to be an input of the run


def _a_folder(targets: list[Path], folders: list[Path]) -> None:
    os.chmod(folders[1], 0o555)  # the second target's folder cannot be written


def _no_space_in_last(targets: list[Path], folders: list[Path]) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _ctrl_c(targets: list[Path], folders: list[Path]) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("mischief", "error"),
    [
        (_noted, UsageError),
        pytest.param(
            _a_folder,
            OutputUnwritable,
            marks=pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere"),
        ),
        (_no_space_in_last, OutputUnwritable),
        (_ctrl_c, KeyboardInterrupt),
    ],
)
def test_all_with_force_a_failure_leaves_every_file_as_it_was(three, mischief, error):
    """The first target is replaced before the second fails: it is put back byte for byte, mode and all."""
    targets, folders = three
    before = _state(folders)

    def write(out: Path, tmp: Path) -> None:
        tmp.write_text(f"new {out.name}")
        if out == targets[-1]:
            mischief(targets, folders)

    try:
        with pytest.raises(error):
            atomic_write_all(targets, write, force=True)
    finally:
        folders[1].chmod(0o755)
    assert _state(folders) == before, "every original as it was; no temporary or backup file left"
    assert not [name for name in output._LIVE if Path(name).parent in folders], "none left to the exit handler"


def test_all_without_force_an_existing_target_refuses_before_any_work(three):
    targets, folders = three
    before = _state(folders)
    calls = []
    with pytest.raises(OutputExists):
        atomic_write_all([folders[0] / "new.xlsx", *targets], lambda out, tmp: calls.append(out))
    assert calls == [] and _state(folders) == before


def test_all_without_force_a_target_made_meanwhile_takes_back_the_others(tmp_path):
    targets = [tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "c.xlsx"]

    def write(out: Path, tmp: Path) -> None:
        tmp.write_text("ours")
        if out == targets[-1]:
            targets[1].write_text("another run's")

    with pytest.raises(OutputExists):
        atomic_write_all(targets, write)
    assert [p.name for p in tmp_path.iterdir()] == ["b.xlsx"]
    assert targets[1].read_text() == "another run's"


def test_all_refuses_a_target_named_twice(tmp_path):
    with pytest.raises(UsageError, match="named twice"):
        atomic_write_all([tmp_path / "a.xlsx", tmp_path / "." / "a.xlsx"], lambda out, tmp: None)
    assert list(tmp_path.iterdir()) == []


@POSIX
@pytest.mark.parametrize("when", ["writing", "placing"])
def test_all_a_signal_undoes_the_whole_run(three, when):
    """SIGTERM while a part is written, or between two placements (held until all are placed): every
    original is back and no temporary or backup file is left."""
    targets, folders = three
    before = _state(folders)
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from assessment_builder import output, output_many\n"
        "output.install_signal_cleanup()\n"
        "targets = [Path(p) for p in sys.argv[2:]]\n"
        "place = output_many._place\n"
        "def placing(part, force):\n"
        "    place(part, force)\n"
        "    if sys.argv[1] == 'placing' and part.out == targets[0]:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "output_many._place = placing\n"
        "def write(out, tmp):\n"
        "    tmp.write_text('new')\n"
        "    if sys.argv[1] == 'writing' and out == targets[1]:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "try:\n"
        "    output.atomic_write_all(targets, write, force=True)\n"
        "except output.Interrupted as exc:\n"
        "    sys.exit(exc.exit_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, when, *map(str, targets)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert _state(folders) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("through", ["itself", "symlink"])
def test_a_device_or_pipe_is_never_replaced_even_with_force(tmp_path, through):
    """`-o /dev/null --force` replaced the system's /dev/null with the output (as root); a named pipe stands in
    for the device here. Refused as a usage mistake, before and after the work, and nothing is left."""
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    out = pipe if through == "itself" else tmp_path / "link.xlsx"
    if through == "symlink":
        out.symlink_to(pipe.name)
    for force in (False, True):
        with pytest.raises(UsageError, match="is a named pipe, not a file"):
            atomic_write_bytes(out, b"data", force=force)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and os.path.islink(out) == (through == "symlink")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({pipe.name, out.name})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_made_while_writing_is_not_replaced(tmp_path):
    out = tmp_path / "late.json"

    def write(tmp: Path) -> None:
        tmp.write_text("{}", encoding="utf-8")
        os.mkfifo(out)  # appears after the first check

    with pytest.raises(UsageError, match="named pipe"):
        atomic_write(out, write, force=True)
    assert stat.S_ISFIFO(os.lstat(out).st_mode) and [p.name for p in tmp_path.iterdir()] == ["late.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_the_cli_refuses_a_pipe_as_output_with_exit_2(tmp_path):
    os.mkfifo(tmp_path / "out.xlsx")
    result = subprocess.run(
        [sys.executable, "-m", "assessment_builder", "new", "-c", "X", "-o", "out.xlsx", "--force"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "is a named pipe, not a file" in result.stderr, result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "out.xlsx").st_mode)
