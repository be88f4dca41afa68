"""OFD, legacy Word/WPS and scans: each gives the record its .txt original gives.

The .doc and OCR tests need optional engines (antiword or LibreOffice; the
``ocr`` extra): without them they are skipped, unless CI is set: then they
fail, since .ci/run installs them.
"""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from kg.errors import ArchiveOverLimits, BrokenFile, MissingEngine, UnsupportedFormat
from kg.pipeline import process
from kg.read import doc as doc_reader
from kg.read import ocr, read
from kg.records import record

from . import browser
from .conftest import CORPUS, DATA, GOLD

OFD_DIR = DATA / "ofd"
DOC_DIR = DATA / "doc"
TEXTS = {p.name[:3]: p for p in sorted(CORPUS.glob("*.txt"))}


def same_record(a: Path, b: Path) -> tuple[dict, dict]:
    ra, rb = record(process(read(a))), record(process(read(b)))
    ra.pop("source"), rb.pop("source")
    return ra, rb


def need(missing: str | None) -> None:
    if missing:
        if browser.in_ci():
            pytest.fail(f"CI is set but {missing} (.ci/run installs it)")
        pytest.skip(missing)


# ---------------------------------------------------------------- OFD

# 001 has a sentence whose printed line ends on "；" at the margin, 002 a
# section heading that fills its printed line and a paragraph under it: the
# segmenter tells the wrapped sentence from the new paragraph.


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_ofd_made_from_the_corpus_gives_the_text_record(key):
    source = read(OFD_DIR / f"{key}.ofd")
    assert source.format == "ofd"
    a, b = same_record(TEXTS[key], OFD_DIR / f"{key}.ofd")
    assert b == a


def test_ofd_lines_in_reading_order_whatever_the_file_order():
    # 001 and 003 are written with the objects of each page shuffled
    text = read(OFD_DIR / "003.ofd").text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:3] == ["中共广东机电职业技术学院委员会文件", "院党组〔2020〕3号",
                         "关于在防控疫情中进一步发挥基层党组织战斗堡垒作用和党"]
    # a line drawn one character per TextObject reads as one line
    assert "情告知书、建立疫情工作群、摸排师生健康情况、加强校园管" in lines
    assert "— 1 —" in lines  # the footer, from the template page


def test_ofd_written_by_another_producer():
    # easyofd's PDF→OFD converter on tests/data/004.pdf: its own namespace URI,
    # a page box in points, lower-case size attributes
    source = read(OFD_DIR / "easyofd-004.ofd")
    assert source.format == "ofd"
    doc = process(source)
    assert doc.doc_number == "泉师委组〔2020〕2号"
    assert doc.title == "中共泉州师范学院委员会关于进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用推动疫情防控责任落实的通知"
    assert doc.date == "2020-01-30"
    assert doc.signatories == ["中共泉州师范学院委员会"]
    assert len([s for s in doc.sections if s.level == 1]) == 6


def test_ofd_is_sniffed_from_the_bytes(tmp_path):
    data = (OFD_DIR / "004.ofd").read_bytes()
    for name in ("doc.docx", "doc.zip", "noextension"):
        (tmp_path / name).write_bytes(data)
        assert read(tmp_path / name).format == "ofd"


def test_broken_and_hostile_ofd(tmp_path):
    (tmp_path / "cut.ofd").write_bytes((OFD_DIR / "004.ofd").read_bytes()[:3000])
    with pytest.raises(BrokenFile):
        read(tmp_path / "cut.ofd")
    # an entity in a page: refused, never expanded
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z, zipfile.ZipFile(OFD_DIR / "004.ofd") as src:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.endswith("Page_0/Content.xml"):
                part = part.replace(b"<ofd:Page ", b'<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]><ofd:Page ', 1)
            z.writestr(info.filename, part)
    (tmp_path / "entity.ofd").write_bytes(buf.getvalue())
    source = read(tmp_path / "entity.ofd")  # the other pages still read
    assert "root:" not in source.text
    # a zip bomb: a member that would inflate 1000 times
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", "<OFD/>")
        z.writestr("Doc_0/big.xml", b"\0" * (64 * 2**20))
    (tmp_path / "bomb.ofd").write_bytes(buf.getvalue())
    with pytest.raises(ArchiveOverLimits, match="zip bomb"):
        read(tmp_path / "bomb.ofd")


