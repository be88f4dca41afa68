"""A private OpenLink Virtuoso for tests: fresh database, loopback, free ports.

Uses Debian's ``virtuoso-opensource`` package (``apt-get install -y
virtuoso-opensource``): the packaged ``virtuoso.ini`` is copied into a
temporary folder with the ports, the database files and DirsAllowed pointed
there, and ``virtuoso-t +foreground`` is started on it.  Writes go through
Virtuoso's authenticated Graph Store endpoint ``/sparql-graph-crud-auth``
(HTTP Digest, the fresh database's ``dba``/``dba``), so nothing needs granting
to the anonymous SPARQL account.

Without Virtuoso the fixture skips its tests, naming the package to install;
on CI (env ``CI`` set, as GitHub Actions and most CI systems do) it fails
instead, so a missing install cannot pass silently.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "virtuoso-opensource"
INSTALL = f"apt-get install -y --no-install-recommends {PACKAGE}"
SERVER = "virtuoso-t"
INI_CANDIDATES = (Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
                  Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"))
START_TIMEOUT = 90.0  # seconds; a fresh database takes 3-8 s on 2 cores


@dataclass
class Virtuoso:
    directory: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen
    started_in: float  # seconds from launch until the SPARQL endpoint answered
    user: str = "dba"
    password: str = "dba"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The SPARQL 1.1 query endpoint (anonymous, read-only)."""
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store endpoint behind HTTP Digest (use user/password)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def anonymous_graph_store(self) -> str:
        """The Graph Store endpoint for the anonymous account, which may not write."""
        return f"{self.base}/sparql-graph-crud"

    def log_tail(self, lines: int = 15) -> str:
        log = self.directory / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Virtuoso's quick shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def installed() -> str | None:
    """Why Virtuoso cannot run here, or None when it can."""
    if shutil.which(SERVER) is None:
        return f"OpenLink Virtuoso is not installed ({SERVER} not on PATH): {INSTALL}"
    if packaged_ini() is None:
        return f"no packaged virtuoso.ini in {' or '.join(map(str, INI_CANDIDATES))}: {INSTALL}"
    return None


def packaged_ini() -> Path | None:
    return next((p for p in INI_CANDIDATES if p.is_file()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configure(template: str, directory: Path, sql_port: int, http_port: int, buffers: int = 2000) -> str:
    """The packaged virtuoso.ini with everything that is per-instance moved
    into ``directory``, servers on loopback, and settings for a small fast
    test database (``buffers``: 8 kB pages of cache; benchmarks give more)."""
    d = directory
    settings = {
        "Database": {"DatabaseFile": d / "virtuoso.db", "ErrorLogFile": d / "virtuoso.log",
                     "LockFile": d / "virtuoso.lck", "TransactionFile": d / "virtuoso.trx",
                     "xa_persistent_file": d / "virtuoso.pxa"},
        "TempDatabase": {"DatabaseFile": d / "virtuoso-temp.db", "TransactionFile": d / "virtuoso-temp.trx"},
        "Parameters": {"ServerPort": f"127.0.0.1:{sql_port}", "DirsAllowed": f"., {d}",
                       # small buffers start faster; the test data is a few thousand triples
                       "NumberOfBuffers": buffers, "MaxDirtyBuffers": buffers * 3 // 4},
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        "SPARQL": {"ResultSetMaxRows": 1000000},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
    }
    out, section, done = [], None, set()

    def missing(sec):  # keys the template lacks in a section: add them at its end
        return [f"{k} = {v}" for k, v in settings.get(sec, {}).items() if (sec, k) not in done]

    for line in template.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            out += missing(section)
            section = header[1].strip()
        setting = re.match(r"\s*(\w+)\s*=", line)
        if setting and setting[1] in settings.get(section, {}):
            key = setting[1]
            line = f"{key} = {settings[section][key]}"
            done.add((section, key))
        elif section == "Plugins" and re.match(r"Load\d+\s*=", line):
            line = ";" + line  # the wiki/WBXML hosting plugins are not needed
        out.append(line)
    out += missing(section)
    return "\n".join(out) + "\n"


def start(directory: Path, attempts: int = 3, buffers: int = 2000) -> Virtuoso:
    """Start a fresh instance in ``directory`` and wait until SPARQL answers."""
    reason = installed()
    if reason:
        raise RuntimeError(reason)
    template = packaged_ini().read_text(encoding="utf-8", errors="replace")
    last = ""
    for _ in range(attempts):  # another process may take a free port meanwhile
        for stale in directory.glob("virtuoso*"):
            stale.unlink()
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = directory / "virtuoso.ini"
        ini.write_text(configure(template, directory, sql_port, http_port, buffers), encoding="utf-8")
        began = time.monotonic()
        process = subprocess.Popen([SERVER, "+foreground", "+configfile", str(ini)], cwd=directory,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        server = Virtuoso(directory, sql_port, http_port, process, 0.0)
        try:
            if _wait(server, began):
                server.started_in = time.monotonic() - began
                return server
        except BaseException:
            server.stop()
            raise
        server.stop()
        last = server.log_tail()
        if "in use" not in last.lower():
            break
    raise RuntimeError(f"Virtuoso did not start; the end of its log:\n{last}")


def _wait(server: Virtuoso, began: float) -> bool:
    probe = f"{server.sparql}?query=ASK%7B%7D"
    while time.monotonic() - began < START_TIMEOUT:
        if server.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    return False


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A running Virtuoso for the session; stopped and its database deleted afterwards."""
    reason = installed()
    if reason:
        if on_ci():
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    directory = tmp_path_factory.mktemp("virtuoso")
    server = start(directory)
    try:
        yield server
    finally:
        server.stop()
        for db in directory.glob("*.db"):
            db.unlink()  # 50 MB each; keep the ini and the log for a look afterwards
