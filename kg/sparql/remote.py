"""External SPARQL stores: push a build into one, run queries against one.

``push`` loads graph.nq into a store through the SPARQL 1.1 Graph Store HTTP
Protocol: each named graph (one per document, and the ontology graph) is sent
as N-Triples with HTTP PUT to ``GRAPH_STORE?graph=IRI``, so pushing again
replaces every graph instead of adding to it.  HTTP is done with requests:
connection reuse across the PUTs, and both Basic and Digest authentication
(Virtuoso's ``/sparql-graph-crud-auth`` wants Digest; Fuseki, GraphDB and
Stardog take Basic) built in.

``query`` runs a shipped or ad-hoc query on a SPARQL 1.1 endpoint with
SPARQLWrapper.  Parameters are bound as RDF terms, never pasted: each value
becomes a term (:func:`kg.sparql.store.bindings`) written in its canonical N-Triples
form, which escapes quotes, backslashes and line breaks, inside a ``VALUES``
block placed at the start of the query's outermost WHERE group (and of each
nested group that uses a parameter: see :func:`bind_values`); groups are found
by a tokenizer that knows SPARQL's strings, IRIs and comments, so a brace
inside them is not taken for structure.  Results come back as
pyoxigraph objects (QuerySolutions, QueryTriples or a bool), the same types
:func:`kg.sparql.store.run` returns, so :func:`kg.sparql.results.render` prints them as it
prints the embedded store's.
"""
from __future__ import annotations

import ast
import html
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from .. import __version__
from ..errors import KGError
from .store import NamedQuery, QueryError, bindings, first_line

AGENT = f"kg/{__version__}"
N_TRIPLES = "application/n-triples"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class RemoteError(KGError):
    code = "KG600"


class StoreUnreachable(RemoteError):
    """No HTTP answer: refused, unknown host, timeout, not an http(s) URL."""

    code = "KG601"


class StoreRefused(RemoteError):
    """401 or 403: credentials missing, wrong, or without the right to write."""

    code = "KG602"


class StoreFailed(RemoteError):
    """Any other HTTP error, or an answer that is not what was asked for."""

    code = "KG603"


class BadDataset(RemoteError):
    """The file to push cannot be read as N-Quads, or has triples in no named graph."""

    code = "KG604"


# ---------------------------------------------------------------- push

@dataclass
class PushReport:
    graph_store: str
    graphs: int = 0
    triples: int = 0  # summed over graphs: a triple in two graphs counts twice
    created: int = 0  # graphs the store did not have (201 Created)
    replaced: int = 0  # graphs it had, now replaced (200 OK, 204 No Content)
    seconds: float = 0.0
    steps: dict = field(default_factory=dict)  # seconds per step, where the method has steps

    def summary(self) -> str:
        return (f"{self.graphs} graphs, {self.triples} triples pushed to {self.graph_store} "
                f"({self.created} new, {self.replaced} replaced), {self.seconds:.2f} s")


def push(nquads_path: Path, endpoint: str, *, graph_store: str | None = None, user: str | None = None,
         password: str | None = None, timeout: float = 60.0) -> PushReport:
    """PUT every named graph of ``nquads_path`` to the store's Graph Store
    endpoint (``graph_store``, by default ``endpoint`` itself, as on Fuseki's
    dataset URL).  Not atomic: on an error the graphs sent so far stay
    replaced, and the message says how many.  Graphs in the store that the
    file lacks (a document since removed) are left alone.

    Blank nodes are scoped to the request, so one shared by two graphs would
    arrive as two; kg's graphs have none.
    """
    import requests
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth

    started = time.perf_counter()
    url = _http_url(graph_store or endpoint)
    store = _load(Path(nquads_path))
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    report = PushReport(url)
    with requests.Session() as session:
        session.headers["User-Agent"] = AGENT
        if user is not None:
            session.auth = HTTPDigestAuth(user, password or "")
        for graph in graphs:
            body = ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, graph)),
                                format=ox.RdfFormat.N_TRIPLES)
            answer = _put(session, url, graph.value, body, timeout)
            if (answer.status_code == 401 and user is not None and isinstance(session.auth, HTTPDigestAuth)
                    and answer.headers.get("WWW-Authenticate", "").lower().startswith("basic")):
                session.auth = HTTPBasicAuth(user, password or "")  # the store asks for Basic
                answer = _put(session, url, graph.value, body, timeout)
            if answer.status_code in (401, 403):
                raise StoreRefused(_refusal(url, answer, user, graph.value) + _so_far(report, graphs))
            if not answer.ok:
                raise StoreFailed(f"{url} answered {_status(answer)} for graph <{graph.value}>"
                                  f"{_said(answer.content, answer.headers.get('Content-Type', ''))}"
                                  + _so_far(report, graphs))
            report.graphs += 1
            report.triples += body.count(b"\n")
            if answer.status_code == 201:
                report.created += 1
            else:
                report.replaced += 1
    report.seconds = time.perf_counter() - started
    return report