# ---------------------------------------------------------------- .doc / .wps

def doc_converter() -> str | None:
    return None if doc_reader.converters() else f"no .doc converter ({doc_reader.INSTALL})"


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_doc_made_from_the_corpus_gives_the_text_record(key):
    need(doc_converter())
    assert read(DOC_DIR / f"{key}.doc").format == "doc"
    a, b = same_record(TEXTS[key], DOC_DIR / f"{key}.doc")
    assert b == a


def test_wps_in_word_format_reads(tmp_path):
    # WPS Office writes .wps in the Word binary format; the bytes decide, not the name
    need(doc_converter())
    (tmp_path / "004.wps").write_bytes((DOC_DIR / "004.doc").read_bytes())
    doc = process(read(tmp_path / "004.wps"))
    assert doc.doc_number == "泉师委组〔2020〕2号"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed (the fallback converter)")
def test_libreoffice_reads_what_antiword_reads(monkeypatch):
    monkeypatch.setattr(doc_reader, "converters", lambda: ["soffice"])
    a, b = same_record(TEXTS["003"], DOC_DIR / "003.doc")
    assert b == a


def test_without_a_converter_the_skip_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    with pytest.raises(MissingEngine, match="antiword"):
        read(DOC_DIR / "004.doc")


def test_ole2_that_is_no_word_document(tmp_path):
    # an OLE2 header and a directory naming only a workbook stream
    data = doc_reader.MAGIC + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 2000
    (tmp_path / "book.doc").write_bytes(data)
    with pytest.raises(UnsupportedFormat, match="no Word"):
        read(tmp_path / "book.doc")


# ---------------------------------------------------------------- scans

def ocr_engine() -> str | None:
    """Why scans cannot be made and read here, or None."""
    from .scans import FONT

    if not Path(FONT).is_file():
        return f"no CJK font to render scans with ({FONT}: apt-get install fonts-wqy-zenhei)"
    return None if ocr.available() else f"no OCR engine ({ocr.INSTALL})"


def test_without_ocr_the_skip_says_what_to_install(tmp_path, monkeypatch):
    from reportlab.pdfgen import canvas

    monkeypatch.setattr(ocr, "_ENGINE", None)
    monkeypatch.setitem(__import__("sys").modules, "rapidocr", None)  # as if not installed
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 500, fill=1)
    c.save()
    with pytest.raises(MissingEngine, match=r"without a text layer.*kg\[ocr\]"):
        read(path)
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(MissingEngine, match=r"kg\[ocr\]"):
        read(tmp_path / "scan.png")


@pytest.fixture(scope="module")
def scanned_corpus(tmp_path_factory):
    """Every corpus document rendered as a 300-dpi scan (a PDF of page images), read back."""
    need(ocr_engine())
    from .scans import render, scan_pdf

    out = tmp_path_factory.mktemp("scans")
    docs = {}
    for key, text in TEXTS.items():
        pages, _ = render(text)
        docs[key] = process(read(scan_pdf(pages, out / f"{text.stem}.pdf")))
    return docs


ELEMENTS = ["issuer", "issuer_mark", "copy_number", "secrecy", "urgency", "signers", "doc_number", "title",
            "doc_type", "addressees", "signatories", "date", "attachments", "note", "printed_by", "printed_on",
            "cc", "sections"]


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_scan_gives_every_element_of_the_text_record(key, scanned_corpus):
    from kg.evaluate import norm

    want = record(process(read(TEXTS[key])))
    got = record(scanned_corpus[key])
    for field in ELEMENTS:
        w, g = want[field], got[field]
        if isinstance(w, list):
            assert [norm(x) for x in g] == [norm(x) for x in w], field
        else:
            assert norm(g) == norm(w), field


