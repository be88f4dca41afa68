"""Web pages: trafilatura against kg's own rules on lxml, on saved pages.

    pip install trafilatura lxml_html_clean   # only for this comparison
    python bench/html_compare.py [--show]

For each page in tests/data/web/ (NAME.html, with NAME.lines.txt: the
document's lines as they should come out), both extractors' text goes
through kg's normaliser and chrome step, then is compared line by line
(white space ignored): precision and recall of lines, and whether the title,
the date line and the 附件 lines survive and each paragraph stays its own line.
trafilatura is given its best chance: tables included, its metadata title put
first when its text lacks it, precision and recall modes both tried.
"""
from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from kg.model import Document, Source
from kg.read import html as kg_html
from kg.text.chrome import strip_chrome
from kg.text.normalize import normalize
from kg.text.patterns import DATE

PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "web"


def squeeze(s: str) -> str:
    return re.sub(r"[\s\u3000\u00a0|]+", "", s)


def document_lines(text: str) -> list[str]:
    doc = Document(Source(Path("page.html"), text, "html"), lines=normalize(text))
    return [squeeze(x.text) for x in strip_chrome(doc).lines]


def kg_rules(data: bytes) -> str:
    return kg_html.extract(data)[0]


def trafilatura_with(**options):
    def run(data: bytes) -> str:
        import trafilatura

        page, _ = kg_html.decode(data)
        text = trafilatura.extract(page, include_tables=True, deduplicate=False, **options) or ""
        meta = trafilatura.extract_metadata(page)
        title = meta.title if meta and meta.title else ""
        if title and not squeeze(text).startswith(squeeze(title)):
            text = title + "\n" + text
        return text
    return run


def measure(want: list[str], got: list[str]) -> dict[str, float | bool]:
    w, g = Counter(want), Counter(got)
    tp = sum((w & g).values())
    title = want[0]
    return {
        "P": tp / sum(g.values()) if g else 0.0,
        "R": tp / sum(w.values()),
        "title": "".join(got[:3]).startswith(title) or title in got,
        "date": all(x in got for x in want if DATE.fullmatch(x)),
        # pages without 附件 lines do not count here
        "附件": all(x in got for x in attached) if (attached := [x for x in want if x.startswith("附件")
                                                              or re.match(r"^\d+[.．]", x)]) else None,
        "breaks": tp == len(want),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print each method's lines that are wrong")
    args = ap.parse_args()
    methods = {
        "kg rules (lxml)": kg_rules,
        "trafilatura": trafilatura_with(),
        "trafilatura favor_recall": trafilatura_with(favor_recall=True),
    }
    pages = sorted(PAGES.glob("*.html"))
    print(f"{len(pages)} pages: " + ", ".join(p.stem for p in pages))
    print(f"{'method':<26} {'P':>6} {'R':>6} {'title':>6} {'date':>6} {'附件':>5} {'breaks':>7} {'ms/page':>8}")
    for name, extract in methods.items():
        rows, elapsed = [], 0.0
        extract(pages[0].read_bytes())  # warm up: imports and caches are not the page's cost
        for page in pages:
            want = [squeeze(x) for x in page.with_suffix(".lines.txt").read_text(encoding="utf-8").splitlines()
                    if x.strip()]
            t = time.perf_counter()
            text = extract(page.read_bytes())
            elapsed += time.perf_counter() - t
            got = document_lines(text)
            rows.append(measure(want, got))
            if args.show and got != want:
                print(f"  {name} {page.stem}: missing {sorted(set(want) - set(got))} extra {sorted(set(got) - set(want))}")
        n = len(rows)
        avg = {k: sum(float(r[k]) for r in rows) / n for k in ("P", "R")}
        counts = {k: sum(bool(r[k]) for r in rows) for k in ("title", "date", "附件", "breaks")}
        m = sum(r["附件"] is not None for r in rows)
        print(f"{name:<26} {avg['P']:>6.3f} {avg['R']:>6.3f} {counts['title']:>4}/{n} {counts['date']:>4}/{n}"
              f" {counts['附件']:>3}/{m} {counts['breaks']:>5}/{n} {1000 * elapsed / n:>8.1f}")


if __name__ == "__main__":
    main()
