"""How fast ``kg build`` is on a synthetic corpus, and where the time goes.

    python bench/build_bench.py --n 1000            # corpus from bench/synth.py
    python bench/build_bench.py --corpus DIR        # or an existing folder
    python bench/build_bench.py --n 1000 --cprofile 20 --serializers

First the build runs as the user runs it, ``python -m kg build DIR -o OUT -q``
in a fresh process (wall time, CPU time and peak memory are its own and its
workers').  Then it runs again in this process, in one process (jobs=1, so
every stage is seen here), with timers wrapped around its stages, without
touching kg/: each stage function is replaced, for that run only, in the
module build() looks it up in (kg.api, kg.graph.write, pipeline.STEPS).
Plain text, one figure per line.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import inspect
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the working tree's kg, as in the child process

import synth  # noqa: E402  (bench/ is on sys.path when run as a script)


def run_child(corpus: Path, out: Path) -> dict:
    """``kg build`` in a fresh interpreter: wall time, peak RSS, output sizes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if run.returncode:
        sys.exit(f"kg build failed ({run.returncode}):\n{run.stderr}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # ru_maxrss is in KiB on Linux; the only child this process has waited for is the build
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    sizes = {p.name: p.stat().st_size for p in out.glob("graph.*")}
    # CPU time is less disturbed than wall time when other jobs share the cores
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "report": report, "sizes": sizes}


# (module path, attribute, label, parent stage): what build() calls, where it
# looks it up.  kg/ is being changed while this is written, so a name that is
# gone is skipped and a stage that was never called is not printed.
STAGES = [
    ("kg.api", "discover", "discover files", None),
    ("kg.api", "new_dataset", "new dataset (ontology load)", None),
    ("kg.api", "read", "read", None),
    ("kg.api", "process", "pipeline.process", None),
    ("kg.api", "add_document", "graph add_document", None),
    ("kg.api", "document_rows", "graph document_rows (a document's key rows)", None),
    ("kg.graph.stream", "nquads", "a document's N-Quads (stream.nquads)", None),
    ("kg.graph.turtle", "own_blocks", "a document's own Turtle blocks (turtle.own_blocks)", None),
    ("kg.api", "record", "records", None),
    ("kg.api", "union", "union", None),
    ("rdflib", "Graph.serialize", "rdflib Graph.serialize (Turtle)", None),
    ("kg.graph.write", "turtle", "Turtle serialization (write.turtle)", None),
    ("kg.graph.write", "_triples", "collect + sort triples", "Turtle serialization (write.turtle)"),
    ("kg.graph.write", "nquads", "N-Quads serialization (write.nquads)", None),
    ("kg.graph.write", "_quads", "collect + sort quads", "N-Quads serialization (write.nquads)"),
    ("kg.api", "new_quads", "new quads (ontology load, empty quads per document)", None),
    ("kg.api", "_write_views", "HTML views (api._write_views)", None),
    ("kg.graph.stream", "document", "a document's sorted rows and N-Quads (stream.document)", None),
    ("kg.graph.stream", "GraphWriter._spill", "merge documents into sorted runs (GraphWriter._spill)", None),
    ("kg.api", "_write_graph", "graph.ttl, graph.nq, records, store (api._write_graph)", None),
    ("kg.graph.stream", "GraphWriter.turtle", "merge runs and blocks, write Turtle (GraphWriter.turtle)",
     "graph.ttl, graph.nq, records, store (api._write_graph)"),
    ("kg.graph.stream", "GraphWriter.nquads", "copy named graphs to N-Quads (GraphWriter.nquads)",
     "graph.ttl, graph.nq, records, store (api._write_graph)"),
    ("kg.sparql.store", "TurtleLoader.close", "wait for the store's loader threads (TurtleLoader.close)",
     "graph.ttl, graph.nq, records, store (api._write_graph)"),
    ("kg.views", "write_views", "HTML views (views.write_views)", None),  # imported by build() when called
]


