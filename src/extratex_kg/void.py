"""VoID and DCAT description of the dataset, generated from the data at build time.

The dataset's IRI is the base IRI itself (its home page); its figures are counted on the
union of all graphs, the graph every query sees: distinct triples, entities (distinct subjects
under ``<base>id/``), one class partition per class and one property partition per property,
and one linkset per external target and linking property.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from extratex_kg.config import Settings
from extratex_kg.dumps import BUILD_INFO, CHECKSUMS, DUMPS, union_graph
from extratex_kg.serialize import bind_all, namespaces_for

IANA = Namespace("http://www.iana.org/assignments/media-types/")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
ENGLISH = URIRef("http://id.loc.gov/vocabulary/iso639-1/en")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
SCHEMA_URL = URIRef("https://schema.org/url")
FEATURES = ("Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")
TITLE = "EXTRATEX knowledge graph"
DESCRIPTION = (
    "The knowledge graph of the EXTRATEX cluster partnership: six European clusters in textile, "
    "automotive, plastics and safety & security, from Italy, Spain, Germany, Slovakia and the Czech "
    "Republic. Every fact comes from the partnership's partners page and carries the exact quote that "
    "states it, in one named graph per claim; reference facts keep their own source and confidence."
)


@dataclass(frozen=True)
class Target:
    """An external dataset the graph links to."""

    key: str
    title: str
    iri: str
    uri_space: str


TARGETS = (
    Target("wikidata", "Wikidata", "http://www.wikidata.org/", "http://www.wikidata.org/entity/"),
    Target(
        "nuts",
        "NUTS: Nomenclature of territorial units for statistics (EU)",
        "http://data.europa.eu/nuts",
        "http://data.europa.eu/nuts/code/",
    ),
    Target(
        "eu-country",
        "EU Vocabularies: Countries and territories authority table",
        "http://publications.europa.eu/resource/authority/country",
        "http://publications.europa.eu/resource/authority/country/",
    ),
    Target(
        "nace",
        "NACE Rev. 2: Statistical classification of economic activities",
        "http://data.europa.eu/ux2/nace2",
        "http://data.europa.eu/ux2/nace2/",
    ),
)


@dataclass(frozen=True)
class Figures:
    """What the union graph holds, counted."""

    triples: int
    entities: int
    subjects: int
    objects: int
    classes: Counter[URIRef]  # class -> distinct instances
    properties: Counter[URIRef]  # property -> triples
    links: Counter[tuple[str, URIRef]]  # (target key, property) -> triples
    vocabularies: set[str]


def namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def count(union: Graph, base: str) -> Figures:
    """Count the union graph once."""
    subjects: set[Node] = set()
    objects: set[Node] = set()
    instances: defaultdict[URIRef, set[Node]] = defaultdict(set)
    properties: Counter[URIRef] = Counter()
    links: Counter[tuple[str, URIRef]] = Counter()
    for s, p, o in union:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1  # type: ignore[index]
        if p == RDF.type and isinstance(o, URIRef):
            instances[o].add(s)
        if isinstance(o, URIRef):
            for target in TARGETS:
                if str(o).startswith(target.uri_space):
                    links[(target.key, p)] += 1  # type: ignore[index]
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(base + "id/")}
    used = {namespace_of(str(p)) for p in properties} | {namespace_of(str(c)) for c in instances}
    return Figures(
        triples=len(union),
        entities=len(entities),
        subjects=len(subjects),
        objects=len(objects),
        classes=Counter({c: len(members) for c, members in instances.items()}),
        properties=properties,
        links=links,
        vocabularies=used,
    )


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def void_graph(dataset: Dataset, settings: Settings, info: dict[str, object]) -> Graph:
    """The dataset's VoID/DCAT description."""
    base = settings.base_iri
    prefixes = namespaces_for(base)
    graph = bind_all(Graph(bind_namespaces="none"), prefixes)
    graph.bind("formats", FORMATS_NS)
    ds = URIRef(base)
    figures = count(union_graph(dataset), base)
    _about(graph, ds, dataset, base, info)
    _statistics(graph, ds, figures)
    _partitions(graph, ds, figures)
    _linksets(graph, ds, figures, prefixes)
    _vocabularies(graph, ds, figures, prefixes)
    _distributions(graph, ds, base)
    return graph


