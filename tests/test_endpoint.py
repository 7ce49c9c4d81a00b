"""The live SPARQL endpoint beyond the W3C tests: real clients, HTTP details, limits, the CLI.

Runs against the ``server`` fixture (the shipped data plus the W3C test graphs) and, for the
time limit and for a request that could freeze the server, against servers of their own.
Answers are checked against the shipped data: the partnership EXTRATEX has six partners.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from extratex_kg.build import BuildResult
from extratex_kg.formats import FORMATS, Format, Kind

from .conftest import Server, parse_rdf, start_server, stop_server
from .test_protocol_w3c import KASEI, READ_ONLY, assert_error, boolean_answer, media_type, solutions

ORG = "https://w3id.org/extratex/id/organisation/"
EXTRATEX = "https://w3id.org/extratex/id/partnership/extratex"
HAS_MEMBER = "http://www.w3.org/ns/org#hasMember"
PARTNERS = {ORG + name for name in ("aecim", "clutex", "eu-vri", "fomentex", "ntt", "spc")}
SELECT_PARTNERS = f"SELECT ?m WHERE {{ <{EXTRATEX}> <{HAS_MEMBER}> ?m }} ORDER BY ?m"
CONSTRUCT_PARTNERS = f"CONSTRUCT WHERE {{ <{EXTRATEX}> <{HAS_MEMBER}> ?m }}"
DESCRIBE_EXTRATEX = f"DESCRIBE <{EXTRATEX}>"
ASK_CLUTEX = f"ASK {{ <{EXTRATEX}> <{HAS_MEMBER}> <{ORG}clutex> }}"
ASK_NOBODY = f"ASK {{ <{EXTRATEX}> <{HAS_MEMBER}> <{ORG}nobody> }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
QUERY = "application/sparql-query"
GRAPH_SYNTAX = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


def get(
    server: Server, query: str, headers: dict[str, str] | None = None, **params: str
) -> requests.Response:
    return requests.get(server.sparql, params={"query": query, **params}, headers=headers or {}, timeout=30)


def unique(query: str) -> str:
    """The same query with a fresh comment, so no cache has seen it."""
    return f"# {uuid.uuid4()}\n{query}"


# --- reading answers in every format -----------------------------------------------------


def members_in_graph(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(URIRef(EXTRATEX), URIRef(HAS_MEMBER))}


def parse_graph(body: bytes, kind: str) -> Graph:
    return parse_rdf(body, GRAPH_SYNTAX[kind])


def partners(response: requests.Response) -> set[str]:
    """The partner IRIs in an answer to SELECT_PARTNERS / CONSTRUCT_PARTNERS, in any format."""
    assert response.status_code == 200, response.text
    kind = media_type(response)
    if kind in GRAPH_SYNTAX:
        return members_in_graph(parse_graph(response.content, kind))
    if kind == "text/csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        assert rows[0] == ["m"]
        return {row[0] for row in rows[1:]}
    if kind == "text/tab-separated-values":
        lines = response.content.decode("utf-8").splitlines()
        assert lines[0] == "?m"
        assert all(line.startswith("<") and line.endswith(">") for line in lines[1:]), lines
        return {line[1:-1] for line in lines[1:]}
    if kind == "text/html":  # IRIs shown in full, linked to this server's page of each
        links = re.findall(
            r'href="(/id/organisation/[^"]+)">(https://w3id\.org/extratex[^<]+)</a>', response.text
        )
        assert all(shown.endswith(href) for href, shown in links), links
        return {shown for _, shown in links}
    variables, rows = solutions(response)
    assert variables == ["m"]
    assert all(row["m"]["type"] == "uri" for row in rows)
    return {row["m"]["value"] for row in rows}


def acceptable(accept: str, kind: str) -> bool:
    """Whether ``kind`` has q > 0 under ``accept`` (RFC 9110: the most specific range decides)."""
    main, _, sub = kind.partition("/")
    best: tuple[int, float] = (-1, 0.0)
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        r_main, _, r_sub = media.lower().partition("/")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                q = float(value)
        if (r_main, r_sub) == (main, sub):
            specificity = 2
        elif (r_main, r_sub) == (main, "*"):
            specificity = 1
        elif (r_main, r_sub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, q)
    return best[1] > 0


# --- SPARQLWrapper, in every return format -----------------------------------------------


def wrapper(server: Server, query: str, fmt: str, only_conneg: bool, method: str = "GET") -> Any:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setOnlyConneg(only_conneg)
    client.setMethod(method)
    client.setTimeout(30)
    return client.query()


def wrapper_graph(result: Any) -> Graph:
    converted = result.convert()
    if isinstance(converted, Graph):
        return converted
    kind = result.info()["content-type"].split(";")[0].strip()
    return parse_graph(converted, kind)


# "default-client": SPARQLWrapper as people use it, which also sends its return format as the
# parameters format=, output= and results= (twice each for TSV, RDF/XML and JSON-LD: a name
# and a media type); "conneg-only": setOnlyConneg(True), the Accept header alone.
CONNEG = pytest.mark.parametrize("only_conneg", [False, True], ids=["default-client", "conneg-only"])
METHOD = pytest.mark.parametrize("method", ["GET", "POST"])


@CONNEG
@METHOD
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(server: Server, fmt: str, only_conneg: bool, method: str) -> None:
    result = wrapper(server, SELECT_PARTNERS, fmt, only_conneg, method)
    converted = result.convert()
    if fmt == JSON:
        found = {b["m"]["value"] for b in converted["results"]["bindings"]}
    elif fmt == XML:
        assert isinstance(converted, Document)
        found = {node.firstChild.data for node in converted.getElementsByTagName("uri")}
    elif fmt == CSV:
        rows = list(csv.reader(io.StringIO(converted.decode("utf-8"))))
        assert rows[0] == ["m"]
        found = {row[0] for row in rows[1:]}
    else:
        lines = converted.decode("utf-8").splitlines()
        assert lines[0] == "?m"
        found = {line.strip("<>") for line in lines[1:]}
    assert found == PARTNERS


@CONNEG
@METHOD
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(server: Server, fmt: str, only_conneg: bool, method: str) -> None:
    for query, expected in ((ASK_CLUTEX, True), (ASK_NOBODY, False)):
        converted = wrapper(server, query, fmt, only_conneg, method).convert()
        if fmt == JSON:
            assert converted["boolean"] is expected
        else:
            (element,) = converted.getElementsByTagName("boolean")
            assert element.firstChild.data == str(expected).lower()


@CONNEG
@METHOD
@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, N3])
def test_sparqlwrapper_construct(server: Server, fmt: str, only_conneg: bool, method: str) -> None:
    graph = wrapper_graph(wrapper(server, CONSTRUCT_PARTNERS, fmt, only_conneg, method))
    assert len(graph) == 6
    assert members_in_graph(graph) == PARTNERS


@CONNEG
@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, N3])
def test_sparqlwrapper_describe(server: Server, fmt: str, only_conneg: bool) -> None:
    graph = wrapper_graph(wrapper(server, DESCRIBE_EXTRATEX, fmt, only_conneg))
    assert members_in_graph(graph) == PARTNERS
    assert URIRef(EXTRATEX) in set(graph.subjects())


# --- rdflib's SPARQLStore ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_sparqlstore_select_and_construct(server: Server, method: str) -> None:
    # Few prefixes: see test_many_prefixes_do_not_freeze_the_server for rdflib's default 29.
    graph = Graph(store=SPARQLStore(query_endpoint=server.sparql, method=method), bind_namespaces="core")
    rows = list(graph.query(SELECT_PARTNERS))
    assert {str(row[0]) for row in rows} == PARTNERS  # type: ignore[index]
    assert [str(row[0]) for row in rows] == sorted(PARTNERS)  # type: ignore[index]
    constructed = graph.query(CONSTRUCT_PARTNERS).graph
    assert constructed is not None
    assert len(constructed) == 6
    assert members_in_graph(constructed) == PARTNERS
    assert graph.query(ASK_CLUTEX).askAnswer is True
    members = set(graph.objects(URIRef(EXTRATEX), URIRef(HAS_MEMBER)))
    assert {str(m) for m in members} == PARTNERS


def rdflib_prologue() -> str:
    """The PREFIX lines rdflib's SPARQLStore puts before every query of a default Graph()."""
    graph = Graph(bind_namespaces="rdflib")
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in graph.namespaces())


