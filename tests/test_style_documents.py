"""A council's branded style document as councils keep it: a Word template (.dotx), or saved by LibreOffice.

Both used to fail: python-docx refuses a template's content type, and it looks styles up by Word's
internal spelling ("heading 1") where LibreOffice writes "Heading 1", so a LibreOffice-saved base
stopped `report` and `template` with "unexpected problem (KeyError ...)". A style document also goes
through the same file guards as every document read (size, zip bomb, DTD, macros, encryption).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import RGBColor
from libreoffice import convert, requires_libreoffice

from assessment_builder.cli import main

TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.fixture
def brand(tmp_path) -> Path:
    branded = docx.Document()
    branded.styles["Heading 1"].font.color.rgb = RGBColor(0x99, 0x00, 0x33)
    branded.sections[0].header.paragraphs[0].text = "Example Council - OFFICIAL"
    path = tmp_path / "brand.docx"
    branded.save(str(path))
    return path


def _as_template(src: Path, dst: Path) -> Path:
    """The same package saved as a Word template (.dotx): only the main part's content type differs."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            zout.writestr(info, data)
    return dst


def _made_with(runner, base: Path, out: Path) -> docx.document.Document:
    result = runner.invoke(
        main, ["template", "--council", "Example Council", "--style-from", str(base), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        assert DOCUMENT_TYPE in z.read("[Content_Types].xml")  # a document, never a template
    return docx.Document(str(out))


def test_a_word_template_dotx_is_a_branded_base(runner, brand, tmp_path):
    base = _as_template(brand, tmp_path / "brand.dotx")
    before = base.read_bytes()
    doc = _made_with(runner, base, tmp_path / "form.docx")
    assert doc.sections[0].header.paragraphs[0].text == "Example Council - OFFICIAL"
    assert base.read_bytes() == before


@requires_libreoffice
@pytest.mark.parametrize("target", ["docx", "dotx"])
def test_a_base_saved_by_libreoffice_is_used_with_its_headings(runner, brand, tmp_path, target):
    saved = convert(brand, tmp_path / "lo", target)
    out = tmp_path / f"report-{saved.suffix[1:]}.docx"
    example = Path(__file__).resolve().parents[1] / "examples" / "northshire-completed.xlsx"
    result = runner.invoke(main, ["report", str(example), "--style-from", str(saved), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2"} <= {s.title() if s.lower().startswith("heading") else s for s in styles}


def test_a_style_document_with_macros_is_refused_before_it_is_opened(runner, brand, tmp_path):
    macro = tmp_path / "brand.docm"
    with zipfile.ZipFile(brand) as zin, zipfile.ZipFile(macro, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("word/vbaProject.bin", b"\0" * 16)
    result = runner.invoke(
        main, ["template", "--council", "X", "--style-from", str(macro), "-o", str(tmp_path / "t.docx")]
    )
    assert result.exit_code == 1
    assert f"cannot use '{macro}' as the style document" in result.output and "macros" in result.output