def _load(path: Path) -> ox.Store:
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError) as exc:
        raise BadDataset(f"{path}: cannot read as N-Quads: {first_line(str(exc))}") from None
    loose = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if loose:
        raise BadDataset(f"{path}: {loose} triples are in no named graph; push sends named graphs only "
                         "(kg build writes graph.nq with one graph per document)")
    return store


def _put(session, url: str, graph: str, body: bytes, timeout: float):
    import requests

    try:
        return session.put(url, params={"graph": graph}, data=body, timeout=timeout,
                           headers={"Content-Type": f"{N_TRIPLES}; charset=utf-8"})
    except requests.exceptions.Timeout:
        raise StoreUnreachable(f"{url} gave no answer within {timeout:g} s") from None
    except requests.exceptions.ConnectionError as exc:
        raise StoreUnreachable(f"cannot reach {url}: {_reason(exc)}") from None
    except requests.exceptions.RequestException as exc:
        raise StoreUnreachable(f"cannot reach {url}: {first_line(str(exc))}") from None


def _refusal(url: str, answer, user: str | None, graph: str) -> str:
    said = _said(answer.content, answer.headers.get("Content-Type", ""))
    if answer.status_code == 401 and user is None:
        return f"{url} wants a user name and password ({_status(answer)}){said}: give --user and --password"
    if answer.status_code == 401:
        return f"{url} did not accept the user name and password of {user!r} ({_status(answer)}){said}"
    return (f"{url} may not be written by {'user ' + repr(user) if user else 'an anonymous client'} "
            f"({_status(answer)} for graph <{graph}>){said}: use an account with write permission "
            "(on Virtuoso: --graph-store http://HOST:8890/sparql-graph-crud-auth --user dba, "
            "or GRANT SPARQL_UPDATE TO \"SPARQL\" for anonymous writes)")


def _so_far(report: PushReport, graphs: list) -> str:
    return f"; {report.graphs} of {len(graphs)} graphs had been pushed" if report.graphs else ""


def _status(answer) -> str:
    return f"{answer.status_code} {answer.reason}".strip()


# ---------------------------------------------------------------- query

