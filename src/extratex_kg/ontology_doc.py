"""The ontology and the shapes as documentation: every term with its label, definition,
alignment and the shapes that apply; every shape with its targets and constraints."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from extratex_kg.pages import Link
from extratex_kg.site import Site

ALIGNMENTS = (
    (RDFS.subClassOf, "sub-class of"),
    (RDFS.subPropertyOf, "sub-property of"),
    (OWL.equivalentClass, "equivalent to"),
    (OWL.equivalentProperty, "equivalent to"),
    (OWL.inverseOf, "inverse of"),
    (SKOS.exactMatch, "exact match"),
    (SKOS.closeMatch, "close match"),
    (SKOS.broadMatch, "broader match"),
    (SKOS.narrowMatch, "narrower match"),
    (SKOS.relatedMatch, "related match"),
)
KINDS = (
    (OWL.Class, "Class"),
    (OWL.ObjectProperty, "Object property"),
    (OWL.DatatypeProperty, "Datatype property"),
    (OWL.AnnotationProperty, "Annotation property"),
    (RDF.Property, "Property"),
)
TARGETS = (
    (SH.targetClass, "target class"),
    (SH.targetSubjectsOf, "subjects of"),
    (SH.targetObjectsOf, "objects of"),
    (SH.targetNode, "node"),
)
SHOWN_APART = {
    SH.path,
    SH.name,
    SH.message,
    SH.property,
    SH.sparql,
    SH.select,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.description,
}


@dataclass(frozen=True)
class TermView:
    iri: str
    name: str
    curie: str
    label: str
    kind: str
    definition: str
    comment: str
    alignments: tuple[tuple[str, Link], ...]
    domain: tuple[Link, ...]
    range: tuple[Link, ...]
    shapes: tuple[Link, ...]

    @property
    def is_class(self) -> bool:
        return self.kind == "Class"


@dataclass(frozen=True)
class ShapeView:
    iri: str
    name: str
    url: str
    label: str
    comment: str
    kind: str
    targets: tuple[tuple[str, Link], ...]
    path: Link | None
    constraints: tuple[tuple[str, str], ...]
    message: str
    select: str
    properties: tuple[ShapeView, ...]
    rules: tuple[ShapeView, ...]


def _text(graph: Graph, node: Node, predicate: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(node, predicate))
    return values[0] if values else ""


class OntologyDoc:
    """Views of the ontology's terms and of the shapes, for one site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.ontology = site.ontology
        self.shapes = site.shapes
        self.namespace = site.ontology_iri

    def link(self, node: Node) -> Link:
        iri = str(node)
        label = self.site.term_labels.get(iri) or _text(self.shapes, node, RDFS.label) or self.site.curie(iri)
        return Link(label, self.site.local_url(iri), iri)

    def terms(self) -> tuple[list[TermView], list[TermView]]:
        """The ontology's classes and properties, by label."""
        views = [self.term(t) for t in self._defined()]
        ordered = sorted((v for v in views if v is not None), key=lambda v: v.label.lower())
        return [v for v in ordered if v.is_class], [v for v in ordered if not v.is_class]

    def _defined(self) -> list[URIRef]:
        subjects = {s for s in self.ontology.subjects(RDFS.isDefinedBy, None) if isinstance(s, URIRef)}
        return sorted(s for s in subjects if str(s).startswith(self.namespace) and str(s) != self.namespace)

    def term(self, iri: URIRef) -> TermView | None:
        types = set(self.ontology.objects(iri, RDF.type))
        kind = next((name for cls, name in KINDS if cls in types), None)
        if kind is None:
            return None
        alignments = tuple(
            (name, self.link(o))
            for p, name in ALIGNMENTS
            for o in sorted(self.ontology.objects(iri, p), key=str)
        )
        return TermView(
            iri=str(iri),
            name=str(iri)[len(self.namespace) :],
            curie=self.site.curie(str(iri)),
            label=self.site.term_labels.get(str(iri), self.site.curie(str(iri))),
            kind=kind,
            definition=_text(self.ontology, iri, SKOS.definition),
            comment=_text(self.ontology, iri, RDFS.comment),
            alignments=alignments,
            domain=tuple(self.link(o) for o in sorted(self.ontology.objects(iri, RDFS.domain), key=str)),
            range=tuple(self.link(o) for o in sorted(self.ontology.objects(iri, RDFS.range), key=str)),
            shapes=tuple(self._shapes_for(iri, kind == "Class")),
        )

    def _superclasses(self, cls: URIRef) -> set[Node]:
        found: set[Node] = {cls}
        todo: list[Node] = [cls]
        while todo:
            for parent in self.ontology.objects(todo.pop(), RDFS.subClassOf):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    def _shapes_for(self, iri: URIRef, is_class: bool) -> list[Link]:
        if is_class:
            classes = self._superclasses(iri)
            shapes = {s for c in classes for s in self.shapes.subjects(SH.targetClass, c)}
            return [self.link(s) for s in sorted(shapes, key=str)]
        links = []
        for shape in sorted(self.shapes.subjects(SH.path, iri), key=str):
            owners = [self.link(o).label for o in self.shapes.subjects(SH.property, shape)]
            name = _text(self.shapes, shape, SH.name) or self.site.curie(str(iri))
            label = f"{owners[0]}: {name}" if owners else name
            links.append(Link(label, self.site.local_url(str(shape)), str(shape)))
        return links

    # --- shapes ----------------------------------------------------------------------------

    def shape_views(self) -> list[ShapeView]:
        """Every node shape (with its property shapes and SPARQL rules), by label."""
        nodes = {s for s in self.shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
        views = [self.shape(s) for s in nodes]
        return sorted(views, key=lambda v: v.label.lower())

    def shape(self, node: URIRef) -> ShapeView:
        graph = self.shapes
        if (node, RDF.type, SH.NodeShape) in graph:
            kind = "Node shape"
        elif (node, RDF.type, SH.SPARQLConstraint) in graph or (None, SH.sparql, node) in graph:
            kind = "SPARQL constraint"
        else:
            kind = "Property shape"
        path = next(iter(graph.objects(node, SH.path)), None)
        constraints = tuple(
            (self.site.curie(str(p)), self.render(o))
            for p, o in sorted(graph.predicate_objects(node), key=str)
            if p not in SHOWN_APART
        )
        return ShapeView(
            iri=str(node),
            name=self.site.curie(str(node)).rsplit(":", 1)[-1],
            url=self.site.local_url(str(node)),
            label=_text(graph, node, RDFS.label) or _text(graph, node, SH.name) or self.site.curie(str(node)),
            comment=_text(graph, node, RDFS.comment) or _text(graph, node, SH.description),
            kind=kind,
            targets=tuple(
                (name, self.link(o)) for p, name in TARGETS for o in sorted(graph.objects(node, p), key=str)
            ),
            path=self.link(path) if isinstance(path, URIRef) else None,
            constraints=constraints,
            message=_text(graph, node, SH.message),
            select=_text(graph, node, SH.select),
            properties=tuple(
                self.shape(p)
                for p in sorted(graph.objects(node, SH.property), key=str)
                if isinstance(p, URIRef)
            ),
            rules=tuple(
                self.shape(r)
                for r in sorted(graph.objects(node, SH.sparql), key=str)
                if isinstance(r, URIRef)
            ),
        )

    def render(self, node: Node, depth: int = 0) -> str:
        """A shape's value as compact Turtle-like text (lists and nested blank nodes included)."""
        if isinstance(node, URIRef):
            return self.site.curie(str(node))
        if isinstance(node, Literal):
            return str(node)
        if not isinstance(node, BNode) or depth > 4:
            return "[…]"
        if (node, RDF.first, None) in self.shapes:
            items = Collection(self.shapes, node)
            return "( " + " ".join(self.render(i, depth + 1) for i in items) + " )"
        pairs = sorted(self.shapes.predicate_objects(node), key=str)
        inner = " ; ".join(f"{self.site.curie(str(p))} {self.render(o, depth + 1)}" for p, o in pairs)
        return f"[ {inner} ]"


def cbd(graph: Graph, node: Node, into: Graph, follow: str = "") -> Graph:
    """The concise bounded description of ``node`` (blank nodes followed), and of the IRIs under
    ``follow`` it links to (a shape's property shapes and rules)."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in graph.predicate_objects(current):
            into.add((current, p, o))
            if isinstance(o, BNode) or (follow and isinstance(o, URIRef) and str(o).startswith(follow)):
                todo.append(o)
    return into
