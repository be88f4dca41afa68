"""The folder walk and the build's lines about it: every file not read is said, with why."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.read import discover

from .conftest import CORPUS

DOC = CORPUS / "003_fd2a9579d902d1ba.txt"


def build(*args: str):
    return CliRunner().invoke(cli, ["build", *args, "--no-views"])


def lines(output: str, kind: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(kind + " ")]


def test_links_fifos_sockets_and_devices_are_reported_never_opened(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(DOC, src / "sub" / "doc.txt")
    (src / "sub" / "up").symlink_to(src)  # a loop through a folder above
    (src / "self").symlink_to(src / "self")  # a link to itself
    (src / "gone").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(src / "fifo.txt")  # opening it for reading would block
    (src / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    sock = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(src)
    sock.bind("sock")  # relative: a socket's path may be at most 108 bytes
    try:
        walk = discover([src])
        result = build(str(src), "-o", str(tmp_path / "out"))
    finally:
        sock.close()
    assert walk.files == [src / "sub" / "doc.txt"]
    why = {p.name: (e.code, e.message) for p, e in walk.skipped}
    assert why == {
        "fifo.txt": ("KG110", "not a regular file: a FIFO; not opened"),
        "gone": ("KG112", f"a link to {str(tmp_path / 'nowhere.txt')!r}, which does not exist"),
        "self": ("KG111", "a symbolic link that leads back to itself (a loop)"),
        "sock": ("KG110", "not a regular file: a socket; not opened"),
        "up": ("KG111", "a link back to a folder above it (a loop); not followed"),
        "zero.txt": ("KG110", "not a regular file: a character device (through a link); not opened"),
    }
    assert result.exit_code == 0, result.output
    assert len(lines(result.output, "skipped")) == 6
    assert "1 document built, 6 skipped" in result.output


def test_unknown_and_upper_case_extensions_are_sniffed_or_skipped_with_a_reason(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DOC, src / "A.TXT")
    (src / "B.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))  # an OLE2 header
    (src / "C.html").write_text("<html><body><p>从前有座山，山里有座庙。</p></body></html>", encoding="utf-8")
    shutil.copy(DOC, src / "D")  # no extension
    (src / "E.PDF").write_bytes((Path(__file__).parent / "data" / "004.pdf").read_bytes())
    result = build(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert sorted(Path(f).name for f in report["built"]) == ["A.TXT", "D", "E.PDF"]
    skipped = {Path(s["file"]).name: s["code"] for s in report["skipped"]}
    assert set(skipped) == {"B.doc", "C.html"}  # neither ignored: each has a line and a code
    assert len(lines(result.output, "skipped")) == 2


def test_hidden_and_editor_files_are_ignored_quietly_but_reported(tmp_path):
    src = tmp_path / "in"
    (src / ".git").mkdir(parents=True)
    shutil.copy(DOC, src / "doc.txt")
    shutil.copy(DOC, src / ".git" / "doc.txt")
    (src / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (src / "~$doc.docx").write_bytes(b"\x05owner")
    result = build(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert lines(result.output, "skipped") == []
    assert "1 document built, 0 skipped, 3 hidden ignored" in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert sorted(Path(i["file"]).name for i in report["ignored"]) == [".DS_Store", ".git", "~$doc.docx"]


def test_empty_folder_and_folder_of_nothing_readable_say_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = build(str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"no documents found in {tmp_path / 'empty'} (no files)" in result.output
    assert "triples" not in result.output and "documents built" not in result.output
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_bytes(b"")
    (tmp_path / "junk" / ".b").write_bytes(b"x")
    result = build(str(tmp_path / "junk"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "no documents found in" in result.output and "(1 file skipped)" in result.output


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DOC, src / "doc.txt")
    (src / "x.txt\nskipped forged.txt: fake [KG000]\x1b[31m").write_bytes(b"")
    (src / "\u202eevil.txt").write_bytes(b"")
    result = build(str(src), "-o", str(tmp_path / "out"))
    skipped = lines(result.output, "skipped")
    assert len(skipped) == 2
    assert not any("\x1b" in line or "\u202e" in line for line in result.output.splitlines())
    assert any("'" in line and "\\nskipped forged.txt" in line and "\\x1b[31m" in line for line in skipped)
    assert any("\\u202eevil.txt" in line for line in skipped)
    assert not any(line.startswith("skipped forged") for line in result.output.splitlines())


def test_one_invalid_byte_in_utf8_is_replaced_with_a_warning_naming_its_offset(tmp_path):
    data = DOC.read_bytes()
    at = data.index("各级领导班子".encode())
    (tmp_path / "one.txt").write_bytes(data[:at] + b"\xff" + data[at:])
    result = build(str(tmp_path / "one.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    expected = f"invalid UTF-8 byte at offset {at}, read as U+FFFD"
    assert any(expected in line for line in lines(result.output, "warning"))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert any(expected in w for w in report["warnings"])


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="as root, needs setpriv (util-linux)")
def test_unreadable_folders_and_files_are_reported(tmp_path):
    top = Path(tempfile.mkdtemp(prefix="kg-walk-"))
    try:
        top.chmod(0o755)
        (top / "locked").mkdir()
        shutil.copy(DOC, top / "locked" / "doc.txt")
        shutil.copy(DOC, top / "secret.txt")
        shutil.copy(DOC, top / "open.txt")
        (top / "locked").chmod(0)
        (top / "secret.txt").chmod(0)
        (top / "open.txt").chmod(0o644)
        code = ("import json, sys; from kg.api import _one, Skipped; from kg.read import discover\n"
                "w = discover([sys.argv[1]])\n"
                "out = {p.rsplit('/', 1)[-1]: [e.code, e.message] for p, e in ((str(p), e) for p, e in w.skipped)}\n"
                "for f in w.files:\n"
                "    o = _one(f); out[f.name] = [o.code, o.reason] if isinstance(o, Skipped) else 'built'\n"
                "print(json.dumps(out))")
        # root reads anything: run the walk as root without the capabilities that bypass permissions
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
        run = subprocess.run([*prefix, sys.executable, "-c", code, str(top)], capture_output=True, text=True,
                             cwd=Path(__file__).parent.parent)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout) == {
            "locked": ["KG100", "cannot open the folder: permission denied"],
            "open.txt": "built",
            "secret.txt": ["KG100", "cannot open: permission denied"],
        }
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top)


def test_max_file_mb_skips_larger_files_before_reading(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DOC, src / "small.txt")
    (src / "big.txt").write_bytes(DOC.read_bytes() * 100)  # 0.6 MB
    result = build(str(src), "-o", str(tmp_path / "out"), "--max-file-mb", "0.25")
    assert result.exit_code == 0, result.output
    [line] = lines(result.output, "skipped")
    assert "big.txt: 0.6 MB, over the limit of 0.25 MB (raise it with --max-file-mb) [KG120]" in line
    assert build(str(src), "-o", str(tmp_path / "out"), "--max-file-mb", "0").exit_code == 2  # a usage error
