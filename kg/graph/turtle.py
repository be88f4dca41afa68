"""Turtle made from key rows in Python, byte for byte as Oxigraph writes it.

Oxigraph's writer needs an Oxigraph term for every statement, and making
those took most of the time of writing a big build's graph.ttl; the text
itself is simple.  A subject's statements are one block (the first line at
column 0, the others after a tab: ``S P O , O ;\\n\\tP O .\\n``) that depends
on that subject's statements alone, so blocks can be made apart (in the
worker that extracted the document) and put together later.

Each distinct term is written once: an IRI under one of the prefixes as a
prefixed name, escaped as Oxigraph escapes it (the Turtle grammar's
PN_LOCAL, checked against Oxigraph for every character in
tests/test_turtle.py); numbers and booleans bare; strings as N-Triples
writes them.  What this does not know for sure (an IRI under no prefix or two,
a blank node) is written by Oxigraph itself.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from .stream import nt_term, ox_term

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = (0, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# the Turtle grammar's PN_CHARS_BASE, PN_CHARS_U and PN_CHARS (https://www.w3.org/TR/turtle/#grammar-production-PN_CHARS)
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F"
         "\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS = _BASE + "_\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_ESCAPED = "!#$&'()*+,/;=?@~%"  # Oxigraph writes these with a backslash wherever they are
_ESC = re.escape(_ESCAPED)
# a local name Oxigraph writes as a prefixed name: '-' and '.' escaped first, '.' escaped last
_LOCAL = re.compile(f"[{_BASE}_:0-9{_ESC}\\-.](?:[{_CHARS}:.{_ESC}]*[{_CHARS}:.{_ESC}])?")
_ESCAPE = str.maketrans({c: "\\" + c for c in _ESCAPED})
# numbers and booleans Oxigraph writes bare (Turtle's INTEGER, DECIMAL, DOUBLE)
_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile("true|false"),
}


class TurtleWriter:
    """Turtle blocks of key rows under ``prefixes`` ({name: namespace})."""

    def __init__(self, prefixes: dict) -> None:
        self.prefixes = {name: str(ns) for name, ns in prefixes.items()}
        by_ns = sorted(((ns, name) for name, ns in self.prefixes.items()), key=lambda p: -len(p[0]))
        # the longest namespace an IRI starts with, at one call; None where another is part of it,
        # which Oxigraph may prefer (kg's are apart)
        self._namespace = re.compile("|".join(re.escape(ns) for ns, _ in by_ns)).match
        self._name = {ns: None if any(ns.startswith(other) for other, _ in by_ns if other != ns) else name
                      for ns, name in by_ns}
        one = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"))
        text = self._oxigraph([one])
        self.header = text[:text.index(b"<urn:s>")]  # the @prefix lines, as Oxigraph writes them first
        self._memo: dict = {}
        self._verbs: dict = {}  # predicates: rdf:type is "a"

    def _oxigraph(self, triples) -> bytes:
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes)

    def term(self, k: tuple) -> str:
        got = self._memo.get(k)
        if got is None:
            if len(self._memo) > 200_000:  # terms of documents long written: let them go
                self._memo.clear()
            got = self._memo[k] = self._term(k)
        return got

    def _term(self, k: tuple) -> str:
        if k[0] == 0:
            return self._iri(k)
        if k[0] == 2:
            _, value, language, datatype = k
            if language or not datatype or datatype == XSD + "string":
                return nt_term(k)
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(value):
                return value
            return nt_term((2, value, "", "")) + "^^" + self._iri((0, datatype))
        return self._written(k)

    def _iri(self, k: tuple) -> str:
        iri = k[1]
        m = self._namespace(iri)
        name = m and self._name[m.group()]
        if name is not None:
            local = iri[m.end():]
            if not local:
                return name + ":"
            if _LOCAL.fullmatch(local):
                text = local.translate(_ESCAPE)
                if local[0] in "-.":
                    text = "\\" + text
                if local[-1] == "." and len(local) > 1:
                    text = text[:-1] + "\\."
                return name + ":" + text
        return self._written(k)

    def _written(self, k: tuple) -> str:
        """A term as Oxigraph writes it in object position (where this is not sure)."""
        text = self._oxigraph([ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox_term(k))])
        line = text[text.index(b"<urn:s> <urn:p> ") + 16:]
        return line[:-3].decode("utf-8")  # less the " .\n"

    def block(self, rows: list[tuple]) -> str:
        """The block of one subject's rows (sorted, distinct)."""
        return self.blocks(rows)[0].decode("utf-8")

    def blocks(self, rows: list[tuple]) -> tuple[bytes, list[tuple]]:
        """Sorted, distinct rows as Turtle without the header: the text and,
        per subject, (subject, offset, length, statements) in it."""
        get, term = self._memo.get, self.term
        verb = self._verbs.get
        pieces: list[bytes] = []
        index: list[tuple] = []
        parts: list[str] = []
        at, subject, first, last, blank = 0, None, 0, None, False

        def close(end: int) -> None:
            nonlocal at
            if blank:  # a blank node: whether Oxigraph nests it or names it is its own business
                text = self._oxigraph([ox.Triple(*map(ox_term, r)) for r in rows[first:end]])[len(self.header):]
            else:
                parts.append(" .\n")
                text = "".join(parts).encode("utf-8")
            pieces.append(text)
            index.append((subject, at, len(text), end - first))
            at += len(text)

        for i, (s, p, o) in enumerate(rows):
            if s != subject:
                if subject is not None:
                    close(i)
                subject, first, last, blank = s, i, p, s[0] == 1
                parts = [get(s) or term(s), " ", verb(p) or self._verb(p), " ", get(o) or term(o)]
            elif p == last:
                parts += (" , ", get(o) or term(o))
            else:
                parts += (" ;\n\t", verb(p) or self._verb(p), " ", get(o) or term(o))
                last = p
            if o[0] == 1:
                blank = True
        if subject is not None:
            close(len(rows))
        return b"".join(pieces), index

    def _verb(self, p: tuple) -> str:
        self._verbs[p] = text = "a" if p == RDF_TYPE else self.term(p)
        return text


