"""Damaged and hostile files: each is read, or skipped with its code and a reason in words.

The files are made by ``tests/hostile.py``.  They go through ``kg.api._one``,
the function a build calls per file, so what is asserted is what a batch
sees: a Document, or a Skipped; never an exception.
"""
from __future__ import annotations

import io
import random
import time
import tracemalloc
import zipfile

import pytest

from kg.api import Skipped, _one
from kg.read import read

from . import hostile
from .conftest import CORPUS

DOC_LINES = [line for line in (CORPUS / "003_fd2a9579d902d1ba.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()]
TITLE = "关于在防控疫情中进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用的通知"


def skipped(path, **kw) -> Skipped:
    outcome = _one(path, **kw)
    assert isinstance(outcome, Skipped), f"{path.name} was built, not skipped"
    assert "\n" not in outcome.reason and "Error" not in outcome.reason, outcome.reason  # words, one line
    return outcome


def skipped_within(path, megabytes: int) -> Skipped:
    """:func:`skipped`, asserting that Python allocated less than ``megabytes`` meanwhile."""
    tracemalloc.start()
    try:
        s = skipped(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < megabytes * 2**20
    return s


def test_pdf_whose_xref_prev_points_at_itself(tmp_path):
    path = tmp_path / "prev.pdf"
    path.write_bytes(hostile.pdf(hostile.pdf_objects(), prev_self=True))
    s = skipped(path)
    assert s.code == "KG103"
    assert s.reason == "not a readable PDF: its structure refers to itself (a reference loop)"


def test_pdf_whose_length_refers_to_itself(tmp_path):
    path = tmp_path / "length.pdf"
    path.write_bytes(hostile.pdf(hostile.pdf_objects(length=b"4 0 R")))
    assert skipped(path).code == "KG103"
    # the same file with a sane /Length is read: the fixture is broken only where it says
    path.write_bytes(hostile.pdf(hostile.pdf_objects()))
    assert "Hello" in read(path).text


def test_pdf_flate_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.pdf_with_content(hostile.PDF_CONTENT + b"\n" + b" " * (100 * 2**20)))
    assert path.stat().st_size < 200 * 1024
    s = skipped_within(path, megabytes=20)
    assert s.code == "KG121" and "decompression bomb" in s.reason


def test_pdf_stream_with_a_bad_checksum_is_recovered_in_linear_time(tmp_path):
    # pdfminer recovers such a stream byte by byte, in quadratic time: minutes for this one
    rng = random.Random(0)
    filler = bytes(rng.choice(b"0123456789abcdef") for _ in range(1_500_000))
    path = tmp_path / "checksum.pdf"
    path.write_bytes(hostile.pdf_with_content(hostile.PDF_CONTENT + b"\n%" + filler + b"\n", bad_checksum=True))
    started = time.perf_counter()
    assert read(path).text.strip() == "Hello"
    assert time.perf_counter() - started < 15


def test_docx_with_broken_xml(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(hostile.with_document_xml(hostile.docx_bytes(DOC_LINES), lambda x: x.replace(b"</w:body>", b"")))
    s = skipped(path)
    assert s.code == "KG103" and s.reason.startswith("not a readable .docx: its XML is malformed")


@pytest.mark.parametrize("change", [
    pytest.param(lambda x: x.replace("发挥".encode(), "发<!-- a comment -->挥".encode()), id="comment-in-text"),
    pytest.param(lambda x: x.replace(b"<w:t>", b"<!-- a comment --><w:t>"), id="comment-in-run"),
    pytest.param(lambda x: x.replace("发挥".encode(), "发<?kg pi?>挥".encode()), id="processing-instruction"),
    pytest.param(lambda x: x.replace("发挥".encode(), b"&#21457;&#x6325;"), id="character-references"),
], )
def test_docx_with_valid_xml_oddities_in_runs_is_read_right(tmp_path, change):
    path = tmp_path / "odd.docx"
    path.write_bytes(hostile.with_document_xml(hostile.docx_bytes(DOC_LINES), change))
    doc = _one(path)
    assert not isinstance(doc, Skipped), doc
    assert doc.title == TITLE


def _with_dtd(dtd: str, reference: str) -> bytes:
    def change(xml: bytes) -> bytes:
        xml = xml.replace(b"<w:document", f"<!DOCTYPE w:document [{dtd}]>".encode() + b"<w:document", 1)
        return xml.replace("发挥".encode(), f"发{reference}挥".encode())
    return hostile.with_document_xml(hostile.docx_bytes(DOC_LINES), change)


def test_docx_external_entities_are_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "entities.docx"
    path.write_bytes(_with_dtd(f'<!ENTITY ext SYSTEM "file://{secret}"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">'
                               '<!ENTITY int "INTERNAL">', "&ext;&net;&int;"))
    doc = _one(path)
    assert not isinstance(doc, Skipped), doc
    assert "SECRET" not in doc.source.text and "INTERNAL" not in doc.source.text
    assert doc.title == TITLE  # the text around the references is kept


def test_docx_billion_laughs_is_refused_not_expanded(tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "laughs.docx"
    path.write_bytes(_with_dtd(f'<!ENTITY l0 "lol">{laughs}', "&l9;"))
    started = time.perf_counter()
    s = skipped(path)
    assert time.perf_counter() - started < 5
    assert s.code == "KG103" and s.reason.startswith("not a readable .docx: its XML is malformed")


def test_docx_with_corrupt_deflate_data(tmp_path):
    path = tmp_path / "deflate.docx"
    path.write_bytes(hostile.corrupt_deflate(hostile.docx_bytes(DOC_LINES)))
    s = skipped(path)
    assert (s.code, s.reason) == ("KG103", "not a readable .docx: compressed data in it is corrupt")


def test_docx_damaged_or_missing_its_parts(tmp_path):
    data = hostile.docx_bytes(DOC_LINES)
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])  # truncated: no central directory
    assert skipped(path).reason == "not a readable .docx: the archive is damaged"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                z.writestr(info, src.read(info.filename))
    path.write_bytes(out.getvalue())
    s = skipped(path)
    assert s.code == "KG103" and s.reason.startswith("not a readable .docx: ")


@pytest.mark.parametrize("name, reason", [
    ("x.pdf", "not a PDF: it does not start like one"),
    ("x.ofd", "not an OFD file: it does not start like one"),
    ("x.png", "not a PNG image: it does not start like one"),
])
def test_file_not_what_its_name_says(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 8)
    assert (skipped(path).code, skipped(path).reason) == ("KG103", reason)


def test_word_template_is_named_not_called_damaged(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(hostile.docx_bytes(DOC_LINES))) as src, zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            z.writestr(info, content)
    path = tmp_path / "template.dotx"
    path.write_bytes(out.getvalue())
    s = skipped(path)
    assert s.code == "KG105" and "template.main+xml" in s.reason and "save it as a .docx" in s.reason


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    path = hostile.zip_bomb(tmp_path / "bomb.docx", megabytes=200)
    assert path.stat().st_size < 1024 * 1024  # small on disk
    s = skipped_within(path, megabytes=20)  # nothing near 200 MB was inflated
    assert s.code == "KG121" and "zip bomb" in s.reason


def test_zip_directory_claiming_too_much_is_refused(tmp_path):
    # a directory that lies (says 600 MB) trips the total limit from the directory alone
    path = tmp_path / "lying.docx"
    path.write_bytes(hostile.lying_directory(hostile.docx_bytes(DOC_LINES), "word/styles.xml", 600 * 2**20))
    s = skipped(path)
    assert s.code == "KG121" and "512 MB" in s.reason


def test_file_over_the_size_limit_is_skipped_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes((CORPUS / "003_fd2a9579d902d1ba.txt").read_bytes() * 200)  # ~1 MB
    s = skipped(path, max_bytes=512 * 1024)
    assert s.code == "KG120" and "over the limit of 0.5 MB" in s.reason and "--max-file-mb" in s.reason


def test_path_longer_than_path_max(tmp_path):
    from kg.read import discover

    path = hostile.deep_file(tmp_path, (CORPUS / "003_fd2a9579d902d1ba.txt").read_bytes())
    s = skipped(__import__("pathlib").Path(path))
    assert s.code == "KG100" and "the path is too long" in s.reason
    # the folder walk reports the folder it cannot enter, naming why
    walk = discover([tmp_path])
    assert walk.files == []
    [(folder, error)] = walk.skipped
    assert error.code == "KG100" and "too long" in error.message
