"""The command line: build's summary, report and exit codes; bad input; atomic output."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from click.testing import CliRunner

from kg.cli import cli

from .conftest import CORPUS, FIXTURES


def test_build_writes_the_three_outputs(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "5 documents built, 0 skipped" in result.output
    for name in ("graph.ttl", "records.jsonl", "report.json"):
        assert (tmp_path / name).stat().st_size > 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 5 and report["triples"] > 1000
    assert not list(tmp_path.glob(".*.tmp"))


def test_bad_inputs_are_skipped_with_one_line_each_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "001_092036f7e9b9a680.txt", src)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (src / "fake.pdf").write_bytes(b"hello")
    (src / "story.txt").write_text("从前有座山，山里有座庙，庙里有个老和尚在给小和尚讲故事。\n" * 5, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 5
    for name, code in [("empty.txt", "KG101"), ("binary.txt", "KG102"), ("broken.docx", "KG103"),
                       ("fake.pdf", "KG103"), ("story.txt", "KG201")]:
        line = next(s for s in skipped if name in s)
        assert code in line
    assert "1 document built, 5 skipped" in result.output  # singular for one
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {s["code"] for s in report["skipped"]} == {"KG101", "KG102", "KG103", "KG201"}


def test_exit_status_is_non_zero_when_nothing_was_built(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous graph", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "empty.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous graph"
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"] == 0


def test_interrupted_build_leaves_the_previous_output_whole(tmp_path, monkeypatch):
    import kg.api
    import kg.graph.stream

    out = tmp_path / "out"
    kg.api.build([CORPUS / "000_2dafe728cb752b67.txt"], out)
    # the cache (.kg/cache) keeps what the interrupted build extracted: not an output
    files = lambda: {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                     if p.is_file() and ".kg/cache/" not in p.relative_to(out).as_posix()}
    before = files()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-write

    monkeypatch.setattr(kg.graph.stream.GraphWriter, "nquads", crash)  # after graph.ttl is staged
    try:
        kg.api.build([CORPUS], out)
    except KeyboardInterrupt:
        pass
    assert files() == before  # same files, same bytes, no temporaries left


def test_python_dash_m_and_validate(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True)
    built = run("build", str(CORPUS), "-o", str(tmp_path))
    assert built.returncode == 0, built.stderr
    checked = run("validate", str(tmp_path / "graph.ttl"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "conforms" in checked.stdout


def test_commands_before_any_build_say_to_build_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no output/ here
    for args in (["query", "issuers"], ["view"], ["export", "--format", "ttl"], ["serve", "--port", "0"],
                 ["validate"], ["push", "--endpoint", "http://127.0.0.1:9/sparql"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        default = "output/graph.ttl" if args[0] in ("query", "validate") else "output/graph.nq"
        assert result.output.strip() == f"error: no graph at {default}: run `kg build` first", args
    result = CliRunner().invoke(cli, ["view", "elsewhere/graph.nq"])
    assert (result.exit_code, result.output.strip()) == (2, "error: no graph at elsewhere/graph.nq: no such file")


def test_kg_query_says_it_is_read_only(corpus_build):
    _, out = corpus_build
    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                   "PREFIX kg: <https://w3id.org/kg-gongwen/ontology#>\n# a comment\nDELETE WHERE { ?s kg:actor ?o }",
                   "clear all", "LOAD <http://example.org/x.ttl>"):
        result = CliRunner().invoke(cli, ["query", update, "-g", str(out / "graph.ttl")])
        assert result.exit_code == 2
        assert "kg query is read-only" in result.output and "not supported" in result.output
    # a query that merely mentions the words still runs
    ok = CliRunner().invoke(cli, ["query", "SELECT ?insert WHERE { BIND('DELETE' AS ?insert) }", "-g", str(out / "graph.ttl")])
    assert ok.exit_code == 0 and "DELETE" in ok.output
