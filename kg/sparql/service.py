"""Find the SERVICE calls (federated query) in SPARQL text, before it runs.

pyoxigraph offers no way to turn federation off or to vet a SERVICE IRI (its
service handler is not exposed to Python), so the endpoint reads the text
itself, in one pass.  The scan errs on the side of finding a SERVICE: it
skips what cannot hold the keyword (comments, strings, IRIs, variable names,
the local part of prefixed names) and counts every other ``service``, so
``1SERVICE``, ``trueSERVICE``, ``.SERVICE`` or ``SERVICE:`` (oxigraph parses
each as the keyword) are all found; a prefix named ``service:`` is a false
alarm.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
# Tokens that cannot hold the keyword, tried left to right (so a # inside an
# IRI or string is no comment, and a quote after a backslash, as in the
# prefixed name ex:a\', opens no string).
_SKIP = re.compile(
    r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|" + _UCHAR + r")*>)"
    r"|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\")"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<escape>\\.)",
    re.DOTALL,
)
# What is left is read as tokens, left to right in one pass: a variable (?x,
# $x) or the local part of a prefixed name or blank node (ex:x, _:x) is read
# greedily by oxigraph too, so nothing inside it is a keyword; any other run
# of name characters holding "service" is taken for the keyword.  A local part
# cannot start with "-" (in ?s ex:-1SERVICE, "ex:" is a verb and -1 an object).
_TOKEN = re.compile(r"[?$][\w\u00B7]+|:(?:[\w\u00B7%][\w\u00B7%-]*)?|[\w\u00B7-]+|\S")
_TARGET = re.compile(r"\s*(?:silent\s*)?(?:(?P<iri>\x00(?P<n>\d+)\x00)|\S)", re.IGNORECASE)


def _mask(text: str) -> tuple[str, list[str]]:
    """The text with IRIs as numbered placeholders and strings, comments and
    escapes blanked, and the IRIs in order."""
    iris: list[str] = []

    def repl(m: re.Match) -> str:
        if m["iri"]:
            iris.append(m["iri"][1:-1])
            return f" \x00{len(iris) - 1}\x00 "
        return " "

    return _SKIP.sub(repl, text), iris


def _unescape(text: str) -> str:
    return re.sub(_UCHAR, lambda m: chr(int(m[0][2:], 16)), text)


def service_targets(text: str) -> list[str | None]:
    """The target of every SERVICE in ``text``: its IRI when written as one
    (``<http://…>``), else None (a prefixed name, a variable, or a word the
    scan cannot tell from the keyword), each once.  Empty when there is no SERVICE."""
    targets: list[str | None] = []
    # SPARQL allows \\u escapes anywhere; oxigraph decodes some of them, so the
    # text is read both as written and decoded
    text = text.replace("\x00", "\x01")  # no forged placeholder
    for variant in {text, _unescape(text)}:
        masked, iris = _mask(variant)
        for token in _TOKEN.finditer(masked):
            word = token[0].lower()
            if "service" not in word or word[0] in "?$:":
                continue
            after = _TARGET.match(masked, token.end()) if word.endswith("service") else None
            targets.append(_unescape(iris[int(after["n"])]) if after and after["iri"] else None)
    return list(dict.fromkeys(targets))


def refusal(text: str, allowed: frozenset[str]) -> str | None:
    """Why the query may not run (a SERVICE to a host not ``allowed``), or None.
    An allowed entry is a host name or address, or HOST:PORT for one port."""
    for target in service_targets(text):
        if not allowed:
            return ("SERVICE (federated query) is refused: this endpoint makes no outgoing requests "
                    "(kg serve --allow-service HOST allows it to HOST)")
        if target is None:
            return "SERVICE is allowed only to an IRI written in full, as SERVICE <http://HOST/…>"
        if not _allowed(target, allowed):
            return (f"SERVICE <{target}> is refused: only http(s) to "
                    f"{', '.join(sorted(allowed))} is allowed (--allow-service)")
    return None


def _allowed(iri: str, allowed: frozenset[str]) -> bool:
    try:
        parts = urlsplit(iri)
        scheme, host, port = parts.scheme.lower(), parts.hostname or "", parts.port
    except ValueError:  # a port that is no number
        return False
    if scheme not in ("http", "https"):
        return False
    port = port or (443 if scheme == "https" else 80)
    return host in allowed or f"{host}:{port}" in allowed or f"[{host}]:{port}" in allowed