def kill(server: Server) -> None:
    server.process.kill()
    server.process.wait(timeout=20)


def test_many_prefixes_do_not_freeze_the_server(built: BuildResult) -> None:
    """A query with rdflib's usual 29 PREFIX lines is answered at once, and the server lives on.

    On a server of its own: if the check for updates in the query text backtracks
    catastrophically, the whole server (every HTTP thread) stops answering.
    """
    own = start_server(built)
    frozen = False
    try:
        query = rdflib_prologue() + "\n" + SELECT_PARTNERS
        assert query.count("PREFIX") >= 25
        started = time.monotonic()
        try:
            response = requests.get(own.sparql, params={"query": query}, timeout=5)
        except requests.Timeout:
            frozen = True
            try:
                requests.get(own.sparql, params={"query": "ASK {}"}, timeout=2)
                others = "other requests are still answered"
            except requests.Timeout:
                others = "and the server answers no other request either"
            pytest.fail(f"a query with 29 PREFIX lines got no answer within 5 s, {others}")
        assert time.monotonic() - started < 2
        assert partners(response) == PARTNERS
        # rdflib's SPARQLStore with a default Graph sends exactly such queries.
        graph = Graph(store=SPARQLStore(query_endpoint=own.sparql))
        assert {str(row[0]) for row in graph.query(SELECT_PARTNERS)} == PARTNERS  # type: ignore[index]
        assert boolean_answer(requests.get(own.sparql, params={"query": "ASK {}"}, timeout=5)) is True
    finally:
        kill(own) if frozen else stop_server(own)


