"""Make tests/data/004.pdf: corpus document 004 typeset as a real PDF.

reportlab draws the text with WenQuanYi Zen Hei (Debian: fonts-wqy-zenhei),
embedded as a subset, one line per source line, with a page break and page
number footers as a printed document has.  The PDF is committed; rerun this
only to change it:  python tests/data/make_pdf.py
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
SOURCE = HERE.parent.parent / "corpus" / "004_39f6a2b21c735597.txt"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def main() -> None:
    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    c = canvas.Canvas(str(HERE / "004.pdf"), pagesize=A4, invariant=True)
    width, height = A4
    page = 1

    def new_page():
        c.setFont("WQY", 15)

    new_page()
    y = height - 72
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line == "- 2 -":  # the source's own page number; we print ours
            continue
        c.drawString(72, y, line)
        y -= 26
        if y < 90:
            c.setFont("WQY", 12)
            c.drawCentredString(width / 2, 50, f"— {page} —")
            c.showPage()
            page += 1
            new_page()
            y = height - 72
    c.setFont("WQY", 12)
    c.drawCentredString(width / 2, 50, f"— {page} —")
    c.save()


if __name__ == "__main__":
    main()
