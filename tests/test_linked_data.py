"""Linked data on a real server: every IRI dereferences, in every format, with its quotes.

Runs against the session ``server`` (the shipped data plus the W3C protocol graphs) with real
clients: rdflib's own URL loading, SPARQLWrapper and requests.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH
from SPARQLWrapper import TURTLE, SPARQLWrapper

from extratex_kg.config import DEFAULT_BASE
from extratex_kg.serialize import namespaces_for

from .conftest import Server, parse_rdf

ID = DEFAULT_BASE + "id/"
EXT = Namespace(DEFAULT_BASE + "def/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
CLUTEX = URIRef(ID + "organisation/clutex")
PARTNERS = ("aecim", "clutex", "eu-vri", "fomentex", "ntt", "spc")
SAMPLES = (
    "organisation/clutex",
    "partnership/extratex",
    "claim/clutex-location",
    "quote/clutex-location",
    "source/extratex-partnership",
    "sector/textile",
    "figure/clutex-years-of-existence",
)
FORMATS = {
    "ttl": ("text/turtle", "turtle"),
    "nt": ("application/n-triples", "nt"),
    "nq": ("application/n-quads", "nquads"),
    "trig": ("application/trig", "trig"),
    "jsonld": ("application/ld+json", "json-ld"),
    "rdf": ("application/rdf+xml", "xml"),
}
MISSING = "organisation/no-such-thing"
MISSING_DETAIL = f"no resource <{ID}{MISSING}> in the graph; search for it at /search?q=no+such+thing"
SOURCE_LENGTH = 11049


def get(server: Server, path: str, accept: str = "text/turtle", **params: str) -> requests.Response:
    return requests.get(server.url + path, headers={"Accept": accept}, params=params, timeout=30)


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip()


def assert_error(response: requests.Response, status: int, title: str, detail: str) -> None:
    assert response.status_code == status, response.text
    assert media_type(response) == "application/json", response.headers
    assert response.json() == {"error": title, "status": status, "detail": detail}


def parse(body: bytes, syntax: str) -> Graph:
    return parse_rdf(body, syntax)


def description(server: Server, path: str) -> Graph:
    response = get(server, f"/id/{path}.ttl")
    assert response.status_code == 200, response.text
    return parse(response.content, "turtle")


class Structure(HTMLParser):
    """The parts of an HTML page the accessibility checks look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def page(server: Server, path: str, status: int = 200) -> tuple[str, Structure]:
    response = get(server, path, accept="text/html")
    assert response.status_code == status, response.text
    assert media_type(response) == "text/html"
    structure = Structure()
    structure.feed(response.text)
    assert structure.count("h1") == 1, path
    assert ("html", {"lang": "en"}) in structure.tags
    assert all(attrs.get("scope") for tag, attrs in structure.tags if tag == "th"), path
    return response.text, structure


# --- dereferencing with real clients ----------------------------------------------------------


def test_rdflib_loads_a_resource_iri_url(server: Server) -> None:
    graph = Graph().parse(server.url + "/id/organisation/clutex")
    assert (CLUTEX, RDFS.label, Literal("CLUTEX", lang="en")) in graph
    assert (CLUTEX, RDF.type, EXT.Cluster) in graph
    assert (CLUTEX, EXT.locatedIn, URIRef(ID + "country/czech-republic")) in graph
    exact = set(graph.objects(None, OA.exact))
    assert Literal("the only one textile cluster in the Czech Republic") in exact


@pytest.mark.parametrize("path", SAMPLES)
def test_sparql_describe_is_part_of_the_description(server: Server, path: str) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(f"DESCRIBE <{ID}{path}>")
    client.setReturnFormat(TURTLE)
    described = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(described) > 0
    dereferenced = description(server, path)
    missing = [t for t in described if t not in dereferenced]
    assert not missing, missing[:5]


