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
        # what the document prescribes includes what the plans it issues prescribe: the
        # attached documents' directives follow the cover's, each with its part's number
        "directives": [_directive(d) for d in doc.directives] + [
            {**_directive(d), "part": k} for k, part in enumerate(doc.parts, start=1) for d in part.directives],
    }
    for key in KEYS:
        if key not in rec:
            value = getattr(doc, key, [])
            rec[key] = list(value) if isinstance(value, list) else value
    rec.update(mentions(doc))
    out = {key: rec[key] for key in KEYS}
    if doc.parts:
        # attached documents: not in the gold contract (score.py ignores the key)
        out["parts"] = [_part(p) for p in doc.parts]
    return out


PART_KEYS = ("label", "title", "doc_type", "issuer", "signatories", "date", "sections", "slogans",
             "referenced_documents")


def _directive(d) -> dict:
    return {"actor": d.actor, "modality": d.modality, "action": d.action, "sentence": d.sentence,
            "section": d.section, "explicit": d.explicit}


def _part(doc: Document) -> dict:
    rec = record(doc)
    rec["label"] = doc.label
    return {key: rec[key] for key in PART_KEYS}


# record key → (mention kind, the value keys that identify one)
_MENTION_KEYS = {
    "persons": ("person", ("name",)),
    "places": ("place", ("name",)),
    "slogans": ("slogan", ("text",)),
    "referenced_documents": ("citation", ("doc_number", "title")),
    "contacts": ("contact", ("email", "phone", "name")),
}


def mentions(doc: Document) -> dict[str, list]:
    """Each named thing once, in order of first mention."""
    out: dict[str, list] = {}
    for key, (kind, identity) in _MENTION_KEYS.items():
        seen, items = set(), []
        for m in doc.mentions:
            if m.kind != kind:
                continue
            ident = next((m.value[k] for k in identity if m.value.get(k)), None)
            if ident in seen:
                continue
            seen.add(ident)
            items.append(m.value["name"] if key == "places" else m.value["text"] if key == "slogans" else dict(m.value))
        out[key] = items
    return out
