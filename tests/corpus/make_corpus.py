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
    (folder / "encrypted.xlsx").write_bytes(
        ole + "EncryptedPackage".encode("utf-16-le") + "EncryptionInfo".encode("utf-16-le")
    )
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
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
        )
        + b"]>"
    )
    _rezip(
        blank,
        folder / "billion-laughs.xlsx",
        replace={"xl/worksheets/sheet2.xml": laughs + sheet.replace(b"<sheetData>", b"<sheetData>", 1)},
    )
    case("billion-laughs.xlsx", "import", "W105", 1, "exponential entity expansion in a sheet part")
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    _rezip(blank, folder / "external-entity.xlsx", replace={"xl/worksheets/sheet2.xml": xxe + sheet})
    case("external-entity.xlsx", "import", "W105", 1, "an external entity in a sheet part")

    evidence = [
        EvidenceItem(f"E{i}", f"Item {i}", "processes", ["assessing_needs"], dt.date(2025, 1, 1))
        for i in range(big_rows)
    ]
    evidence.append(EvidenceItem("E7", "Duplicate id", "processes", ["assessing_needs"]))
    big = Assessment(fw, "Corpus Council", {}, evidence, [])
    write_workbook(fw, "Corpus Council", folder / f"rows-{big_rows}.xlsx", prefill=big, force=True)
    case(f"rows-{big_rows}.xlsx", "import", "W501", 1, f"{big_rows:,} evidence rows with one duplicate id at the end")

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
        evidence=[
            {"id": "E1", "statements": "QS1", "date": "31/03/2025"},
            {"id": "E2", "statements": "QS1", "date": "last spring"},
        ],
    )
    case("dates-as-text.xlsx", "import", "W404", 0, "dates typed as text (one readable, one not: W403)")
    fill_workbook(
        blank,
        folder / "duplicate-ids.xlsx",
        {},
        evidence=[{"id": "E1", "statements": "QS1"}, {"id": "E1", "statements": "QS2"}],
    )
    case("duplicate-ids.xlsx", "import", "W501", 1, "two evidence items with one id")
    fill_workbook(blank, folder / "dangling-ids.xlsx", {}, evidence=[{"id": "E1", "statements": "QS1, QS10"}])
    case("dangling-ids.xlsx", "import", "W500", 0, "evidence naming a statement that does not exist")
    _edit(blank, folder / "merged-inputs.xlsx", lambda wb: wb[L.SHEET_ASSESSMENT].merge_cells("G5:H5"))
    case("merged-inputs.xlsx", "import", "W304", 0, "cells merged over two inputs")

    (folder / "alias-bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9)
        ),
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


# ---------------------------------------------------------------- the command x corpus matrix

# The commands that read a workbook, as the matrix names them (test_matrix.py says how each is run).
COMMANDS = ("import", "score", "summary", "compare", "report", "calibrate", "new-from", "migrate", "split", "merge")
CARRY = ("new-from", "migrate", "split", "merge")  # commands that carry a council's data into a new workbook
# inputs `import` reads with a warning, but with a cell read as empty: carrying them would lose what was typed
CARRY_WOULD_LOSE = {"dates-as-text.xlsx": "W403", "dangling-ids.xlsx": "W500"}


@dataclass(frozen=True)
class Expect:
    """What one command must do with one input: its exit code and the finding code(s) it must show.

    ``codes`` are alternatives: a full code ("W301") or a prefix ("W1" = any file-level finding);
    one of them must appear in the output. Empty: no code is required (a clean input, or click's
    own usage error for a folder)."""

    exit_code: int
    codes: tuple[str, ...] = ()


def refused(*codes: str) -> Expect:
    return Expect(1, codes)


def warned(*codes: str) -> Expect:
    return Expect(0, codes)


CLEAN = Expect(0)
# a file-level finding of the kind the file was taken for: workbook (W1xx), answers (A1xx), record (R1xx)
NOT_A_WORKBOOK = refused("W1", "A1", "R1")


@dataclass(frozen=True)
class MatrixCase:
    """One corpus file and what every command must do with it.

    role: where the file goes on each command line: "workbook" (the WORKBOOK argument everywhere),
    "answers" (``new --from``; elsewhere it stands where a workbook is expected), "record" (a CQC
    record: ``calibrate --cqc`` and ``compare``; elsewhere as a workbook), "framework" (a framework
    YAML given by mistake). ``made`` names something made at test time ("fifo", "folder")."""

    name: str
    role: str
    expect: Expect  # for every command not in ``per_command``
    why: str
    per_command: tuple[tuple[str, Expect], ...] = ()
    split_by: str = "theme"
    made: str | None = None
    checks: tuple[str, ...] = ()  # named content checks test_matrix.py runs on the outputs

    def expected(self, command: str) -> Expect:
        return dict(self.per_command).get(command, self.expect)


