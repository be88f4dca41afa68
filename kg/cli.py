"""The ``kg`` command: thin wrappers over :mod:`kg.api`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, api

DEFAULT_OUT = Path("output")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Knowledge graphs from Chinese official documents (党政机关公文)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl, records.jsonl and report.json.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary line.")
def build(paths: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Build the graph of the documents in PATHS (files or folders, recursively).

    Reads .txt (UTF-8, GB18030/GBK, UTF-16), .docx and .pdf; writes
    OUT/graph.ttl, OUT/records.jsonl and OUT/report.json.  Files that cannot be
    read, or are no official document, are listed with the reason and skipped.
    Exits non-zero when no document could be built.
    """
    def progress(files):
        if len(files) < 20 or quiet:
            return files
        return click.progressbar(files, label="reading", file=sys.stderr, show_pos=True)

    result = api.build(paths, out_dir, progress=_wrap(progress))
    for s in result.skipped:
        click.echo(f"skipped {s}", err=True)
    for w in result.warnings if not quiet else []:
        click.echo(f"warning {w}", err=True)
    click.echo(
        f"{len(result.documents)} documents built, {len(result.skipped)} skipped, "
        f"{result.triples} triples, {result.seconds:.2f} s"
        + (f" → {out_dir}/" if result.ok else f"; nothing written but {out_dir}/report.json")
    )
    if not result.ok:
        sys.exit(1)


def _wrap(progress):
    """click.progressbar is a context manager; api.build wants an iterable."""
    def iterate(files):
        bar = progress(files)
        if bar is files:
            yield from files
            return
        with bar as items:
            yield from items
    return iterate


@cli.command()
@click.argument("graph", default=DEFAULT_OUT / "graph.ttl", type=click.Path(exists=True, path_type=Path))
def validate(graph: Path) -> None:
    """Check GRAPH (default output/graph.ttl) against the SHACL shapes."""
    from rdflib import Graph

    from .graph.validate import validate as shacl

    result = shacl(Graph().parse(graph))
    if result.conforms:
        click.echo(f"{graph}: conforms to the kg shapes")
    else:
        click.echo(result.text)
        click.echo(f"{graph}: does not conform", err=True)
        sys.exit(1)


@cli.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold JSON files, one per document.")
@click.option("--records", default=DEFAULT_OUT / "records.jsonl", show_default=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Records written by kg build.")
@click.option("--show", is_flag=True, help="Also print every mismatch.")
def eval_(gold_dir: Path, records: Path, show: bool) -> None:
    """Score a build's records against gold annotations: per field accuracy
    or precision/recall/F1, and recall of the key directives."""
    from .evaluate import evaluate

    score = evaluate(gold_dir, records)
    if show:
        for line in score.mismatches:
            click.echo(line)
    click.echo(f"{'field':<22} {'score':>7}")
    for name, value, detail in score.table():
        click.echo(f"{name:<22} {value:7.3f}  {detail}")
    if score.missing:
        click.echo(f"no record for: {', '.join(score.missing)}")
    click.echo(f"overall {score.overall:.3f}")
