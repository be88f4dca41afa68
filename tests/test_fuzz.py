"""Seeded, bounded fuzzing: mutated .txt, .docx and .pdf files never crash a build.

Each variant (``tests/fuzz.py``) goes through ``kg.api._one``, what a build
calls per file: it either builds or is skipped with a code; no exception
escapes, and no reader failure is left as an internal error (KG999).
``bench/fuzz_readers.py`` runs the same at any size.
"""
from __future__ import annotations

import re

import pytest

from kg.api import Skipped, _one
from kg.model import Document

from . import hostile
from .conftest import CORPUS, DATA
from .fuzz import variants

TEXT = (CORPUS / "003_fd2a9579d902d1ba.txt").read_bytes()
SOURCES = {
    "txt": lambda: TEXT,
    "docx": lambda: hostile.docx_bytes([line for line in TEXT.decode().splitlines() if line.strip()]),
    "pdf": lambda: (DATA / "004.pdf").read_bytes(),
}
COUNTS = {"txt": 100, "docx": 200, "pdf": 60}  # ~3 s each of CPU: text and PDF variants mostly build in full


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_mutated_files_build_or_are_skipped_with_a_code(tmp_path, fmt):
    path = tmp_path / f"variant.{fmt}"
    outcomes = []
    for variant in variants(SOURCES[fmt](), fmt, COUNTS[fmt], seed=2024):
        path.write_bytes(variant)
        outcome = _one(path)
        assert isinstance(outcome, (Document, Skipped))
        if isinstance(outcome, Skipped):
            assert re.fullmatch(r"KG\d{3}", outcome.code) and outcome.code != "KG999", outcome
            assert outcome.reason and "\n" not in outcome.reason
        outcomes.append(outcome)
    # the mutations reach both sides: some variants still build, and (but for text) some are skipped
    assert any(isinstance(o, Document) for o in outcomes)
    assert fmt == "txt" or any(isinstance(o, Skipped) for o in outcomes)
