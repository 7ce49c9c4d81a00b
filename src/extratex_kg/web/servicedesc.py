"""SPARQL 1.1 Service Description of the endpoint, generated from the loaded dataset."""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from extratex_kg.formats import Kind, negotiate
from extratex_kg.runtime import DatasetInfo
from extratex_kg.serialize import serialize

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = URIRef("http://www.w3.org/ns/entailment/Simple")
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "N-Quads",
    "TriG",
    "JSON-LD",
    "RDF_XML",
)


def describe(
    endpoint: str, info: DatasetInfo, max_seconds: float, federated: bool = False, void: str | None = None
) -> Graph:
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("formats", FORMATS_NS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if federated:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT))
    graph.add((service, DCTERMS.title, Literal("EXTRATEX knowledge graph SPARQL endpoint", lang="en")))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                f"Read-only SPARQL 1.1 Query endpoint; the default graph is the union of all graphs; "
                f"queries are limited to {max_seconds:g} s.",
                lang="en",
            ),
        )
    )
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS_NS[name]))
    graph.add((service, SD.defaultDataset, _dataset(graph, info, void)))
    return graph


def _dataset(graph: Graph, info: DatasetInfo, void: str | None) -> BNode:
    dataset, default = BNode(), BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    if void:
        graph.add((dataset, RDFS.seeAlso, URIRef(void)))
    graph.add((dataset, DCTERMS.identifier, Literal(info.version)))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(info.triples, datatype=XSD.integer)))
    for name, triples in info.graphs:
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return dataset


def service_description() -> Response:
    info: DatasetInfo = current_app.extensions["extratex.dataset"]
    settings = current_app.extensions["extratex.settings"]
    fmt, media_type = negotiate(request.headers.get("Accept"), Kind.GRAPH)
    body: str | bytes
    if fmt.name == "html":
        body = render_template("service.html", endpoint=request.base_url, info=info, settings=settings)
    else:
        void = request.url_root + ".well-known/void"
        graph = describe(request.base_url, info, settings.timeout, bool(settings.allowed_services), void)
        body = serialize(graph, fmt.name, {str(p): str(n) for p, n in graph.namespaces()})
    response = Response(body, content_type=fmt.content_type.replace(fmt.media_type, media_type, 1))
    response.headers["Vary"] = "Accept"
    return response