GOOD_ANSWERS = {
    "assessing_needs": {"score": 1, "lead": "Ann Lee", "strengths": "Assessments on time"},
    "supporting_healthier_lives": {"score": 2, "lead": "Ann Lee"},
    "equity_in_experiences_and_outcomes": {"score": 4, "lead": "Bo Chan"},
}
# leads that differ only in case or punctuation, and two in other scripts (Chinese, Cyrillic)
LEADS = (
    "Jane Smith",
    "jane smith",
    "Jane.Smith",
    "\u5f20\u4f1f",
    "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432",
)
GOOD_EVIDENCE = [
    {
        "id": "E1",
        "title": "Waiting list audit",
        "category": "Processes",
        "statements": "QS1, QS2",
        "date": dt.date(2025, 1, 31),
        "owner": "Ann Lee",
        "location": "sharepoint/audit",
    },
    {
        "id": "E2",
        "title": "Equality review",
        "category": "Processes",
        "statements": "QS3",
        "date": dt.date(2024, 11, 5),
        "owner": "Bo Chan",
        "location": "sharepoint/eq",
    },
]
GOOD_ACTIONS = [
    {
        "id": "A1",
        "statement": "QS1",
        "action": "Clear the waiting list",
        "owner": "Ann Lee",
        "due": dt.date(2025, 6, 30),
        "status": "In progress",
    },
    {
        "id": "A2",
        "statement": "QS2",
        "action": "Open two hubs",
        "owner": "Ann Lee",
        "due": dt.date(2025, 9, 30),
        "status": "Not started",
    },
]


def _cli(*args: str) -> None:
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "assessment_builder", *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"building the corpus: {' '.join(args)} failed: {proc.stdout}{proc.stderr}")


def _lo_jobs(good: Path, folder: Path) -> list[tuple[dict, MatrixCase]]:
    """The edits a person makes in LibreOffice, each saved as .xlsx (tests/uno_edit.py does them)."""
    carried = ("carried",)
    return [
        (
            {"edits": []},
            MatrixCase(
                "lo-resaved.xlsx", "workbook", CLEAN, "opened and saved in LibreOffice, no edit", checks=carried
            ),
        ),
        (
            {"edits": [["sort", L.SHEET_ASSESSMENT, "A5:L7", 0, False]]},
            MatrixCase(
                "lo-sorted.xlsx",
                "workbook",
                warned("W305"),
                "T1's rows sorted by code, Z to A (values move, names stay): read by code",
                checks=("by-code", "carried"),
            ),
        ),
        (
            {"edits": [["insert_column", L.SHEET_EVIDENCE, 2, "Reviewer", "Jo"]]},
            MatrixCase(
                "lo-evidence-column-inserted.xlsx",
                "workbook",
                CLEAN,
                "a column inserted in Evidence before Category",
                checks=carried,
            ),
        ),
        (
            {"edits": [["move_column", L.SHEET_ACTIONS, 2, 1]]},
            MatrixCase(
                "lo-actions-column-moved.xlsx",
                "workbook",
                CLEAN,
                "the Action column moved before Statement",
                checks=carried,
            ),
        ),
        (
            {"edits": [["rename_sheet", L.SHEET_EVIDENCE, "Evidence log"]]},
            MatrixCase(
                "lo-evidence-renamed.xlsx",
                "workbook",
                warned("W301"),
                "the Evidence sheet renamed: the table is found by its name",
                checks=carried,
            ),
        ),
        (
            {"edits": [["delete_row", L.SHEET_ASSESSMENT, 5]]},
            MatrixCase(
                "lo-statement-row-deleted.xlsx",
                "workbook",
                refused("W303", "W301"),
                "QS2's row deleted: its names become #REF!, the statement is gone",
            ),
        ),
    ]


