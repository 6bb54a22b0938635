"""File-level checks before a workbook is opened: a regular file, size, format, macros, encryption, zip bombs.

These run on the raw bytes and the zip directory only, so a hostile file is
refused before any XML is parsed or any member is decompressed.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path

from ..errors import Finding, Severity

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for a large member
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _error(file: str, code: str, message: str) -> Finding:
    return Finding(code=code, severity=Severity.ERROR, message=message, file=file)


def _kind(mode: int) -> str:
    """What a path that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _part_with_dtd(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str | None:
    """The first XML part whose prolog declares a DOCTYPE or ENTITY (read 4 KB at most of each)."""
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        if info.file_size > MAX_UNCOMPRESSED_BYTES:
            continue  # the size checks report it
        with zf.open(info) as fh:
            head = fh.read(4096).upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            return info.filename
    return None


def check_file(path: Path, display: str | None = None) -> list[Finding]:
    """Every reason the file cannot be read as a workbook; empty when it may be opened."""
    name = display or str(path)
    try:
        info = path.stat()  # stat, never open: opening a FIFO would wait for a writer
    except OSError as exc:
        return [_error(name, "W100", f"cannot read the file: {exc.strerror or exc}; check the path")]
    if stat.S_ISDIR(info.st_mode):
        return [_error(name, "W100", "this is a folder, not a workbook; give the path of the .xlsx file")]
    if not stat.S_ISREG(info.st_mode):
        return [
            _error(
                name,
                "W100",
                f"this is {_kind(info.st_mode)}, not a workbook file, and was not read; save the workbook as a "
                ".xlsx file and give its path",
            )
        ]
    size = info.st_size
    if size == 0:
        return [_error(name, "W100", "the file is empty (0 bytes); it may not have finished saving or copying")]
    if size > MAX_FILE_BYTES:
        return [
            _error(
                name,
                "W101",
                f"the file is {size / 1024 / 1024:.0f} MB; a self-assessment workbook may be at most "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB. Remove embedded files or images and try again",
            )
        ]
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE2_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return [
                _error(
                    name,
                    "W104",
                    "the workbook is encrypted with a password; open it in Excel, remove the password "
                    "(File > Info > Protect Workbook > Encrypt with Password) and save it as .xlsx",
                )
            ]
        return [
            _error(
                name,
                "W102",
                "this is an old Excel 97-2003 (.xls) file; open it in Excel or LibreOffice and save it as "
                "Excel Workbook (.xlsx)",
            )
        ]
    if head[:4] != ZIP_MAGIC:
        return [
            _error(
                name,
                "W100",
                "this is not an Excel .xlsx workbook (it is not a zip package); save it from Excel as "
                "Excel Workbook (.xlsx)",
            )
        ]
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            dtd_part = _part_with_dtd(zf, infos)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        return [
            _error(
                name,
                "W100",
                f"the file is damaged or incomplete ({exc}); re-save it from Excel or use an earlier copy",
            )
        ]
    findings: list[Finding] = []
    if dtd_part:
        findings.append(
            _error(
                name,
                "W105",
                f"the part '{dtd_part}' declares a DTD or XML entities, which Excel never writes; entity "
                "attacks (billion laughs, external entities) use them, so the workbook is not read",
            )
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        findings.append(
            _error(
                name,
                "W103",
                "the workbook contains macros (.xlsm); macros are never run or read: save it as Excel Workbook "
                "(.xlsx) without macros and try again",
            )
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        findings.append(
            _error(
                name,
                "W105",
                f"the workbook expands to {total / 1024 / 1024:.0f} MB when unpacked (at most "
                f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB is read); it may be a zip bomb or hold very large data",
            )
        )
    else:
        for i in infos:
            if i.file_size > 1024 * 1024 and i.compress_size and i.file_size / i.compress_size > MAX_RATIO:
                findings.append(
                    _error(
                        name,
                        "W105",
                        f"the part '{i.filename}' expands {i.file_size // i.compress_size}-fold; this looks like a "
                        "zip bomb and is not read",
                    )
                )
                break
    if "xl/workbook.xml" not in names:
        findings.append(
            _error(name, "W100", "the package has no workbook part (xl/workbook.xml); it is not an Excel workbook")
        )
    return findings
