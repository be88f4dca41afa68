"""Plain text in UTF-8 (with or without BOM), UTF-16/32 or GB18030/GBK.

Byte-order marks and strict UTF-8 settle most files for certain.  A UTF-8
file with a few invalid bytes among much valid non-ASCII text (a byte lost in
a copy) is still UTF-8: those bytes become U+FFFD and a warning names their
offsets.  The rest goes to charset-normalizer, which weighs candidate
encodings by how plausible the decoded text is, and says so when nothing
decodes to text at all.
"""
from __future__ import annotations

import codecs

from ..errors import UnreadableText

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


_LEAD_BYTES = bytes(range(0xC2, 0xF5))
MAX_REPLACED = 16  # invalid bytes a UTF-8 file may hold and still be read as UTF-8


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was found in."""
    text, encoding, _warnings = decoded(data)
    return text, encoding


def decoded(data: bytes) -> tuple[str, str, list[str]]:
    """The text of ``data``, its encoding, and warnings (bytes replaced)."""
    body, encoding = data, "utf-8"
    for bom, name in BOMS:
        if data.startswith(bom):
            if name != "utf-8-sig":
                return _strict(data, name), name, []
            body, encoding = data[len(bom):], name  # UTF-8 all the same: checked below
            break
    try:
        return _checked(body.decode("utf-8").lstrip("\ufeff"), encoding), encoding, []
    except UnicodeDecodeError as exc:
        first = exc.start + len(data) - len(body)
    bad = [k + len(data) - len(body) for k in _invalid_utf8(body)]
    if bad:
        text = _checked(body.decode("utf-8", errors="replace").lstrip("\ufeff"), encoding)
        where = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
        noun = "byte" if len(bad) == 1 else f"{len(bad)} bytes"
        return text, encoding, [f"invalid UTF-8 {noun} at offset {where}, read as U+FFFD"]
    if encoding == "utf-8-sig":  # a UTF-8 mark, then no UTF-8: no guessing
        raise UnreadableText(f"invalid utf-8-sig at byte {first}")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableText("binary data, not text in any supported encoding")
    encoding = best.encoding
    # GBK and GB2312 are subsets of GB18030: decode with the superset so rare
    # characters survive.
    if encoding in ("gbk", "gb2312", "cp936", "hz"):
        encoding = "gb18030"
    return _checked(_strict(data, encoding), encoding), encoding, []


def _invalid_utf8(data: bytes) -> list[int]:
    """Offsets of the invalid sequences when ``data`` is UTF-8 but for a few; else []."""
    bad: list[int] = []
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.append(pos + exc.start)
            pos += exc.end
            if len(bad) > MAX_REPLACED:
                return []
    # real UTF-8 text around them: far more valid multi-byte characters than bad bytes
    leads = len(data) - len(data.translate(None, _LEAD_BYTES))  # bytes that open a multi-byte character
    valid = leads - len(bad)
    return bad if valid >= 50 * len(bad) else []


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableText(f"invalid {encoding} at byte {exc.start}") from None
    return _checked(text.lstrip("\ufeff"), encoding)


def _checked(text: str, encoding: str) -> str:
    # Control characters other than layout ones mean a binary file that happens
    # to decode (e.g. mostly ASCII with NULs).
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 100):
        raise UnreadableText(f"binary data ({controls} control characters after decoding as {encoding})")
    return text
