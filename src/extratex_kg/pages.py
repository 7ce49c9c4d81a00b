"""What a resource page shows, built from a Description: facts by property, each with its quote.

No HTML here: the templates lay these objects out. Links to IRIs under the base point to the
server's own ``/id/…`` and ``/def/…`` pages; everything is shown by its label, never a bare IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from extratex_kg.describe import Description
from extratex_kg.site import Site

OA = "http://www.w3.org/ns/oa#"
SCHEMA_NAME = URIRef("https://schema.org/alternateName")
# Shown first, in this order; every other property follows by label.
LEADING = (RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA_NAME, SKOS.definition)
TRAILING = (DCTERMS.description, RDFS.comment, SKOS.note)
# Labels of the standard properties the ontology does not define.
STANDARD_LABELS = {
    str(RDF.type): "type",
    str(RDFS.label): "name",
    str(RDFS.comment): "comment",
    str(SKOS.altLabel): "other name",
    str(SKOS.prefLabel): "preferred name",
    str(OWL.sameAs): "same as",
    str(DCTERMS.description): "description",
}


@dataclass(frozen=True, order=True)
class Link:
    """Something to link to, by its label."""

    label: str
    url: str
    iri: str


@dataclass(frozen=True)
class Citation:
    """The claim stating a fact: a document quote, or a reference source with its confidence."""

    claim: Link
    document: bool
    exact: str = ""
    sentence: str = ""
    line: int | None = None
    start: int | None = None
    end: int | None = None
    source: Link | None = None
    highlight_url: str = ""
    record: str = ""
    note: str = ""
    confidence: Link | None = None
    believed: bool = False
    comment: str = ""


@dataclass(frozen=True)
class Value:
    """One value of a property: a link or a literal, with what states it."""

    text: str
    link: Link | None = None
    lang: str | None = None
    datatype: str | None = None
    citations: tuple[Citation, ...] = ()
    details: tuple[tuple[str, str], ...] = ()  # the facts of a hash IRI (a quote's selectors)


@dataclass(frozen=True)
class Fact:
    prop: Link
    curie: str
    values: tuple[Value, ...]


@dataclass
class ResourceView:
    iri: str
    label: str
    types: list[Link]
    facts: list[Fact]
    incoming: list[tuple[Link, Link]]
    incoming_total: int
    statements: list[tuple[Link, Link, Value]] = field(default_factory=list)
    claim: Citation | None = None  # the resource is a claim: what it quotes, or its reference source

    @property
    def cited(self) -> bool:
        """Whether any fact shown has a claim stating it."""
        return any(value.citations for fact in self.facts for value in fact.values)


def split_words(name: str) -> str:
    """``hasMember`` → ``has member``; ``iso3166Alpha2`` → ``iso3166 alpha2``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


class Labeller:
    """Labels and links for the IRIs of one description (and of the ontology)."""

    def __init__(self, site: Site, graph: Graph) -> None:
        self.site = site
        self.graph = graph
        self.terms = site.term_labels

    def label(self, node: Node) -> str:
        for predicate in (RDFS.label, SKOS.prefLabel):
            values = sorted(self.graph.objects(node, predicate), key=_english_first)
            if values:
                return str(values[0])
        if str(node) in self.terms:
            return self.terms[str(node)]
        return self.site.curie(str(node))

    def link(self, node: Node) -> Link:
        return Link(self.label(node), self.site.local_url(str(node)), str(node))

    def prop(self, predicate: URIRef) -> Link:
        iri = str(predicate)
        label = self.terms.get(iri) or STANDARD_LABELS.get(iri) or split_words(_local(iri))
        return Link(label, self.site.local_url(iri), iri)

    def cls(self, node: Node) -> Link:
        curie = self.site.curie(str(node))
        url = f"/class/{curie}" if curie != str(node) else str(node)
        return Link(self.label(node), url, str(node))

    def value(self, node: Node, citations: tuple[Citation, ...] = ()) -> Value:
        if isinstance(node, Literal):
            datatype = None
            if node.datatype is not None and node.datatype != XSD.string:
                datatype = self.site.curie(str(node.datatype))
            return Value(str(node), None, node.language, datatype, citations)
        return Value(self.label(node), self.link(node), citations=citations)


def _english_first(node: Node) -> tuple[int, str]:
    lang = node.language if isinstance(node, Literal) else None
    return (0 if lang in ("en", None) else 1, str(node))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _order(labeller: Labeller, predicate: URIRef) -> tuple[int, int, str]:
    if predicate in LEADING:
        return (0, LEADING.index(predicate), "")
    if predicate in TRAILING:
        return (2, TRAILING.index(predicate), "")
    return (1, 0, labeller.prop(predicate).label)