@lru_cache(maxsize=4)
def _writer(prefixes: tuple) -> TurtleWriter:
    return TurtleWriter(dict(prefixes))


def writer(prefixes: dict) -> TurtleWriter:
    """One writer per set of prefixes in a process: its terms are kept from one document to the next."""
    return _writer(tuple((name, str(ns)) for name, ns in prefixes.items()))


def row_key(t: ox.Triple) -> tuple:
    """The key row (:func:`kg.graph.write._key` of each term) of an Oxigraph triple."""
    return (_key(t.subject), _key(t.predicate), _key(t.object))


def _key(t) -> tuple:
    if isinstance(t, ox.NamedNode):
        return (0, t.value)
    if isinstance(t, ox.BlankNode):
        return (1, t.value)
    if t.language:
        return (2, t.value, t.language, "")
    datatype = t.datatype.value
    return (2, t.value, "", "" if datatype == XSD + "string" else datatype)


def parse(header: bytes, text: bytes) -> list[tuple]:
    """The key rows of Turtle blocks (without their header)."""
    return [row_key(t) for t in ox.parse(header + text, format=ox.RdfFormat.TURTLE)]


def own_blocks(subject: str, rows: list[tuple], prefixes: dict) -> tuple[list[tuple], tuple[bytes, list[tuple]]]:
    """A document's sorted rows split for the merge: the rows of other
    subjects (organs, persons, roles, files: shared with other documents) and
    the Turtle blocks (:meth:`TurtleWriter.blocks`) of its own, the document
    and what is under its IRI.  No other document makes those, but one may
    cite the document (statements of its subject): the merge then reads that
    block back (:class:`kg.graph.stream.GraphWriter`)."""
    under = subject + "/"
    own, other = [], []
    for row in rows:
        s = row[0][1]
        (own if s == subject or s.startswith(under) else other).append(row)
    return other, writer(prefixes).blocks(own)
