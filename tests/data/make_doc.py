"""Make tests/data/doc/*.doc: the corpus documents as Word 97-2003 files.

python-docx writes each non-blank line of a corpus .txt as a paragraph of a
.docx; LibreOffice (Debian: libreoffice-writer-nogui) saves that as .doc with
its "MS Word 97" filter, as an office would.  The .doc files are committed;
rerun this only to change them:  python tests/data/make_doc.py
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import docx

HERE = Path(__file__).parent
CORPUS = HERE.parent.parent / "corpus"
OUT = HERE / "doc"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for text in sorted(CORPUS.glob("*.txt")):
            document = docx.Document()
            for line in text.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    document.add_paragraph(line.strip())
            path = Path(tmp) / f"{text.stem[:3]}.docx"
            document.save(path)
            sources.append(str(path))
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                        "--convert-to", "doc", "--outdir", str(OUT), *sources], check=True, timeout=300)


if __name__ == "__main__":
    main()
