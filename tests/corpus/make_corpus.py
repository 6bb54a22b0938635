"""Build the corpus of bad inputs, each with the finding it must give and the exit code.

The files are made, not stored: a zip bomb or a 100,000-row workbook does not belong in git.
Run `python tests/corpus/make_corpus.py OUT_DIR` to write them for a look by hand; the tests call
:func:`build`.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import openpyxl  # noqa: E402

from assessment_builder import load_framework  # noqa: E402
from assessment_builder.model import Assessment, EvidenceItem  # noqa: E402
from assessment_builder.workbook import layout as L  # noqa: E402
from assessment_builder.workbook import write_workbook  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str
    command: str  # "import" or "validate"
    code: str  # the finding code the output must contain
    exit_code: int
    why: str


def _rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, (replace or {}).get(item.filename, zin.read(item.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def _edit(src: Path, dst: Path, change) -> None:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)


def _cell(wb, name: str):
    (sheet, ref), *_ = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


def build(folder: Path, big_rows: int = 100_000) -> list[Case]:
    """Write every case into ``folder``; return what each must give."""
    from fill import Formula, fill_workbook

    folder.mkdir(parents=True, exist_ok=True)
    fw = load_framework("cqc-la")
    blank = write_workbook(fw, "Corpus Council", folder / "_blank.xlsx", force=True)
    cases: list[Case] = []

    def case(name: str, command: str, code: str, exit_code: int, why: str) -> None:
        cases.append(Case(name, command, code, exit_code, why))

    (folder / "empty.xlsx").write_bytes(b"")
    case("empty.xlsx", "import", "W100", 1, "an empty file")
    (folder / "not-a-zip.xlsx").write_text("Council,Score\nX,3\n", encoding="utf-8")
    case("not-a-zip.xlsx", "import", "W100", 1, "a CSV renamed .xlsx")
    (folder / "truncated.xlsx").write_bytes(blank.read_bytes()[:4000])
    case("truncated.xlsx", "import", "W100", 1, "a download cut short")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024
    (folder / "old.xls").write_bytes(ole + "Workbook".encode("utf-16-le"))
    case("old.xls", "import", "W102", 1, "an Excel 97-2003 file")
    (folder / "encrypted.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + "EncryptionInfo".encode("utf-16-le"))
    case("encrypted.xlsx", "import", "W104", 1, "a password-encrypted workbook")
    _rezip(blank, folder / "macro.xlsm", add={"xl/vbaProject.bin": b"\0" * 512})
    case("macro.xlsm", "import", "W103", 1, "a workbook with a macro")
    with zipfile.ZipFile(folder / "zip-bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(blank) as src:
            for item in src.infolist():
                z.writestr(item.filename, src.read(item.filename))
        with z.open("xl/worksheets/sheet9.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(400):  # 400 MB unpacked, about 400 KB packed
                member.write(chunk)
    case("zip-bomb.xlsx", "import", "W105", 1, "a sheet that expands to 400 MB")
    with zipfile.ZipFile(blank) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    ) + b"]>"
    _rezip(blank, folder / "billion-laughs.xlsx", replace={"xl/worksheets/sheet2.xml": laughs + sheet.replace(b"<sheetData>", b"<sheetData>", 1)})
    case("billion-laughs.xlsx", "import", "W105", 1, "exponential entity expansion in a sheet part")
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    _rezip(blank, folder / "external-entity.xlsx", replace={"xl/worksheets/sheet2.xml": xxe + sheet})
    case("external-entity.xlsx", "import", "W105", 1, "an external entity in a sheet part")

    evidence = [EvidenceItem(f"E{i}", f"Item {i}", "processes", ["assessing_needs"], dt.date(2025, 1, 1)) for i in range(big_rows)]
    evidence.append(EvidenceItem("E7", "Duplicate id", "processes", ["assessing_needs"]))
    big = Assessment(fw, "Corpus Council", {}, evidence, [])
    write_workbook(fw, "Corpus Council", folder / "rows-100000.xlsx", prefill=big, force=True)
    case("rows-100000.xlsx", "import", "W501", 1, f"{big_rows:,} evidence rows with one duplicate id at the end")

    _edit(blank, folder / "metadata-deleted.xlsx", lambda wb: wb.remove(wb[L.SHEET_META]))
    case("metadata-deleted.xlsx", "import", "W200", 0, "no metadata: recognised by its layout, with a warning")

    def rename(wb):
        wb[L.SHEET_ASSESSMENT].title = "My assessment"

    _edit(blank, folder / "sheet-renamed.xlsx", rename)
    case("sheet-renamed.xlsx", "import", "W301", 1, "the Assessment sheet renamed")

    def reword(wb):
        wb[L.SHEET_ASSESSMENT]["C5"] = "We do whatever we like."

    _edit(blank, folder / "wording-edited.xlsx", reword)
    case("wording-edited.xlsx", "import", "W300", 0, "a statement's locked wording retyped")
    for name, value, code in [
        ("score-three", "three", "W400"),
        ("score-5", 5, "W400"),
        ("score-0", 0, "W400"),
        ("score-2.5", 2.5, "W400"),
        ("score-formula", Formula("=1+2"), "W405"),
    ]:
        fill_workbook(blank, folder / f"{name}.xlsx", {"assessing_needs": {"score": value}})
        case(f"{name}.xlsx", "import", code, 1, f"a score of {value!r}")
    fill_workbook(
        blank,
        folder / "dates-as-text.xlsx",
        {},
        evidence=[{"id": "E1", "statements": "QS1", "date": "31/03/2025"}, {"id": "E2", "statements": "QS1", "date": "last spring"}],
    )
    case("dates-as-text.xlsx", "import", "W404", 0, "dates typed as text (one readable, one not: W403)")
    fill_workbook(blank, folder / "duplicate-ids.xlsx", {}, evidence=[{"id": "E1", "statements": "QS1"}, {"id": "E1", "statements": "QS2"}])
    case("duplicate-ids.xlsx", "import", "W501", 1, "two evidence items with one id")
    fill_workbook(blank, folder / "dangling-ids.xlsx", {}, evidence=[{"id": "E1", "statements": "QS1, QS10"}])
    case("dangling-ids.xlsx", "import", "W500", 0, "evidence naming a statement that does not exist")
    _edit(blank, folder / "merged-inputs.xlsx", lambda wb: wb[L.SHEET_ASSESSMENT].merge_cells("G5:H5"))
    case("merged-inputs.xlsx", "import", "W304", 0, "cells merged over two inputs")

    (folder / "alias-bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)),
        encoding="utf-8",
    )
    case("alias-bomb.yaml", "validate", "F108", 1, "a YAML alias bomb")
    (folder / "tabs.yaml").write_text("id: x\nthemes:\n\t- id: y\n", encoding="utf-8")
    case("tabs.yaml", "validate", "F100", 1, "tabs for indentation")
    (folder / "huge.yaml").write_text("# " + "x" * (10 * 1024 * 1024) + "\nid: x\n", encoding="utf-8")
    case("huge.yaml", "validate", "F109", 1, "10 MB of text")
    (folder / "latin1.yaml").write_bytes("id: caf\xe9\ntitle: Caf\xe9\n".encode("latin-1"))
    case("latin1.yaml", "validate", "F100", 1, "bytes that are not UTF-8")
    (folder / "_blank.xlsx").unlink()
    return cases


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    for c in build(out):
        print(f"{c.name:28} {c.command:9} {c.code}  exit {c.exit_code}  {c.why}")
