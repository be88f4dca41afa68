"""Where the shipped ontology files are, in a checkout or an installed package."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ONTOLOGY = "kg.ttl"
DOCTYPES = "doctypes.ttl"
SHAPES = "shapes.ttl"
ROLES = "roles.ttl"
CONTEXT = "context.jsonld"

_CHECKOUT = Path(__file__).resolve().parent.parent / "ontology"


def path(name: str) -> Path:
    # In a checkout (or an editable install) the top-level ontology/ is the
    # source; an installed wheel carries a copy as the kg.ontology package.
    if (_CHECKOUT / name).is_file():
        return _CHECKOUT / name
    return Path(str(files("kg.ontology").joinpath(name)))
