"""VoID/DCAT and the dump files, on a real server, checked against the endpoint and the build."""

from __future__ import annotations

import hashlib
from email.utils import parsedate_to_datetime

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from extratex_kg.build import BuildResult
from extratex_kg.config import DEFAULT_BASE

from .conftest import Server

BASE = URIRef(DEFAULT_BASE)
EXT = Namespace(DEFAULT_BASE + "def/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SKOS_EXACT = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
NOT_TEST_DATA = 'FILTER(!STRSTARTS(STR(?s), "http://kasei.us/"))'  # the W3C graphs the server adds
DUMP_NAMES = (
    "extratex.trig",
    "extratex.nq",
    "extratex.jsonld",
    "extratex.ttl",
    "extratex.nt",
    "extratex.rdf",
)
TARGETS = {
    "http://www.wikidata.org/": "http://www.wikidata.org/entity/",
    "http://data.europa.eu/nuts": "http://data.europa.eu/nuts/code/",
    "http://publications.europa.eu/resource/authority/country": (
        "http://publications.europa.eu/resource/authority/country/"
    ),
    "http://data.europa.eu/ux2/nace2": "http://data.europa.eu/ux2/nace2/",
}
MEDIA = {
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".json": "application/json",
    "SHA256SUMS": "text/plain",
}


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip()


def assert_error(response: requests.Response, status: int, title: str, detail: str) -> None:
    assert response.status_code == status, response.text
    assert media_type(response) == "application/json", response.headers
    assert response.json() == {"error": title, "status": status, "detail": detail}


def count(server: Server, query: str) -> dict[str, int]:
    """A SELECT on /sparql whose first variable is a key (or absent) and ?n a number."""
    response = requests.get(
        server.sparql,
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return {row["k"]["value"] if "k" in row else "": int(row["n"]["value"]) for row in rows}


@pytest.fixture(scope="module")
def void(server: Server) -> Graph:
    response = requests.get(server.url + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200, response.text
    assert media_type(response) == "text/turtle"
    return Graph().parse(data=response.content, format="turtle")


def number(graph: Graph, node: object, predicate: URIRef) -> int:
    return int(graph.value(node, predicate))  # type: ignore[arg-type]


# --- VoID --------------------------------------------------------------------------------------


def test_void_describes_the_dataset(void: Graph, built: BuildResult) -> None:
    assert (BASE, RDF.type, VOID.Dataset) in void and (BASE, RDF.type, DCAT.Dataset) in void
    assert (BASE, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in void
    assert void.value(BASE, DCTERMS.title) == Literal("EXTRATEX knowledge graph", lang="en")
    assert void.value(BASE, DCTERMS.publisher) is not None and void.value(BASE, DCTERMS.description)
    assert void.value(BASE, DCTERMS.modified) is not None
    sources = set(void.objects(BASE, DCTERMS.source))
    assert URIRef(DEFAULT_BASE + "id/source/extratex-partnership") in sources
    assert URIRef("https://extratex.eu-vri.eu/home.aspx?lan=230&tab=3164&itm=3164&pag=3166") in sources
    assert void.value(BASE, VOID.uriSpace) == Literal(DEFAULT_BASE + "id/")
    assert void.value(BASE, VOID.sparqlEndpoint) == URIRef(DEFAULT_BASE + "sparql")
    dumps = {str(o) for o in void.objects(BASE, VOID.dataDump)}
    assert dumps == {f"{DEFAULT_BASE}dumps/{name}" for name in DUMP_NAMES}
    downloads = {str(void.value(d, DCAT.downloadURL)) for d in void.objects(BASE, DCAT.distribution)}
    assert dumps <= downloads and {f"{d}.gz" for d in dumps} <= downloads
    for distribution in void.objects(BASE, DCAT.distribution):
        if (distribution, DCAT.downloadURL, None) in void:
            assert str(void.value(distribution, DCAT.mediaType)).startswith(
                "http://www.iana.org/assignments/"
            )
    vocabularies = {str(o) for o in void.objects(BASE, VOID.vocabulary)}
    assert {str(EXT), "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#"} <= vocabularies
    assert isomorphic(void, Graph().parse(built.out_dir / "void.ttl", format="turtle"))


def test_void_figures_match_the_endpoint(server: Server, void: Graph) -> None:
    triples = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {NOT_TEST_DATA} }}")
    assert number(void, BASE, VOID.triples) == triples[""]
    under_id = f'FILTER(STRSTARTS(STR(?s), "{DEFAULT_BASE}id/"))'
    entities = count(server, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o {under_id} }}")
    assert number(void, BASE, VOID.entities) == entities[""]
    classes = count(
        server,
        f"SELECT (?c AS ?k) (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c {NOT_TEST_DATA} }} GROUP BY ?c",
    )
    partitions = {
        str(void.value(p, VOID["class"])): number(void, p, VOID.entities)
        for p in void.objects(BASE, VOID.classPartition)
    }
    assert partitions == classes
    properties = count(
        server, f"SELECT (?p AS ?k) (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {NOT_TEST_DATA} }} GROUP BY ?p"
    )
    partitions = {
        str(void.value(p, VOID.property)): number(void, p, VOID.triples)
        for p in void.objects(BASE, VOID.propertyPartition)
    }
    assert partitions == properties


def test_void_linksets_match_the_endpoint(server: Server, void: Graph) -> None:
    linksets = list(void.subjects(RDF.type, VOID.Linkset))
    assert {str(void.value(ls, VOID.objectsTarget)) for ls in linksets} == set(TARGETS)
    for linkset in linksets:
        target = str(void.value(linkset, VOID.objectsTarget))
        predicate = void.value(linkset, VOID.linkPredicate)
        assert (BASE, VOID.subset, linkset) in void
        assert void.value(linkset, VOID.subjectsTarget) == BASE
        linking = f'?s <{predicate}> ?o FILTER(STRSTARTS(STR(?o), "{TARGETS[target]}"))'
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {linking} }}"
        assert number(void, linkset, VOID.triples) == count(server, query)[""], (target, predicate)
    wikidata = [
        ls for ls in linksets if void.value(ls, VOID.objectsTarget) == URIRef("http://www.wikidata.org/")
    ]
    assert [void.value(ls, VOID.linkPredicate) for ls in wikidata] == [SKOS_EXACT]


