"""Word documents through python-docx: body paragraphs and table cells in order."""
from __future__ import annotations

import io
import zipfile

from ..errors import BrokenFile, NoTextLayer


def extract(data: bytes) -> str:
    import docx  # python-docx; imported here so text-only builds never pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BrokenFile(f"not a readable .docx ({exc.__class__.__name__})") from None
    lines: list[str] = []
    body = document.element.body
    # Walk the body in document order so tables stay where they stood.
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row:
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    lines.append("  ".join(cells))
    content = "\n".join(lines)
    if not content.strip():
        raise NoTextLayer("the .docx holds no text")
    return content