# --- content negotiation -----------------------------------------------------------------

ACCEPT_CASES = [
    # (query, Accept, the media type answered)
    (SELECT_PARTNERS, None, JSON_RESULTS),
    (SELECT_PARTNERS, "*/*", JSON_RESULTS),
    (SELECT_PARTNERS, JSON_RESULTS, JSON_RESULTS),
    (SELECT_PARTNERS, "application/json", "application/json"),
    (SELECT_PARTNERS, XML_RESULTS, XML_RESULTS),
    (SELECT_PARTNERS, "application/xml", "application/xml"),
    (SELECT_PARTNERS, "text/xml", "text/xml"),
    (SELECT_PARTNERS, "text/csv", "text/csv"),
    (SELECT_PARTNERS, "text/tab-separated-values", "text/tab-separated-values"),
    (SELECT_PARTNERS, "text/html", "text/html"),
    (SELECT_PARTNERS, f"{XML_RESULTS};q=0.9, text/csv", "text/csv"),
    (SELECT_PARTNERS, f"text/csv;q=0.1, {XML_RESULTS};q=0.5", XML_RESULTS),
    (SELECT_PARTNERS, "*/*;q=0.1, text/csv;q=0.9", "text/csv"),
    (SELECT_PARTNERS, "image/png, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
    (CONSTRUCT_PARTNERS, None, "text/turtle"),
    (CONSTRUCT_PARTNERS, "*/*", "text/turtle"),
    (CONSTRUCT_PARTNERS, "text/*", "text/turtle"),
    (CONSTRUCT_PARTNERS, "application/n-triples", "application/n-triples"),
    (CONSTRUCT_PARTNERS, "text/plain", "text/plain"),
    (CONSTRUCT_PARTNERS, "application/rdf+xml, text/turtle;q=0.5", "application/rdf+xml"),
    (CONSTRUCT_PARTNERS, "application/ld+json", "application/ld+json"),
    (CONSTRUCT_PARTNERS, "application/n-quads", "application/n-quads"),
    (CONSTRUCT_PARTNERS, "application/trig", "application/trig"),
    (CONSTRUCT_PARTNERS, "text/html", "text/html"),
]


def case_id(query: str, accept: str | None) -> str:
    return f"{query.split(maxsplit=1)[0].lower()}-{accept or 'no-accept'}"


@pytest.mark.parametrize(
    ("query", "accept", "expected"), ACCEPT_CASES, ids=[case_id(q, a) for q, a, _ in ACCEPT_CASES]
)
def test_accept(server: Server, query: str, accept: str | None, expected: str) -> None:
    response = get(server, query, {"Accept": accept} if accept else None)
    assert media_type(response) == expected, response.headers
    assert partners(response) == PARTNERS


WILDCARD_CASES = [
    # (query, Accept): the answer's media type must be one the client accepts.
    (SELECT_PARTNERS, "text/*"),
    (SELECT_PARTNERS, f"text/*;q=0.5, {JSON_RESULTS};q=0.4"),
    (SELECT_PARTNERS, f"{JSON_RESULTS};q=0, */*"),
    (SELECT_PARTNERS, "application/*"),
    (CONSTRUCT_PARTNERS, "application/*"),
    (CONSTRUCT_PARTNERS, "text/turtle;q=0, */*"),
]


@pytest.mark.parametrize(("query", "accept"), WILDCARD_CASES, ids=[case_id(q, a) for q, a in WILDCARD_CASES])
def test_accept_answers_an_accepted_type(server: Server, query: str, accept: str) -> None:
    response = get(server, query, {"Accept": accept})
    assert response.status_code == 200, response.text
    answered = media_type(response)
    assert acceptable(accept, answered), f"answered {answered} to Accept: {accept}"
    assert partners(response) == PARTNERS


def test_not_acceptable(server: Server) -> None:
    response = get(server, SELECT_PARTNERS, {"Accept": "image/png"})
    assert_error(
        response,
        406,
        "Not acceptable",
        "none of the accepted types (image/png) is offered; offered: application/sparql-results+json, "
        "application/sparql-results+xml, text/csv, text/tab-separated-values, text/html",
    )
    response = get(server, CONSTRUCT_PARTNERS, {"Accept": "image/png"})
    assert_error(
        response,
        406,
        "Not acceptable",
        "none of the accepted types (image/png) is offered; offered: text/turtle, application/n-triples, "
        "application/n-quads, application/trig, application/ld+json, application/rdf+xml, text/html",
    )


def format_cases() -> Iterator[tuple[str, str, Format]]:
    for fmt in FORMATS:
        if Kind.SOLUTIONS in fmt.kinds:
            yield SELECT_PARTNERS, fmt.name, fmt
        if Kind.GRAPH in fmt.kinds:
            yield CONSTRUCT_PARTNERS, fmt.name, fmt


@pytest.mark.parametrize(
    ("query", "name", "fmt"),
    list(format_cases()),
    ids=[f"{'select' if q.startswith('SELECT') else 'construct'}-{n}" for q, n, _ in format_cases()],
)
def test_format_parameter(server: Server, query: str, name: str, fmt: Format) -> None:
    """``?format=`` names each format of formats.py; it wins over Accept."""
    response = get(server, query, {"Accept": "image/png"}, format=name)
    assert response.headers["Content-Type"] == fmt.content_type
    assert partners(response) == PARTNERS


@pytest.mark.parametrize(
    ("query", "alias", "expected"),
    [
        (SELECT_PARTNERS, "srj", JSON_RESULTS),
        (SELECT_PARTNERS, "application/sparql-results+xml", XML_RESULTS),
        (SELECT_PARTNERS, "CSV", "text/csv"),
        (CONSTRUCT_PARTNERS, "ttl", "text/turtle"),
        (CONSTRUCT_PARTNERS, "nt", "application/n-triples"),
        (CONSTRUCT_PARTNERS, "rdf", "application/rdf+xml"),
    ],
)
def test_format_parameter_aliases(server: Server, query: str, alias: str, expected: str) -> None:
    response = get(server, query, format=alias)
    assert media_type(response) == expected
    assert partners(response) == PARTNERS


def test_format_parameter_unknown(server: Server) -> None:
    assert_error(
        get(server, SELECT_PARTNERS, format="png"),
        406,
        "Not acceptable",
        "format 'png' is not offered for solutions results; offered: json, xml, csv, tsv, html",
    )
    assert_error(
        get(server, CONSTRUCT_PARTNERS, format="csv"),
        406,
        "Not acceptable",
        "format 'csv' is not offered for graph results; offered: turtle, ntriples, nquads, trig, jsonld, "
        "rdfxml, html",
    )
    assert_error(
        get(server, ASK_CLUTEX, format="turtle"),
        406,
        "Not acceptable",
        "format 'turtle' is not offered for boolean results; offered: json, xml, csv, tsv, html",
    )


@pytest.mark.parametrize(("query", "name", "fmt"), list(format_cases()))
def test_vary_and_charset(server: Server, query: str, name: str, fmt: Format) -> None:
    response = get(server, query, format=name)
    assert "Accept" in [v.strip() for v in response.headers["Vary"].split(",")]
    if fmt.media_type.startswith("text/") or fmt.media_type.endswith(("+json", "+xml")):
        assert response.headers["Content-Type"] == f"{fmt.media_type}; charset=utf-8"


def test_ask_in_every_table_format(server: Server) -> None:
    assert boolean_answer(get(server, ASK_CLUTEX)) is True
    assert boolean_answer(get(server, ASK_NOBODY, {"Accept": XML_RESULTS})) is False
    assert get(server, ASK_CLUTEX, format="csv").content == b"_askResult\r\ntrue\r\n"
    assert get(server, ASK_NOBODY, format="tsv").content == b"?_askResult\nfalse\n"
    html = get(server, ASK_CLUTEX, {"Accept": "text/html"})
    assert "The answer is <strong>yes (true)</strong>" in html.text


# --- HTTP: CORS, compression, HEAD, conditional requests, cache --------------------------


def test_cors_on_answers_and_errors(server: Server) -> None:
    for response in (get(server, SELECT_PARTNERS), get(server, "ASK {")):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
        assert {"ETag", "X-SPARQL-Rows", "X-Cache"} <= exposed


def test_cors_preflight(server: Server) -> None:
    response = requests.options(
        server.sparql,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, if-none-match",
        },
        timeout=30,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST"} <= methods
    assert response.headers["Access-Control-Allow-Headers"] == "content-type, if-none-match"
    assert response.headers["Access-Control-Max-Age"] == "86400"
    assert response.content == b""


def raw(response: requests.Response) -> bytes:
    return response.raw.read(decode_content=False)


def test_gzip_when_asked(server: Server) -> None:
    query = SELECT_PARTNERS  # about 1 kB in XML: over the 512 bytes worth compressing
    zipped = requests.get(
        server.sparql,
        params={"query": query, "format": "xml"},
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=30,
    )
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    body = gzip.decompress(raw(zipped))
    plain = requests.get(
        server.sparql,
        params={"query": query, "format": "xml"},
        headers={"Accept-Encoding": "identity"},
        stream=True,
        timeout=30,
    )
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert raw(plain) == body
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert body.count(b"<uri>") == 6


def test_no_gzip_for_small_answers(server: Server) -> None:
    response = get(server, "ASK {}", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.content == b'{"head": {}, "boolean": true}'


def test_head_gives_headers_without_body(server: Server) -> None:
    headers = {"Accept-Encoding": "identity"}
    full = get(server, SELECT_PARTNERS, headers)
    head = requests.head(server.sparql, params={"query": SELECT_PARTNERS}, headers=headers, timeout=30)
    assert head.status_code == 200
    assert head.content == b""
    for name in ("Content-Type", "ETag", "X-SPARQL-Rows", "Content-Length", "Vary"):
        assert head.headers[name] == full.headers[name], name
    assert int(head.headers["Content-Length"]) == len(full.content)


def test_head_without_query_is_the_service_description(server: Server) -> None:
    head = requests.head(server.sparql, timeout=30)
    assert head.status_code == 200
    assert head.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert head.content == b""


def test_etag_and_not_modified(server: Server) -> None:
    identity = {"Accept-Encoding": "identity"}
    first = get(server, SELECT_PARTNERS, identity)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = get(server, SELECT_PARTNERS, {**identity, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    # The compressed answer has its own ETag; either form is recognised.
    zipped = get(server, SELECT_PARTNERS, {"Accept-Encoding": "gzip", "Accept": XML_RESULTS})
    assert zipped.headers["ETag"].endswith('-gz"')
    assert (
        get(
            server, SELECT_PARTNERS, {"Accept": XML_RESULTS, "If-None-Match": zipped.headers["ETag"]}
        ).status_code
        == 304
    )
    # Another query, or another format, is another answer.
    other_query = get(server, ASK_CLUTEX, identity)
    other_format = get(server, SELECT_PARTNERS, {**identity, "Accept": "text/csv"})
    assert len({etag, other_query.headers["ETag"], other_format.headers["ETag"]}) == 3
    assert get(server, SELECT_PARTNERS, {"If-None-Match": other_format.headers["ETag"]}).status_code == 200
    assert get(server, SELECT_PARTNERS, {"If-None-Match": '"nope", ' + etag}).status_code == 304


def test_answer_cache(server: Server) -> None:
    query = unique(SELECT_PARTNERS)
    first = get(server, query)
    second = get(server, query)
    assert first.headers["X-Cache"] == "miss"
    assert second.headers["X-Cache"] == "hit"
    assert first.content == second.content
    assert first.headers["ETag"] == second.headers["ETag"]


def test_row_count_header(server: Server) -> None:
    """X-SPARQL-Rows counts the rows (or triples) sent.

    The row cap itself (Settings.max_rows, 10 000) cannot be lowered from the command line, so
    a truncated answer (X-SPARQL-Truncated) is not tested against a live server here.
    """
    select = get(server, SELECT_PARTNERS)
    assert select.headers["X-SPARQL-Rows"] == str(len(solutions(select)[1])) == "6"
    assert "X-SPARQL-Truncated" not in select.headers
    construct = get(server, CONSTRUCT_PARTNERS)
    assert construct.headers["X-SPARQL-Rows"] == "6"
    assert get(server, ASK_CLUTEX).headers["X-SPARQL-Rows"] == "1"
    empty = get(server, f"SELECT ?x WHERE {{ <{ORG}nobody> ?p ?x }}")
    assert empty.headers["X-SPARQL-Rows"] == "0"


# --- refusals and limits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "<http://example.org/sparql>",
        ),
        (
            "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
            "<http://example.org/sparql>",
        ),
        ("SELECT * WHERE { VALUES ?e { <http://example.org/sparql> } SERVICE ?e { ?s ?p ?o } }", "?e"),
    ],
)
def test_service_is_refused(server: Server, query: str, shown: str) -> None:
    assert_error(
        get(server, query),
        403,
        "Forbidden",
        f"SERVICE {shown} is not allowed: this endpoint calls only listed endpoints",
    )


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:x>\nCLEAR ALL",
    ],
)
def test_update_as_query_is_refused(server: Server, update: str) -> None:
    assert_error(get(server, update), 403, "Forbidden", READ_ONLY)
    posted = requests.post(server.sparql, data=update.encode(), headers={"Content-Type": QUERY}, timeout=30)
    assert_error(posted, 403, "Forbidden", READ_ONLY)


