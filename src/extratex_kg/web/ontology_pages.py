"""The ontology and its shapes resolve: /def/, /def/<Term>, /def/shapes/, /def/shapes/<Name>.

Each answers by Accept (or a URL extension): an HTML page, or the ontology graph, the term's
triples, the shapes graph or the shape's triples in any RDF format.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, render_template
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from extratex_kg.ontology_doc import OntologyDoc, cbd
from extratex_kg.serialize import bind_all
from extratex_kg.web.pages import (
    etag_for,
    graph_response,
    negotiated_headers,
    not_found,
    pick_format,
    respond,
    site,
    split_extension,
    unchanged,
    wants_html,
)

bp = Blueprint("ontology", __name__)
INDEX = "index"


def _answer(
    stem: str,
    extension: str | None,
    graph_of: Callable[[], Graph],
    page_of: Callable[[], str],
    *,
    shared: bool = False,
) -> Response:
    """The shared dance: pick the format, 304 if unchanged, else the page or the graph."""
    fmt, media_type = pick_format(extension)
    headers = negotiated_headers(stem, fmt, etag_for(stem, fmt.name, media_type))
    if (early := unchanged(headers)) is not None:
        return early
    if fmt.name == "html":
        return respond(page_of(), fmt, media_type, headers)
    return graph_response(graph_of(), fmt, media_type, headers, shared=shared)


@bp.route("/def/")
def ontology() -> Response:
    return _ontology(None)


def _ontology(extension: str | None) -> Response:
    doc = OntologyDoc(site())

    def page() -> str:
        classes, properties = doc.terms()
        iri = site().ontology_iri
        return render_template("ontology.html", classes=classes, properties=properties, iri=iri)

    return _answer(f"/def/{INDEX}", extension, lambda: site().ontology, page, shared=True)


@bp.route("/def/<name>")
def term(name: str) -> Response:
    stem, extension = split_extension(name)
    if stem == INDEX:
        return _ontology(extension)
    s = site()
    iri = URIRef(s.ontology_iri + stem)
    doc = OntologyDoc(s)
    view = doc.term(iri) if (iri, None, None) in s.ontology else None
    if view is None:
        html = extension == "html" or wants_html()
        return not_found(str(iri), stem, html=html, what="term")

    def graph() -> Graph:
        found = cbd(s.ontology, iri, bind_all(Graph(bind_namespaces="none"), s.prefixes))
        for node in set(found.objects(iri, None)):
            for label in s.ontology.objects(node, RDFS.label):
                found.add((node, RDFS.label, label))
        return found

    def page() -> str:
        return render_template("term.html", term=view)

    return _answer(f"/def/{stem}", extension, graph, page)


@bp.route("/def/shapes/")
def shapes() -> Response:
    return _shapes(None)


def _shapes(extension: str | None) -> Response:
    doc = OntologyDoc(site())

    def page() -> str:
        return render_template("shapes.html", shapes=doc.shape_views(), single=False)

    return _answer(f"/def/shapes/{INDEX}", extension, lambda: site().shapes, page, shared=True)


@bp.route("/def/shapes/<name>")
def shape(name: str) -> Response:
    stem, extension = split_extension(name)
    if stem == INDEX:
        return _shapes(extension)
    s = site()
    iri = URIRef(f"{s.ontology_iri}shapes/{stem}")
    if (iri, None, None) not in s.shapes:
        html = extension == "html" or wants_html()
        return not_found(str(iri), stem, html=html, what="shape")
    doc = OntologyDoc(s)

    def graph() -> Graph:
        return cbd(
            s.shapes, iri, bind_all(Graph(bind_namespaces="none"), s.prefixes), f"{s.ontology_iri}shapes/"
        )

    def page() -> str:
        return render_template("shapes.html", shapes=[doc.shape(iri)], single=True)

    return _answer(f"/def/shapes/{stem}", extension, graph, page)