def query(endpoint: str, named: NamedQuery, values: dict[str, str] | None = None, *,
          user: str | None = None, password: str | None = None, timeout: float = 60.0):
    """Results of ``named`` on a remote endpoint: QuerySolutions for SELECT,
    a bool for ASK, QueryTriples for CONSTRUCT and DESCRIBE."""
    from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, SPARQLWrapper

    url = _http_url(endpoint)
    try:
        terms = bindings(named, values or {})
    except ValueError as exc:  # pyoxigraph refuses an IRI with spaces, <, >, quotes…
        raise QueryError(f"a parameter value is not a valid RDF term: {first_line(str(exc))}") from None
    text = _without_param_comments(bind_values(named.text, terms))
    form = query_form(text)
    sparql = SPARQLWrapper(url, agent=AGENT)
    sparql.setOnlyConneg(True)  # the Accept header only: no format=/output= parameters a store may reject
    sparql.setMethod(POST)  # form-encoded: long queries and Chinese text stay out of the URL
    sparql.setTimeout(max(1, round(timeout)))
    sparql.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
    sparql.setQuery(text)
    if user is not None:
        sparql.setCredentials(user, password or "")
        sparql.setHTTPAuth(DIGEST if _challenge(url, timeout) == "digest" else BASIC)
    # with credentials SPARQLWrapper installs its auth handler as urllib's process-wide
    # opener, where later requests to the same server would reuse them: put it back after
    opener = getattr(urllib.request, "_opener", None)
    try:
        answer = sparql.query().response
        body, content_type = answer.read(), answer.headers.get("Content-Type", "")
    except TimeoutError:
        raise StoreUnreachable(f"{url} gave no answer within {timeout:g} s") from None
    except urllib.error.HTTPError as exc:  # SPARQLWrapper passes on the codes it has no class for
        raise _query_error(url, exc.code, exc.reason, exc.read(), exc.headers.get("Content-Type", ""),
                           user) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise StoreUnreachable(f"{url} gave no answer within {timeout:g} s") from None
        raise StoreUnreachable(f"cannot reach {url}: {_reason(exc)}") from None
    except Exception as exc:  # SPARQLWrapper's own classes for 400 401 404 414 500
        http = exc.__context__ if isinstance(exc.__context__, urllib.error.HTTPError) else None
        if http is None:
            raise
        raise _query_error(url, http.code, http.reason, _wrapped_body(exc), "", user) from None
    finally:
        if user is not None:
            urllib.request.install_opener(opener)
    return _results(url, form, body, content_type)


