"""A build's outputs as one unit: kill -9 anywhere, two builds at once, workers that die with the build.

Builds run as real ``python -m kg build`` processes.  To kill one at a chosen
point, a small wrapper patches a function of kg.atomic so that the process
says PAUSED and sleeps there; the test then sends SIGKILL.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pyoxigraph as ox

from kg import atomic
from kg.api import WORK, build

from .conftest import CORPUS

DOCS = sorted(CORPUS.glob("*.txt"))

HOOK = r"""
import sys, time
import kg.atomic as a
attr, match, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
owner = a.Generation if attr == "open" else a
orig = getattr(owner, attr)
calls = [0]
def hooked(*args, **kw):
    if match == "*" or match in map(str, args):
        calls[0] += 1
        if calls[0] == nth:
            print("PAUSED", flush=True)
            time.sleep(120)
    return orig(*args, **kw)
setattr(owner, attr, hooked)
from kg.cli import cli
cli(sys.argv[4:], prog_name="kg")
"""


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two small corpora and, for each, the output of a build into a fresh folder."""
    root = tmp_path_factory.mktemp("corpora")
    refs = {}
    for name, docs in (("a", DOCS[:2]), ("b", DOCS[2:])):
        folder = root / name
        folder.mkdir()
        for d in docs:
            shutil.copy(d, folder)
        build([folder], root / f"ref-{name}")
        refs[name] = (folder, snapshot(root / f"ref-{name}"))
    assert refs["a"][1] != refs["b"][1]
    return refs


def snapshot(out: Path) -> dict[str, bytes]:
    """What a reader of ``out`` sees: every output file by name (not the time in the report)."""
    snap = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if rel == "store" and p.is_dir():  # its files differ from build to build: its statements do not
            snap[rel] = b"".join(sorted(str(q).encode() + b"\n" for q in ox.Store.read_only(str(p))))
        if rel.startswith(".kg") or rel.startswith("store/") or not p.is_file():
            continue
        data = p.read_bytes()
        if rel == "report.json":
            report = json.loads(data)
            report.pop("seconds")
            data = json.dumps(report, sort_keys=True).encode()
        snap[rel] = data
    return snap


def tidy(out: Path) -> None:
    """No temporaries, no generation but the current one (and the cache), no link to nothing."""
    store = out / atomic.STORE
    assert sorted(set(os.listdir(store)) - {atomic.CACHE}) == sorted([atomic.CURRENT, os.readlink(store / atomic.CURRENT)])
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or (p.is_symlink() and not p.exists())]
    assert leftovers == []


