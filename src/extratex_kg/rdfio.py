"""Reading RDF files of any common syntax, with precise positions for syntax errors.

Oxigraph's parsers check the syntax first (they report line and column); rdflib then loads
the file, so a bad file is reported as ``file:line:column: message`` and never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from extratex_kg.errors import BadData

# extension -> (oxigraph format, rdflib format, keeps named graphs)
SYNTAXES: dict[str, tuple[ox.RdfFormat, str, bool]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle", False),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt", False),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml", False),
    ".owl": (ox.RdfFormat.RDF_XML, "xml", False),
    ".xml": (ox.RdfFormat.RDF_XML, "xml", False),
    ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
    ".json": (ox.RdfFormat.JSON_LD, "json-ld", True),
    ".trig": (ox.RdfFormat.TRIG, "trig", True),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads", True),
    ".n3": (ox.RdfFormat.N3, "n3", False),
}


def syntax_of(path: Path) -> tuple[ox.RdfFormat, str, bool]:
    try:
        return SYNTAXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SYNTAXES))
        raise BadData(f"unknown RDF syntax for {path.suffix!r} (known: {known})", where=str(path)) from None


def check_syntax(path: Path) -> None:
    """Raise BadData naming file:line:column if ``path`` is not well-formed RDF."""
    ox_format, _, _ = syntax_of(path)
    try:
        for _ in ox.parse(path=str(path), format=ox_format):
            pass
    except SyntaxError as exc:
        where = f"{path}:{exc.lineno or 0}:{exc.offset or 0}"
        message = str(exc.msg).split(" (", 1)[0] if exc.msg else "syntax error"
        raise BadData(f"syntax error: {message}", where=where) from None
    except (OSError, ValueError) as exc:
        raise BadData(f"cannot read RDF: {exc}", where=str(path)) from None


def read_dataset(path: Path) -> Dataset:
    """Parse one file into a Dataset; triple syntaxes land in its default graph."""
    check_syntax(path)
    _, rdflib_format, quads = syntax_of(path)
    dataset = Dataset()
    try:
        if quads:
            dataset.parse(path, format=rdflib_format)
        else:
            dataset.default_graph.parse(path, format=rdflib_format)
    except Exception as exc:  # rdflib raises many types; Oxigraph already vetted the syntax
        raise BadData(f"cannot load RDF: {exc}", where=str(path)) from None
    return dataset


def read_graph(path: Path) -> Graph:
    """Parse one file into a single graph (all named graphs merged)."""
    graph = Graph()
    for quad in read_dataset(path).quads((None, None, None, None)):
        graph.add(quad[:3])
    return graph
