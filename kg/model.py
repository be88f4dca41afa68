"""The plain data that flows through the pipeline.

read → normalise → segment → extract → graph.  A :class:`Source` is what a
reader returns; a :class:`Document` carries it through every later step.  The
original text (``Source.text``) is never edited: every piece of normalised
text keeps, per character, its offset into it, so any fact can point back at
the characters it came from.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Source:
    """A file as read: its text exactly as decoded, before any cleaning."""

    path: Path
    text: str
    # "txt", "docx", "pdf", "html" (the page's document as extracted), "ofd", "doc",
    # or "pdf-ocr", "png-ocr"… for recognised scans
    format: str
    encoding: str | None = None  # for text files: the detected encoding
    sha256: str = ""  # of the file's bytes
    warnings: list[str] = field(default_factory=list)  # e.g. invalid bytes replaced while decoding
    # for recognised scans: where each line of ``text`` stood on its page, and which engine read it
    regions: list["Region"] = field(default_factory=list)
    engine: str | None = None


@dataclass
class Region:
    """A line of recognised text: its page, its box in pixels, and its characters in ``Source.text``."""

    page: int  # from 1
    box: tuple[int, int, int, int]  # left, top, right, bottom, in pixels of the page image
    start: int  # offsets into Source.text
    end: int
    confidence: float | None = None  # the engine's, 0..1, where it gives one


@dataclass
class Line:
    """A run of normalised characters and, for each, its offset in the source text.

    ``offs`` may be given as any sequence of ints; it is kept as an array of
    machine integers (8 bytes a character; a list of Python ints took 36, and
    a document's lines are copied into blocks and slices).
    """

    text: str
    offs: array

    def __post_init__(self) -> None:
        if not isinstance(self.offs, array):
            self.offs = array("q", self.offs)
        assert len(self.text) == len(self.offs), "every character needs its source offset"

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: "Line") -> "Line":
        return Line(self.text + other.text, self.offs + other.offs)

    def slice(self, start: int, end: int | None = None) -> "Line":
        end = len(self.text) if end is None else end
        return Line(self.text[start:end], self.offs[start:end])

    def strip(self, chars: str | None = None) -> "Line":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, max(left, right))

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Source offsets [a, b) of characters start..end of this line."""
        end = len(self.text) if end is None else end
        if end <= start:
            a = self.offs[start] if start < len(self.offs) else (self.offs[-1] + 1 if self.offs else 0)
            return a, a
        return self.offs[start], self.offs[end - 1] + 1


@dataclass
class Block:
    """One segment of the document: a header line, the title, a paragraph…

    ``kind`` names the GB/T 9704 element the segmenter took it for.
    """

    kind: str
    line: Line

    @property
    def text(self) -> str:
        return self.line.text


@dataclass
class Evidence:
    """Where a value was read: the field it fills and its source characters."""

    field: str
    value: str
    start: int
    end: int


@dataclass
class Section:
    level: int  # 1: 一、 2: （一） 3: 1. 4: （1）
    number: str  # the numeral as printed, e.g. "一" or "1"
    heading: str
    start: int  # source offsets of the heading
    end: int


@dataclass
class Directive:
    """A prescribed action: who must (not) do what, and where it is written."""

    actor: str  # as written, scope included: 全校各级党组织
    modality: str  # obligation, prohibition, permission or encouragement
    action: str
    sentence: str
    section: str | None  # heading of the section it stands under
    cue: str  # the word that prescribes: 要, 不得, 鼓励…
    sentence_span: tuple[int, int]  # source offsets
    action_span: tuple[int, int]
    actor_span: tuple[int, int] | None = None  # where the actor is named, if in this sentence
    explicit: bool = True  # False: no modal word, a clause opening with a prescriptive verb
    # where the actor was read: "subject" (before the cue), "object" (鼓励X…), "sentence"
    # (an earlier clause), "paragraph", "heading" or "addressees" (the document's 主送机关)
    actor_from: str = "subject"
    # set by the resolve step: the roles and organs ``actor`` names, in order
    actors: list["RoleRef | Organ"] = field(default_factory=list)


@dataclass(frozen=True)
class RoleRef:
    """A role as resolved: a concept of the role scheme, or a new one placed
    under the concept its head word names (医护员工党员 → 党员)."""

    concept: str  # the concept's prefLabel
    scope: str = ""  # scope words the text put before it: 全校各级
    known: bool = True  # in ontology/roles.ttl
    broader: tuple[str, ...] = ()  # for a new concept: where it is placed


@dataclass(frozen=True)
class Organ:
    """An organ as resolved: one node whatever name a document used for it."""

    name: str  # the canonical name: 中共X委员会…
    aliases: tuple[str, ...] = ()  # other names it goes by (sorted)
    parent: "Organ | None" = None  # the organ a department belongs to
    # a generic name (省委, 各二级党组织) whose place the document does not say:
    # the organ it is relative to (the issuer), so each issuer's is its own node
    within: "Organ | None" = None


@dataclass
class Mention:
    """A named thing found in the text: a person, place, slogan, cited document, contact."""

    kind: str
    value: dict
    start: int
    end: int
    organ: Organ | None = None  # set by the resolve step: the organ named (organization, contact)


@dataclass
class Document:
    """A source on its way through the pipeline, and everything found in it."""

    source: Source
    lines: list[Line] = field(default_factory=list)
    script: str = "simplified"  # "traditional": lines converted to simplified for analysis
    blocks: list[Block] = field(default_factory=list)
    # GB/T 9704 elements, named as in the records (see shared/gold/README.md)
    issuer: str | None = None
    issuer_mark: str | None = None
    copy_number: str | None = None
    secrecy: str | None = None
    urgency: str | None = None
    signers: list[str] = field(default_factory=list)
    doc_number: str | None = None
    title: str | None = None
    doc_type: str | None = None
    addressees: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    date: str | None = None
    attachments: list[str] = field(default_factory=list)
    note: str | None = None
    printed_by: str | None = None
    printed_on: str | None = None
    cc: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    # set by the resolve step: the organ each organ name of the elements
    # (issuer, printed_by, signatories, addressees, cc) refers to, and the
    # roles the body mentions
    organs: dict[str, Organ] = field(default_factory=dict)
    roles: list[RoleRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # a web page's own fields about the document (发文字号：…, 成文日期：…), cut out as
    # chrome: label → its value's characters, for what the document itself leaves out
    page: dict[str, Line] = field(default_factory=dict)
    # attached documents (附件, or the text a 印发/转发 notice carries), each a
    # Document of its own that is part of this one; ``label`` is its 附件1
    parts: list["Document"] = field(default_factory=list)
    label: str | None = None

    @property
    def name(self) -> str:
        return self.source.path.name

    def blocks_of(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def cite(self, field_name: str, value: str, line: Line, start: int = 0, end: int | None = None) -> None:
        """Record that ``value`` of ``field_name`` was read from ``line[start:end]``."""
        a, b = line.span(start, end)
        self.evidence.append(Evidence(field_name, value, a, b))
