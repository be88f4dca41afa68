"""Word 97-2003 (.doc) and WPS (.wps) files through an installed converter.

Both are OLE2 compound files.  Measured on the corpus documents saved as
.doc by LibreOffice (tests/data/doc/): antiword and LibreOffice keep every
character and every paragraph break; catdoc garbled two of five.  antiword
(Debian's, 0.2 MB) converts a file in milliseconds and is tried first;
LibreOffice (``soffice --headless``, ~260 MB, a second or two a file) reads
what antiword does not, such as Microsoft Works .wps.  WPS Office saves .wps
in the Word binary format, which either reads.  Converters run without a
shell, in a temporary folder, with a time limit.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import BrokenFile, MissingEngine, NoTextLayer, UnsupportedFormat

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file
TIMEOUT = 60  # seconds a conversion may take
INSTALL = "apt-get install antiword (or libreoffice-writer-nogui)"
# The directory entry of a Word document's main stream, as OLE2 stores names (UTF-16LE);
# Excel and PowerPoint files are OLE2 too but have no such stream.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_WORKS_STREAM = "MatOST".encode("utf-16-le")


def converters() -> list[str]:
    """The converters installed, in the order they are tried."""
    return [name for name in ("antiword", "soffice") if shutil.which(name)]


def extract(data: bytes) -> str:
    word, works = _WORD_STREAM in data, _WORKS_STREAM in data
    if not (word or works):
        raise UnsupportedFormat("an OLE2 file that is no Word or WPS document (.xls, .ppt?); not read")
    tools = [t for t in converters() if word or t == "soffice"]
    if not tools:
        raise MissingEngine(f"a Word 97-2003 or WPS file: reading it needs a converter ({INSTALL})")
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        source = Path(tmp) / "in.doc"
        source.write_bytes(data)
        failures = []
        for tool in tools:
            try:
                content = _antiword(source) if tool == "antiword" else _soffice(source, Path(tmp))
            except subprocess.TimeoutExpired:
                failures.append(f"{tool} took over {TIMEOUT} s")
                continue
            except RuntimeError as exc:
                failures.append(f"{tool}: {exc}")
                continue
            content = content.replace("\x0c", "\n")  # page breaks are layout
            if not content.strip():
                raise NoTextLayer("the Word/WPS file holds no text")
            return content
    raise BrokenFile("not a readable Word/WPS file (" + "; ".join(failures) + ")")


def _antiword(source: Path) -> str:
    # -m UTF-8.txt: Unicode out (Chinese survives); -w 0: a paragraph per line, unwrapped
    done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(source)],
                          capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(_first_line(done.stderr) or f"exit status {done.returncode}")
    return done.stdout.decode("utf-8", errors="replace")


def _soffice(source: Path, tmp: Path) -> str:
    # a profile of its own in the temporary folder: no shared state, no clash with a running office
    profile = (tmp / "profile").as_uri()
    out = tmp / "out"
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile}",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(source)],
        capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(tmp)})
    result = out / (source.stem + ".txt")
    if not result.is_file():
        raise RuntimeError(_first_line(done.stderr) or "LibreOffice wrote nothing")
    return result.read_bytes().decode("utf-8-sig", errors="replace")


def _first_line(err: bytes) -> str:
    lines = err.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0].strip() if lines else ""