def build_matrix(folder: Path, libreoffice: bool = True) -> list[MatrixCase]:
    """Write every file of the matrix corpus into ``folder`` (plus ``_blank.xlsx``, ``_good.xlsx``
    and ``_record.json`` for the commands that need a second input); return what each command must
    do with each."""
    from fill import fill_workbook

    folder.mkdir(parents=True, exist_ok=True)
    cases: list[MatrixCase] = []
    for old in build(folder, big_rows=2000):
        if old.command == "validate":
            cases.append(MatrixCase(old.name, "framework", NOT_A_WORKBOOK, f"a framework YAML: {old.why}"))
        else:
            lost = CARRY_WOULD_LOSE.get(old.name)  # import warns; a carried copy would lose the cell's words
            carry = tuple((c, refused(lost)) for c in CARRY) if lost else ()
            cases.append(MatrixCase(old.name, "workbook", Expect(old.exit_code, (old.code,)), old.why, carry))

    fw = load_framework("cqc-la")
    blank = write_workbook(fw, "Corpus Council", folder / "_blank.xlsx", force=True)
    good = fill_workbook(blank, folder / "_good.xlsx", GOOD_ANSWERS, GOOD_EVIDENCE, GOOD_ACTIONS)
    cases.append(
        MatrixCase("good.xlsx", "workbook", CLEAN, "a completed workbook, as generated and filled", checks=("carried",))
    )
    (folder / "good.xlsx").write_bytes(good.read_bytes())

    def edited(name: str, change, why: str, expect: Expect, **kw) -> None:
        _edit(good, folder / name, change)
        cases.append(MatrixCase(name, "workbook", expect, why, **kw))

    def filled(name: str, answers, why: str, expect: Expect, evidence=None, **kw) -> None:
        fill_workbook(good, folder / name, answers, evidence)
        cases.append(MatrixCase(name, "workbook", expect, why, **kw))

    edited(
        "evidence-deleted.xlsx",
        lambda wb: wb.remove(wb[L.SHEET_EVIDENCE]),
        "the Evidence sheet deleted: the log is not found, nothing is carried without it",
        refused("W306"),
    )

    def ref_name(wb) -> None:
        wb.defined_names["ab_assessing_needs_score"].attr_text = "#REF!"

    edited(
        "ref-name.xlsx",
        ref_name,
        "a defined name pointing at #REF!: read by headings",
        warned("W303"),
        checks=("carried",),
    )
    for name, typed, expect in [
        ("typed-3.0", "3.0", warned("W401")),
        ("typed-2.5", "2.5", refused("W400")),
        ("typed-3-4", "3-4", refused("W400")),
        ("typed-arabic-3", "\u0663", refused("W400")),
        ("typed-fullwidth-4", "\uff14", refused("W400")),
    ]:
        filled(
            f"{name}.xlsx",
            {"partnerships_and_communities": {"score": typed}},
            f"a score typed as text {typed!r}",
            expect,
        )
    semicolon = [{**GOOD_EVIDENCE[0], "statements": "QS1;QS2"}, GOOD_EVIDENCE[1]]
    filled(
        "statements-semicolon.xlsx",
        {},
        "evidence statements written 'QS1;QS2', which the Dashboard does not count: refused",
        refused("W406"),
        evidence=semicolon,
    )
    ids = [s.id for s in fw.statements]
    filled(
        "leads-collide.xlsx",
        {sid: {"lead": lead} for sid, lead in zip(ids, LEADS)},
        "leads that differ only in case or punctuation, and two non-Latin names: one part each",
        CLEAN,
        split_by="lead",
        checks=("one-part-per-lead",),
    )

    def far_cell(wb) -> None:
        from openpyxl.comments import Comment

        cell = wb[L.SHEET_EVIDENCE]["J1048576"]
        cell.value = "stray"
        cell.comment = Comment("a note far away", "someone")

    edited(
        "far-cell.xlsx",
        far_cell,
        "a value and a note in Evidence!J1048576: costs nothing to read, said to be ignored",
        warned("W307"),
        checks=("carried",),
    )

    # answers files (new --from) and CQC records (calibrate --cqc, compare)
    _cli("import", str(good), "-o", str(folder / "answers.json"))
    # an answers file is a council's self-assessment too: every command that reads one takes it
    cases.append(MatrixCase("answers.json", "answers", CLEAN, "answers saved by import -o"))
    peer = folder / "_peer.xlsx"
    _cli("new", "-f", "lga-asc-peer-challenge", "-c", "Corpus Council", "-o", str(peer))
    pc = load_framework("lga-asc-peer-challenge")
    fill_workbook(peer, folder / "_peer-filled.xlsx", {pc.statements[0].id: {"strengths": "Strong partnerships"}})
    _cli("import", str(folder / "_peer-filled.xlsx"), "-o", str(folder / "answers-peer.yaml"))
    cases.append(
        MatrixCase(
            "answers-peer.yaml",
            "answers",
            CLEAN,
            "a peer-challenge answers file: new --from takes its framework",
            # -f cqc-la, a cqc-la part, a cqc-la record: not its framework
            per_command=(("migrate", Expect(2)), ("merge", Expect(2)), ("calibrate", refused("R105"))),
            checks=("peer-framework",),
        )
    )
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    (folder / "answers-bomb.yaml").write_text(
        "framework: {id: cqc-la}\ncouncil: Corpus Council\n" + laughs, encoding="utf-8"
    )
    cases.append(
        MatrixCase("answers-bomb.yaml", "answers", refused("A102"), "an answers YAML alias bomb (9**10 items)")
    )

    import json

    record = {
        "council": "Corpus Council",
        "framework": {"id": "cqc-la", "version": fw.version},
        "source_files": ["corpus-cqc.txt"],
        "statements": {
            s.id: {
                "code": s.code,
                "title": s.title,
                "score": 3,
                "label": None,
                "i_statements": [],
                "we_statement": None,
                "key_findings": [],
                "source": {"file": "corpus-cqc.txt", "line": 1},
            }
            for s in fw.statements
        },
        "findings": [],
    }
    (folder / "_record.json").write_text(json.dumps(record), encoding="utf-8")
    for name, score in (("record-99.json", 99), ("record-four.json", "four")):
        bad = json.loads(json.dumps(record))
        bad["statements"]["assessing_needs"]["score"] = score
        (folder / name).write_text(json.dumps(bad), encoding="utf-8")
        cases.append(
            MatrixCase(
                name,
                "record",
                NOT_A_WORKBOOK,
                f"a CQC record with a score of {score!r}",
                per_command=(("calibrate", refused("R102")), ("compare", refused("R102"))),
            )
        )
    (folder / "corpus-cqc.json").write_bytes((folder / "answers.json").read_bytes())
    cases.append(
        MatrixCase(
            "corpus-cqc.json",
            "record",
            CLEAN,
            "an answers file named as a CQC record: never read as a record",
            per_command=(("calibrate", refused("R103")),),
        )
    )
    (folder / "corpus-answers.json").write_text(json.dumps(record), encoding="utf-8")
    cases.append(
        MatrixCase(
            "corpus-answers.json",
            "answers",
            refused("A103"),
            "a CQC record named as answers: never read as answers",
            per_command=(("compare", CLEAN),),
        )
    )
    report = (ROOT / "tests" / "fixtures" / "cqc" / "northshire-cqc.md").read_text(encoding="utf-8")
    (folder / "report-utf16.txt").write_bytes(report.encode("utf-16"))
    cases.append(
        MatrixCase(
            "report-utf16.txt",
            "record",
            NOT_A_WORKBOOK,
            "a CQC report saved as UTF-16 (Notepad's 'Unicode'): read",
            per_command=(("calibrate", CLEAN), ("compare", CLEAN)),
        )
    )
    cases.append(
        MatrixCase("fifo.xlsx", "workbook", NOT_A_WORKBOOK, "a FIFO named .xlsx: refused, never waited on", made="fifo")
    )
    cases.append(
        MatrixCase(
            "x.xlsx",
            "workbook",
            refused("W100"),
            "a folder named x.xlsx",
            made="folder",
            per_command=(("compare", Expect(2)),),
        )  # compare: an empty folder of inputs
    )

    cases.extend(_word_cases(folder, good))
    if libreoffice:
        from libreoffice import uno_edit

        jobs = _lo_jobs(good, folder)
        uno_edit([{"src": str(good), "dst": str(folder / c.name), **job} for job, c in jobs], folder / "_uno")
        cases.extend(c for _, c in jobs)
    for leftover in ("_peer.xlsx", "_peer-filled.xlsx"):
        (folder / leftover).unlink()
    return cases


