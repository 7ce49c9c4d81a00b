"""The description of one resource of the graph, as served when its IRI is dereferenced.

A description is one rdflib graph, the same in every format: the resource's own triples (and
those of its hash IRIs, ``…/quote/x#text``), the labels and types of what it links to, the
resources linking to it (bounded, with their labels), and the claims that state its facts with
their quotes. Every query binds the IRI as a term (``substitutions``), never as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

INCOMING_LIMIT = 200
STATEMENTS_LIMIT = 500
SD_GRAPH = URIRef("http://www.w3.org/ns/sparql-service-description#Graph")
_R = ox.Variable("r")
_C = ox.Variable("c")
_LABELS = (ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel)), ox.NamedNode(str(RDF.type)))
_STRING = str(XSD.string)

EXISTS = """ASK {
  { ?r ?p ?o } UNION { ?s ?p ?r } UNION { ?s ?r ?o } UNION { GRAPH ?r { ?s ?p ?o } }
}"""
OUTGOING = """CONSTRUCT { ?r ?p ?o . ?o rdfs:label ?label . ?o skos:prefLabel ?pref . ?o a ?type }
WHERE {
  ?r ?p ?o .
  OPTIONAL { ?o rdfs:label ?label }
  OPTIONAL { ?o skos:prefLabel ?pref }
  OPTIONAL { ?o a ?type }
}"""
HASH_PARTS = """CONSTRUCT { ?h ?p ?o } WHERE {
  ?r ?link ?h .
  FILTER(isIRI(?h) && STRSTARTS(STR(?h), CONCAT(STR(?r), "#")))
  ?h ?p ?o .
}"""
INCOMING = f"SELECT ?r ?s ?p WHERE {{ ?s ?p ?r }} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT + 1}"
INCOMING_COUNT = "SELECT ?r (COUNT(*) AS ?n) WHERE { ?s ?p ?r } GROUP BY ?r"
SUPPORT = "SELECT DISTINCT ?r ?c ?p ?o WHERE { GRAPH ?c { ?r ?p ?o } } ORDER BY ?c"
CLAIM = """CONSTRUCT { ?c ?cp ?co . ?co rdfs:label ?label . ?q ?qp ?qo . ?sel ?sp ?so }
WHERE {
  { ?c ?cp ?co OPTIONAL { ?co rdfs:label ?label } }
  UNION { ?c ext:quote ?q . ?q ?qp ?qo }
  UNION { ?c ext:quote ?q . ?q oa:hasSelector ?sel . ?sel ?sp ?so }
}"""
STATEMENTS = (
    f"SELECT ?r ?s ?p ?o WHERE {{ GRAPH ?r {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o LIMIT {STATEMENTS_LIMIT}"
)
GRAPH_SIZE = "SELECT ?r (COUNT(*) AS ?n) WHERE { GRAPH ?r { ?s ?p ?o } } GROUP BY ?r"

Triple = tuple[URIRef | BNode, URIRef, Node]


@dataclass(frozen=True)
class Description:
    """What the graph says about one resource, and which claims say it."""

    iri: URIRef
    graph: Graph
    support: dict[tuple[URIRef, Node], list[URIRef]] = field(default_factory=dict)
    incoming: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    incoming_total: int = 0
    statements: list[Triple] = field(default_factory=list)  # what a claim states (its graph)

    @property
    def incoming_truncated(self) -> bool:
        return self.incoming_total > len(self.incoming)


def to_rdflib(term: object) -> Node:
    """An rdflib term for a pyoxigraph term (``xsd:string`` literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _STRING else URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def add_triples(graph: Graph, triples: Iterable[ox.Triple]) -> None:
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))