def test_void_in_every_format(server: Server, void: Graph) -> None:
    syntaxes = {
        "application/ld+json": "json-ld",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
    }
    for accept, syntax in syntaxes.items():
        response = requests.get(server.url + "/.well-known/void", headers={"Accept": accept}, timeout=30)
        assert response.status_code == 200 and media_type(response) == accept
        assert response.headers["Vary"].startswith("Accept")
        assert isomorphic(Graph().parse(data=response.content, format=syntax), void), accept
    html = requests.get(server.url + "/.well-known/void", headers={"Accept": "text/html"}, timeout=30)
    assert html.status_code == 200 and media_type(html) == "text/html"
    assert "<h1>Dataset description (VoID)</h1>" in html.text and 'href="/class/ext:Cluster"' in html.text
    home = requests.get(server.url + "/", headers={"Accept": "text/turtle"}, timeout=30)
    assert isomorphic(Graph().parse(data=home.content, format="turtle"), void)
    assert home.headers["Content-Location"] == "/.well-known/void"


# --- dumps -------------------------------------------------------------------------------------


def published(built: BuildResult) -> list[str]:
    names = [name for dump in DUMP_NAMES for name in (dump, f"{dump}.gz")]
    return [*names, "void.ttl", "SHA256SUMS", "build-info.json"]


def expected_type(name: str) -> str:
    return MEDIA.get(name) or MEDIA["." + name.rsplit(".", 1)[-1]]


def test_dump_index_in_json_and_html(server: Server, built: BuildResult) -> None:
    response = requests.get(server.url + "/dumps/", headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 200 and media_type(response) == "application/json"
    files = {f["name"]: f for f in response.json()["files"]}
    assert sorted(files) == sorted(published(built))
    sums = dict(
        reversed(line.split("  ")) for line in (built.out_dir / "SHA256SUMS").read_text().splitlines()
    )
    for name, record in files.items():
        path = built.out_dir / name
        assert record["size"] == path.stat().st_size
        assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert record["mediaType"] == expected_type(name)
        assert record["url"] == f"{server.url}/dumps/{name}"
        if name in sums:
            assert sums[name] == record["sha256"]
    html = requests.get(server.url + "/dumps/", headers={"Accept": "text/html"}, timeout=30)
    assert html.status_code == 200 and media_type(html) == "text/html"
    for name in files:
        assert f'href="/dumps/{name}"' in html.text


@pytest.mark.parametrize(
    "name", ["extratex.ttl", "extratex.nq.gz", "SHA256SUMS", "build-info.json", "void.ttl"]
)
def test_dump_download_headers_and_body(server: Server, built: BuildResult, name: str) -> None:
    path = built.out_dir / name
    response = requests.get(f"{server.url}/dumps/{name}", timeout=30)
    assert response.status_code == 200
    assert media_type(response) == expected_type(name)
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert int(response.headers["Content-Length"]) == path.stat().st_size
    assert "Content-Encoding" not in response.headers
    assert response.content == path.read_bytes()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert response.headers["ETag"] == f'"{digest}"'
    modified = parsedate_to_datetime(response.headers["Last-Modified"])
    assert int(modified.timestamp()) == int(path.stat().st_mtime)
    head = requests.head(f"{server.url}/dumps/{name}", timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == response.headers["Content-Length"]


def test_dump_conditional_requests(server: Server) -> None:
    url = f"{server.url}/dumps/extratex.nt.gz"
    first = requests.get(url, timeout=30)
    by_etag = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=30)
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag.headers["ETag"] == first.headers["ETag"]
    by_date = requests.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=30)
    assert by_date.status_code == 304 and by_date.content == b""
    stale = requests.get(url, headers={"If-None-Match": '"something-else"'}, timeout=30)
    assert stale.status_code == 200 and stale.content == first.content


def test_void_data_dumps_resolve_on_the_server(server: Server, void: Graph) -> None:
    for dump in void.objects(BASE, VOID.dataDump):
        local = server.url + "/" + str(dump)[len(DEFAULT_BASE) :]
        assert requests.head(local, timeout=30).status_code == 200, dump


def test_only_published_files_are_served(server: Server) -> None:
    for name in ("extratex.nq.bak", "pyproject.toml", ".extratex.nq"):
        detail = f"no file {name!r} among the dumps; the files are listed at /dumps/"
        response = requests.get(
            f"{server.url}/dumps/{name}", headers={"Accept": "application/json"}, timeout=30
        )
        assert_error(response, 404, "Not found", detail)
    werkzeug = (
        "The requested URL was not found on the server. If you entered the URL manually please check your "
        "spelling and try again."
    )
    for path in (
        "/dumps/..%2Fpyproject.toml",
        "/dumps/%2e%2e/%2e%2e/pyproject.toml",
        "/dumps/sub/extratex.nq",
    ):
        response = requests.get(server.url + path, headers={"Accept": "application/json"}, timeout=30)
        assert_error(response, 404, "Not Found", werkzeug)
