"""The editor's server side, in process: YASGUI's files, the terms it completes, the page without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from extratex_kg.build import BuildResult
from extratex_kg.config import Settings
from extratex_kg.runtime import DatasetInfo, Runtime
from extratex_kg.service import QueryService
from extratex_kg.sparql import QueryRequest, QueryResponse, execute
from extratex_kg.web import create_app, editor
from tests.conftest import ROOT

HTML = {"Accept": "text/html"}


@pytest.fixture
def app(settings: Settings, built: BuildResult, store: ox.Store) -> Flask:
    def run(request: QueryRequest) -> QueryResponse:
        return execute(store, request)

    runtime = Runtime(
        service=QueryService(settings, run, built.version),
        info=DatasetInfo(version=built.version, triples=built.triples),
        store=store,
        dist=built.out_dir,
    )
    return create_app(settings, runtime)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


def test_yasgui_is_installed_by_npm_from_the_lock_file() -> None:
    folder = ROOT / editor.YASGUI_BUILD
    assert (ROOT / "package.json").is_file() and (ROOT / "package-lock.json").is_file()
    assert '"@zazuko/yasgui"' in (ROOT / "package.json").read_text(encoding="utf-8")
    assert (folder / "yasgui.min.js").is_file(), "YASGUI is not installed: ./dev setup runs npm ci"
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_editor_page_loads_yasgui_from_this_server(client: FlaskClient) -> None:
    page = client.get("/sparql", headers=HTML)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert '<script src="/vendor/yasgui/yasgui.min.js"></script>' in body
    assert '<link rel="stylesheet" href="/vendor/yasgui/yasgui.min.css">' in body
    assert "/static/editor.js" in body and "/static/site.css" in body
    assert "cdn" not in body.lower() and "unpkg" not in body and "jsdelivr" not in body
    script = client.get("/vendor/yasgui/yasgui.min.js")
    assert script.status_code == 200
    assert script.content_type == "text/javascript; charset=utf-8"
    assert script.get_data() == (ROOT / editor.YASGUI_BUILD / "yasgui.min.js").read_bytes()
    assert "max-age" in script.headers["Cache-Control"]
    again = client.get("/vendor/yasgui/yasgui.min.js", headers={"If-None-Match": script.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/vendor/yasgui/yasgui.min.css").content_type == "text/css; charset=utf-8"


@pytest.mark.parametrize(
    "name", ["package.json", "yasgui.esm.js", "..%2F..%2Fyasqe%2Fpackage.json", "..%2Fpackage.json", "x.js"]
)
def test_nothing_else_is_served_from_node_modules(client: FlaskClient, name: str) -> None:
    assert client.get(f"/vendor/yasgui/{name}").status_code == 404


def test_terms_for_completion_come_from_the_ontology_and_the_data(client: FlaskClient) -> None:
    answer = client.get("/sparql/terms.json")
    assert answer.status_code == 200
    assert answer.content_type == "application/json; charset=utf-8"
    terms = answer.get_json()
    classes = {t["prefixed"]: t for t in terms["classes"]}
    properties = {t["prefixed"]: t for t in terms["properties"]}
    assert classes["ext:Cluster"] == {
        "iri": "https://w3id.org/extratex/def/Cluster",
        "prefixed": "ext:Cluster",
        "label": "Cluster",
        "declared": True,
    }
    assert properties["ext:locatedIn"]["declared"] is True
    assert properties["ext:locatedIn"]["label"]
    assert properties["rdfs:label"]["declared"] is False  # used by the data, declared elsewhere
    assert "org:hasMember" in properties
    declared = [t["declared"] for t in terms["classes"]]
    assert declared == sorted(declared, reverse=True), "the ontology's own terms come first"
    assert terms["prefixes"]["ext"] == "https://w3id.org/extratex/def/"
    unchanged = client.get("/sparql/terms.json", headers={"If-None-Match": answer.headers["ETag"]})
    assert unchanged.status_code == 304


def test_prefixed_names() -> None:
    assert editor.prefixed_name("https://w3id.org/extratex/def/Cluster") == "ext:Cluster"
    assert editor.prefixed_name("https://w3id.org/extratex/id/organisation/ntt") == "organisation:ntt"
    assert editor.prefixed_name("http://example.org/x") is None
    assert editor.prefixed_name("https://w3id.org/extratex/id/organisation/a/b") is None


def test_without_yasgui_the_page_offers_a_plain_form(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(editor, "YASGUI_BUILD", Path("no-such-node-modules", "build"))
    page = client.get("/sparql", headers=HTML)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'id="editor-missing"' in body and "npm ci" in body
    assert "/vendor/yasgui/" not in body and "editor.js" not in body
    assert '<textarea id="query" name="query"' in body
    assert '<details class="plain-form" open>' in body
    assert client.get("/vendor/yasgui/yasgui.min.js").status_code == 404
    answer = client.get("/sparql", query_string={"query": "ASK {}", "format": "json"})
    assert answer.status_code == 200 and answer.get_json() == {"head": {}, "boolean": True}


def test_every_page_shares_the_frame(client: FlaskClient) -> None:
    page = client.get("/sparql", headers=HTML).get_data(as_text=True)
    assert page.index('<a class="skip-link" href="#main">') < page.index('<header class="site-header">')
    assert '<main id="main" tabindex="-1">' in page
    assert '<form class="site-search" role="search" action="/search" method="get">' in page
    assert '<a href="/sparql" aria-current="page">SPARQL</a>' in page
    assert "<style" not in page, "styles live in static/site.css"
    css = client.get("/static/site.css")
    assert css.status_code == 200 and css.content_type.startswith("text/css")
    assert "<title>SPARQL query editor · EXTRATEX knowledge graph</title>" in page
