"""Seeded byte-level mutations of documents, for the fuzz test and ``bench/fuzz_readers.py``.

A variant is the original with one to four random edits: bytes flipped,
set to a boundary value (00 7F 80 FF), inserted, deleted, copied over from
elsewhere in the file, or the file cut short.  For a .docx half the variants
mutate the inflated ``word/document.xml`` and zip it again with a correct
CRC, so the XML and the code after it are reached, not only the ZIP layer.
"""
from __future__ import annotations

import random

from .hostile import with_document_xml


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        op = rng.randrange(6)
        at = rng.randrange(len(out))
        if op == 0:
            out[at] ^= rng.randint(1, 255)
        elif op == 1:
            out[at] = rng.choice((0x00, 0x7F, 0x80, 0xFF))
        elif op == 2:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            del out[at:at + rng.randint(1, 64)]
        elif op == 4:
            src = rng.randrange(len(out))
            n = rng.randint(1, 64)
            out[at:at + n] = out[src:src + n]
        else:
            del out[rng.randint(len(out) // 2, len(out)):]
    return bytes(out)


def mutate_docx_xml(data: bytes, rng: random.Random) -> bytes:
    """``data`` (a .docx) with its document.xml mutated, zipped again so the ZIP itself is sound."""
    return with_document_xml(data, lambda xml: mutate(xml, rng))


def variants(data: bytes, fmt: str, n: int, seed: int):
    """``n`` mutated copies of ``data``, the same ones for the same seed."""
    rng = random.Random(f"{fmt}:{seed}")
    for k in range(n):
        if fmt == "docx" and k % 2:
            yield mutate_docx_xml(data, rng)
        else:
            yield mutate(data, rng)
