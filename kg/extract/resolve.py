"""Resolution: the names found in a document → the roles and organs they mean.

The step after the recognisers (like an entity linker after a tagger): a
directive's actor 全校各级党组织和党员 becomes the roles 党组织 (scope 全校各级)
and 党员; an organ written 北京交通大学党委 becomes 中共北京交通大学委员会, and
学校党委 in that committee's own document the committee itself.  A generic
name (省委, 市政府, 各二级党组织) means a different organ for each issuer: the
province's committee when the document names its province in an organ's name
(吉林省教育厅), else an organ known relative to the issuer.  Graph building
then only maps these to RDF.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Document, Organ, RoleRef
from . import organs, roles

ELEMENT_ORGANS = ("issuer", "printed_by", "signatories", "addressees", "cc")


@dataclass
class _Context:
    """What names in one document are read against: its issuer, the places its organs name."""

    issuer: str | None
    within: Organ | None  # the issuer's top organ, that generic names are relative to
    places: dict[str, set[str]]


def resolve(doc: Document) -> Document:
    names = [n for f in ELEMENT_ORGANS for n in _names(getattr(doc, f))]
    mentioned = [m.value.get("name") if m.kind == "organization" else m.value.get("organization")
                 for m in doc.mentions if m.kind in ("organization", "contact")]
    issuer = organ(doc.issuer) if doc.issuer else None
    while issuer and issuer.parent:
        issuer = issuer.parent
    ctx = _Context(doc.issuer, issuer, organs.places_named(
        organs.resolve(n, doc.issuer) for n in names + [n for n in mentioned if n]))
    for name in names:
        doc.organs.setdefault(name, organ(name, ctx))
    for directive in doc.directives:
        if directive.actor_from == "addressees" and doc.addressees:
            # no actor stated: the addressees, each as the document lists them
            directive.actors = [doc.organs.get(a) or organ(a, ctx) for a in doc.addressees]
        else:
            directive.actors = actors(directive.actor, ctx)
    doc.roles = [role_ref(roles.role(concept)) for concept in sorted(
        {r.concept for b in doc.blocks_of("heading", "paragraph") for *_, r in roles.mentions(b.text)})]
    for m, name in zip([m for m in doc.mentions if m.kind in ("organization", "contact")], mentioned):
        if name:
            m.organ = organ(name, ctx)
    return doc


def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def actors(actor: str, ctx: _Context | None = None) -> list[RoleRef | Organ]:
    """The roles and organs a directive's actor names: each part of a
    conjoined subject is a role of the scheme, a new role (a kind of person
    the scheme lacks goes under 人员), or else an organ."""
    out: list[RoleRef | Organ] = []
    for part in roles.split(actor):
        r = roles.role(part) or roles.person(part)
        out.append(role_ref(r) if r else organ(part, ctx))
    return out


def role_ref(r: roles.Role) -> RoleRef:
    return RoleRef(r.concept, r.scope, r.known, r.broader)


def organ(name: str, ctx: _Context | None = None) -> Organ:
    """The organ ``name`` refers to in a document (``ctx``): its full name,
    aliases and parent, and for a generic name the organ it is relative to."""
    resolved = organs.resolve(name, ctx.issuer) if ctx else name
    within = None
    if ctx and name != ctx.issuer and organs.generic(resolved, ctx.issuer):
        placed = organs.placed(resolved, ctx.places)
        if placed:
            resolved = placed
        elif ctx.within and ctx.within.name != organs.canonical(resolved):
            within = ctx.within
    canonical = organs.canonical(resolved)
    parent = organs.parent(canonical)
    # a generic name is no alias: 省委 names a different organ elsewhere
    written = set() if organs.generic(name, ctx.issuer if ctx else None) else {name}
    return Organ(canonical, tuple(sorted({*written, *organs.aliases(canonical)} - {canonical})),
                 organ(parent) if parent else None, within)