def _word_cases(folder: Path, good: Path) -> list[MatrixCase]:
    """Hostile Word forms (issue 18): every command refuses each with the workbook's file-level code."""

    from word_fill import rezip

    form = folder / "_form.docx"
    _cli("template", "--council", "Corpus Council", "-o", str(form), "--force")
    with zipfile.ZipFile(form) as z:
        xml = z.read("word/document.xml")
    dtd = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>' + xml[xml.index(b"?>") + 2 :]
    rezip(form, folder / "form-macro.docm", {"word/vbaProject.bin": b"Attribute VB_Name"})
    rezip(form, folder / "form-bomb.docx", {"word/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    rezip(form, folder / "form-dtd.docx", {"word/document.xml": dtd})
    (folder / "form-not-zip.docx").write_text("a Word form? no, text", encoding="utf-8")
    _cli("report", str(good), "-o", str(folder / "form-report.docx"), "--force")
    form.unlink()
    return [
        MatrixCase("form-macro.docm", "workbook", refused("W103"), "a macro-enabled Word form (.docm)"),
        MatrixCase("form-bomb.docx", "workbook", refused("W105"), "a Word form holding a zip bomb"),
        MatrixCase("form-dtd.docx", "workbook", refused("W105"), "a Word form whose XML declares entities"),
        MatrixCase("form-not-zip.docx", "workbook", refused("W100"), "a text file named .docx"),
        MatrixCase("form-report.docx", "workbook", refused("W203"), "a report given as a completed Word form"),
    ]


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    if "--matrix" in sys.argv:
        for m in build_matrix(out):
            print(f"{m.name:34} {m.role:9} exit {m.expect.exit_code} {','.join(m.expect.codes):10} {m.why}")
    else:
        for c in build(out):
            print(f"{c.name:28} {c.command:9} {c.code}  exit {c.exit_code}  {c.why}")
