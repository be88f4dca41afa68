"""How fast ``kg build`` is on a synthetic corpus, and where the time goes.

    python bench/build_bench.py --n 1000            # corpus from bench/synth.py
    python bench/build_bench.py --corpus DIR        # or an existing folder
    python bench/build_bench.py --n 1000 --cprofile 20 --serializers

First the build runs as the user runs it, ``python -m kg build DIR -o OUT -q``
in a fresh process (wall time and peak memory are the child's own).  Then it
runs again in this process with timers wrapped around its stages, without
touching kg/: the stage functions are replaced in kg.api's namespace, where
build() looks them up.  Plain text, one figure per line.
"""
from __future__ import annotations

import argparse
import cProfile
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
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "rss_mb": rss, "report": report, "ttl": (out / "graph.ttl").stat().st_size}


def timed_build(corpus: Path, out: Path, profile: cProfile.Profile | None = None) -> dict[str, float]:
    """api.build in this process, seconds per stage (what is not wrapped is 'other')."""
    import rdflib
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

    patches = [(api, name, timer(label, getattr(api, name))) for name, label in [
        ("discover", "discover files"), ("new_dataset", "new dataset (ontology load)"),
        ("read", "read"), ("process", "pipeline.process"), ("add_document", "graph add_document"),
        ("union", "union"), ("record", "records"),
    ]]
    # serialize is a Graph method; only the Turtle write goes through it in build()
    patches.append((rdflib.Graph, "serialize", timer("turtle serialization", rdflib.Graph.serialize)))
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    # pipeline.process reads STEPS at call time, so its steps can be timed one by one
    steps = list(pipeline.STEPS)
    pipeline.STEPS[:] = [(n, timer(f"process/{n}", f)) for n, f in steps]
    for obj, name, fn in patches:
        setattr(obj, name, fn)
    try:
        t = time.perf_counter()
        if profile:
            profile.enable()
        result = api.build([corpus], out)
        if profile:
            profile.disable()
        spent["total"] = time.perf_counter() - t
    finally:
        for obj, name, fn in saved:
            setattr(obj, name, fn)
        pipeline.STEPS[:] = steps
    spent["other (jsonl/report writing, loop)"] = spent["total"] - sum(
        v for k, v in spent.items() if k != "total" and not k.startswith("process/"))
    spent["_triples"] = result.triples
    return spent


def compare_serializers(corpus: Path) -> None:
    """The same union graph written by rdflib's Turtle, oxrdflib's and pyoxigraph's
    writers: is a different serializer worth it?"""
    import pyoxigraph
    from kg import api

    files = api.discover([corpus])
    ds = api.new_dataset()
    for path in files:
        doc = api.process(api.read(path))
        api.add_document(ds, doc, api.document_iri(doc))
    graph = api.union(ds)
    for label, write in [
        ("rdflib turtle", lambda f: graph.serialize(f, format="turtle", encoding="utf-8")),
        ("rdflib ntriples", lambda f: graph.serialize(f, format="nt", encoding="utf-8")),
        ("oxrdflib ox-turtle", lambda f: graph.serialize(f, format="ox-turtle", encoding="utf-8")),
        ("pyoxigraph turtle (incl. conversion)", lambda f: pyoxigraph.serialize(
            _to_ox(graph), f, pyoxigraph.RdfFormat.TURTLE,
            prefixes={p: str(n) for p, n in graph.namespaces()})),
    ]:
        buf = io.BytesIO()
        t = time.perf_counter()
        try:
            write(buf)
        except Exception as exc:  # a missing plugin should not end the benchmark
            print(f"serializer {label}: failed ({type(exc).__name__}: {exc})")
            continue
        print(f"serializer {label}: {time.perf_counter() - t:.2f} s, {len(buf.getvalue()) / 1e6:.1f} MB")


def _to_ox(graph):
    """rdflib triples as pyoxigraph ones, via N-Triples (the cheapest exact route)."""
    import pyoxigraph
    nt = graph.serialize(format="nt", encoding="utf-8")
    return pyoxigraph.parse(nt, pyoxigraph.RdfFormat.N_TRIPLES)


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
        print(f"wall seconds: {child['wall']:.2f}")
        print(f"documents/s: {report['documents'] / child['wall']:.1f}")
        print(f"MB/s: {mb / child['wall']:.3f}")
        print(f"peak RSS MB (child): {child['rss_mb']:.0f}")
        print(f"triples: {report['triples']}")
        print(f"graph.ttl MB: {child['ttl'] / 1e6:.2f}")

        profile = cProfile.Profile() if args.cprofile else None
        spent = timed_build(corpus, Path(tmp, "out-timed"), profile)
        total = spent.pop("total")
        spent.pop("_triples")
        print(f"stages (in-process build, {total:.2f} s; cProfile on: {bool(profile)}):")
        for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
            if not name.startswith("process/"):
                print(f"  {name}: {s:.2f} s ({100 * s / total:.0f}%)")
            if name == "pipeline.process":  # its steps, indented under it
                for step, s2 in spent.items():
                    if step.startswith("process/"):
                        print(f"    {step}: {s2:.2f} s ({100 * s2 / total:.0f}%)")
        if profile:
            stream = io.StringIO()
            pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(args.cprofile)
            print(stream.getvalue())
        if args.serializers:
            compare_serializers(corpus)


if __name__ == "__main__":
    main()
