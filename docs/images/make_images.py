"""Regenerate the README's pictures of the Word documents from the example council.

    python docs/images/make_images.py

Writes the blank template and the report of examples/northshire-completed.xlsx,
turns them into PDF with LibreOffice (soffice) and one page of each into a PNG
with pdftoppm (poppler-utils), so the pictures show what a council sees outside
Word. Needs soffice and pdftoppm on the PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from assessment_builder.documents import write_report, write_template
from assessment_builder.frameworks import load_framework
from assessment_builder.load import load_assessment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLE = ROOT / "examples" / "northshire-completed.xlsx"
# (file name, the page to show, the PNG); pages counted from 1: cover, contents, then the body
PAGES = (("template", 4, "template-page.png"), ("report", 3, "report-page.png"))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not on the PATH; install LibreOffice and poppler-utils")
    return found


def main() -> None:
    soffice = shutil.which("soffice") or _tool("libreoffice")
    pdftoppm = _tool("pdftoppm")
    loaded = load_assessment(EXAMPLE)
    if loaded.value is None:
        sys.exit(f"cannot read {EXAMPLE}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = [
            write_template(load_framework("cqc-la"), "Northshire County Council", work / "template.docx"),
            write_report(loaded.value, work / "report.docx"),
        ]
        profile = (work / "profile").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp]
            + [str(d) for d in docs],
            check=True,
            capture_output=True,
        )
        for stem, page, png in PAGES:
            out = work / stem
            subprocess.run(
                [pdftoppm, "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile"]
                + [str(work / f"{stem}.pdf"), str(out)],
                check=True,
            )
            shutil.copyfile(out.with_suffix(".png"), HERE / png)
            print(f"Wrote {HERE / png}")


if __name__ == "__main__":
    main()
