"""The ``kg`` command: thin wrappers over :mod:`kg.api`."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KGError
from .limits import MAX_FILE_MB
from .text.controls import escaped, quoted

DEFAULT_OUT = Path("output")
BULK_DIR_HELP = ("A folder Virtuoso reads at the same path (in DirsAllowed of its virtuoso.ini): load with its "
                 "bulk loader, several times faster than the Graph Store protocol; falls back to that, saying why, "
                 "when the server cannot use it (or env KG_BULK_DIR).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Knowledge graphs from Chinese official documents (党政机关公文)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl, records.jsonl and report.json.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only problems and the summary line (so does a build whose stderr is no terminal).")
@click.option("--views/--no-views", default=True, show_default=True, help="Also write the HTML views.")
@click.option("--max-file-mb", default=MAX_FILE_MB, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Skip files larger than this many MB, before reading them.")
@click.option("--wait", "lock_timeout", default=600.0, show_default=True, metavar="SECONDS",
              help="How long to wait for another build into the same folder.")
@click.option("--rebuild", is_flag=True,
              help="Extract every file again (by default a file unchanged since the last build into OUT is not).")
@click.option("--scheduler", metavar="tcp://HOST:8786",
              help="Read and extract on this Dask distributed cluster (workers see the files at the same paths).")
@click.option("--push", "push_to", metavar="URL",
              help="Then load the build into the SPARQL store at URL, as kg push does (see kg push --help).")
@click.option("--push-graph-store", metavar="URL", help="With --push: the store's Graph Store endpoint.")
@click.option("--push-user", metavar="USER", help="With --push: user name (password: env KG_STORE_PASSWORD).")
@click.option("--push-bulk-dir", type=click.Path(file_okay=False, path_type=Path), envvar="KG_BULK_DIR",
              help="With --push: " + BULK_DIR_HELP)
def build(paths: tuple[Path, ...], out_dir: Path, quiet: bool, views: bool, max_file_mb: float,
          lock_timeout: float, rebuild: bool, scheduler: str | None, push_to: str | None,
          push_graph_store: str | None, push_user: str | None, push_bulk_dir: Path | None) -> None:
    """Build the graph of the documents in PATHS (files or folders, recursively).

    Reads text (UTF-8, GB18030/GBK, UTF-16), .docx and .pdf, sniffed from
    the bytes whatever the extension; writes
    OUT/graph.ttl, OUT/graph.nq, OUT/records.jsonl, OUT/report.json, the
    store kg query and kg serve open (OUT/store/) and the
    views (OUT/index.html, graph.html, roles.html, docs/).  Files that cannot be
    read, or are no official document, are listed with the reason and skipped
    (hidden files and editor temporaries quietly, in report.json only).
    Exits non-zero when no document could be built.  --push URL then loads
    the build into an external SPARQL store as kg push does (exit 2 if that
    fails; the build stays written).
    """
    from . import api  # here: its extraction (jieba) takes 0.4 s to import, which no reading command needs
    from .progress import Progress

    if push_to is None and (push_graph_store or push_user):
        raise click.UsageError("--push-graph-store and --push-user go with --push URL")
    password = os.environ.get("KG_STORE_PASSWORD")
    if push_to and push_user is not None and password is None:  # asked before the build, not after minutes of it
        password = click.prompt(f"password for {push_user}", hide_input=True, err=True)

    # stages and the bar only for a person watching: not with -q, not into a pipe or log
    progress = Progress(enabled=not quiet and sys.stderr.isatty(), stream=sys.stderr)
    try:
        result = api.build(paths, out_dir, progress=progress, views=views, max_file_mb=max_file_mb,
                           lock_timeout=lock_timeout, on_wait=lambda msg: click.echo(msg, err=True),
                           rebuild=rebuild, scheduler=scheduler)
    except KGError as exc:
        click.echo(f"error: {exc.message} [{exc.code}]", err=True)
        sys.exit(2)
    # names and reasons come from the file system and the files: one line each, whatever they hold
    for s in result.skipped:
        click.echo(f"skipped {quoted(s.file)}: {escaped(s.reason)} [{s.code}]", err=True)
    for w in result.warnings if not quiet else []:
        click.echo(f"warning {escaped(w)}", err=True)
    if not result.ok:
        where = ", ".join(quoted(str(p)) for p in paths)
        why = (f"{_count(len(result.skipped), 'file')} skipped" if result.skipped
               else f"only {_count(len(result.ignored), 'hidden file')}" if result.ignored else "no files")
        click.echo(f"no documents found in {where} ({why}); nothing written but {out_dir}/report.json")
        sys.exit(1)
    ignored = f", {len(result.ignored)} hidden ignored" if result.ignored else ""
    click.echo(
        f"{_count(len(result.documents), 'document')} built, {len(result.skipped)} skipped{ignored}, "
        f"{result.triples} triples, {result.seconds:.2f} s → {out_dir}/"
    )
    if push_to:
        _push(out_dir / "graph.nq", push_to, push_graph_store, push_user, password, push_bulk_dir)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _source(given: list[Path], default_file: str) -> list[Path]:
    """What a reading command reads: the files or folder ``given``; by default
    the build's store in output/ when there is one, else output/``default_file``."""
    if given:
        return given
    from .sparql.store import store_folder

    if store_folder(DEFAULT_OUT) is not None:
        return [DEFAULT_OUT]
    return [_existing(DEFAULT_OUT / default_file)]


