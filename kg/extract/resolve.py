"""Resolution: the names found in a document → the roles and organs they mean.

The step after the recognisers (like an entity linker after a tagger): a
directive's actor 全校各级党组织和党员 becomes the roles 党组织 (scope 全校各级)
and 党员; an organ written 北京交通大学党委 becomes 中共北京交通大学委员会, and
学校党委 in that committee's own document the committee itself.  Graph
building then only maps these to RDF.
"""
from __future__ import annotations

from ..model import Document, Organ, RoleRef
from . import organs, roles

ELEMENT_ORGANS = ("issuer", "printed_by", "signatories", "addressees", "cc")


def resolve(doc: Document) -> Document:
    for field in ELEMENT_ORGANS:
        value = getattr(doc, field)
        for name in [value] if isinstance(value, str) else value or []:
            doc.organs.setdefault(name, organ(name))
    for directive in doc.directives:
        directive.actors = actors(directive.actor)
    doc.roles = [role_ref(roles.role(concept)) for concept in sorted(
        {r.concept for b in doc.blocks_of("heading", "paragraph") for *_, r in roles.mentions(b.text)})]
    for m in doc.mentions:
        name = m.value.get("name") if m.kind == "organization" else m.value.get("organization") \
            if m.kind == "contact" else None
        if name:
            m.organ = organ(organs.resolve(name, doc.issuer))
    return doc


def actors(actor: str) -> list[RoleRef | Organ]:
    """The roles and organs a directive's actor names: each part of a
    conjoined subject is a role of the scheme, a new role, or else an organ."""
    out: list[RoleRef | Organ] = []
    for part in roles.split(actor):
        r = roles.role(part)
        out.append(role_ref(r) if r else organ(part))
    return out


def role_ref(r: roles.Role) -> RoleRef:
    return RoleRef(r.concept, r.scope, r.known, r.broader)


def organ(name: str) -> Organ:
    """The organ ``name`` refers to: its full name, aliases and parent."""
    canonical = organs.canonical(name)
    parent = organs.parent(canonical)
    return Organ(canonical, tuple(sorted({name, *organs.aliases(canonical)} - {canonical})),
                 organ(parent) if parent else None)
