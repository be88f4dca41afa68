"""Scans made from the corpus: 300-dpi page images of a document as GB/T 9704 prints it.

Pillow draws the text with WenQuanYi Zen Hei (Debian: fonts-wqy-zenhei): 3号
type, 28 characters a line, 22 lines a page, long paragraphs wrapped and
indented two characters; a masthead (a first line ending in 文件) in large red
type over a red rule, a red seal over the date, and "— N —" at each page's
foot: what makes real scans hard.  Used by the OCR tests (pages rendered into
tmp, never cached) and by bench/ocr_compare.py.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
DPI = 300
MM = DPI / 25.4
PAGE = (round(210 * MM), round(297 * MM))
SIZE = round(16 / 72 * DPI)  # 3号: 16 pt
PITCH = 156 * MM / 28
LEADING = 10.2 * MM
LEFT, TOP = 28 * MM, 37 * MM
PER_LINE, PER_PAGE = 28, 22
RED = (230, 0, 18)
DATE = re.compile(r"^\s*(\d{4}|[〇一二三四五六七八九零○]{4})\s*年.{1,3}月.{1,3}日\s*$")


# „2022‟ in a corpus text is a PDF extractor's reading of 〔2022〕: the page shows 〔2022〕
_PRINTED = str.maketrans({"„": "〔", "‟": "〕"})


def paragraphs(source: Path) -> list[str]:
    lines = [line.strip().translate(_PRINTED) for line in source.read_text(encoding="utf-8").splitlines()]
    # the source's own page numbers ("- 2 -"): the renderer prints its own
    return [line for line in lines if line and not re.fullmatch(r"[-—－]\s*\d+\s*[-—－]", line)]


def _advance(char: str) -> float:
    return PITCH / 2 if ord(char) < 0x2E80 else PITCH


def wrap(paragraph: str) -> list[tuple[float, str]]:
    """Visual lines of a paragraph: (indent in px, text)."""
    if sum(_advance(c) for c in paragraph) <= PER_LINE * PITCH:
        return [(0.0, paragraph)]
    lines, indent, current, width = [], 2 * PITCH, "", 2 * PITCH
    for char in paragraph:
        if width + _advance(char) > PER_LINE * PITCH + 0.01:
            lines.append((indent, current))
            indent, current, width = 0.0, "", 0.0
        current += char
        width += _advance(char)
    lines.append((indent, current))
    return lines


def render(source: Path, max_pages: int | None = None, mode: str = "RGB"):
    """The pages of ``source`` as Pillow images, and the text drawn on each (the truth for OCR)."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, SIZE)
    big = ImageFont.truetype(FONT, round(SIZE * 1.9))
    paras = paragraphs(source)
    masthead = paras.pop(0) if paras and paras[0].endswith("文件") else None
    rows = [row for p in paras for row in wrap(p)]
    pages, truths = [], []
    first_row = 3 if masthead else 0  # the masthead takes the top three lines of page 1
    start = 0
    number = 1
    while start < len(rows) and (max_pages is None or number <= max_pages):
        page_rows = rows[start:start + PER_PAGE - (first_row if number == 1 else 0)]
        start += len(page_rows)
        image = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(image)
        truth: list[str] = []
        offset = 0
        if number == 1 and masthead:
            width = draw.textlength(masthead, font=big)
            draw.text(((PAGE[0] - width) / 2, TOP - SIZE * 0.5), masthead, font=big, fill=RED)
            y = TOP + 2.3 * LEADING
            draw.rectangle([LEFT, y, PAGE[0] - LEFT, y + 0.6 * MM], fill=RED)
            truth.append(masthead)
            offset = first_row
        date_box = None
        for k, (indent, text) in enumerate(page_rows):
            y = TOP + (k + offset) * LEADING
            x = LEFT + indent
            if DATE.match(text) or (k + 1 < len(page_rows) and DATE.match(page_rows[k + 1][1])):
                # signature and date are set right, a few characters in from the margin
                x = PAGE[0] - LEFT - 4 * PITCH - sum(_advance(c) for c in text)
                if DATE.match(text):
                    date_box = (x, y)
            draw.text((x, y), text, font=font, fill="black")
            truth.append(text)
        footer = f"— {number} —"
        width = draw.textlength(footer, font=font)
        draw.text(((PAGE[0] - width) / 2, 297 * MM - 25 * MM), footer, font=font, fill="black")
        truth.append(footer)
        if date_box:
            signature = page_rows[-2][1] if len(page_rows) > 1 else "印章"
            # stamped ink is translucent: the print under it stays dark (multiply, not paint over)
            stamp = Image.new("RGB", PAGE, "white")
            _seal(stamp, date_box[0] + 2 * PITCH, date_box[1] - 0.4 * LEADING, signature)
            image = ImageChops.multiply(image, stamp)
        pages.append(image.convert(mode) if mode != "RGB" else image)
        truths.append("\n".join(truth))
        number += 1
    return pages, truths


