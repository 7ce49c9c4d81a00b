"""The W3C SPARQL 1.1 Protocol and Service Description tests, replayed against the live endpoint.

Each test is one entry of ``protocol/manifest.ttl`` (or ``service-description/manifest.ttl``)
of the W3C test suite: the manifest's request (method, path, headers, body) is sent with
``requests`` to the server of the ``server`` fixture, which serves the shipped data plus the
test graphs ``http://kasei.us/2009/09/sparql/data/dataN.rdf`` (tests/fixtures/w3c). The
manifest only asks for a status class (2xx/3xx or 4xx); these tests pin the exact status,
the error document and the answer.

The manifest's paths start with ``/sparql/``, which "must be replaced with whatever path
prefix is appropriate for the endpoint": here ``/sparql``. The manifest's update tests
expect a writable endpoint; this one is read-only, so each must be refused (403, or 415 for
a body in no SPARQL media type) with a readable message and leave the data unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import requests
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .conftest import Server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA0 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
DATA1 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
DATA2 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
DATA3 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "SPARQL Update is not allowed on this endpoint: it is read-only"
MEDIA_TYPES = f"a query is POSTed as {FORM} or {QUERY}, not with Content-Type"
TABLE_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


# --- replaying a manifest request --------------------------------------------------------


def replay(
    server: Server,
    method: str,
    absolute_path: str,
    headers: dict[str, str] | None = None,
    body: str | bytes | None = None,
) -> requests.Response:
    """Send one ``ht:Request`` of the manifest: its path with /sparql/ mapped to /sparql."""
    assert absolute_path.startswith("/sparql/")
    url = server.url + "/sparql" + absolute_path.removeprefix("/sparql/")
    data = body.encode("utf-8") if isinstance(body, str) else body
    return requests.request(method, url, headers=headers or {}, data=data, timeout=30)


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def assert_error(response: requests.Response, status: int, title: str, detail: str) -> None:
    """The exact JSON error document, ``{"error", "status", "detail"}``."""
    assert response.status_code == status, response.text
    assert media_type(response) == "application/json", response.headers
    assert response.json() == {"error": title, "status": status, "detail": detail}


def boolean_answer(response: requests.Response) -> bool:
    """The answer of an ASK in SPARQL JSON or XML results."""
    assert response.status_code == 200, response.text
    kind = media_type(response)
    assert kind in BOOLEAN_TYPES, kind
    if kind.endswith("json"):
        document = response.json()
        assert set(document) == {"head", "boolean"}, document
        return bool(document["boolean"])
    root = ElementTree.fromstring(response.content)
    assert root.tag == SRX + "sparql"
    element = root.find(SRX + "boolean")
    assert element is not None and element.text in ("true", "false"), response.text
    return element.text == "true"


def solutions(response: requests.Response) -> tuple[list[str], list[dict[str, dict[str, str]]]]:
    """Variables and bindings of SELECT results in SPARQL JSON or XML."""
    assert response.status_code == 200, response.text
    kind = media_type(response)
    if kind in ("application/sparql-results+json", "application/json"):
        document = response.json()
        return list(document["head"]["vars"]), list(document["results"]["bindings"])
    assert kind in ("application/sparql-results+xml", "application/xml", "text/xml"), kind
    root = ElementTree.fromstring(response.content)
    head = root.find(SRX + "head")
    results = root.find(SRX + "results")
    assert head is not None and results is not None, response.text
    variables = [v.attrib["name"] for v in head.findall(SRX + "variable")]
    rows = []
    for result in results.findall(SRX + "result"):
        row = {}
        for binding in result.findall(SRX + "binding"):
            term = binding[0]
            kind_of_term = {"uri": "uri", "bnode": "bnode", "literal": "literal"}[term.tag.removeprefix(SRX)]
            cell = {"type": kind_of_term, "value": term.text or ""}
            if "datatype" in term.attrib:
                cell["datatype"] = term.attrib["datatype"]
            row[binding.attrib["name"]] = cell
        rows.append(row)
    return variables, rows


def rdf_answer(response: requests.Response) -> Graph:
    """A CONSTRUCT/DESCRIBE answer parsed by rdflib in the syntax it is labelled with."""
    assert response.status_code == 200, response.text
    kind = media_type(response)
    assert kind in RDF_TYPES, kind
    return Graph().parse(data=response.content, format=RDF_TYPES[kind])


# --- SPARQL 1.1 Protocol: query tests -----------------------------------------------------


def test_query_post_form(server: Server) -> None:
    response = replay(
        server, "POST", f"/sparql/?default-graph-uri={DATA0}", {"content-type": FORM}, "query=ASK%20%7B%7D"
    )
    assert boolean_answer(response) is True


def test_query_get(server: Server) -> None:
    response = replay(server, "GET", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={DATA0}")
    assert boolean_answer(response) is True


def test_query_post_direct(server: Server) -> None:
    response = replay(server, "POST", "/sparql/", {"content-type": QUERY}, "ASK {}")
    assert boolean_answer(response) is True


def test_query_dataset_default_graph(server: Server) -> None:
    """One protocol default graph: its triples are visible, the other graphs' are not."""
    ask1 = f"ASK {{ <{KASEI}data1.rdf> a ?type }}"
    ask2 = f"ASK {{ <{KASEI}data2.rdf> a ?type }}"
    path = f"/sparql/?default-graph-uri={DATA1}"
    assert boolean_answer(replay(server, "POST", path, {"content-type": QUERY}, ask1)) is True
    assert boolean_answer(replay(server, "POST", path, {"content-type": QUERY}, ask2)) is False


