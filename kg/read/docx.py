"""Word documents through python-docx: body paragraphs and table cells in order.

The ZIP's directory is checked first (:mod:`kg.read.archive`).  python-docx
parses each part with lxml set to ``resolve_entities=False`` (and lxml's
defaults: no DTD loading, no network, no huge trees), so an entity in a part
is never expanded and never fetched; ``tests/test_hostile.py`` holds it to
that.  Failures of the libraries are put in words by :mod:`kg.read`.
"""
from __future__ import annotations

import io

from ..errors import NoTextLayer, UnsupportedFormat
from . import archive

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract(data: bytes) -> str:
    import docx  # python-docx; imported here so text-only builds never pay for it

    archive.checked(data)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except ValueError as exc:
        if "content type is" not in str(exc):
            raise
        # python-docx opens documents only, not templates (.dotx) or macro-enabled files (.docm)
        kind = str(exc).rsplit("content type is", 1)[1].strip(" '")
        raise UnsupportedFormat(f"a Word file of another kind ({kind}); save it as a .docx document") from None
    lines: list[str] = []
    # Walk the body in document order so tables stay where they stood.
    for child in body.iterchildren(W + "p", W + "tbl"):
        if child.tag == W + "p":
            lines.append(_text(child))
        else:
            for row in child.iter(W + "tr"):
                lines.append("  ".join(_text(cell) for cell in row.iterchildren(W + "tc")))
    content = "\n".join(lines)
    if not content.strip():
        raise NoTextLayer("the .docx holds no text")
    return content


def _text(element) -> str:
    """The characters of the ``w:t`` runs under ``element``.

    A ``w:t`` may hold an XML comment, a processing instruction or an entity
    reference left unexpanded: their own text is no content, what follows
    them (their tail) is.
    """
    parts: list[str] = []
    for t in element.iter(W + "t"):
        parts.append(t.text or "")
        parts.extend(child.tail or "" for child in t)
    return "".join(parts)