def resource_view(site: Site, description: Description) -> ResourceView:
    graph, iri = description.graph, description.iri
    labeller = Labeller(site, graph)
    citations = Citations(site, labeller, graph)
    incoming = [(labeller.link(s), labeller.prop(p)) for s, p in description.incoming]
    statements = [
        (labeller.link(s), labeller.prop(p), labeller.value(o)) for s, p, o in description.statements
    ]
    types = [labeller.cls(t) for t in sorted(graph.objects(iri, RDF.type), key=str)]
    claim = citations.of(iri) if description.statements else None
    facts = _facts(description, labeller, citations)
    return ResourceView(
        str(iri), labeller.label(iri), types, facts, incoming, description.incoming_total, statements, claim
    )


def _facts(description: Description, labeller: Labeller, citations: Citations) -> list[Fact]:
    """The resource's own triples by property, each value with the claims stating it."""
    graph, iri = description.graph, description.iri
    predicates = {p for p in graph.predicates(iri, None) if isinstance(p, URIRef)}
    facts = []
    for predicate in sorted(predicates, key=lambda p: _order(labeller, p)):
        values = []
        for obj in sorted(graph.objects(iri, predicate), key=lambda o: labeller.label(o).lower()):
            stated = tuple(citations.of(c) for c in description.support.get((predicate, obj), []))
            value = labeller.value(obj, stated)
            if isinstance(obj, URIRef) and str(obj).startswith(str(iri) + "#"):
                value = _with_details(value, labeller, graph, obj)
            values.append(value)
        facts.append(Fact(labeller.prop(predicate), labeller.site.curie(str(predicate)), tuple(values)))
    return facts


def _with_details(value: Value, labeller: Labeller, graph: Graph, node: URIRef) -> Value:
    details = tuple(
        (labeller.prop(p).label, labeller.value(o).text)  # type: ignore[arg-type]
        for p, o in sorted(graph.predicate_objects(node), key=str)
        if p != RDF.type
    )
    kinds = [labeller.label(t) for t in graph.objects(node, RDF.type)]
    return Value(kinds[0] if kinds else value.text, value.link, citations=value.citations, details=details)


class Citations:
    """Citations of claims, from the claims' descriptions in the graph."""

    def __init__(self, site: Site, labeller: Labeller, graph: Graph) -> None:
        self.site = site
        self.labeller = labeller
        self.graph = graph
        self.ext_namespace = site.prefixes["ext"]
        self._made: dict[URIRef, Citation] = {}

    def ext(self, name: str) -> URIRef:
        return URIRef(self.ext_namespace + name)

    def _one(self, node: Node, predicate: URIRef) -> Node | None:
        return next(iter(sorted(self.graph.objects(node, predicate), key=str)), None)

    def _text(self, node: Node | None, predicate: URIRef) -> str:
        found = None if node is None else self._one(node, predicate)
        return "" if found is None else str(found)

    def of(self, claim: URIRef) -> Citation:
        if claim not in self._made:
            self._made[claim] = self._cite(claim)
        return self._made[claim]

    def _cite(self, claim: URIRef) -> Citation:
        link = self.labeller.link(claim)
        comment = self._text(claim, RDFS.comment)
        if (self.ext("DocumentClaim")) in set(self.graph.objects(claim, RDF.type)):
            quote = self._one(claim, self.ext("quote"))
            return self._document(link, quote, comment)
        confidence = self._one(claim, self.ext("confidence"))
        source = self._one(claim, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        return Citation(
            claim=link,
            document=False,
            source=self.labeller.link(source) if source is not None else None,
            record=self._text(claim, self.ext("sourceRecord")),
            note=self._text(claim, DCTERMS.source),
            confidence=self.labeller.link(confidence) if confidence is not None else None,
            believed=confidence is not None and str(confidence).endswith("/confidence/believed"),
            comment=comment,
        )

    def _document(self, claim: Link, quote: Node | None, comment: str) -> Citation:
        if quote is None:
            return Citation(claim=claim, document=True, comment=comment)
        source = self._one(quote, URIRef(OA + "hasSource"))
        exact, start, end = "", None, None
        for selector in self.graph.objects(quote, URIRef(OA + "hasSelector")):
            exact = exact or self._text(selector, URIRef(OA + "exact"))
            start = start if start is not None else _int(self._one(selector, URIRef(OA + "start")))
            end = end if end is not None else _int(self._one(selector, URIRef(OA + "end")))
        line = _int(self._one(quote, self.ext("line")))
        source_link = self.labeller.link(source) if source is not None else None
        highlight = ""
        if source_link is not None and start is not None and end is not None:
            highlight = f"{source_link.url}?start={start}&end={end}#L{line or 1}"
        return Citation(
            claim=claim,
            document=True,
            exact=exact,
            sentence=self._text(quote, self.ext("sentence")),
            line=line,
            start=start,
            end=end,
            source=source_link,
            highlight_url=highlight,
            comment=comment,
        )


def _int(node: Node | None) -> int | None:
    try:
        return int(str(node)) if node is not None else None
    except ValueError:
        return None
