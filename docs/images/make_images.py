"""Regenerate the README's pictures of the Word documents and the HTML summary from the example council.

    python docs/images/make_images.py

Writes the blank template and the report of examples/northshire-completed.xlsx,
turns them into PDF with LibreOffice (soffice) and one page of each into a PNG
with pdftoppm (poppler-utils), so the pictures show what a council sees outside
Word. The HTML summary is rendered by headless Chromium. Needs soffice, pdftoppm and chromium on
the PATH.
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
# (file name, the page to show, the PNG); pages counted from 1: cover, contents, then the body (the
# template's page 3: how the form works, the scale and its first statement)
PAGES = (("template", 3, "template-page.png"), ("report", 3, "report-page.png"))


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
        _summary_screenshot(work)


def _summary_screenshot(work: Path) -> None:
    """The summary as a browser shows it (as of a fixed date, so the picture does not drift)."""
    chromium = _tool("chromium")
    page = work / "summary.html"
    cli = [sys.executable, "-m", "assessment_builder", "summary", str(EXAMPLE), "--as-of", "2025-09-01"]
    subprocess.run([*cli, "-o", str(page)], check=True, capture_output=True)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    png = HERE / "summary-html.png"
    subprocess.run(
        [chromium, *flags, f"--user-data-dir={work / 'chromium'}", "--hide-scrollbars", "--window-size=1100,1400"]
        + [f"--screenshot={png}", page.as_uri()],
        check=True,
        capture_output=True,
    )
    print(f"Wrote {png}")


if __name__ == "__main__":
    main()