class Describer:
    """Describes resources of one store; ``ext:`` and friends under the store's base IRI."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str]) -> None:
        self.store = store
        self.prefixes = prefixes
        ext = prefixes["ext"]
        self.claim_kinds = {URIRef(ext + "DocumentClaim"), URIRef(ext + "ReferenceClaim")}

    def _run(self, query: str, iri: str, variable: ox.Variable = _R) -> object:
        return self.store.query(query, prefixes=self.prefixes, substitutions={variable: ox.NamedNode(iri)})

    def _rows(self, query: str, iri: str) -> Iterator[ox.QuerySolution]:
        result = self._run(query, iri)
        assert isinstance(result, ox.QuerySolutions)
        return iter(result)

    def _triples(self, query: str, iri: str, variable: ox.Variable = _R) -> Iterator[ox.Triple]:
        result = self._run(query, iri, variable)
        assert isinstance(result, ox.QueryTriples)
        return iter(result)

    def exists(self, iri: str) -> bool:
        """Whether the IRI is a subject, object, predicate or graph name of the dataset."""
        try:
            return bool(self._run(EXISTS, iri))
        except ValueError:  # not a valid IRI
            return False

    def describe(self, iri: str) -> Description | None:
        """The description of ``iri``, or None when the graph does not mention it."""
        if not self.exists(iri):
            return None
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        add_triples(graph, self._triples(OUTGOING, iri))
        add_triples(graph, self._triples(HASH_PARTS, iri))
        support = self._support(graph, iri)
        incoming, total = self._incoming(graph, iri)
        statements = self._statements(graph, iri)
        if len(graph) == 0:
            self._graph_name(graph, iri)
        return Description(URIRef(iri), graph, support, incoming, total, statements)

    def _support(self, graph: Graph, iri: str) -> dict[tuple[URIRef, Node], list[URIRef]]:
        """Which claims state each fact; each claim's description and quotes go into ``graph``."""
        stated: dict[URIRef, list[tuple[URIRef, Node]]] = {}
        for row in self._rows(SUPPORT, iri):
            stated.setdefault(URIRef(row["c"].value), []).append(
                (URIRef(row["p"].value), to_rdflib(row["o"]))
            )
        support: dict[tuple[URIRef, Node], list[URIRef]] = {}
        for claim, facts in stated.items():
            claim_graph = Graph(bind_namespaces="none")
            add_triples(claim_graph, self._triples(CLAIM, claim, _C))
            if not self.claim_kinds & set(claim_graph.objects(claim, RDF.type)):
                continue  # a system graph (vocabulary, ontology), not a claim
            graph += claim_graph
            for fact in facts:
                support.setdefault(fact, []).append(claim)
        return support

    def _incoming(self, graph: Graph, iri: str) -> tuple[list[tuple[URIRef, URIRef]], int]:
        rows = [(row["s"], row["p"]) for row in self._rows(INCOMING, iri)]
        total = len(rows)
        if total > INCOMING_LIMIT:
            rows = rows[:INCOMING_LIMIT]
            total = int(next(self._rows(INCOMING_COUNT, iri))["n"].value)
        target = URIRef(iri)
        incoming = []
        for subject, predicate in rows:
            s, p = to_rdflib(subject), URIRef(predicate.value)
            graph.add((s, p, target))
            self._add_labels(graph, subject)
            if isinstance(s, URIRef):
                incoming.append((s, p))
        return incoming, total

    def _statements(self, graph: Graph, iri: str) -> list[Triple]:
        """For a claim: the triples of its graph, and its own quote in full."""
        if not self.claim_kinds & set(graph.objects(URIRef(iri), RDF.type)):
            return []
        add_triples(graph, self._triples(CLAIM, iri, _C))
        statements: list[Triple] = []
        for row in self._rows(STATEMENTS, iri):
            triple = (to_rdflib(row["s"]), URIRef(row["p"].value), to_rdflib(row["o"]))
            graph.add(triple)
            self._add_labels(graph, row["s"])
            self._add_labels(graph, row["o"])
            statements.append(triple)  # type: ignore[arg-type]
        return statements

    def _graph_name(self, graph: Graph, iri: str) -> None:
        """A graph name that is nothing else (``graph:provenance``): its size."""
        size = int(next(self._rows(GRAPH_SIZE, iri))["n"].value)
        graph.add((URIRef(iri), RDF.type, SD_GRAPH))
        graph.add((URIRef(iri), VOID.triples, Literal(size, datatype=XSD.integer)))

    def _add_labels(self, graph: Graph, node: object) -> None:
        if not isinstance(node, ox.NamedNode):
            return
        for predicate in _LABELS:
            for quad in self.store.quads_for_pattern(node, predicate, None, ox.DefaultGraph()):
                graph.add((to_rdflib(node), to_rdflib(predicate), to_rdflib(quad.object)))
