"""The corpus at a glance: the counts the entry page shows."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib.namespace import RDF

from ..graph.ns import KG
from . import facts, vocab
from .project import Corpus

TOP = 15


@dataclass
class Bar:
    label: str
    count: int
    share: float        # of the largest count in the table, for the bar's width
    note: str = ""
    color: str = ""


def bars(counter: Counter, top: int | None = None, notes: dict | None = None, colors: dict | None = None) -> list[Bar]:
    # most frequent first, ties by label, so the page is the same every time
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    most = max(counter.values(), default=1)
    return [Bar(k, v, v / most, (notes or {}).get(k, ""), (colors or {}).get(k, "")) for k, v in items]


def overview(c: Corpus) -> dict:
    g = c.g
    docs = list(c.docs.values())
    by_year = Counter(d.date[:4] or "未知" for d in docs)
    modalities = Counter(r.modality for r in c.directives.values())
    names = {m.key: m.name for m in vocab.MODALITIES}
    roles: Counter = Counter()
    for actor, got in c.received.items():
        roles[facts.name(g, actor)] += len(got)
    slogans, slogan_docs = Counter(), Counter()
    for s in g.objects(None, KG.quotes):  # once per document (a graph holds each triple once)
        slogan_docs[facts.name(g, s)] += 1
    # each mention of a slogan has its own evidence: repetitions, not just documents
    for e in g.subjects(RDF.predicate, KG.quotes):
        slogans[facts.name(g, g.value(e, RDF.object))] += 1
    for s, n in slogan_docs.items():  # a graph without evidence still counts documents
        slogans[s] = max(slogans[s], n)
    return {
        "documents": len(docs),
        "directives": len(c.directives),
        "issuers": bars(Counter(d.issuer or "未知" for d in docs)),
        # years read in order, not by count
        "years": [Bar(y, n, n / max(by_year.values())) for y, n in sorted(by_year.items())],
        "doctypes": bars(Counter(d.doctype or "未知" for d in docs)),
        "modalities": bars(Counter({names.get(k, k): v for k, v in modalities.items()}),
                           colors={m.name: m.color for m in vocab.MODALITIES}),
        "roles": bars(roles, TOP),
        "slogans": bars(slogans, TOP, notes={s: f"{n} 份公文" for s, n in slogan_docs.items()}),
    }
