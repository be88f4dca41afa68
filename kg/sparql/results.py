"""Query results as text: an aligned table for people, or a standard format.

SELECT results print as a table (columns aligned by display width, so Chinese
characters count double; long cells cut with … to fit the terminal), CSV, TSV, SPARQL 1.1 JSON or XML (Oxigraph's own
writers), or Markdown.  CONSTRUCT and DESCRIBE give RDF; ASK gives true/false.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
from wcwidth import wcswidth, wcwidth

from .prefixes import LONGEST_FIRST, PREFIXES

SELECT_FORMATS = {"table", "csv", "tsv", "json", "xml", "md"}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML,
                 "jsonld": ox.RdfFormat.JSON_LD}
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


PAGE = 100  # rows a table shows unless told otherwise: thousands of rows are for csv/json, or paging


def render(result, fmt: str = "table", hide: frozenset[str] = frozenset(), width: int | None = None,
           hide_if_empty: frozenset[str] = frozenset(), limit: int | None = None, offset: int = 0) -> str:
    """``hide``: columns a person need not see (the parameters given);
    ``hide_if_empty``: columns to leave out when no row has a value (the
    parameters not given); ``width``: the terminal's, that a table's long
    cells are cut to fit.  ``limit``, ``offset``: the page of rows a table or
    Markdown shows (the rows past it are only counted); the standard formats
    are paged in the query itself (:func:`kg.sparql.store.paged`)."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        value = bool(result)
        return json.dumps({"head": {}, "boolean": value}) if fmt == "json" else str(value).lower()
    if isinstance(result, ox.QueryTriples):
        rdf = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
        prefixes = PREFIXES if rdf is ox.RdfFormat.TURTLE else None
        return ox.serialize(result, format=rdf, prefixes=prefixes).decode("utf-8")
    if fmt in _RESULT_FORMATS:
        return result.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    names = [v.value for v in result.variables if v.value not in hide]
    end = None if limit is None else offset + limit
    rows, total = [], 0
    for total, solution in enumerate(result, 1):  # the rows past the page are only counted
        if offset < total and (end is None or total <= end):
            rows.append([cell(solution[name]) for name in names])
    paged = limit is not None or offset
    keep = [k for k, name in enumerate(names) if name not in hide_if_empty or any(row[k] for row in rows)]
    names, rows = [names[k] for k in keep], [[row[k] for k in keep] for row in rows]
    whole = not paged or total == len(rows)
    text = markdown(names, rows) if fmt == "md" else table(names, rows, width, footer=whole)
    if not whole:
        shown = (f"first {len(rows)}" if not offset else f"rows {offset + 1}–{offset + len(rows)}" if rows
                 else f"no rows past row {offset}")
        text += f"\n({shown} of {total} rows; --limit/--offset for more)"
    return text


def cell(term) -> str:
    """A term as a person reads it: a literal's text, an IRI as a prefixed name."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for prefix, ns in LONGEST_FIRST:
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    return str(term)


def _width(text: str) -> int:
    return max(wcswidth(text), 0) if text.isprintable() else sum(max(wcwidth(c), 0) for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` columns, ending in … when cut."""
    if _width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = max(wcwidth(c), 0)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Narrow the widest columns, none below its floor, until they fit in ``room``."""
    if sum(widths) <= room:
        return widths
    lo, hi = 0, max(widths)
    while lo < hi:  # the largest cap at which the capped widths still fit
        cap = (lo + hi + 1) // 2
        if sum(min(w, max(cap, f)) for w, f in zip(widths, floors)) <= room:
            lo = cap
        else:
            hi = cap - 1
    return [min(w, max(lo, f)) for w, f in zip(widths, floors)]


MIN_COLUMN = 8  # a cut column keeps at least this many columns (or its header's width)


def table(names: list[str], rows: list[list[str]], width: int | None = None, footer: bool = True) -> str:
    """Rows aligned in columns; with ``width``, long cells cut with … so a line fits."""
    rows = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    if width and names:
        floors = [min(w, max(_width(n), MIN_COLUMN)) for w, n in zip(widths, names)]
        widths = _fit(widths, floors, width - 2 * (len(names) - 1))
        rows = [[_cut(c, w) for c, w in zip(row, widths)] for row in rows]
    lines = ["  ".join(_pad(n, w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    if footer:
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def markdown(names: list[str], rows: list[list[str]]) -> str:
    esc = lambda s: s.replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(map(esc, names)) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(map(esc, row)) + " |" for row in rows]
    return "\n".join(lines)