def _about(graph: Graph, ds: URIRef, dataset: Dataset, base: str, info: dict[str, object]) -> None:
    graph.add((ds, RDF.type, VOID.Dataset))
    graph.add((ds, RDF.type, DCAT.Dataset))
    graph.add((ds, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((ds, DCTERMS.license, CC_BY))
    graph.add((ds, DCTERMS.language, ENGLISH))
    publisher = BNode("publisher")
    graph.add((ds, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal("extratex-kg developers")))
    source = URIRef(base + "id/source/extratex-partnership")
    graph.add((ds, DCTERMS.source, source))
    for url in dataset.objects(source, SCHEMA_URL):
        graph.add((ds, DCTERMS.source, url))
        graph.add((source, SCHEMA_URL, url))
    for label in dataset.objects(source, RDFS.label):
        graph.add((source, RDFS.label, label))
    graph.add((ds, DCAT.landingPage, ds))
    graph.add((ds, FOAF.homepage, ds))
    graph.add((ds, VOID.uriSpace, Literal(base + "id/")))
    graph.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    graph.add((ds, VOID.rootResource, URIRef(base + "id/partnership/extratex")))
    graph.add((ds, VOID.exampleResource, URIRef(base + "id/organisation/clutex")))
    graph.add((ds, OWL.versionInfo, Literal(str(info.get("version", "")))))
    if built := info.get("built"):
        graph.add((ds, DCTERMS.modified, Literal(str(built), datatype=XSD.dateTime)))
    for feature in FEATURES:
        graph.add((ds, VOID.feature, FORMATS_NS[feature]))


def _statistics(graph: Graph, ds: URIRef, figures: Figures) -> None:
    graph.add((ds, VOID.triples, _integer(figures.triples)))
    graph.add((ds, VOID.entities, _integer(figures.entities)))
    graph.add((ds, VOID.distinctSubjects, _integer(figures.subjects)))
    graph.add((ds, VOID.distinctObjects, _integer(figures.objects)))
    graph.add((ds, VOID.classes, _integer(len(figures.classes))))
    graph.add((ds, VOID.properties, _integer(len(figures.properties))))


def _partitions(graph: Graph, ds: URIRef, figures: Figures) -> None:
    for cls, entities in sorted(figures.classes.items()):
        node = BNode(f"class-{_slug(cls)}")
        graph.add((ds, VOID.classPartition, node))
        graph.add((node, VOID["class"], cls))
        graph.add((node, VOID.entities, _integer(entities)))
    for prop, triples in sorted(figures.properties.items()):
        node = BNode(f"property-{_slug(prop)}")
        graph.add((ds, VOID.propertyPartition, node))
        graph.add((node, VOID.property, prop))
        graph.add((node, VOID.triples, _integer(triples)))


def _slug(iri: URIRef) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(iri).split("://", 1)[-1])


def _linksets(graph: Graph, ds: URIRef, figures: Figures, prefixes: dict[str, str]) -> None:
    by_key = {t.key: t for t in TARGETS}
    for (key, prop), triples in sorted(figures.links.items()):
        target = by_key[key]
        name = next(
            (f"{p}-{prop[len(ns) :]}" for p, ns in prefixes.items() if prop.startswith(ns)), _slug(prop)
        )
        linkset = URIRef(f"{ds}.well-known/void#linkset-{key}-{name}")
        graph.add((ds, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, ds))
        graph.add((linkset, VOID.objectsTarget, URIRef(target.iri)))
        graph.add((linkset, VOID.linkPredicate, prop))
        graph.add((linkset, VOID.triples, _integer(triples)))
    for target in TARGETS:
        if any(key == target.key for key, _ in figures.links):
            graph.add((URIRef(target.iri), RDF.type, VOID.Dataset))
            graph.add((URIRef(target.iri), DCTERMS.title, Literal(target.title, lang="en")))
            graph.add((URIRef(target.iri), VOID.uriSpace, Literal(target.uri_space)))


def _vocabularies(graph: Graph, ds: URIRef, figures: Figures, prefixes: dict[str, str]) -> None:
    known = set(prefixes.values())
    for namespace in sorted(figures.vocabularies & known):
        graph.add((ds, VOID.vocabulary, URIRef(namespace)))


def _distributions(graph: Graph, ds: URIRef, base: str) -> None:
    for dump in DUMPS:
        url = URIRef(f"{base}dumps/{dump.name}")
        graph.add((ds, VOID.dataDump, url))
        graphs = "named graphs kept" if dump.named_graphs else "union of all graphs"
        _distribution(graph, ds, url, dump.media_type, f"{dump.name} ({graphs})", compressed=False)
        packed = URIRef(f"{url}.gz")
        _distribution(graph, ds, packed, dump.media_type, f"{dump.name}.gz (gzip)", compressed=True)
    for name, media_type in ((CHECKSUMS, "text/plain"), (BUILD_INFO, "application/json")):
        _distribution(graph, ds, URIRef(f"{base}dumps/{name}"), media_type, name, compressed=False)
    service, access = BNode("sparql-service"), BNode("sparql-distribution")
    endpoint = URIRef(base + "sparql")
    graph.add((ds, DCAT.distribution, access))
    graph.add((access, RDF.type, DCAT.Distribution))
    graph.add((access, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    graph.add((access, DCAT.accessURL, endpoint))
    graph.add((access, DCAT.accessService, service))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    graph.add((service, DCAT.servesDataset, ds))


def _distribution(graph: Graph, ds: URIRef, url: URIRef, media: str, title: str, *, compressed: bool) -> None:
    node = BNode(f"distribution-{_slug(url)}")
    graph.add((ds, DCAT.distribution, node))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(title)))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.mediaType, IANA[media]))
    graph.add((node, DCTERMS.license, CC_BY))
    if compressed:
        graph.add((node, DCAT.compressFormat, IANA["application/gzip"]))
