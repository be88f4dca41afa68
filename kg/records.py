"""Per-document records: the JSON contract that ``shared/eval/score.py`` reads.

Keys and meanings are those of ``shared/gold/README.md``; keep them stable.
"""
from __future__ import annotations

from .model import Document

KEYS = (
    "source", "issuer", "issuer_mark", "copy_number", "secrecy", "urgency", "signers",
    "doc_number", "title", "doc_type", "addressees", "signatories", "date", "attachments",
    "note", "printed_by", "printed_on", "cc", "sections", "persons", "places", "slogans",
    "referenced_documents", "contacts", "directives",
)


def record(doc: Document) -> dict:
    rec = {
        "source": doc.name,
        "sections": [s.heading for s in doc.sections if s.level == 1],
        "directives": [
            {"actor": d.actor, "modality": d.modality, "action": d.action, "sentence": d.sentence, "section": d.section}
            for d in doc.directives
        ],
    }
    for key in KEYS:
        if key not in rec:
            value = getattr(doc, key, [])
            rec[key] = list(value) if isinstance(value, list) else value
    return {key: rec[key] for key in KEYS}