def kg(*args: str, hook: tuple[str, str, int] | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-c", HOOK, *map(str, hook)] if hook else [sys.executable, "-m", "kg"]
    return subprocess.Popen([*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def paused(proc: subprocess.Popen, timeout: float = 60) -> None:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else ""
    assert line.strip() == "PAUSED", (line, proc.stderr.read() if proc.poll() is not None else "")


# the points a build is killed at: (function of kg.atomic, argument it is called with, which call)
KILL_POINTS = {
    "writing the graph": ("open", "graph.nq", 1),  # graph.ttl staged, graph.nq not
    "writing the views": ("open", "index.html", 1),  # document pages staged, entry pages not
    "before the swap": ("_swap", "*", 1),  # links for the new names made, still the old generation
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_leaves_the_previous_output_whole(corpora, tmp_path, point):
    (a, snap_a), (b, _) = corpora["a"], corpora["b"]
    out = tmp_path / "out"
    build([a], out)
    (out / "notes.txt").write_text("mine")  # the user's: never touched
    assert snapshot(out) == snap_a | {"notes.txt": b"mine"}
    proc = kg("build", str(b), "-o", str(out), hook=KILL_POINTS[point])
    paused(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == snap_a | {"notes.txt": b"mine"}
    if point == "writing the graph":  # its spools are in its generation, not left in /tmp
        assert list((out / atomic.STORE).glob(f"*/{WORK}/graphs.nq"))
    build([b], out)  # the next build clears what the killed one left
    tidy(out)
    assert snapshot(out) == corpora["b"][1] | {"notes.txt": b"mine"}


def test_kill_9_after_the_swap_leaves_the_new_output_whole(corpora, tmp_path):
    (a, _), (b, snap_b) = corpora["a"], corpora["b"]
    out = tmp_path / "out"
    build([a], out)
    proc = kg("build", str(b), "-o", str(out), hook=("clean", "*", 2))  # swapped, not yet cleaned
    paused(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == snap_b  # names only the old build had are links to nothing, not old pages
    build([a], out)
    tidy(out)
    assert snapshot(out) == corpora["a"][1]


def test_outputs_of_an_older_kg_are_adopted_whole(corpora, tmp_path):
    """Plain files from before generations: a kill while they become links changes nothing seen."""
    (a, snap_a), (b, snap_b) = corpora["a"], corpora["b"]
    out = tmp_path / "out"
    shutil.copytree(_plain_copy(a, tmp_path / "plain"), out)
    (out / "docs" / "notes.html").write_text("mine")
    before = snapshot(out)
    assert before == {k: v for k, v in snap_a.items() if k != "store"} | {"docs/notes.html": b"mine"}
    assert not (out / "graph.ttl").is_symlink()
    proc = kg("build", str(b), "-o", str(out), hook=("_entry", "*", 2))  # one plain file replaced by its link
    paused(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == before
    build([b], out)
    tidy(out)
    assert snapshot(out) == snap_b | {"docs/notes.html": b"mine"}


def _plain_copy(corpus: Path, dest: Path) -> Path:
    """A build's output as plain files, the way kg wrote it before generations."""
    out = dest.parent / (dest.name + "-built")
    build([corpus], out)
    shutil.copytree(out, dest, symlinks=False, ignore=shutil.ignore_patterns(".kg", ".kg.lock", "store"))
    return dest


def test_stale_temporaries_of_dead_processes_are_removed(corpora, tmp_path):
    a, snap_a = corpora["a"]
    out = tmp_path / "out"
    build([a], out)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = [out / f".graph.ttl.{dead.stdout.strip()}.tmp",
             out / "docs" / f".doc-0123456789ab.html.{dead.stdout.strip()}.tmp"]
    live = out / f".graph.nq.{os.getpid()}.tmp"  # a process still writing: left alone
    mine = out / f".notes.txt.{dead.stdout.strip()}.tmp"  # not a name kg writes: left alone
    for p in stale + [live, mine]:
        p.write_text("x")
    link = out / f".index.html.{dead.stdout.strip()}.tmp"  # a link made, not yet renamed into place
    os.symlink(".kg/current/index.html", link)
    stale.append(link)
    (out / atomic.STORE / "20200101T000000-1-000000").mkdir()  # a stage of a killed build
    build([a], out)
    assert [p for p in stale if os.path.lexists(p)] == [] and live.exists() and mine.exists()
    live.unlink()
    mine.unlink()
    tidy(out)
    assert snapshot(out) == snap_a


def test_two_builds_into_one_folder_never_mix(corpora, tmp_path):
    (a, snap_a), (b, snap_b) = corpora["a"], corpora["b"]
    out = tmp_path / "out"
    waited = 0
    for _ in range(2):
        procs = [kg("build", str(a), "-o", str(out)), kg("build", str(b), "-o", str(out))]
        results = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], results
        waited += sum("waiting for another build into" in err for _, err in results)
        assert snapshot(out) in (snap_a, snap_b)
        tidy(out)
    assert waited >= 1  # they did meet


def test_a_busy_folder_fails_after_the_wait_with_a_message(corpora, tmp_path):
    a, _ = corpora["a"]
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from kg.atomic import locked\n"
                               "with locked(sys.argv[1]):\n print('PAUSED', flush=True); time.sleep(120)", str(out)],
                              stdout=subprocess.PIPE, text=True)
    try:
        paused(holder)
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(a), "-o", str(out), "--wait", "0.5"],
                              capture_output=True, text=True, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert f"waiting for another build into {out} (pid {holder.pid})" in done.stderr
    assert "KG701" in done.stderr and f"(pid {holder.pid})" in done.stderr.splitlines()[-1]
    assert not (out / "graph.ttl").exists()


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_do_not_outlive_a_killed_build(tmp_path):
    from kg.api import PARALLEL_FROM

    src = tmp_path / "many"
    src.mkdir()
    for k in range(PARALLEL_FROM + 10):
        shutil.copy(DOCS[k % len(DOCS)], src / f"{k:03d}.txt")
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from kg.api import build\n"
                             "build([sys.argv[1]], sys.argv[2], jobs=2)", str(src), str(tmp_path / "out")])
    deadline = time.monotonic() + 60
    while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert len(workers) >= 2, "no worker processes seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while [w for w in workers if _running(w)] and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if _running(w)]
    for w in alive:  # leave no process behind, even when failing
        os.kill(w, signal.SIGKILL)
    assert alive == []


def test_views_written_into_a_build_folder_keep_its_graph(corpora, tmp_path):
    """kg view into a build's folder: a new generation with the same graph files and the new pages."""
    from rdflib import Graph

    from kg.views import write_views

    (a, snap_a), (b, snap_b) = corpora["a"], corpora["b"]
    out = tmp_path / "out"
    build([a], out)
    write_views(Graph().parse(b.parent / "ref-b" / "graph.ttl"), out)
    now = snapshot(out)
    assert {n: now[n] for n in ("graph.ttl", "graph.nq", "records.jsonl")} == \
        {n: snap_a[n] for n in ("graph.ttl", "graph.nq", "records.jsonl")}
    assert {n: d for n, d in now.items() if n.endswith(".html")} == \
        {n: d for n, d in snap_b.items() if n.endswith(".html")}
    tidy(out)
