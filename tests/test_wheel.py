"""The package as a user installs it: a wheel, in a fresh virtual environment
outside the checkout, running every command on a copy of the corpus.

The other tests import kg from the checkout (an editable install), so they
cannot see a module or data file the wheel leaves out.  This one takes about
a minute (it installs kg's dependencies), so it runs when CI is set (as
``.ci/run`` does) or when KG_TEST_WHEEL is, and is skipped otherwise.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(not (os.environ.get("KG_TEST_WHEEL") or os.environ.get("CI", "").lower() in ("1", "true", "yes")),
                       reason="builds and installs a wheel (about a minute): set KG_TEST_WHEEL=1 or CI"),
]


def run(args, cwd: Path, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)
    assert done.returncode == 0, f"{' '.join(map(str, args))} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the venv's kg executable, a working folder outside the checkout)."""
    root = tmp_path_factory.mktemp("wheel")
    assert not root.resolve().is_relative_to(ROOT)
    dist = root / "dist"
    # from a copy of the tracked files, so the checkout is left as it was (no build/, no egg-info)
    tracked = run(["git", "ls-files", "-z"], ROOT).stdout.split("\0")
    src = root / "src"
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    if importlib.util.find_spec("build"):  # pypa/build, if installed
        run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, src], root)
    else:
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src], root)
    wheels = list(dist.glob("kg-*.whl"))
    assert len(wheels) == 1, wheels
    venv = root / "venv"
    run([sys.executable, "-m", "venv", venv], root)
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "-q", wheels[0]], root)
    where = run([python, "-c", "import kg, sys; print(kg.__file__)"], root).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where  # the wheel's copy, not the checkout
    work = root / "work"
    shutil.copytree(CORPUS, work / "corpus")
    return venv / "bin" / "kg", work


def test_installed_build_view_query_export(installed):
    kg, work = installed
    built = run([kg, "build", "corpus"], work)
    assert re.search(r"^5 documents? built, 0 skipped, \d+ triples", built.stdout, re.M), built.stdout
    out = work / "output"
    for name in ("graph.ttl", "graph.nq", "records.jsonl", "report.json", "index.html", "graph.html", "roles.html"):
        assert (out / name).stat().st_size > 0, name
    assert len(list((out / "docs").glob("doc-*.html"))) == 5
    viewed = run([kg, "view", "-o", work / "pages"], work)
    assert (work / "pages" / "graph.html").is_file() and "pages" in viewed.stdout
    issuers = run([kg, "query", "issuers", "--format", "json"], work)
    rows = json.loads(issuers.stdout)["results"]["bindings"]
    assert {"中共北京交通大学委员会", "中共泉州师范学院委员会"} <= {r["issuer"]["value"] for r in rows}
    assert len(run([kg, "query", "--list"], work).stdout.splitlines()) >= 12  # the .rq files are in the wheel
    run([kg, "export", "--format", "ttl", "-o", work / "export.ttl"], work)
    assert "@prefix" in (work / "export.ttl").read_text(encoding="utf-8")
    assert run([kg, "validate"], work).stdout.strip().endswith("conforms to the kg shapes")


def test_installed_serve_answers_a_query(installed):
    kg, work = installed
    if not (work / "output" / "graph.nq").exists():
        run([kg, "build", "corpus", "--no-views"], work)
    # its own process group: the query worker it starts goes with it
    server = subprocess.Popen([str(kg), "serve", "--port", "0"], cwd=work, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline, url = time.monotonic() + 60, None
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                break
            m = re.search(r"http://\S+/sparql", line)
            url = m.group(0) if m else None
        assert url, "kg serve printed no endpoint address"
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/kg-gongwen/ontology#OfficialDocument> }"})
        request = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = json.load(answer)
        assert body["results"]["bindings"][0]["n"]["value"] == "5"
    finally:
        os.killpg(server.pid, signal.SIGINT)  # as Ctrl-C
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        try:
            os.killpg(server.pid, signal.SIGKILL)  # anything of the group still there
        except ProcessLookupError:
            pass
        server.stdout.close()