def test_scans_find_the_key_directives(scanned_corpus, tmp_path):
    from kg.evaluate import evaluate

    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({**record(d), "source": TEXTS[k].name}, ensure_ascii=False) + "\n"
                               for k, d in scanned_corpus.items()), encoding="utf-8")
    found, total = evaluate(GOLD, records).keys
    assert total >= 30 and found / total >= 0.9


def test_ocr_evidence_says_it_was_recognised(scanned_corpus):
    doc = scanned_corpus["003"]
    source = doc.source
    assert source.format == "pdf-ocr"
    assert source.engine.startswith("RapidOCR")
    # every line of the text has its page and box; boxes lie on the page, top down within a page
    assert source.regions and source.regions[-1].page == 4
    lines = source.text.split("\n")
    assert len(lines) == len(source.regions)
    for region, line in zip(source.regions, lines):
        left, top, right, bottom = region.box
        assert 0 <= left < right <= 2480 and 0 <= top < bottom <= 3508
        assert source.text[region.start:region.end] == line
        assert 0 < region.confidence <= 1
    first = [r for r in source.regions if r.page == 1]
    assert [r.box[1] for r in first] == sorted(r.box[1] for r in first)
    # the masthead is red: it was read on its own and comes first
    assert source.text.startswith("中共广东机电职业技术学院委员会文件")
    # evidence points into the recognised text
    for e in doc.evidence:
        raw = source.text[e.start:e.end]
        assert "".join(raw.split()) == "".join(e.value.split()) or e.field in ("date", "printed_on", "doc_number")


def test_ocr_is_said_in_the_graph(scanned_corpus):
    from rdflib import Literal

    from kg.graph.build import add_document, new_dataset
    from kg.graph.ns import KG

    ds = new_dataset(with_ontology=False)
    g = ds.graph(add_document(ds, scanned_corpus["004"]))
    engines = list(g.objects(None, KG.recognisedBy))
    assert engines and str(engines[0]).startswith("RapidOCR")
    assert (None, None, Literal("application/pdf")) in g


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_images_are_read_through_ocr(fmt, tmp_path):
    need(ocr_engine())
    from .scans import render

    pages, _ = render(TEXTS["004"], max_pages=1)
    top = pages[0].crop((0, 0, pages[0].width, 1300))  # number, title, addressees: a third of the work
    path = tmp_path / f"page.{fmt.lower()}"
    top.save(path, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    source = read(path)
    assert source.format == f"{fmt.lower()}-ocr"
    doc = process(source)
    assert doc.doc_number == "泉师委组〔2020〕2号"
    assert doc.addressees == ["各二级党委（党总支）"]


def test_broken_image_is_a_clear_skip(tmp_path):
    need(ocr_engine())
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(BrokenFile, match="not a readable image"):
        read(tmp_path / "scan.png")
    (tmp_path / "photo.jpg").write_bytes(b"this is not a jpeg at all")
    with pytest.raises(BrokenFile):
        read(tmp_path / "photo.jpg")


def test_folders_are_walked_for_every_format(tmp_path):
    from kg.read import discover

    names = ["a.ofd", "b.doc", "c.wps", "d.png", "e.jpg", "f.jpeg", "g.tif", "h.tiff", "i.gif", "j.xls"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover([tmp_path]).files] == names  # every file is sniffed, whatever its name


def test_ofd_of_scanned_pages_is_read_through_ocr(tmp_path):
    need(ocr_engine())
    from .scans import render, scan_ofd

    pages, _ = render(TEXTS["004"], max_pages=1)
    path = scan_ofd([pages[0].crop((0, 0, pages[0].width, 1300))], tmp_path / "scan.ofd")
    source = read(path)
    assert source.format == "ofd-ocr"
    assert source.regions[0].page == 1
    doc = process(source)
    assert doc.doc_number == "泉师委组〔2020〕2号"