def test_query_dataset_default_graphs_get(server: Server) -> None:
    response = replay(
        server,
        "GET",
        "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E"
        "%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20"
        f"%3Ftype%20.%20%7D&default-graph-uri={DATA1}&default-graph-uri={DATA2}",
    )
    assert boolean_answer(response) is True


def test_query_dataset_default_graphs_post(server: Server) -> None:
    response = replay(
        server,
        "POST",
        f"/sparql/?default-graph-uri={DATA1}&default-graph-uri={DATA2}",
        {"content-type": QUERY},
        f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}",
    )
    assert boolean_answer(response) is True


def test_query_dataset_named_graphs_post(server: Server) -> None:
    response = replay(
        server,
        "POST",
        f"/sparql/?named-graph-uri={DATA1}&named-graph-uri={DATA2}",
        {"content-type": QUERY},
        f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}",
    )
    assert boolean_answer(response) is True


def test_query_dataset_named_graphs_get(server: Server) -> None:
    response = replay(
        server,
        "GET",
        "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql"
        "%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F"
        "2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D"
        f"&named-graph-uri={DATA1}&named-graph-uri={DATA2}",
    )
    assert boolean_answer(response) is True


def test_query_dataset_full(server: Server) -> None:
    response = replay(
        server,
        "POST",
        f"/sparql/?default-graph-uri={DATA3}&named-graph-uri={DATA1}&named-graph-uri={DATA2}",
        {"content-type": QUERY},
        f"""ASK {{
  <{KASEI}data3.rdf> a ?type
  GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}
  GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }}
}}""",
    )
    assert boolean_answer(response) is True


def test_query_multiple_dataset(server: Server) -> None:
    """The protocol's dataset wins over the query's FROM / FROM NAMED."""
    path = f"/sparql/?named-graph-uri={DATA1}&named-graph-uri={DATA2}"
    response = replay(
        server,
        "POST",
        path,
        {"content-type": QUERY},
        f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
        f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}",
    )
    assert boolean_answer(response) is True
    # The query's FROM NAMED <data3> is overridden: only data1 and data2 are named graphs.
    graphs = replay(
        server,
        "POST",
        path,
        {"content-type": QUERY, "accept": "application/sparql-results+json"},
        f"SELECT DISTINCT ?g FROM NAMED <{KASEI}data3.rdf> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g",
    )
    _, rows = solutions(graphs)
    assert [row["g"]["value"] for row in rows] == [f"{KASEI}data1.rdf", f"{KASEI}data2.rdf"]


