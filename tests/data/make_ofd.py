"""Make tests/data/ofd/*.ofd: the corpus documents laid out as OFD (GB/T 33190) packages.

Each non-blank line of a corpus .txt becomes a paragraph on an A4 page set as
GB/T 9704 sets a 公文: 3号 type (5.64 mm), 28 characters a line, 22 lines a page,
long paragraphs wrapped and indented two characters, a page number
("— 1 —") at the foot.  To exercise a reader the way real producers do, the
pages vary what the standard allows:

- most lines are one TextObject whose TextCode gives the advances in DeltaX,
  with the ``g COUNT VALUE`` shorthand where they repeat;
- every fourth line is drawn one character per TextObject (as converters
  from print streams write it);
- the page-number footer is on a TemplatePage, not on the page;
- in every other document the objects of a page are written in shuffled
  order (a reader must sort by position, not trust the file order), and the
  text sits on a second Layer under a PageBlock with a CTM that only moves it.

The .ofd files are committed; rerun this only to change them:
python tests/data/make_ofd.py
"""
from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
CORPUS = HERE.parent.parent / "corpus"
OUT = HERE / "ofd"
NS = "http://www.ofdspec.org/2016"

SIZE = 5.644  # 3号 (16 pt) in mm
PITCH = 5.571  # 156 mm / 28 characters
LEADING = 10.2  # 225 mm / 22 lines
LEFT, TOP = 28.0, 37.0
PER_LINE, PER_PAGE = 28, 22
# a fixed date so that two runs write byte-identical packages
STAMP = (2024, 1, 1, 0, 0, 0)


def advance(char: str) -> float:
    return PITCH / 2 if ord(char) < 0x2E80 else PITCH


def delta_x(text: str) -> str:
    """DeltaX of a run: the advance after each character but the last, runs of equal
    values written ``g COUNT VALUE`` as the standard allows."""
    steps = [advance(c) for c in text[:-1]]
    out: list[str] = []
    i = 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j] == steps[i]:
            j += 1
        out.append(f"g {j - i} {steps[i]:.3f}" if j - i > 1 else f"{steps[i]:.3f}")
        i = j
    return " ".join(out)


def wrap(paragraph: str) -> list[tuple[float, str]]:
    """Visual lines of a paragraph as (indent in mm, text); long ones indented two characters."""
    if sum(advance(c) for c in paragraph) <= PER_LINE * PITCH:
        return [(0.0, paragraph)]
    lines, indent, current, width = [], 2 * PITCH, "", 2 * PITCH
    for char in paragraph:
        if width + advance(char) > PER_LINE * PITCH + 0.01:
            lines.append((indent, current))
            indent, current, width = 0.0, "", 0.0
        current += char
        width += advance(char)
    lines.append((indent, current))
    return lines


class Ids:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


def text_object(ids: Ids, x: float, baseline: float, text: str) -> str:
    width = sum(advance(c) for c in text)
    top = baseline - SIZE * 0.88
    dx = delta_x(text)
    return (f'<ofd:TextObject ID="{ids()}" Boundary="{x:.3f} {top:.3f} {width:.3f} {SIZE * 1.2:.3f}" '
            f'Font="2" Size="{SIZE}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{SIZE * 0.88:.3f}"'
            + (f' DeltaX="{dx}"' if dx else "")
            + f">{escape(text)}</ofd:TextCode></ofd:TextObject>")


def page_xml(ids: Ids, lines: list[tuple[int, float, str]], shuffled: random.Random | None) -> str:
    objects: list[str] = []
    for n, (row, indent, text) in enumerate(lines):
        baseline = TOP + row * LEADING + SIZE * 0.88
        if n % 4 == 3:
            x = LEFT + indent
            for char in text:
                if not char.isspace():
                    objects.append(text_object(ids, x, baseline, char))
                x += advance(char)
        else:
            # a run's leading spaces are layout: start the object after them
            stripped = text.lstrip()
            x = LEFT + indent + sum(advance(c) for c in text[: len(text) - len(stripped)])
            objects.append(text_object(ids, x, baseline, stripped.rstrip()))
    if shuffled is not None:
        shuffled.shuffle(objects)
        # a PageBlock whose CTM moves its content 0 mm: the positions stay those of the page
        body = (f'<ofd:Layer ID="{ids()}" Type="Background"/><ofd:Layer ID="{ids()}">'
                f'<ofd:PageBlock ID="{ids()}">{"".join(objects)}</ofd:PageBlock></ofd:Layer>')
    else:
        body = f'<ofd:Layer ID="{ids()}">{"".join(objects)}</ofd:Layer>'
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}">'
            f'<ofd:Template TemplateID="{{tpl}}" ZOrder="Background"/>'
            f"<ofd:Content>{body}</ofd:Content></ofd:Page>")


def footer_template(ids: Ids, number: int) -> str:
    label = f"— {number} —"
    width = sum(advance(c) for c in label)
    obj = text_object(ids, (210 - width) / 2, 297 - 20, label)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}">'
            f'<ofd:Content><ofd:Layer ID="{ids()}">{obj}</ofd:Layer></ofd:Content></ofd:Page>')


def paragraphs(source: Path) -> list[str]:
    out = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.strip() in ("- 2 -", "- 3 -", "- 4 -"):  # its own page numbers
            continue
        out.append(line.strip())
    return out


def make(source: Path, target: Path, shuffle: bool) -> None:
    rows: list[tuple[float, str]] = [line for p in paragraphs(source) for line in wrap(p)]
    pages = [rows[i:i + PER_PAGE] for i in range(0, len(rows), PER_PAGE)]
    ids = Ids()
    rng = random.Random(source.name) if shuffle else None
    parts: dict[str, str] = {}
    page_refs, template_refs = [], []
    for n, page in enumerate(pages):
        tpl = ids()
        parts[f"Doc_0/Tpls/Tpl_{n}/Content.xml"] = footer_template(ids, n + 1)
        template_refs.append(f'<ofd:TemplatePage ID="{tpl}" BaseLoc="Tpls/Tpl_{n}/Content.xml"/>')
        content = page_xml(ids, [(r, indent, text) for r, (indent, text) in enumerate(page)], rng)
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = content.replace("{tpl}", str(tpl))
        page_refs.append(f'<ofd:Page ID="{ids()}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    parts["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
    parts["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{ids.n}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        f"</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{''.join(template_refs)}</ofd:CommonData>"
        f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>")
    parts["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>{source.stem[:3]}</ofd:DocID>"
        f"<ofd:Title>{escape(source.stem)}</ofd:Title><ofd:CreationDate>2024-01-01</ofd:CreationDate>"
        f"<ofd:Creator>{escape('make_ofd.py')}</ofd:Creator></ofd:DocInfo>"
        f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["OFD.xml"] + sorted(p for p in parts if p != "OFD.xml"):
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for n, source in enumerate(sorted(CORPUS.glob("*.txt"))):
        make(source, OUT / (source.stem[:3] + ".ofd"), shuffle=n % 2 == 1)
    print(f"wrote {len(list(OUT.glob('*.ofd')))} packages to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