@pytest.mark.parametrize("path", ["organisation/clutex", "quote/clutex-location", "claim/ref-clutex-name"])
def test_every_format_is_the_same_graph(server: Server, path: str) -> None:
    turtle = description(server, path)
    for extension, (accept, syntax) in FORMATS.items():
        negotiated = get(server, f"/id/{path}", accept=accept)
        assert negotiated.status_code == 200, negotiated.text
        assert media_type(negotiated) == accept
        assert negotiated.headers["Content-Location"] == f"/id/{path}.{extension}"
        assert isomorphic(parse(negotiated.content, syntax), turtle), extension
        by_extension = get(server, f"/id/{path}.{extension}", accept="*/*")
        assert media_type(by_extension) == accept
        assert by_extension.content == negotiated.content


def test_jsonld_has_a_context_with_short_keys(server: Server) -> None:
    document = get(server, "/id/organisation/clutex", accept="application/ld+json").json()
    context = document["@context"]
    assert context["locatedIn"] == {"@id": str(EXT.locatedIn), "@type": "@id"}
    assert context["organisation"] == ID + "organisation/"
    clutex = next(node for node in document["@graph"] if node["@id"] == "organisation:clutex")
    assert "country:czech-republic" in clutex["locatedIn"]


def test_every_iri_under_the_base_dereferences(server: Server, store: ox.Store) -> None:
    query = f"""SELECT DISTINCT ?x WHERE {{
        {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} UNION {{ GRAPH ?x {{ ?s ?p ?o }} }}
        FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{ID}")) }}"""
    iris = {row["x"].value for row in store.query(query)}  # type: ignore[union-attr]
    documents = sorted({iri.split("#", 1)[0] for iri in iris})
    assert len(iris) > 1000 and len(documents) > 700
    session = requests.Session()
    failed = []
    for iri in documents:
        response = session.head(
            server.url + "/" + iri[len(DEFAULT_BASE) :], headers={"Accept": "text/turtle"}
        )
        if response.status_code != 200 or media_type(response) != "text/turtle":
            failed.append((iri, response.status_code))
    assert not failed, failed[:10]


def test_hash_iris_are_described_with_their_document(server: Server) -> None:
    graph = description(server, "quote/clutex-location")
    text = URIRef(ID + "quote/clutex-location#text")
    position = URIRef(ID + "quote/clutex-location#position")
    assert (text, OA.exact, Literal("the only one textile cluster in the Czech Republic")) in graph
    assert {int(o) for o in graph.objects(position, OA.start)} == {4262}
    assert {int(o) for o in graph.objects(position, OA.end)} == {4312}


def test_a_description_holds_links_labels_incoming_and_quotes(server: Server) -> None:
    graph = description(server, "organisation/clutex")
    czech = URIRef(ID + "country/czech-republic")
    assert (czech, RDFS.label, Literal("Czech Republic", lang="en")) in graph
    assert (URIRef(ID + "partnership/extratex"), ORG.hasMember, CLUTEX) in graph
    claim = URIRef(ID + "claim/clutex-location")
    quote = URIRef(ID + "quote/clutex-location")
    assert (claim, EXT.quote, quote) in graph
    assert (quote, OA.hasSource, URIRef(ID + "source/extratex-partnership")) in graph
    assert {int(o) for o in graph.objects(quote, EXT.line)} == {31}
    assert any(graph.objects(quote, EXT.sentence))


def test_incoming_links_are_bounded(server: Server) -> None:
    graph = description(server, "source/extratex-partnership")
    source = URIRef(ID + "source/extratex-partnership")
    assert len(set(graph.subject_predicates(source))) == 200


# --- headers ---------------------------------------------------------------------------------