@pytest.mark.parametrize("content_type", [QUERY, "application/x-www-form-urlencoded"])
def test_body_too_large(server: Server, content_type: str) -> None:
    body = b"query=" + b"%23" * 700_000 if "form" in content_type else b"#" * 2_000_000
    response = requests.post(server.sparql, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert_error(
        response,
        413,
        "Request Entity Too Large",
        "the request body is larger than the limit of 1000000 bytes",
    )


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("abc", "timeout must be a number of seconds, not 'abc'"),
        ("0", "timeout must be more than 0 seconds, not '0'"),
        ("-5", "timeout must be more than 0 seconds, not '-5'"),
        ("nan", "timeout must be more than 0 seconds, not 'nan'"),
    ],
)
def test_bad_timeout_parameter(server: Server, value: str, detail: str) -> None:
    assert_error(get(server, SELECT_PARTNERS, timeout=value), 400, "Bad parameter", detail)


def test_repeated_parameter(server: Server) -> None:
    response = requests.get(
        server.sparql, params=[("query", SELECT_PARTNERS), ("timeout", "1"), ("timeout", "2")], timeout=30
    )
    assert_error(
        response, 400, "Bad parameter", "the timeout parameter must be given at most once, not 2 times"
    )


def timed(call: Callable[[], requests.Response]) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_timeout_parameter_stops_a_runaway_query(server: Server) -> None:
    response, seconds = timed(lambda: get(server, RUNAWAY, timeout="1"))
    assert_error(response, 503, "Query time limit reached", "the query ran longer than its time limit of 1 s")
    assert 0.9 <= seconds < 4, seconds


