"""Lexicons: word lists kept as data files, read once."""
from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def lexicon(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``lexicons/<name>.txt``: tab-separated fields, comments and blanks skipped."""
    text = files(__package__).joinpath("lexicons", f"{name}.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(f.strip() for f in line.split("\t")))
    return tuple(rows)


def words(name: str) -> tuple[str, ...]:
    """The first field of each row of a lexicon."""
    return tuple(row[0] for row in lexicon(name))
