"""Makers of damaged and hostile files, each the smallest file that shows one fault.

They are written by the tests rather than kept as binaries, so each says
what is wrong with it.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

PDF_CONTENT = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"


def pdf(objects: list[bytes], prev_self: bool = False) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct xref table.

    ``prev_self``: the trailer's /Prev points at this very xref table, so a
    reader that follows /Prev without remembering where it has been loops.
    """
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, prev, xref)
    return bytes(out)


def pdf_objects(length: bytes | None = None) -> list[bytes]:
    """A one-page PDF saying Hello; ``length``: what its content stream's /Length says."""
    length = length if length is not None else b"%d" % len(PDF_CONTENT)
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + length + b" >>\nstream\n" + PDF_CONTENT + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def with_document_xml(data: bytes, change) -> bytes:
    """The .docx ``data`` with word/document.xml replaced by ``change(xml_bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = change(content)
            z.writestr(info, content)
    return out.getvalue()


def _member_data_offset(data: bytes, name: str) -> tuple[zipfile.ZipInfo, int]:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    return info, info.header_offset + 30 + name_len + extra_len


def corrupt_deflate(data: bytes, name: str = "word/document.xml") -> bytes:
    """``data`` with the deflate stream of ``name`` made invalid (block type 3 does not exist)."""
    _info, start = _member_data_offset(data, name)
    out = bytearray(data)
    out[start] = 0xFF  # BFINAL=1, BTYPE=11: "invalid block type"
    return bytes(out)


def zip_bomb(path: Path, megabytes: int = 200) -> Path:
    """A .docx whose document.xml inflates to ``megabytes`` MB of blanks (a few hundred KB on disk).

    Written in chunks, so making it costs no memory either.
    """
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(["关于开展工作的通知"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, base.read(info.filename))
        xml = base.read("word/document.xml")
        head, tail = xml.split(b"<w:body>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head + b"<w:body>")
            chunk = b" " * 2**20
            for _ in range(megabytes):
                member.write(chunk)
            member.write(tail)
    return path


def lying_directory(data: bytes, name: str, claimed: int) -> bytes:
    """``data`` with the central directory claiming ``name`` inflates to ``claimed`` bytes."""
    info, _ = _member_data_offset(data, name)
    encoded = name.encode()
    out = bytearray(data)
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(encoded))  # its central directory entry
    while data[at + 46:at + 46 + len(encoded)] != encoded:
        at = data.rfind(b"PK\x01\x02", 0, at)
    out[at + 24:at + 28] = struct.pack("<I", claimed)  # uncompressed size
    return bytes(out)


def deep_file(top: Path, content: bytes, total: int = 4200) -> str:
    """A file under ``top`` whose path is longer than PATH_MAX (4096 on Linux).

    Made through directory descriptors, one 200-character level at a time,
    since no call taking the whole path would accept it.  Returns the path.
    """
    fd = os.open(top, os.O_RDONLY)
    path = str(top)
    try:
        while len(os.fsencode(path)) < total:
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
            path += "/" + name
        out = os.open("doc.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, content)
        os.close(out)
    finally:
        os.close(fd)
    return path + "/doc.txt"


def pdf_with_content(body: bytes, bad_checksum: bool = False) -> bytes:
    """A one-page PDF whose content stream is ``body``, Flate-compressed; ``bad_checksum``: its last byte flipped."""
    import zlib

    compressed = bytearray(zlib.compress(body))
    if bad_checksum:
        compressed[-1] ^= 0xFF
    objects = pdf_objects()
    objects[3] = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + bytes(compressed)
                  + b"\nendstream")
    return pdf(objects)