def _graph_file(given: Path | None) -> Path:
    """The graph.nq of a build (its folder, default output/) or the file ``given``:
    export and the views need the per-document graphs, which the store merges."""
    graph = given or DEFAULT_OUT / "graph.nq"
    return _existing(graph / "graph.nq" if graph.is_dir() else graph)


def _existing(graph: Path) -> Path:
    """``graph`` if it exists; else exit 2 saying what to do (no build yet: build first)."""
    if not graph.exists():
        hint = "run `kg build` first" if graph.parent == DEFAULT_OUT else "no such file"
        click.echo(f"error: no graph at {graph}: {hint}", err=True)
        sys.exit(2)
    return graph


@cli.command()
@click.argument("graph", default=DEFAULT_OUT / "graph.ttl", type=click.Path(path_type=Path))
def validate(graph: Path) -> None:
    """Check GRAPH (default output/graph.ttl) against the SHACL shapes."""
    from rdflib import Graph

    _existing(graph)
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


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="--param")
        out[name] = value
    return out


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("-g", "--graph", "graphs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="A build's folder (its store, opened read-only) or RDF file(s) (.ttl .nt .nq .trig .jsonld "
                   ".rdf); default output/.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as an RDF term, never pasted into the text).")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", "md", "ttl", "nt", "jsonld"]),
              help="Output for SELECT results; ttl/nt/jsonld/xml for CONSTRUCT and DESCRIBE.")
@click.option("--limit", type=click.IntRange(0), metavar="N",
              help="Rows to show: a table shows 100 unless told; csv, tsv, json and xml all rows.")
@click.option("--offset", default=0, type=click.IntRange(0), metavar="M", help="Rows to skip first.")
@click.option("--list", "list_", is_flag=True, help="List the shipped queries and their parameters.")
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL endpoint instead of local files (see kg push).")
@click.option("--user", help="User name for the endpoint (HTTP Basic or Digest, as it asks).")
@click.option("--password", envvar="KG_STORE_PASSWORD", help="Password for --user (or env KG_STORE_PASSWORD).")
def query(query: str | None, query_file: Path | None, graphs: tuple[Path, ...], params: tuple[str, ...],
          fmt: str, limit: int | None, offset: int, list_: bool, endpoint: str | None, user: str | None, password: str | None) -> None:
    """Run a SPARQL query: QUERY is a shipped query's name or SPARQL text.

    \b
      kg query documents
      kg query directives-for-role --param role=党员
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      kg query -f my.rq --format csv
      kg query directives-in-section --limit 50 --offset 100
      kg query documents --endpoint http://localhost:8890/sparql
    """
    from .sparql import store as q
    from .sparql.results import PAGE, render

    if list_:
        for name, nq in q.shipped().items():
            click.echo(f"{name:<24} {nq.summary}")
            for p in nq.params:
                click.echo(f"{'':<26}--param {p.name}=…  {p.doc}{' (optional)' if p.optional else ''}")
        return
    try:
        if query_file:
            named = q.parse_header(query_file.stem, query_file.read_text(encoding="utf-8"))
        elif query:
            named = q.resolve(query)
        else:
            raise click.UsageError("give a query, a shipped query's name (see --list) or -f FILE")
        q.read_only(named)
        # a parameter's column says what was given: shown only when it was not and has values
        hide = frozenset(p.name for p in named.params if p.name in _params(params))
        hide_if_empty = frozenset(p.name for p in named.params)
        # a table shows a page and counts the rest; the standard formats are paged by the query itself
        for_people = fmt in ("table", "md")
        if not for_people:
            named = q.paged(named, limit, offset)
        if endpoint:
            if graphs:
                raise click.UsageError("give --graph files or an --endpoint, not both")
            from .sparql import remote

            result = remote.query(endpoint, named, _params(params), user=user, password=password)
        else:
            store = q.open_store(_source(list(graphs), "graph.ttl"))
            if q.graphless(store, named):
                click.echo("note: no named graphs here (a build's store and graph.ttl hold the merged graph), "
                           "so GRAPH matches nothing; the documents' own graphs are in the build's graph.nq: "
                           "kg query … -g output/graph.nq", err=True)
            result = q.run(store, named, _params(params))
        page = dict(limit=PAGE if limit is None else limit, offset=offset) if for_people else {}
        text = render(result, fmt, hide, width=_terminal_width(), hide_if_empty=hide_if_empty, **page)
        click.echo(text, nl=not text.endswith("\n"))  # CSV and TSV end their last row themselves
    except KGError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)


def _terminal_width() -> int | None:
    """The terminal's width (or $COLUMNS), that tables are cut to; None when
    the output goes to a pipe or file, which gets every character."""
    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