def test_negotiation_headers_and_conditional_requests(server: Server) -> None:
    response = get(server, "/id/organisation/clutex", accept="text/turtle")
    assert response.headers["Vary"].startswith("Accept")
    assert response.headers["Content-Location"] == "/id/organisation/clutex.ttl"
    links = response.headers["Link"]
    for extension, (kind, _) in FORMATS.items():
        if extension != "ttl":
            assert f'</id/organisation/clutex.{extension}>; rel="alternate"; type="{kind}"' in links
    assert '</id/organisation/clutex.html>; rel="alternate"; type="text/html"' in links
    etag = response.headers["ETag"]
    again = requests.get(
        server.url + "/id/organisation/clutex",
        headers={"Accept": "text/turtle", "If-None-Match": etag},
        timeout=30,
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    other = get(server, "/id/organisation/clutex", accept="application/n-triples")
    assert other.headers["ETag"] != etag


def test_unknown_iri_is_404_json_for_programs(server: Server) -> None:
    for accept in ("application/json", "text/turtle", "*/*"):
        assert_error(get(server, f"/id/{MISSING}", accept=accept), 404, "Not found", MISSING_DETAIL)
    assert_error(get(server, f"/id/{MISSING}.ttl", accept="*/*"), 404, "Not found", MISSING_DETAIL)
    page(server, f"/id/{MISSING}.ttl", status=404)  # a browser gets the page, whatever the extension


def test_unknown_iri_is_a_404_page_with_a_search_link(server: Server) -> None:
    _, structure = page(server, f"/id/{MISSING}", status=404)
    assert ("a", {"href": "/search?q=no+such+thing"}) in structure.tags
    assert "no-such-thing" in structure.title or "Not found" in structure.title
    found = get(server, "/search", accept="text/html", q="no such thing")
    assert found.status_code == 200 and "No name contains every word" in found.text


def test_unacceptable_format_is_406(server: Server) -> None:
    detail = (
        "none of the accepted types (image/png) is offered; offered: text/turtle, application/n-triples, "
        "application/n-quads, application/trig, application/ld+json, application/rdf+xml, text/html"
    )
    assert_error(get(server, "/id/organisation/clutex", accept="image/png"), 406, "Not acceptable", detail)


# --- pages -----------------------------------------------------------------------------------


def test_resource_page(server: Server) -> None:
    text, structure = page(server, "/id/organisation/clutex")
    assert structure.title.startswith("CLUTEX ·")
    assert ("a", {"href": "/class/ext:Cluster"}) in structure.tags
    assert '<a href="/id/country/czech-republic">Czech Republic</a>' in text
    assert "“the only one textile cluster in the Czech Republic”" in text
    assert '<a href="/id/source/extratex-partnership?start=4262&amp;end=4312#L31">' in text
    assert ">located in</a>" in text  # the ontology's label of ext:locatedIn
    assert '<link rel="alternate" type="text/turtle" href="/id/organisation/clutex.ttl"' in text


def test_reference_facts_show_source_confidence_and_believed(server: Server) -> None:
    text, _ = page(server, "/id/sector/leather")
    assert "Reference data" in text
    assert "believed, not confirmed" in text
    clutex, _ = page(server, "/id/organisation/clutex")
    assert "Verified from source" in clutex and "believed, not confirmed" not in clutex


def test_claim_page_shows_what_it_states_and_its_quote(server: Server) -> None:
    text, _ = page(server, "/id/claim/clutex-location")
    assert "What this claim states" in text
    assert "“the only one textile cluster in the Czech Republic”" in text


def test_source_document_page_with_lines_and_highlight(server: Server) -> None:
    text, structure = page(server, "/id/source/extratex-partnership")
    assert ("tr", {"id": "L31"}) in structure.tags
    assert ("a", {"href": "#L31"}) in structure.tags
    assert "<mark>" not in text
    highlighted = get(server, "/id/source/extratex-partnership", accept="text/html", start="4262", end="4312")
    assert highlighted.status_code == 200
    assert "<mark>the only one textile cluster in the Czech Republic</mark>" in highlighted.text


def test_source_document_span_errors(server: Server) -> None:
    path = "/id/source/extratex-partnership.html"
    bad = get(server, path, accept="application/json", start="10", end="5")
    detail = f"start and end must satisfy 0 <= start < end <= {SOURCE_LENGTH}, not 10 and 5"
    assert_error(bad, 400, "Bad parameter", detail)
    half = get(server, path, accept="application/json", start="10")
    assert_error(
        half, 400, "Bad parameter", "give both start and end (character offsets) to highlight a span"
    )
    words = get(server, path, accept="application/json", start="a", end="b")
    assert_error(words, 400, "Bad parameter", "start and end must be whole numbers, not 'a' and 'b'")


def test_home_page_lists_the_six_partners(server: Server) -> None:
    text, _ = page(server, "/")
    for partner in PARTNERS:
        assert f'href="/id/organisation/{partner}"' in text
    for link in ("/sparql", "/queries", "/dumps/", "/def/", "/.well-known/void"):
        assert f'href="{link}"' in text


def test_class_page(server: Server) -> None:
    text, _ = page(server, "/class/ext:Cluster")
    assert 'href="/id/organisation/clutex"' in text and "has 6 members" in text
    assert_error(
        get(server, "/class/ext:Nothing", accept="application/json"),
        404,
        "Not found",
        "no class ext:Nothing in the graph: it has no members and the ontology does not define it",
    )
    known = ", ".join(sorted(namespaces_for(DEFAULT_BASE)))
    detail = f"no class 'nope:Thing': name a class as prefix:Name with a known prefix ({known})"
    assert_error(get(server, "/class/nope:Thing", accept="application/json"), 404, "Not found", detail)


def test_search(server: Server) -> None:
    results = get(server, "/search", accept="application/json", q="Clutex").json()
    assert results["q"] == "Clutex"
    assert any(r["iri"] == str(CLUTEX) and r["url"] == "/id/organisation/clutex" for r in results["results"])
    text, _ = page(server, "/search?q=tuscany")
    assert 'href="/id/region/tuscany"' in text
    long = get(server, "/search", accept="application/json", q="x" * 201)
    assert_error(long, 400, "Bad parameter", "the q parameter must be at most 200 characters, not 201")


# --- ontology and shapes ---------------------------------------------------------------------


def test_ontology_page_and_graph(server: Server, store: ox.Store) -> None:
    text, _ = page(server, "/def/")
    terms = {q.subject.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(EXT)))}
    defined = {t for t in terms if t.startswith(str(EXT)) and t != str(EXT)}
    for term in defined:
        assert f'href="/def/{term[len(str(EXT)) :]}"' in text, term
    assert 'href="/class/ext:Cluster"' in text and 'href="/def/shapes/ClusterShape"' in text
    graph = parse(get(server, "/def/").content, "turtle")
    assert (EXT.Cluster, RDFS.subClassOf, ORG.Organization) in graph
    assert len(graph) == sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(EXT))))


