"""Reading: encodings are detected from the bytes, Word and PDF through their libraries."""
from __future__ import annotations

import pytest

from kg.errors import BrokenFile, EmptyFile, MissingEngine, NoTextLayer, UnreadableText
from kg.pipeline import process
from kg.read import discover, read

from .conftest import CORPUS, DATA

DOC = CORPUS / "003_fd2a9579d902d1ba.txt"
TEXT = DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
    ("utf-16", "utf-16"),
    ("utf-16-le", None),  # no BOM: found by content
])
def test_text_encodings_are_detected_not_guessed(tmp_path, encoding, expected):
    # the extension says nothing: every file is called .txt
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode(encoding))
    source = read(path)
    assert source.text == TEXT
    if expected:
        assert source.encoding == expected
    assert process(source).doc_number == "院党组〔2020〕3号"


def test_docx_made_by_python_docx_reads_like_the_text(tmp_path, docx_of):
    path = docx_of(tmp_path / "003.docx", [line for line in TEXT.splitlines() if line.strip()])
    source = read(path)
    assert source.format == "docx"
    doc = process(source)
    assert doc.title == "关于在防控疫情中进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用的通知"
    assert doc.printed_on == "2020-02-01"
    assert len([s for s in doc.sections if s.level == 1]) == 3


def test_pdf_with_embedded_cjk_font_reads_like_the_text():
    # tests/data/004.pdf: typeset by reportlab with fonts-wqy-zenhei (see make_pdf.py)
    source = read(DATA / "004.pdf")
    assert source.format == "pdf"
    doc = process(source)
    assert doc.doc_number == "泉师委组〔2020〕2号"
    assert doc.date == "2020-01-30"
    assert doc.signatories == ["中共泉州师范学院委员会"]
    # the page-number footers the PDF carries are not text
    assert "—" not in "".join(line.text for line in doc.lines)


def test_pdf_evidence_points_into_the_extracted_text():
    doc = process(read(DATA / "004.pdf"))
    for e in doc.evidence:
        assert e.start < e.end
        raw = doc.source.text[e.start:e.end]
        assert "".join(raw.split()) == "".join(e.value.split()) or e.field in ("date", "doc_number")


@pytest.mark.parametrize("content, error", [
    (b"", EmptyFile),
    (b"   \n\n", EmptyFile),
    (bytes(range(256)) * 20, UnreadableText),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 400 + b"\x90\x90" * 100, UnreadableText),
])
def test_bad_text_files_raise_a_clear_error(tmp_path, content, error):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error):
        read(path)


def test_broken_docx_and_pdf(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(BrokenFile):
        read(tmp_path / "broken.docx")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises((BrokenFile, NoTextLayer)):
        read(tmp_path / "broken.pdf")


def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 500, fill=1)  # an image-like page with no text
    c.save()
    # without OCR installed the skip says what to install; with it, OCR finds nothing
    with pytest.raises((NoTextLayer, MissingEngine)) as exc:
        read(path)
    assert "text layer" in str(exc.value)


def test_discover_walks_folders_once_each_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "1.docx", "b/3.pdf", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    found = discover([tmp_path, tmp_path / "1.docx"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["1.docx", "b/2.txt", "b/3.pdf"]