def test_query_content_type_select(server: Server) -> None:
    response = replay(
        server,
        "POST",
        f"/sparql/?default-graph-uri={DATA0}",
        {"content-type": QUERY},
        "SELECT (1 AS ?value) {}",
    )
    assert response.status_code == 200
    assert media_type(response) in TABLE_TYPES
    assert response.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    variables, rows = solutions(response)
    assert variables == ["value"]
    assert rows == [
        {"value": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]


def test_query_content_type_ask(server: Server) -> None:
    response = replay(
        server, "POST", f"/sparql/?default-graph-uri={DATA0}", {"content-type": QUERY}, "ASK {}"
    )
    assert media_type(response) in BOOLEAN_TYPES
    assert boolean_answer(response) is True


def test_query_content_type_describe(server: Server) -> None:
    response = replay(
        server,
        "POST",
        f"/sparql/?default-graph-uri={DATA0}",
        {"content-type": QUERY},
        "DESCRIBE <http://example.org/>",
    )
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(rdf_answer(response)) == 0  # nothing is known of <http://example.org/>


def test_query_content_type_construct(server: Server) -> None:
    response = replay(
        server,
        "POST",
        f"/sparql/?default-graph-uri={DATA0}",
        {"content-type": QUERY},
        "CONSTRUCT { <s> <p> 1 } WHERE {}",
    )
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = rdf_answer(response)
    assert len(graph) == 1
    ((subject, predicate, value),) = list(graph)
    # Relative IRIs resolve against the endpoint's URL (the service-defined base).
    assert subject == URIRef(urljoin(server.sparql, "s"))
    assert predicate == URIRef(urljoin(server.sparql, "p"))
    assert value.toPython() == 1


def test_query_base_uri(server: Server) -> None:
    """The service-defined BASE (update_base_uri, as a query): relative IRIs become absolute."""
    response = replay(
        server,
        "POST",
        "/sparql/",
        {"content-type": QUERY, "accept": "application/sparql-results+json"},
        "SELECT ?o ?absolute WHERE { VALUES ?o { <test> } "
        'BIND (isIRI(?o) && STR(?o) != "test" AS ?absolute) }',
    )
    _, rows = solutions(response)
    assert rows == [
        {
            "o": {"type": "uri", "value": urljoin(server.sparql, "test")},
            "absolute": {
                "type": "literal",
                "value": "true",
                "datatype": "http://www.w3.org/2001/XMLSchema#boolean",
            },
        }
    ]


# --- SPARQL 1.1 Protocol: bad query tests ------------------------------------------------


def test_bad_query_method(server: Server) -> None:
    response = replay(
        server,
        "PUT",
        f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={DATA0}",
        {"content-type": FORM},
    )
    assert_error(
        response,
        405,
        "Method Not Allowed",
        "PUT is not allowed on /sparql; use GET, HEAD, OPTIONS, POST",
    )
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS, POST"


@pytest.mark.parametrize("method", ["DELETE", "PATCH"])
def test_bad_query_method_others(server: Server, method: str) -> None:
    response = replay(server, method, "/sparql/?query=ASK%20%7B%7D")
    assert_error(
        response,
        405,
        "Method Not Allowed",
        f"{method} is not allowed on /sparql; use GET, HEAD, OPTIONS, POST",
    )
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS, POST"


def test_bad_multiple_queries(server: Server) -> None:
    response = replay(server, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert_error(
        response, 400, "Bad parameter", "the query parameter must be given exactly once, not 2 times"
    )


def test_bad_multiple_queries_url_and_body(server: Server) -> None:
    """A query in the URL and one in a direct POST body are two queries too."""
    response = replay(server, "POST", "/sparql/?query=ASK%20%7B%7D", {"content-type": QUERY}, "ASK {}")
    assert_error(
        response, 400, "Bad parameter", "the query parameter must be given exactly once, not 2 times"
    )


def test_bad_query_wrong_media_type(server: Server) -> None:
    response = replay(server, "POST", "/sparql/", {"content-type": "text/plain"}, "ASK {}")
    assert_error(response, 415, "Unsupported media type", f"{MEDIA_TYPES} text/plain")


def test_bad_query_missing_form_type(server: Server) -> None:
    response = replay(server, "POST", "/sparql/", None, "query=ASK%20%7B%7D")
    assert "Content-Type" not in response.request.headers
    assert_error(response, 415, "Unsupported media type", f"{MEDIA_TYPES} none")


def test_bad_query_missing_direct_type(server: Server) -> None:
    response = replay(server, "POST", "/sparql/", None, "ASK {}")
    assert "Content-Type" not in response.request.headers
    assert_error(response, 415, "Unsupported media type", f"{MEDIA_TYPES} none")


def test_bad_query_non_utf8(server: Server) -> None:
    response = replay(
        server,
        "POST",
        "/sparql/",
        {"content-type": "application/sparql-query; charset=UTF-16"},
        "ASK {}".encode("utf-16"),
    )
    assert_error(response, 400, "Bad parameter", "the query must be encoded in UTF-8, not utf-16")


def test_bad_query_invalid_utf8_bytes(server: Server) -> None:
    """Bytes that are not UTF-8, without a charset: refused, not guessed."""
    response = replay(server, "POST", "/sparql/", {"content-type": QUERY}, b"ASK {\xff}")
    assert_error(response, 400, "Bad parameter", "the query is not valid UTF-8 (byte 5)")


def test_bad_query_syntax(server: Server) -> None:
    response = replay(server, "GET", "/sparql/?query=ASK%20%7B")
    assert response.status_code == 400, response.text
    assert media_type(response) == "application/json"
    document = response.json()
    assert document["error"] == "Bad query"
    assert document["status"] == 400
    # The engine's message names the place of the error (line 1, column 6).
    assert document["detail"].startswith("syntax error: error at 1:6: expected one of"), document
    assert "Traceback" not in document["detail"]


def test_bad_query_syntax_as_html_for_browsers(server: Server) -> None:
    response = replay(server, "GET", "/sparql/?query=ASK%20%7B", {"accept": "text/html"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>400 Bad query</h1>" in response.text
    assert "syntax error: error at 1:6" in response.text


def test_bad_query_missing_query(server: Server) -> None:
    response = replay(server, "POST", "/sparql/", {"content-type": FORM}, "default-graph-uri=x")
    assert_error(
        response,
        400,
        "Bad parameter",
        "missing query: give the query parameter (or POST it as application/sparql-query)",
    )


def test_query_path_with_trailing_slash_is_not_the_endpoint(server: Server) -> None:
    """The manifest's literal ``/sparql/`` path: this endpoint lives at ``/sparql`` only."""
    response = requests.get(server.url + "/sparql/?query=ASK%20%7B%7D", timeout=30)
    assert response.status_code == 404
    assert response.json()["error"] == "Not Found"


# --- SPARQL 1.1 Protocol: update tests, refused by a read-only endpoint ------------------

UPDATE_BODY = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}"""
BASE_BODY = (
    "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
    "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
    "{ <http://example.org/s> <http://example.org/p> <test> } }"
)
CONFLICT_BODY = """PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}"""
USING1 = "using-graph-uri=" + DATA1
USING2 = f"{USING1}&using-graph-uri={DATA2}"
USING_NAMED = f"using-named-graph-uri={DATA1}&using-named-graph-uri={DATA2}"
UTF16 = f"{UPDATE}; charset=UTF-16"

UPDATE_TESTS = [
    # (manifest name, method, path, content type, body, status)
    ("update_dataset_default_graph", "POST", f"/sparql/?{USING1}", UPDATE, UPDATE_BODY, 403),
    ("update_dataset_default_graphs", "POST", f"/sparql/?{USING2}", UPDATE, "DROP ALL", 403),
    ("update_dataset_named_graphs", "POST", f"/sparql/?{USING_NAMED}", UPDATE, "DROP ALL", 403),
    ("update_dataset_full", "POST", f"/sparql/?{USING1}&{USING_NAMED}", UPDATE, "DROP ALL", 403),
    ("update_post_form", "POST", "/sparql/", FORM, "update=CLEAR+ALL", 403),
    ("update_post_direct", "POST", "/sparql/", UPDATE, "CLEAR ALL", 403),
    ("update_base_uri", "POST", "/sparql/", UPDATE, BASE_BODY, 403),
    ("bad_update_get", "GET", "/sparql/?update=CLEAR%20ALL", None, None, 403),
    ("bad_multiple_updates", "POST", "/sparql/", FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 403),
    ("bad_update_wrong_media_type", "POST", "/sparql/", "text/plain", "CLEAR NAMED", 415),
    ("bad_update_missing_form_type", "POST", "/sparql/", None, "update=CLEAR%20NAMED", 415),
    ("bad_update_non_utf8", "POST", "/sparql/", UTF16, "CLEAR NAMED".encode("utf-16"), 403),
    ("bad_update_syntax", "POST", "/sparql/", FORM, "update=CLEAR%20XYZ", 403),
    ("bad_update_dataset_conflict", "POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
     UPDATE, CONFLICT_BODY, 403),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "method", "path", "content_type", "body", "status"),
    UPDATE_TESTS,
    ids=[t[0] for t in UPDATE_TESTS],
)
def test_update_is_refused(
    server: Server,
    name: str,
    method: str,
    path: str,
    content_type: str | None,
    body: str | bytes | None,
    status: int,
) -> None:
    headers = {"content-type": content_type} if content_type else None
    response = replay(server, method, path, headers, body)
    if status == 403:
        assert_error(response, 403, "Forbidden", READ_ONLY)
    else:
        shown = content_type or "none"
        assert_error(response, 415, "Unsupported media type", f"{MEDIA_TYPES} {shown}")


def test_update_left_the_data_unchanged(server: Server) -> None:
    """After the refused updates, the manifest's follow-up ASKs are false and the data is there."""
    for ask in (
        "ASK { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s ?p ?o } }",
        "ASK { GRAPH <http://example.org/protocol-base-test/> { ?s ?p ?o } }",
    ):
        response = replay(server, "POST", "/sparql/", {"content-type": QUERY}, ask)
        assert boolean_answer(response) is False
    for n in (1, 2, 3):
        ask = f"ASK {{ GRAPH <{KASEI}data{n}.rdf> {{ <{KASEI}data{n}.rdf> a ?type }} }}"
        assert boolean_answer(replay(server, "POST", "/sparql/", {"content-type": QUERY}, ask)) is True


def test_update_sent_as_query_is_refused(server: Server) -> None:
    """An update in the query parameter (a query media type) is refused, not run or misparsed."""
    response = replay(server, "POST", "/sparql/", {"content-type": QUERY}, "CLEAR ALL")
    assert_error(response, 403, "Forbidden", READ_ONLY)
    response = replay(server, "POST", "/sparql/", {"content-type": FORM}, "query=DROP%20ALL")
    assert_error(response, 403, "Forbidden", READ_ONLY)


# --- SPARQL 1.1 Service Description ------------------------------------------------------


def fetch_description(url: str, accept: str | None = None, host: str | None = None) -> requests.Response:
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if host is not None:
        headers["Host"] = host
    return requests.get(url, headers=headers, timeout=30)


def test_returns_rdf(server: Server) -> None:
    """GET on the endpoint without a query returns RDF (Turtle by default)."""
    response = fetch_description(server.sparql)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.content, format="turtle")
    assert (None, RDF.type, SD.Service) in graph


@pytest.mark.parametrize("spelling", ["127.0.0.1", "localhost"])
def test_has_endpoint_triple(server: Server, spelling: str) -> None:
    """sd:endpoint is the very URL the client used."""
    url = server.sparql.replace("127.0.0.1", spelling)
    graph = Graph().parse(data=fetch_description(url).content, format="turtle")
    endpoints = set(graph.objects(None, SD.endpoint))
    assert endpoints == {URIRef(url)}
    assert (URIRef(url), RDF.type, SD.Service) in graph


def test_has_endpoint_triple_for_the_host_asked(server: Server) -> None:
    """The manifest's connection authority ``www.example``, as a Host header."""
    response = fetch_description(server.sparql, host="www.example")
    graph = Graph().parse(data=response.content, format="turtle")
    assert set(graph.objects(None, SD.endpoint)) == {URIRef("http://www.example/sparql")}


def canonical(graph: Graph) -> Counter[tuple[str, str, str]]:
    """The triples with each blank node named by a hash of its surroundings (for comparing
    serialisations quickly: the description has hundreds of similar blank nodes)."""
    nodes = {n for t in graph for n in t if isinstance(n, BNode)}
    labels = dict.fromkeys(nodes, "")

    def key(node: Node) -> str:
        return "_:" + labels[node] if isinstance(node, BNode) else node.n3()

    for _ in range(4):
        fresh = {}
        for node in nodes:
            out = sorted((str(p), key(o)) for _, p, o in graph.triples((node, None, None)))
            into = sorted((str(p), key(s)) for s, p, _ in graph.triples((None, None, node)))
            fresh[node] = hashlib.sha256(repr((out, into)).encode()).hexdigest()[:16]
        labels = fresh
    assert len(set(labels.values())) == len(nodes), "blank nodes not told apart"
    return Counter((key(s), key(p), key(o)) for s, p, o in graph)


def check_description(graph: Graph, endpoint: str) -> None:
    service = URIRef(endpoint)
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph  # read-only
    formats = {str(f).rsplit("/", 1)[-1] for f in graph.objects(service, SD.resultFormat)}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
    } <= formats
    assert {"Turtle", "N-Triples", "RDF_XML", "JSON-LD"} <= formats
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    (dataset,) = graph.objects(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in graph
    (default,) = graph.objects(dataset, SD.defaultGraph)
    assert (default, RDF.type, SD.Graph) in graph
    names = {graph.value(named, SD.name) for named in graph.objects(dataset, SD.namedGraph)}
    for n in (1, 2, 3):
        assert URIRef(f"{KASEI}data{n}.rdf") in names
    assert any(str(name).startswith("https://w3id.org/extratex/") for name in names)
    for named in graph.objects(dataset, SD.namedGraph):
        assert (named, RDF.type, SD.NamedGraph) in graph
        assert isinstance(graph.value(named, SD.name), URIRef)


def test_conforms_to_schema(server: Server) -> None:
    """The description uses the SD vocabulary as its schema says, in every RDF syntax alike."""
    graphs = {}
    for accept, syntax in RDF_TYPES.items():
        response = fetch_description(server.sparql, accept)
        assert response.status_code == 200, response.text
        assert media_type(response) == accept
        graphs[accept] = Graph().parse(data=response.content, format=syntax)
        check_description(graphs[accept], server.sparql)
    reference = canonical(graphs["text/turtle"])
    for accept in ("application/ld+json", "application/rdf+xml", "application/n-triples"):
        assert canonical(graphs[accept]) == reference, f"{accept} differs from Turtle"


def test_service_description_as_html(server: Server) -> None:
    response = fetch_description(server.sparql, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.text.lstrip().lower().startswith("<!doctype html>")
    assert server.sparql in response.text


def test_service_description_not_acceptable(server: Server) -> None:
    response = fetch_description(server.sparql, "application/sparql-results+json")
    assert_error(
        response,
        406,
        "Not acceptable",
        "none of the accepted types (application/sparql-results+json) is offered; offered: text/turtle, "
        "application/n-triples, application/n-quads, application/trig, application/ld+json, "
        "application/rdf+xml, text/html",
    )


def test_service_description_json_ld_is_json(server: Server) -> None:
    document: Any = json.loads(fetch_description(server.sparql, "application/ld+json").content)
    nodes = document if isinstance(document, list) else document.get("@graph", [document])
    assert any(node.get("@id") == server.sparql for node in nodes)
