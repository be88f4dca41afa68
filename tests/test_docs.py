"""The README as a reader sees it: rendered by a Markdown renderer, every
table whole, and every command of the CLI in its command table."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown

from kg.cli import cli

from .conftest import ROOT


class Tables(HTMLParser):
    """Rows of cells of each <table>, and the text of every <p>."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._p: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._p = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "p":
            self.paragraphs.append("".join(self._p).strip())
            self._p = None

    def handle_data(self, data):
        for part in (self._cell, self._p):
            if part is not None:
                part.append(data)


def rendered() -> Tables:
    html = markdown.markdown((ROOT / "README.md").read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    parsed = Tables()
    parsed.feed(html)
    return parsed


def test_every_table_has_as_many_cells_in_each_row_as_its_header():
    tables = rendered().tables
    assert len(tables) >= 5
    for table in tables:
        header = len(table[0])
        assert header >= 2
        assert [len(row) for row in table] == [header] * len(table), table[0]


def test_no_table_row_is_left_as_raw_text():
    # a blank line inside a table ends it: the rows after it render as text with pipes
    assert not [p for p in rendered().paragraphs if p.startswith("|")]


def test_every_command_is_in_the_command_table():
    table = next(t for t in rendered().tables if t[0] == ["command", "does"])
    listed = {row[0].split()[1] for row in table[1:] if row[0].startswith("kg ")}
    assert set(cli.commands) == listed
