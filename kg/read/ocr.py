"""Scans (a PDF without a text layer, a PNG, JPEG or TIFF image) through OCR.

The engine is RapidOCR 3.x (PP-OCRv6 small detection and recognition models
run by onnxruntime); its wheel ships the models, so nothing is downloaded at
run time.  On the corpus rendered as 300-dpi scans (bench/ocr_compare.py,
figures in the README) it misreads one character in four hundred; Tesseract
with Debian's simplified-Chinese model one in twenty.  PDF pages are rendered
at 300 dpi by pypdfium2 (PDFium, the engine of Chrome's viewer), one at a time.

Red ink is read apart: the page is recognised with red dropped out, so a seal
stamped over the signature and date hides nothing; the masthead (版头), a
wide band of red type near the top, is recognised on its own, as it is.  A
page number alone at the foot of a page is left out, however the engine read
its dashes.  OCR is an optional extra (``pip install 'kg[ocr]'``); without it a
scan is skipped with a message saying what to install.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from ..errors import BrokenFile, MissingEngine, NoTextLayer
from ..model import Region

DPI = 300
MAX_PAGES = 200  # a scan longer than this is no single 公文
MAX_PIXELS = 60_000_000  # a page over this (A0 at 300 dpi is 140 M) is refused, not inflated
SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
INSTALL = "pip install 'kg[ocr]'"
_FOLIO = re.compile(r"^[\s\-－—–─_一]*\d{1,4}[\s\-－—–─_一]*$")
_MAGIC = [(b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff")]


@dataclass
class Scan:
    text: str
    regions: list[Region] = field(default_factory=list)
    engine: str = ""


def image_format(data: bytes) -> str | None:
    """"png", "jpeg" or "tiff" when ``data`` starts like one, else None."""
    return next((name for magic, name in _MAGIC if data.startswith(magic)), None)


def available() -> bool:
    try:
        _engine()
    except MissingEngine:
        return False
    return True


def read_image(data: bytes) -> Scan:
    _engine("an image")  # say what to install before anything else
    from PIL import Image, ImageSequence

    def pages():
        # one page in memory at a time: a TIFF may hold many
        image = Image.open(io.BytesIO(data))
        for k, frame in enumerate(ImageSequence.Iterator(image)):
            if k >= MAX_PAGES:
                break
            _check_size(frame.size)
            yield frame.convert("RGB")

    return _recognised(pages(), "image")


def read_images(images: list[bytes], what: str) -> Scan:
    """Recognise page images given as files' bytes (the scan inside an OFD), a page each."""
    _engine(what)
    from PIL import Image

    def pages():
        for data in images[:MAX_PAGES]:
            image = Image.open(io.BytesIO(data))
            _check_size(image.size)
            yield image.convert("RGB")

    return _recognised(pages(), f"image in the {what}")


def _recognised(pages, what: str) -> Scan:
    """:func:`recognise`, with a damaged image (Pillow's many ways of saying so) a BrokenFile."""
    from PIL import Image, UnidentifiedImageError

    try:
        return recognise(pages)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BrokenFile(f"not a readable {what} ({exc.__class__.__name__}: {exc})") from None


def read_pdf(data: bytes) -> Scan:
    """Recognise a PDF whose pages are images (the caller found no text layer)."""
    _engine("a PDF without a text layer (a scan?)")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise BrokenFile(f"not a readable PDF ({exc})") from None

    def pages():
        # rendered one at a time: 300 dpi A4 is 26 MB a page
        for page in pdf:
            width, height = page.get_size()
            _check_size((width * DPI / 72, height * DPI / 72))
            yield page.render(scale=DPI / 72).to_pil().convert("RGB")

    try:
        if len(pdf) > MAX_PAGES:
            raise BrokenFile(f"a scan of {len(pdf)} pages; over {MAX_PAGES} pages is not read")
        return recognise(pages())
    finally:
        pdf.close()


def recognise(pages) -> Scan:
    """The text of page images (Pillow, RGB), a line of text per line on the page."""
    engine, name = _engine()
    text: list[str] = []
    regions: list[Region] = []
    offset = 0
    for number, image in enumerate(pages, start=1):
        for box, line, score in _page_lines(engine, image):
            regions.append(Region(number, box, offset, offset + len(line), round(score, 3)))
            text.append(line)
            offset += len(line) + 1
    content = "\n".join(text)
    if not content.strip():
        raise NoTextLayer("a scan with no text layer, and OCR found no text on its pages")
    return Scan(content, regions, name)


