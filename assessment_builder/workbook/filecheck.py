"""File-level checks before a workbook or a Word form is opened: a regular file, size, format, macros, encryption, zip bombs.

These run on the raw bytes and the zip directory only, so a hostile file is
refused before any XML is parsed or any member is decompressed. What the file
is meant to be (a workbook here, a Word form in documents/) is a ``FileKind``:
the checks are the same, only the words of the findings differ.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path

from ..errors import Finding, Severity
from ..values import record

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed for a large member
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an Office file protected by rights management (a sensitivity label that encrypts, or Restrict Access) names
# these storages in its compound file (MS-OFFCRYPTO 2.2.2 and 2.2.3, for ECMA-376 documents)
_RIGHTS_MANAGED = ("DRMEncryptedDataSpace", "DRMEncryptedTransform")
ZIP_MAGIC = b"PK\x03\x04"


@record(frozen=True)
class FileKind:
    """What a file is meant to be, in the words its findings use, and how its package is recognised."""

    noun: str  # "the workbook is encrypted"
    called: str  # "this is a folder, not a workbook"
    app: str  # the program that saves it
    ext: str  # ".xlsx"
    macro_ext: str  # ".xlsm"
    save_as: str  # "Excel Workbook (.xlsx)", as the program's Save As names it
    size_of: str  # "a self-assessment workbook may be at most ..."
    not_regular: str  # after "this is a device, "
    not_zip: str  # "this is not {not_zip} (it is not a zip package)"
    old_format: str  # W102: an old binary (OLE2) file
    damaged: str  # after "the file is damaged or incomplete (...); "
    main_part: str  # the part every such package holds
    no_main: str  # W100 when it has none
    main_suffix: str | None = None  # a part ending so is taken for the main part too
    encryption_streams: tuple[str, ...] = ("EncryptedPackage", "EncryptionInfo")
    macro_types: tuple[str, ...] = ()  # content types that mark a macro-enabled package


WORKBOOK = FileKind(
    noun="workbook",
    called="workbook",
    app="Excel",
    ext=".xlsx",
    macro_ext=".xlsm",
    save_as="Excel Workbook (.xlsx)",
    size_of="a self-assessment workbook",
    not_regular="not a workbook file, and was not read; save the workbook as a .xlsx file and give its path",
    not_zip="an Excel .xlsx workbook",
    old_format="this is an old Excel 97-2003 (.xls) file; open it in Excel or LibreOffice and save it as Excel "
    "Workbook (.xlsx)",
    damaged="re-save it from Excel or use an earlier copy",
    main_part="xl/workbook.xml",
    no_main="the package has no workbook part (xl/workbook.xml); it is not an Excel workbook",
)


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


def check_file(path: Path, display: str | None = None, kind: FileKind = WORKBOOK) -> list[Finding]:
    """Every reason the file cannot be read as ``kind`` (a workbook); empty when it may be opened."""
    name = display or str(path)
    try:
        info = path.stat()  # stat, never open: opening a FIFO would wait for a writer
    except OSError as exc:
        return [_error(name, "W100", f"cannot read the file: {exc.strerror or exc}; check the path")]
    if stat.S_ISDIR(info.st_mode):
        return [_error(name, "W100", f"this is a folder, not a {kind.called}; give the path of the {kind.ext} file")]
    if not stat.S_ISREG(info.st_mode):
        return [_error(name, "W100", f"this is {_kind(info.st_mode)}, {kind.not_regular}")]
    size = info.st_size
    if size == 0:
        return [_error(name, "W100", "the file is empty (0 bytes); it may not have finished saving or copying")]
    if size > MAX_FILE_BYTES:
        return [
            _error(
                name,
                "W101",
                f"the file is {size / 1024 / 1024:.0f} MB; {kind.size_of} may be at most "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB. Remove embedded files or images and try again",
            )
        ]
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE2_MAGIC:
        data = path.read_bytes()
        if any(s.encode("utf-16-le") in data for s in _RIGHTS_MANAGED):
            return [
                _error(
                    name,
                    "W104",
                    f"the {kind.noun} is protected by a sensitivity label or restricted access (rights management): "
                    f"it is encrypted for the people the label names, and only {kind.app} signed in as one of them "
                    "can open it. If your council's rules allow a copy without that protection, open it in "
                    f"{kind.app}, choose a sensitivity label that does not encrypt (Home > Sensitivity) or set File > "
                    f"Info > Protect {kind.noun.capitalize()} > Restrict Access to Unrestricted Access, and save "
                    f"it as {kind.ext}",
                )
            ]
        if any(s.encode("utf-16-le") in data for s in kind.encryption_streams):
            return [
                _error(
                    name,
                    "W104",
                    f"the {kind.noun} is encrypted with a password; open it in {kind.app}, remove the password "
                    f"(File > Info > Protect {kind.noun.capitalize()} > Encrypt with Password) and save it as "
                    f"{kind.ext}",
                )
            ]
        return [_error(name, "W102", kind.old_format)]
    if head[:4] != ZIP_MAGIC:
        return [
            _error(
                name,
                "W100",
                f"this is not {kind.not_zip} (it is not a zip package); save it from {kind.app} as {kind.save_as}",
            )
        ]
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            dtd_part = _part_with_dtd(zf, infos)
            types = b""
            if kind.macro_types and "[Content_Types].xml" in zf.namelist():
                with zf.open("[Content_Types].xml") as fh:
                    types = fh.read(200_000)  # enough to name the parts; never the whole of a bomb
            mimetype = b""
            if "mimetype" in zf.namelist():  # an OpenDocument file names its type in its first member
                with zf.open("mimetype") as fh:
                    mimetype = fh.read(100)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, KeyError) as exc:
        return [_error(name, "W100", f"the file is damaged or incomplete ({exc}); {kind.damaged}")]
    return _package_problems(name, kind, infos, dtd_part, types, mimetype)


# packages of other kinds, by a part only they have: (part, what the file is, how to make the file wanted)
_OTHER_PACKAGES = (
    (
        "xl/workbook.bin",
        "an Excel Binary Workbook (.xlsb)",
        "in Excel use File > Save As and choose Excel Workbook (.xlsx)",
    ),
    ("xl/workbook.xml", "an Excel workbook", "name it .xlsx and it is read as a workbook"),
    ("word/document.xml", "a Word document", "name it .docx and it is read as a Word form (made by `template`)"),
    ("ppt/presentation.xml", "a PowerPoint presentation", "give the {called} saved as {save_as}"),
)

# an OpenDocument file names its type in its "mimetype" member: (what it is, the type LibreOffice saves instead)
_ODF = {
    b"application/vnd.oasis.opendocument.spreadsheet": (
        "an OpenDocument spreadsheet (.ods, LibreOffice's own format)",
        "Excel 2007-365 (.xlsx)",
    ),
    b"application/vnd.oasis.opendocument.text": (
        "an OpenDocument text document (.odt, LibreOffice's own format)",
        "Word 2007-365 (.docx)",
    ),
}


def _what_it_is(names: set[str], mimetype: bytes, kind: FileKind) -> str | None:
    """What a package without the wanted main part is instead, and how to get the file wanted; None if unknown."""
    for prefix, (what, save_type) in _ODF.items():
        if mimetype.startswith(prefix):
            return (
                f"this is {what}, not {kind.not_zip}: in LibreOffice use File > Save As, choose the file type "
                f"'{save_type}', keep that format when asked, and give the new file"
            )
    for part, what, how in _OTHER_PACKAGES:
        if part in names and part != kind.main_part:
            return f"this is {what}, not {kind.not_zip}: " + how.format(save_as=kind.save_as, called=kind.called)
    return None


def _package_problems(
    name: str,
    kind: FileKind,
    infos: list[zipfile.ZipInfo],
    dtd_part: str | None,
    types: bytes,
    mimetype: bytes = b"",
) -> list[Finding]:
    """What the zip directory (and the content types) say: DTDs, macros, zip bombs, no main part."""
    names = {i.filename for i in infos}
    findings: list[Finding] = []
    if dtd_part:
        findings.append(
            _error(
                name,
                "W105",
                f"the part '{dtd_part}' declares a DTD or XML entities, which {kind.app} never writes; entity "
                f"attacks (billion laughs, external entities) use them, so the {kind.noun} is not read",
            )
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names) or any(t.encode() in types for t in kind.macro_types):
        findings.append(
            _error(
                name,
                "W103",
                f"the {kind.noun} contains macros ({kind.macro_ext}); macros are never run or read: save it as "
                f"{kind.save_as} without macros and try again",
            )
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        findings.append(
            _error(
                name,
                "W105",
                f"the {kind.noun} expands to {total / 1024 / 1024:.0f} MB when unpacked (at most "
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
    suffix = kind.main_suffix
    if kind.main_part not in names and not (suffix and any(n.endswith(suffix) for n in names)):
        findings.append(_error(name, "W100", _what_it_is(names, mimetype, kind) or kind.no_main))
    return findings


def unreadable(name: str, exc: Exception, kind: FileKind = WORKBOOK) -> Finding:
    """The finding for a file that passed the checks but could not be opened: unsafe XML (W105) or damaged (W100)."""
    text = str(exc)
    if "entit" in text.lower() or "forbidden" in text.lower() or type(exc).__module__.startswith("defusedxml"):
        message = (
            f"the {kind.noun} contains unsafe XML ({type(exc).__name__}); it was not read. Re-save it from {kind.app}"
        )
        return _error(name, "W105", message)
    message = (
        f"the {kind.noun} could not be opened ({type(exc).__name__}: {text[:200]}); re-save it from {kind.app} as "
        f"{kind.ext}"
    )
    return _error(name, "W100", message)