def _results(url: str, form: str, body: bytes, content_type: str):
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            graph = ox.Store()
            graph.load(body, format=ox.RdfFormat.TURTLE)
            return graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        results = ox.parse_query_results(_canonical_json(body), format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        kind = "Turtle" if form in ("CONSTRUCT", "DESCRIBE") else "SPARQL JSON results"
        raise StoreFailed(f"{url} answered with {content_type or 'no content type'}, not {kind} "
                          f"(is it a SPARQL endpoint?): {first_line(str(exc))}") from None
    return bool(results) if isinstance(results, ox.QueryBoolean) else results


def _canonical_json(body: bytes) -> bytes:
    """Virtuoso writes booleans as 1 and 0; the canonical forms are true and false."""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        return body  # let the parser report it
    changed = False
    for row in (data.get("results") or {}).get("bindings") or []:
        for cell in row.values():
            if cell.get("datatype") == XSD_BOOLEAN and cell.get("value") in ("1", "0"):
                cell["value"] = "true" if cell["value"] == "1" else "false"
                changed = True
    return json.dumps(data).encode() if changed else body


def _challenge(url: str, timeout: float) -> str:
    """The scheme a protected endpoint asks for: 'digest' or 'basic'."""
    import requests

    try:
        answer = requests.get(url, headers={"User-Agent": AGENT}, timeout=timeout)
    except requests.exceptions.RequestException:
        return "basic"  # the query itself will report why the endpoint cannot be reached
    return "digest" if answer.headers.get("WWW-Authenticate", "").lower().startswith("digest") else "basic"


def _query_error(url: str, code: int, reason: str, body: bytes, content_type: str, user: str | None):
    said = _said(body, content_type)
    if code == 401:
        return StoreRefused(f"{url} wants a user name and password ({code} {reason}){said}: give --user and --password"
                            if user is None else
                            f"{url} did not accept the user name and password of {user!r} ({code} {reason}){said}")
    if code == 403:
        return StoreRefused(f"{url} refused the query ({code} {reason}){said}: the account may not read there")
    if code == 404:
        return StoreFailed(f"no SPARQL endpoint at {url} ({code} {reason}){said}")
    if code == 400:
        return StoreFailed(f"{url} rejected the query ({code} {reason}){said}")
    return StoreFailed(f"{url} answered {code} {reason}{said}")


def _wrapped_body(exc: Exception) -> bytes:
    """SPARQLWrapper keeps the server's answer only inside its message, as a bytes repr."""
    _, sep, tail = str(exc).partition("Response:\n")
    if sep:
        try:
            body = ast.literal_eval(tail.strip())
            return body if isinstance(body, bytes) else str(body).encode()
        except (ValueError, SyntaxError):
            return tail.encode()
    return b""


# ---------------------------------------------------------------- binding parameters

_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""
              |\'\'\'(?:(?:'|'')?(?:[^'\\]|\\.))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"
              |'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<word>[A-Za-z_][\w.-]*(?::[\w.:%\\-]*)?|:[\w.:%\\-]*)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_PARAM_COMMENT = re.compile(r"#\s*param\s+\w+\s*\(")


def _without_param_comments(text: str) -> str:
    """The query without its ``# param`` header lines: once the values are
    bound they mean nothing, and a server that reads them (kg serve does)
    would ask for the parameters again."""
    headers = [m for m in _TOKEN.finditer(text) if m.lastgroup == "comment" and _PARAM_COMMENT.match(m.group())]
    for m in reversed(headers):
        end = m.end() + (1 if text[m.end():m.end() + 1] == "\n" else 0)
        text = text[:m.start()] + text[end:]
    return text


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) of each token but spaces and comments."""
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
            if m.lastgroup not in ("space", "comment")]


def _keyword(token) -> str | None:
    return token[1].upper() if token[0] == "word" and ":" not in token[1] else None


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK."""
    for token in _tokens(text):
        if _keyword(token) in _FORMS:
            return _keyword(token)
    raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK (updates are not run)")


def _closing(tokens, i: int) -> int:
    """The index of the brace that closes the one at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[j][1], 0) if tokens[j][0] == "other" else 0
        if depth == 0:
            return j
    raise QueryError("malformed query: a { is never closed")


def bind_values(text: str, terms: dict) -> str:
    """``text`` with ``VALUES (?a ?b) { (term term) }`` at the start of its
    outermost WHERE group; ``terms`` maps variables to pyoxigraph terms.

    Every term is written by pyoxigraph in N-Triples syntax (``str(term)``):
    quotes, backslashes and line breaks in a value are escaped, so no value
    can close the literal or change the query around it.  Because the block
    sits in the same group as the query's FILTERs, a FILTER that tests a
    parameter sees it bound, and an optional parameter left out stays
    unbound, as with the embedded store's substitutions.

    SPARQL evaluates a sub-select, a UNION or MINUS branch and an EXISTS
    pattern on their own, blind to the bindings around them, while Oxigraph
    substitutes a parameter in all of them (in a sub-select only when it
    projects the variable; otherwise the sub-select's variable is its own).
    So every nested group that uses a parameter in scope gets a VALUES block
    of its own, and the answers are the embedded store's.
    """
    if not terms:
        return text
    terms = {(v.value if isinstance(v, ox.Variable) else str(v).lstrip("?$")): t for v, t in terms.items()}
    tokens = _tokens(text)
    form = next((i for i, t in enumerate(tokens) if _keyword(t) in _FORMS), None)
    if form is None:
        return text  # let the endpoint say what is wrong with it
    i = form + 1
    if _keyword(tokens[form]) == "CONSTRUCT":
        if i < len(tokens) and tokens[i][1] == "{":
            i = _closing(tokens, i) + 1  # skip the template
        else:  # CONSTRUCT WHERE { T }: the pattern is its own template, and takes no VALUES
            group = _where_group(tokens, i)
            template = text[tokens[group][3]:tokens[_closing(tokens, group)][2]]
            at = tokens[form][3]
            return bind_values(f"{text[:at]} {{{template}}}{text[at:]}", terms)
    edits: list[tuple[int, str]] = []
    _bind_group(tokens, _where_group(tokens, i), set(terms), terms, edits, outermost=True)
    for at, insert in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:at] + insert + text[at:]
    return text


def _bind_group(tokens, j: int, scope: set, terms: dict, edits: list, outermost: bool = False) -> int:
    """Plan the VALUES blocks for the group opened at ``j`` and the groups in
    it; ``scope``: the parameters visible there.  Returns its closing index."""
    close = _closing(tokens, j)
    if _keyword(tokens[j + 1]) == "SELECT":  # { SELECT … }: its WHERE group gets what it projects
        where = _where_group(tokens, j + 2)
        projected = _projection(tokens, j + 2, where)
        if outermost:  # WHERE { SELECT … } must stay alone in its group: wrap it, for the outer projection
            edits += [(tokens[j][3], f" {_values(terms)} {{"), (tokens[close][2], "} ")]
        _bind_group(tokens, where, scope if projected is None else scope & projected, terms, edits)
        return close
    used = {t[1][1:] for t in tokens[j:close] if t[0] == "var"}
    names = [n for n in terms if n in scope and (outermost or n in used)]
    if names:
        edits.append((tokens[j][3], " " + _values({n: terms[n] for n in names})))
    k = j + 1
    while k < close:
        if _keyword(tokens[k]) == "VALUES":  # its data block holds terms, not groups
            while k < close and tokens[k][1] != "{":
                k += 1
            k = _closing(tokens, k) + 1
        elif tokens[k][0] == "other" and tokens[k][1] == "{":
            k = _bind_group(tokens, k, scope, terms, edits) + 1
        else:
            k += 1
    return close


def _projection(tokens, start: int, end: int) -> set | None:
    """The variables a SELECT between ``start`` and ``end`` projects; None for *."""
    names, parens = set(), 0
    for k in range(start, end):
        kind, value = tokens[k][:2]
        if kind == "other" and value in "()":
            parens += 1 if value == "(" else -1
        elif kind == "other" and value == "*" and parens == 0:
            return None
        elif kind == "var" and (parens == 0 or _keyword(tokens[k - 1]) == "AS"):
            names.add(value[1:])
    return names


def _values(terms: dict) -> str:
    variables = " ".join(str(ox.Variable(n)) for n in terms)
    return f"VALUES ({variables}) {{ ({' '.join(str(t) for t in terms.values())}) }}"


def _where_group(tokens, i: int) -> int:
    """The index of the first { from ``i`` outside parentheses (those hold
    projection expressions, which may contain EXISTS { … })."""
    parens = 0
    for j in range(i, len(tokens)):
        kind, value = tokens[j][:2]
        if kind == "other" and value == "(":
            parens += 1
        elif kind == "other" and value == ")":
            parens -= 1
        elif kind == "other" and value == "{" and parens == 0:
            return j
    raise QueryError("the query has no WHERE group to bind parameters in")


# ---------------------------------------------------------------- messages

def _http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreUnreachable(f"{url!r} is not an http(s) URL")
    return url


def _reason(exc: BaseException) -> str:
    """The innermost operating-system reason: 'Connection refused', 'Name or service not known'."""
    seen, stack, found = set(), [exc], None
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OSError) and e.strerror:
            found = e.strerror
        stack += [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)]
        stack += [getattr(e, "reason", None) if isinstance(getattr(e, "reason", None), BaseException) else None,
                  e.__cause__, e.__context__]
    return found or first_line(str(exc))


def _said(body: bytes, content_type: str) -> str:
    """': ' and the first line of what the server said, without HTML."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    pre = re.search(r"<(xmp|pre)\b[^>]*>(.*?)</\1>", text, re.DOTALL | re.IGNORECASE)
    if pre:  # Virtuoso puts the SQL error in <xmp>
        text = pre[2]
    elif "html" in content_type.lower() or re.match(r"\s*<(!doctype|html)", text, re.IGNORECASE):
        text = re.sub(r"<(head|script|style)\b.*?</\1>", "", text, flags=re.DOTALL | re.IGNORECASE)
        text = re.sub(r"<[^>]+>", "\n", text)
    for line in text.splitlines():
        line = html.unescape(line).strip()
        if line:
            return ": " + (line if len(line) < 200 else line[:197] + "…")
    return ""