def test_term_page_and_triples(server: Server) -> None:
    text, structure = page(server, "/def/Cluster")
    assert structure.title.startswith("Cluster (ext:Cluster)")
    assert 'href="/class/ext:Cluster"' in text and 'href="/def/shapes/OrganisationShape"' in text
    graph = parse(get(server, "/def/Cluster").content, "turtle")
    assert (EXT.Cluster, RDFS.label, Literal("Cluster", lang="en")) in graph
    assert (EXT.Cluster, RDFS.subClassOf, ORG.Organization) in graph
    detail = f"no term <{EXT}Nothing> in the graph; search for it at /search?q=Nothing"
    assert_error(get(server, "/def/Nothing", accept="application/json"), 404, "Not found", detail)


def test_shapes_resolve(server: Server) -> None:
    text, _ = page(server, "/def/shapes/")
    assert 'id="OrganisationShape"' in text
    shape = URIRef(str(EXT) + "shapes/OrganisationShape")
    graph = parse(get(server, "/def/shapes/OrganisationShape").content, "turtle")
    assert (shape, RDF.type, SH.NodeShape) in graph
    assert (URIRef(str(EXT) + "shapes/Organisation-label"), SH.path, RDFS.label) in graph
    all_shapes = parse(get(server, "/def/shapes/").content, "turtle")
    assert len(all_shapes) > len(graph) and (shape, RDF.type, SH.NodeShape) in all_shapes
    page(server, "/def/shapes/Organisation-locatedIn")
    detail = f"no shape <{EXT}shapes/Nope> in the graph; search for it at /search?q=Nope"
    assert_error(get(server, "/def/shapes/Nope", accept="application/json"), 404, "Not found", detail)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/id/a%20b", 404),
        ("/id/organisation/clutex.xyz", 404),
        ("/id/organisation/", 404),
        ("/def/shapes", 308),
        ("/class/x", 404),
        ("/def/index.ttl", 200),
        ("/def/shapes/index.jsonld", 200),
    ],
)
def test_odd_paths_answer_without_server_errors(server: Server, path: str, status: int) -> None:
    response = requests.get(
        server.url + path, headers={"Accept": "text/html"}, timeout=30, allow_redirects=False
    )
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text and "Internal error" not in response.text