def timed_build(corpus: Path, out: Path, profile: cProfile.Profile | None = None):
    """api.build in this process; (total seconds, {stage: seconds}, {stage: parent})."""
    from kg import api, pipeline

    spent: dict[str, float] = defaultdict(float)

    def timer(name, fn):
        def wrapped(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t
        return wrapped

    parents, saved = {}, []
    for module, attr, label, parent in STAGES:
        try:
            obj = importlib.import_module(module)
        except ImportError:
            continue
        *path, attr = attr.split(".")
        for part in path:
            obj = getattr(obj, part)
        if hasattr(obj, attr):
            saved.append((obj, attr, getattr(obj, attr)))
            setattr(obj, attr, timer(label, getattr(obj, attr)))
            parents[label] = parent
    # pipeline.process reads STEPS at call time, so its steps can be timed one by one
    steps = list(pipeline.STEPS)
    pipeline.STEPS[:] = [(n, timer(f"step {n}", f)) for n, f in steps]
    parents.update({f"step {n}": "pipeline.process" for n, _ in steps})
    # time in the cyclic garbage collector, which grows with the heap (1M triples: GBs)
    gc_start = [0.0]

    def gc_timer(phase, info):
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            spent["(garbage collector, inside the stages above)"] += time.perf_counter() - gc_start[0]

    gc.callbacks.append(gc_timer)
    parents["(garbage collector, inside the stages above)"] = "gc"
    try:
        t = time.perf_counter()
        if profile:
            profile.enable()
        # one process, so read and process are timed here and not in workers
        serial = {"jobs": 1} if "jobs" in inspect.signature(api.build).parameters else {}
        api.build([corpus], out, **serial)
        if profile:
            profile.disable()
        total = time.perf_counter() - t
    finally:
        gc.callbacks.remove(gc_timer)
        for obj, attr, fn in saved:
            setattr(obj, attr, fn)
        pipeline.STEPS[:] = steps
    spent["other (triple count, jsonl/report writing, loop)"] = total - sum(
        v for k, v in spent.items() if parents.get(k) is None)
    return total, spent, parents


def print_stages(total: float, spent: dict[str, float], parents: dict, parent=None, indent="  ") -> None:
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        if parents.get(name) == parent:
            print(f"{indent}{name}: {s:.2f} s ({100 * s / total:.0f}%)")
            print_stages(total, spent, parents, name, indent + "  ")


def compare_serializers(corpus: Path) -> None:
    """The whole graph written by rdflib's Turtle, oxrdflib's and pyoxigraph's
    writers (and kg's own, if it has one): which serializer is worth it?"""
    import pyoxigraph
    from rdflib import Graph

    from kg import api
    from kg.graph.build import PREFIXES

    ds = api.new_dataset()
    for path in api.discover([corpus]).files:
        doc = api.process(api.read(path))
        api.add_document(ds, doc, api.document_iri(doc))
    graph = Graph()  # all named graphs merged, as graph.ttl holds them
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    writers = [
        ("rdflib turtle", lambda: graph.serialize(format="turtle", encoding="utf-8")),
        ("rdflib ntriples", lambda: graph.serialize(format="nt", encoding="utf-8")),
        ("oxrdflib ox-turtle", lambda: graph.serialize(format="ox-turtle", encoding="utf-8")),
        ("pyoxigraph turtle (terms converted via N-Triples)", lambda: pyoxigraph.serialize(
            pyoxigraph.parse(graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES),
            format=pyoxigraph.RdfFormat.TURTLE, prefixes={p: str(n) for p, n in PREFIXES.items()})),
    ]
    try:
        from kg.graph import write
        writers.append(("kg write.turtle (from the dataset)", lambda: write.turtle(ds, PREFIXES)))
    except ImportError:  # older kg: graph.ttl came from rdflib's writer
        pass
    for label, serialize in writers:
        t = time.perf_counter()
        try:
            data = serialize()
        except Exception as exc:  # a missing plugin should not end the benchmark
            print(f"serializer {label}: failed ({type(exc).__name__}: {exc})")
            continue
        print(f"serializer {label}: {time.perf_counter() - t:.2f} s, {len(data) / 1e6:.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="documents to generate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, help="use this folder instead of generating one")
    ap.add_argument("--cprofile", type=int, metavar="K", default=0,
                    help="also print the K functions with most cumulative time in the in-process build")
    ap.add_argument("--serializers", action="store_true", help="also time other Turtle writers")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp, "corpus")
            synth.generate(args.n, corpus, args.seed)
        files = [p for p in sorted(corpus.rglob("*")) if p.suffix.lower() in (".txt", ".docx", ".pdf")]
        mb = sum(p.stat().st_size for p in files) / 1e6

        child = run_child(corpus, Path(tmp, "out"))
        report = child["report"]
        print(f"documents: {report['documents']} built, {len(report['skipped'])} skipped")
        print(f"input MB: {mb:.2f}")
        print(f"wall seconds: {child['wall']:.2f}")  # with interpreter start and imports
        print(f"CPU seconds (child user+sys): {child['cpu']:.2f}")
        print(f"build seconds (kg's report.json): {report['seconds']:.2f}")
        print(f"documents/s: {report['documents'] / child['wall']:.1f}")
        print(f"MB/s: {mb / child['wall']:.3f}")
        # RUSAGE_CHILDREN's maxrss is the largest single process (main or a worker), not their sum
        print(f"peak RSS MB (largest process of the build): {child['rss_mb']:.0f}")
        print(f"load average (1 min, other jobs on this machine): {os.getloadavg()[0]:.2f}")
        print(f"triples: {report['triples']}")
        for name, size in sorted(child["sizes"].items()):
            print(f"{name} MB: {size / 1e6:.2f}")

        profile = cProfile.Profile() if args.cprofile else None
        total, spent, parents = timed_build(corpus, Path(tmp, "out-timed"), profile)
        print(f"stages (in-process build, one process, {total:.2f} s; cProfile on: {bool(profile)}):")
        print_stages(total, spent, parents)
        print_stages(total, spent, parents, parent="gc")
        if profile:
            stream = io.StringIO()
            pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(args.cprofile)
            print(stream.getvalue())
        if args.serializers:
            compare_serializers(corpus)


if __name__ == "__main__":
    main()
