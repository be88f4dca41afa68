"""Shared fixtures: the corpus, the gold files, and one build of the corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
DATA = Path(__file__).parent / "data"
FIXTURES = DATA / "fixtures"


def scored(gold: Path, records: Path) -> tuple[dict[str, float], str]:
    """``shared/eval/score.py`` of a build's records against gold files: each field's score, and its report."""
    import re
    import subprocess
    import sys

    report = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold),
                             "--pred", str(records)], capture_output=True, text=True, check=True).stdout
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+)\s+([\d.]+)", report, re.M)}, report


def pytest_configure(config):
    if not GOLD.is_dir():
        raise pytest.UsageError(f"the gold files are expected in {GOLD} (shared/ beside the project)")


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """``kg build corpus/`` once for the session: (result, out_dir)."""
    from kg.api import build

    out = tmp_path_factory.mktemp("corpus_build")
    return build([CORPUS], out), out


@pytest.fixture(scope="session")
def corpus_records(corpus_build):
    _, out = corpus_build
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return {rec["source"]: rec for rec in map(json.loads, lines)}


@pytest.fixture(scope="session")
def corpus_graph(corpus_build):
    from rdflib import Graph

    _, out = corpus_build
    return Graph().parse(out / "graph.ttl")


@pytest.fixture
def docx_of():
    """Write a .docx with python-docx from lines of text."""
    def make(path: Path, lines: list[str]) -> Path:
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
        return path
    return make


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (tests/browser.py); skipped without
    it, a failure when CI is set."""
    from . import browser

    reason = browser.unavailable()
    if reason:
        if browser.in_ci():
            pytest.fail(f"CI is set but the browser tests cannot run: {reason}")
        pytest.skip(reason)
    with browser.launch() as b:
        yield b
