"""Stable, readable IRIs for the things in the graph.

Names from documents go into IRIs as they are (IRIs allow Chinese), with
every character that is not allowed, or would confuse a reader (spaces,
brackets of markup, quotes, slashes), percent-encoded: text is data.
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/kg-gongwen/id/"
ID = Namespace(BASE)
DOCTYPE = Namespace("https://w3id.org/kg-gongwen/doctype/")
ROLE = Namespace("https://w3id.org/kg-gongwen/role/")

_UNRESERVED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")


def _ucschar(c: str) -> bool:
    """RFC 3987 ucschar, minus white space and invisible characters."""
    o = ord(c)
    if c.isspace() or not c.isprintable():
        return False
    return 0xA0 <= o <= 0xD7FF or 0xF900 <= o <= 0xFDCF or 0xFDF0 <= o <= 0xFFEF or 0x10000 <= o <= 0xEFFFD


def segment(text: str) -> str:
    """``text`` as one IRI path segment."""
    return "".join(c if c in _UNRESERVED or _ucschar(c) else quote(c, safe="") for c in text)


def iri(kind: str, *keys: str) -> URIRef:
    return URIRef(iri_text(kind, *keys))


def iri_text(kind: str, *keys: str) -> str:
    """The text of :func:`iri` (the graph step makes plain keys, not rdflib terms)."""
    return BASE + kind + "/" + "/".join(segment(k) for k in keys)