def test_time_limit_keeps_the_server_answering(built: BuildResult) -> None:
    """A runaway query is stopped at the limit; meanwhile and afterwards others are answered."""
    own = start_server(built, "--timeout", "2", "--workers", "2")
    try:
        outcome: dict[str, Any] = {}

        def runaway() -> None:
            outcome["response"], outcome["seconds"] = timed(
                lambda: requests.get(own.sparql, params={"query": RUNAWAY}, timeout=30)
            )

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)  # the runaway is on a worker now
        quick, seconds = timed(
            lambda: requests.get(own.sparql, params={"query": unique(SELECT_PARTNERS)}, timeout=30)
        )
        assert thread.is_alive(), "the runaway query should still be running"
        assert seconds < 1, seconds
        assert quick.headers["X-Cache"] == "miss"
        assert partners(quick) == PARTNERS
        thread.join(timeout=30)
        assert_error(
            outcome["response"],
            503,
            "Query time limit reached",
            "the query ran longer than its time limit of 2 s",
        )
        assert 1.5 <= outcome["seconds"] <= 6, outcome["seconds"]
        # The stopped worker is replaced: once its successor has loaded the data, a second
        # runaway (stopped after 1 s) takes one worker and a simple query gets the other at once.
        # Each try stops a worker too, so give the successor time to load before each try.
        for _ in range(5):
            time.sleep(1.0)
            thread = threading.Thread(
                target=lambda: requests.get(own.sparql, params={"query": RUNAWAY, "timeout": "1"}, timeout=30)
            )
            thread.start()
            time.sleep(0.2)
            quick, seconds = timed(
                lambda: requests.get(own.sparql, params={"query": unique(ASK_CLUTEX)}, timeout=30)
            )
            thread.join(timeout=30)
            assert boolean_answer(quick) is True
            if seconds < 0.5:
                break
        assert seconds < 0.5, f"a simple query waited {seconds:.1f} s: the stopped worker was not replaced"
    finally:
        stop_server(own)


