"""Graphs as documents in every RDF format, under the project's prefixes.

JSON-LD is compacted with a ``@context`` made of the prefixes the graph uses and one short
key per property (its local name, coerced to ``@id``, a datatype or a language where all its
values agree), so ``{"hasMember": "organisation:clutex"}`` rather than full IRIs.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from extratex_kg.config import DEFAULT_BASE
from extratex_kg.formats import RDFLIB_GRAPH_FORMATS
from extratex_kg.namespaces import EXTRA_PREFIXES, PREFIXES

SD = "http://www.w3.org/ns/sparql-service-description#"
VANN = "http://purl.org/vocab/vann/"
# rdflib serializer per format name of formats.py; TriG and N-Quads of one graph are its
# Turtle and N-Triples (a Turtle document is TriG, an N-Triples document is N-Quads).
RDFLIB_FORMATS = RDFLIB_GRAPH_FORMATS


def namespaces_for(base: str) -> dict[str, str]:
    """The project's prefixes, with the namespaces under the default base moved under ``base``."""
    every = {**PREFIXES, **EXTRA_PREFIXES, "sd": SD, "vann": VANN}
    return {
        p: base + ns[len(DEFAULT_BASE) :] if ns.startswith(DEFAULT_BASE) else ns for p, ns in every.items()
    }


def bind_all(graph: Graph, prefixes: dict[str, str]) -> Graph:
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def private_copy(graph: Graph, prefixes: dict[str, str]) -> Graph:
    """A copy to serialize: rdflib may bind new prefixes on the graph it writes, so a graph
    shared between requests is never written itself."""
    copy = bind_all(Graph(bind_namespaces="none"), prefixes)
    copy += graph
    return copy


def serialize(graph: Graph, format_name: str, prefixes: dict[str, str]) -> bytes:
    """``graph`` in the format called ``format_name`` (a name of formats.py), UTF-8 encoded."""
    rdflib_format = RDFLIB_FORMATS[format_name]
    if rdflib_format == "json-ld":
        context = jsonld_context(graph, prefixes)
        text = graph.serialize(format="json-ld", context=context, auto_compact=True)
        return text.encode("utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def _iris(graph: Graph) -> set[str]:
    found: set[str] = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef):
                found.add(str(node))
            elif isinstance(node, Literal) and node.datatype is not None:
                found.add(str(node.datatype))
    return found


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _coercion(values: list[Node], prefixes: dict[str, str]) -> dict[str, str]:
    """How every value of one property can be written as a plain JSON string, if they agree."""
    if all(isinstance(v, URIRef) for v in values):
        return {"@type": "@id"}
    if not all(isinstance(v, Literal) for v in values):
        return {}
    languages = {v.language for v in values if isinstance(v, Literal)}
    datatypes = {v.datatype for v in values if isinstance(v, Literal)}
    if len(languages) == 1 and None not in languages:
        return {"@language": str(languages.pop())}
    if len(datatypes) == 1 and None not in datatypes and languages == {None}:
        datatype = str(datatypes.pop())
        return {"@type": _curie(datatype, prefixes) or datatype}
    return {}


def jsonld_context(graph: Graph, prefixes: dict[str, str]) -> dict[str, object]:
    """Prefixes used by ``graph`` and a short key for each of its properties."""
    used = _iris(graph)
    context: dict[str, object] = {
        prefix: namespace
        for prefix, namespace in prefixes.items()
        if any(iri.startswith(namespace) for iri in used)
    }
    predicates = sorted({str(p) for p in graph.predicates() if p != RDF.type})
    names = [_local_name(p) for p in predicates]
    for predicate, name in zip(predicates, names, strict=True):
        short = name if names.count(name) == 1 and name not in context and name.isidentifier() else None
        key = short or _curie(predicate, prefixes) or predicate
        definition = {"@id": predicate, **_coercion(list(graph.objects(None, URIRef(predicate))), prefixes)}
        context[key] = definition
    return context


def _curie(iri: str, prefixes: dict[str, str]) -> str | None:
    matches = [(len(ns), p) for p, ns in prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)]
    if not matches:
        return None
    _, prefix = max(matches)
    return f"{prefix}:{iri[len(prefixes[prefix]) :]}"