def _page_lines(engine, image) -> list[tuple[tuple[int, int, int, int], str, float]]:
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    r, g, b = (rgb[..., k].astype(int) for k in range(3))
    # red ink (masthead, seal): much redder than it is green or blue
    red = (r > 120) & (r - g > 30) & (r - b > 30)
    body = rgb.copy()
    body[red] = 255
    lines = _lines(engine, body)
    height = rgb.shape[0]
    # a page number at the foot ("— 3 —", read as "-3", "—3-" or a bare "3") is furniture, not text
    lines = [line for line in lines if not (line[0][1] > 0.85 * height and _FOLIO.match(line[1]))]
    masthead = _masthead_rows(red)
    if masthead:
        # read the red band as it is, in place of whatever its dropped-out fringe gave
        y0, y1 = masthead
        lines = [line for line in lines if not y0 <= (line[0][1] + line[0][3]) / 2 <= y1]
        band = [((x0, t + y0, x1, b + y0), text, score)
                for (x0, t, x1, b), text, score in _lines(engine, np.ascontiguousarray(rgb[y0:y1]))]
        lines = sorted(band + lines, key=lambda line: line[0][1] + line[0][3])
    return lines


def _masthead_rows(red) -> tuple[int, int] | None:
    """The rows of the red masthead: the first band of red type in the top two
    fifths of the page, wider than half the page (a seal is round and small; a
    rule under the masthead is thinner than type), or None."""
    height, width = red.shape
    rows = red.sum(axis=1)
    inked = [y for y in range(int(0.4 * height)) if rows[y] > 20]
    pad = 20
    while inked:
        start = end = inked[0]
        for y in inked[1:]:
            if y - end > 40:  # a gap: the band has ended
                break
            end = y
        columns = red[start:end + 1].any(axis=0).nonzero()[0]
        if end - start >= 40 and columns[-1] - columns[0] > 0.5 * width:
            return max(0, start - pad), min(height, end + pad)
        inked = [y for y in inked if y > end]
    return None


def _lines(engine, array) -> list[tuple[tuple[int, int, int, int], str, float]]:
    """The engine's text boxes grouped into lines: boxes whose vertical middles are
    within half a line height of each other, left to right; reading order top down."""
    result = engine(array)
    if result.boxes is None or not len(result.boxes):
        return []
    pieces = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        pieces.append(((int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), text, float(score)))
    pieces.sort(key=lambda p: (p[0][1] + p[0][3]) / 2)
    rows: list[list] = []
    for piece in pieces:
        left, top, right, bottom = piece[0]
        middle, height = (top + bottom) / 2, bottom - top
        if rows:
            last = rows[-1]
            l_top, l_bottom = min(p[0][1] for p in last), max(p[0][3] for p in last)
            if abs(middle - (l_top + l_bottom) / 2) < 0.5 * min(height, l_bottom - l_top):
                last.append(piece)
                continue
        rows.append([piece])
    out = []
    for row in rows:
        row.sort(key=lambda p: p[0][0])
        text = row[0][1]
        for prev, piece in zip(row, row[1:]):
            gap, height = piece[0][0] - prev[0][2], piece[0][3] - piece[0][1]
            text += (" " if gap > 1.5 * height else "") + piece[1]
        box = (min(p[0][0] for p in row), min(p[0][1] for p in row),
               max(p[0][2] for p in row), max(p[0][3] for p in row))
        out.append((box, text, sum(p[2] for p in row) / len(row)))
    return out


def _check_size(size) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise BrokenFile(f"a page of {int(width)}×{int(height)} pixels; over {MAX_PIXELS // 10**6} M is not read")


_ENGINE = None


def _engine(what: str = "a scan"):
    """The OCR engine, loaded once per process, and its name with versions."""
    global _ENGINE
    if _ENGINE is None:
        try:
            import logging

            from importlib.metadata import version

            import onnxruntime  # noqa: F401
            import PIL  # noqa: F401
            import pypdfium2  # noqa: F401
            from rapidocr import RapidOCR
        except ImportError:
            raise MissingEngine(f"{what}: reading it needs OCR ({INSTALL})") from None
        engine = RapidOCR(params={"Global.log_level": "warning"})
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        _ENGINE = engine, f"RapidOCR {version('rapidocr')} (PP-OCRv6 small; onnxruntime {version('onnxruntime')})"
    return _ENGINE