# --- the dataset: FROM, the protocol's graphs, the union default graph --------------------


def count(response: requests.Response) -> int:
    _, rows = solutions(response)
    return int(rows[0]["n"]["value"])


def test_from_sets_the_default_graph(server: Server) -> None:
    """Without protocol graphs, the query's own FROM decides the default graph."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{KASEI}data3.rdf> WHERE {{ ?s ?p ?o }}"
    assert count(get(server, query)) == 1


def test_from_named_sets_the_named_graphs(server: Server) -> None:
    query = f"SELECT DISTINCT ?g FROM NAMED <{KASEI}data2.rdf> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    _, rows = solutions(get(server, query))
    assert [row["g"]["value"] for row in rows] == [f"{KASEI}data2.rdf"]


def test_named_graph_uri_alone_gives_an_empty_default_graph(server: Server) -> None:
    """SPARQL 1.1 Protocol 2.1.4: the default graph is the merge of the default-graph-uri
    graphs, none here; the protocol dataset replaces the union default graph."""
    response = get(
        server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"named-graph-uri": f"{KASEI}data1.rdf"}
    )
    assert count(response) == 0


def test_union_default_graph_is_a_set(server: Server, store: ox.Store) -> None:
    """A triple asserted in two named graphs is one triple of the union default graph."""
    shared = store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g1 { ?s ?p ?o } GRAPH ?g2 { ?s ?p ?o } FILTER (?g1 != ?g2) } LIMIT 1"
    )
    rows = list(shared)  # type: ignore[arg-type]
    if not rows:
        pytest.skip("no triple of the shipped data is in two graphs")
    s, p, o = (rows[0][name] for name in ("s", "p", "o"))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {s} {p} {o} }}"
    assert count(get(server, query)) == 1, f"{s} {p} {o} counted once per graph"


# --- the command line --------------------------------------------------------------------


def run_cli(built: BuildResult, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXTRATEX_KG_OUT_DIR": str(built.out_dir)}
    command = [sys.executable, "-m", "extratex_kg.cli", "query", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


TABLE = (
    "m\n"
    "---------------------\n"
    "organisation:aecim\n"
    "organisation:clutex\n"
    "organisation:eu-vri\n"
    "organisation:fomentex\n"
    "organisation:ntt\n"
    "organisation:spc\n"
    "(6 rows)\n"
)


def test_cli_query_table(built: BuildResult) -> None:
    result = run_cli(built, "--sparql", SELECT_PARTNERS)
    assert result.returncode == 0, result.stderr
    assert result.stdout == TABLE


def test_cli_query_csv_and_json(built: BuildResult) -> None:
    as_csv = run_cli(built, "--sparql", SELECT_PARTNERS, "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows == [["m"], *([iri] for iri in sorted(PARTNERS))]
    as_json = run_cli(built, "--sparql", SELECT_PARTNERS, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert [b["m"]["value"] for b in document["results"]["bindings"]] == sorted(PARTNERS)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_query_endpoint_matches_local(built: BuildResult, server: Server, fmt: str) -> None:
    local = run_cli(built, "--sparql", SELECT_PARTNERS, "--format", fmt)
    remote = run_cli(built, "--sparql", SELECT_PARTNERS, "--format", fmt, "--endpoint", server.sparql)
    assert "Traceback" not in remote.stderr, remote.stderr
    assert remote.returncode == 0, remote.stderr
    if fmt == "json":
        assert remote.stdout.startswith("{"), remote.stdout[:80]
        assert json.loads(remote.stdout) == json.loads(local.stdout)
    else:
        assert remote.stdout == local.stdout


def test_cli_query_endpoint_construct(built: BuildResult, server: Server) -> None:
    remote = run_cli(
        built, "--sparql", CONSTRUCT_PARTNERS, "--format", "ntriples", "--endpoint", server.sparql
    )
    assert remote.returncode == 0, remote.stderr
    graph = Graph().parse(data=remote.stdout, format="nt")
    assert members_in_graph(graph) == PARTNERS


@pytest.mark.parametrize("where", ["local", "endpoint"])
def test_cli_query_syntax_error(built: BuildResult, server: Server, where: str) -> None:
    extra = ("--endpoint", server.sparql) if where == "endpoint" else ()
    result = run_cli(built, "--sparql", "SELECT ?x WHERE {", *extra)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_query_refuses_updates(built: BuildResult) -> None:
    result = run_cli(built, "--sparql", "CLEAR ALL")
    assert result.returncode == 2
    assert result.stderr == f"error: {READ_ONLY}\n"


def test_literal_answers_keep_their_datatype(server: Server) -> None:
    response = get(server, "SELECT (1 AS ?one) (1.5 AS ?dec) ('x'@en AS ?lang) {}")
    _, rows = solutions(response)
    assert rows == [
        {
            "one": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
            "dec": {
                "type": "literal",
                "value": "1.5",
                "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
            },
            "lang": {"type": "literal", "value": "x", "xml:lang": "en"},
        }
    ]


def test_service_without_a_space_is_refused(server: Server) -> None:
    """A SERVICE keyword glued to its IRI is still the keyword (the server must not call out)."""
    query = "SELECT * WHERE { SERVICE<http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = requests.get(server.sparql, params={"query": query}, timeout=10)
    assert response.status_code == 403
    assert response.json() == {
        "error": "Forbidden",
        "status": 403,
        "detail": "SERVICE <http://127.0.0.1:9/sparql> is not allowed: "
        "this endpoint calls only listed endpoints",
    }


def test_a_variable_called_service_is_not_a_service_call(server: Server) -> None:
    query = "SELECT ?service WHERE { ?service a <https://w3id.org/extratex/def/Service> } LIMIT 1"
    response = requests.get(server.sparql, params={"query": query}, timeout=10)
    assert response.status_code == 200


def test_bad_graph_iri_is_a_400_and_the_worker_survives(server: Server) -> None:
    params = {"query": "ASK {}", "default-graph-uri": "not an iri"}
    response = requests.get(server.sparql, params=params, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"] == "Bad query"
    assert response.json()["detail"].startswith("query failed: ")
    assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=10).status_code == 200


def test_a_prefix_named_ask_does_not_change_the_query_form(server: Server) -> None:
    query = "PREFIX ask: <http://example.org/> CONSTRUCT { ?s ?p ?o } WHERE { ?s a ask:Nothing }"
    response = requests.get(server.sparql, params={"query": query}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [("application/n-quads", "application/n-quads"), ("text/plain", "text/plain")],
)
def test_service_description_in_quads_and_plain_text(server: Server, accept: str, media_type: str) -> None:
    response = requests.get(server.sparql, headers={"Accept": accept}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8"
    graph = Graph().parse(data=response.text, format="nt")
    assert len(graph) > 10


def test_a_class_name_that_is_no_iri_is_not_found(server: Server) -> None:
    response = requests.get(server.url + "/class/ext:Foo%20bar", timeout=10)
    assert response.status_code == 404


def test_javascript_iris_in_results_are_never_links(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND(IRI("javascript:alert(1)") AS ?x) }'
    response = requests.get(server.sparql, params={"query": query, "format": "html"}, timeout=10)
    assert response.status_code == 200
    assert 'href="javascript:' not in response.text
    assert "javascript:alert(1)" in response.text