def _seal(image, cx: float, cy: float, name: str) -> None:
    """A round red seal (42 mm): the organ's name along the rim and a star, over the date."""
    from PIL import Image, ImageDraw, ImageFont

    draw = ImageDraw.Draw(image)
    r = 21 * MM
    font = ImageFont.truetype(FONT, round(5 * MM))
    n = len(name)
    for k, char in enumerate(name):
        # from lower left over the top to lower right, each character upright to the centre
        a = math.radians(-210 + 240 * (k + 0.5) / n)
        glyph = Image.new("L", (round(6 * MM), round(6 * MM)), 0)
        ImageDraw.Draw(glyph).text((0.5 * MM, 0), char, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, expand=True)
        gx = cx + (r - 4.5 * MM) * math.cos(a) - glyph.width / 2
        gy = cy + (r - 4.5 * MM) * math.sin(a) - glyph.height / 2
        image.paste(Image.new("RGB", glyph.size, RED), (round(gx), round(gy)), glyph)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=RED, width=round(1.2 * MM))
    star = []
    for k in range(10):
        rad = (7 if k % 2 == 0 else 2.8) * MM
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(star, fill=RED)


def scan_pdf(images, path: Path) -> Path:
    """A PDF of page images and no text layer, as a scanner writes it."""
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path


def scan_ofd(images, path: Path) -> Path:
    """An OFD package of page images and no text, as a scanning workflow archives a 公文."""
    import io
    import zipfile

    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    parts = {
        "OFD.xml": f'<ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>scan</ofd:DocID>'
                   "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                              "</ofd:PhysicalBox></ofd:PageArea><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
                              "</ofd:CommonData><ofd:Pages>"
                              + "".join(f'<ofd:Page ID="{100 + k}" BaseLoc="Pages/Page_{k}/Content.xml"/>'
                                        for k in range(len(images)))
                              + "</ofd:Pages></ofd:Document>",
        "Doc_0/DocumentRes.xml": f'<ofd:Res {ns} BaseLoc="Res"><ofd:MultiMedias>'
                                 + "".join(f'<ofd:MultiMedia ID="{k + 1}" Type="Image" Format="JPEG">'
                                           f"<ofd:MediaFile>page_{k}.jpg</ofd:MediaFile></ofd:MultiMedia>"
                                           for k in range(len(images)))
                                 + "</ofd:MultiMedias></ofd:Res>",
    }
    for k in range(len(images)):
        parts[f"Doc_0/Pages/Page_{k}/Content.xml"] = (
            f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="{200 + k}"><ofd:ImageObject ID="{300 + k}" '
            f'ResourceID="{k + 1}" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/></ofd:Layer></ofd:Content></ofd:Page>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>\n' + xml)
        for k, image in enumerate(images):
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=85)
            z.writestr(f"Doc_0/Res/page_{k}.jpg", buf.getvalue())
    return path