@cli.command()
@click.argument("graphs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default); its name is then also accepted as Host.")
@click.option("--port", default=8000, show_default=True, help="Port; 0 picks a free one.")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a query may run before it is cut off.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes answering queries (each opens the store, or loads the files).")
@click.option("--max-memory-mb", default=1024, show_default=True, type=click.IntRange(64),
              help="Memory limit of each worker; a query past it is stopped with 503.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages of ORIGIN (e.g. http://localhost:3000) query the endpoint; repeatable.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST",
              help="Allow SERVICE (federated query) to HOST, or HOST:PORT; repeatable.  Refused by default.")
def serve(graphs: tuple[Path, ...], host: str, port: int, timeout: float, workers: int, max_memory_mb: int,
          cors: tuple[str, ...], allow_service: tuple[str, ...]) -> None:
    """Serve GRAPHS (a build's folder, default output/, or RDF files) as a
    read-only SPARQL endpoint.  A build's store is opened read-only by every
    worker; files are loaded by each.

    SERVICE, requests from pages of other origins and unknown Host values
    are refused unless --allow-service, --cors or --host allow them.
    SIGTERM, SIGHUP and Ctrl-C stop the server and its workers.
    """
    from .sparql.endpoint import serve as run

    try:
        run(_source(list(graphs), "graph.nq"), host, port, timeout, echo=click.echo, workers=workers,
            max_memory_mb=max_memory_mb, cors=cors, allow_service=allow_service)
    except KGError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror}", err=True)
        sys.exit(2)


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"]),
              help="RDF (ttl nt nq trig jsonld) or a network of entities (graphml gexf csv).")
@click.option("-o", "--out", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; default graph.FORMAT beside GRAPH.")
def export(graph: Path, fmt: str, target: Path | None) -> None:
    """Export GRAPH (a build's graph.nq, default output/graph.nq, or its
    folder; or a .trig, .ttl, .nt file) in another format.

    TriG and N-Quads keep one named graph per document; GraphML and GEXF
    (for Gephi, Cytoscape) and CSV hold entities as nodes and relations as
    edges, labelled in Chinese.
    """
    from .graph.export import export as run

    graph = _graph_file(graph)
    target = target or graph.parent / f"graph.{fmt}"
    try:
        run(graph, fmt, target)
    except KGError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    click.echo(f"{target}")


@cli.command()
@click.argument("dataset", default=DEFAULT_OUT / "graph.nq", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL", help="The store's SPARQL endpoint.")
@click.option("--graph-store", metavar="URL",
              help="Its Graph Store endpoint, if not the SPARQL endpoint "
                   "(Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--user", help="User name (HTTP Basic or Digest, as the store asks).")
@click.option("--password", envvar="KG_STORE_PASSWORD", help="Password for --user (or env KG_STORE_PASSWORD).")
@click.option("--bulk-dir", type=click.Path(file_okay=False, path_type=Path), envvar="KG_BULK_DIR",
              help=BULK_DIR_HELP)
def push(dataset: Path, endpoint: str, graph_store: str | None, user: str | None, password: str | None,
         bulk_dir: Path | None) -> None:
    """Load a build (DATASET, default output/graph.nq) into a SPARQL store.

    Each document's graph and the ontology graph is sent with the SPARQL 1.1
    Graph Store protocol (HTTP PUT), or with --bulk-dir loaded by Virtuoso's
    bulk loader; either way pushing again replaces them.

    \b
      kg push --endpoint http://localhost:3030/kg
      kg push --endpoint http://localhost:8890/sparql \\
              --graph-store http://localhost:8890/sparql-graph-crud-auth --user dba
      kg push --endpoint http://localhost:8890/sparql --user dba --bulk-dir /var/lib/virtuoso/load
    """
    _existing(dataset)
    _push(dataset, endpoint, graph_store, user, password, bulk_dir)


def _push(dataset: Path, endpoint: str, graph_store: str | None, user: str | None, password: str | None,
          bulk_dir: Path | None) -> None:
    """Push ``dataset``, print the summary line; on an error print it and exit 2."""
    from .sparql import bulk

    if user is not None and password is None:
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    try:
        report = bulk.push_fastest(dataset, endpoint, bulk_dir=bulk_dir, graph_store=graph_store, user=user,
                                   password=password, on_fallback=lambda why: click.echo(f"note: {why}", err=True))
    except KGError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    click.echo(report.summary())


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the pages (default: the graph's).")
@click.option("--max-nodes", default=6000, show_default=True, help="Most nodes the corpus and roles views draw.")
def view(graph: Path, out_dir: Path | None, max_nodes: int) -> None:
    """Write the interactive views of GRAPH (a build's graph.nq, default output/graph.nq, or its folder):
    index.html, graph.html, roles.html, docs/*.html."""
    from .graph.export import load
    from .views import write_views

    graph = _graph_file(graph)
    out = out_dir or graph.parent
    try:
        written = write_views(load(graph), out, max_nodes=max_nodes, on_wait=lambda msg: click.echo(msg, err=True))
    except KGError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    click.echo(f"{len(written)} pages → {out}/index.html")
