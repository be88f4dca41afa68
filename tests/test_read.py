"""Reading: encodings are detected from the bytes, Word and PDF through their libraries."""
from __future__ import annotations

import codecs

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
    walk = discover([tmp_path, tmp_path / "1.docx"])
    # every extension is read (the bytes are sniffed); hidden files are ignored, and said so
    assert [p.relative_to(tmp_path).as_posix() for p in walk.files] == ["1.docx", "b/2.txt", "b/3.pdf", "notes.md"]
    assert [p.name for p, _why in walk.ignored] == [".hidden.txt"]
    assert walk.skipped == []


TRADITIONAL = """中共某某大學委員會文件
校黨發〔2020〕3號
關於進一步做好疫情防控工作的通知
各學院黨委、各部門：
一、提高政治站位
各級黨組織要充分發揮戰鬥堡壘作用，廣大黨員要發揮先鋒模範作用。
二、嚴格落實責任
各單位必須嚴格執行學校的各項規定，不得擅自返校。
中共某某大學委員會
2020年2月1日
"""


@pytest.mark.parametrize("text, encoding", [
    (TEXT, "utf-16-be"),  # no BOM
    (TEXT, "utf-32"),  # BOM
    (TEXT, "utf-32-le"),  # no BOM
    (TEXT, "utf-32-be"),
    (TEXT, "gb2312"),
    (TRADITIONAL, "big5"),
    (TRADITIONAL, "utf-16"),
])
def test_every_encoding_gives_the_same_record(tmp_path, text, encoding):
    from kg.records import record

    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_bytes(text.encode(encoding))
    expected, got = (record(process(read(tmp_path / name))) for name in ("utf8.txt", "other.txt"))
    assert read(tmp_path / "other.txt").text == text
    assert {k: v for k, v in got.items() if k != "source"} == {k: v for k, v in expected.items() if k != "source"}
    assert got["title"]  # a real record, not two empty ones


def test_utf8_with_a_few_bad_bytes_is_utf8_with_replacements_not_binary(tmp_path):
    data = TEXT.encode("utf-8")
    cut = [len(data) // 3, len(data) // 2]
    path = tmp_path / "doc.txt"
    path.write_bytes(data[:cut[0]] + b"\xff" + data[cut[0]:cut[1]] + b"\xc3" + data[cut[1]:])
    source = read(path)
    assert source.encoding == "utf-8" and source.text.count("\ufffd") == 2
    assert source.warnings == [f"invalid UTF-8 2 bytes at offset {cut[0]}, {cut[1] + 1}, read as U+FFFD"]
    path.write_bytes(codecs.BOM_UTF8 + data[:cut[0]] + b"\xff" + data[cut[0]:])  # with a byte-order mark
    assert read(path).text.count("\ufffd") == 1
    assert read(path).warnings == [f"invalid UTF-8 byte at offset {cut[0] + 3}, read as U+FFFD"]
    # a GB18030 file is still GB18030: its bytes are invalid UTF-8 everywhere, not in a few places
    path.write_bytes(TEXT.encode("gb18030"))
    assert read(path).encoding == "gb18030" and read(path).warnings == []
