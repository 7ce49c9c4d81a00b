"""Saved questions over HTTP and on the command line, against a real server."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from urllib.parse import quote, unquote

import pytest
import requests
from openapi_spec_validator import validate
from rdflib.query import Result

from extratex_kg.build import BuildResult

from .conftest import Server

ORG = "https://w3id.org/extratex/id/organisation/"
INJECTION = '"} ; DROP ALL #'


def get(server: Server, path: str, accept: str | None = None, **headers: str) -> requests.Response:
    if accept is not None:
        headers["Accept"] = accept
    return requests.get(server.url + path, headers=headers, timeout=30)


def run_cli(built: BuildResult, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXTRATEX_KG_OUT_DIR": str(built.out_dir)}
    command = [sys.executable, "-m", "extratex_kg.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- The catalogue -------------------------------------------------------------------------


def test_catalogue_as_json_lists_parameters_with_their_allowed_values(server: Server) -> None:
    by_accept = get(server, "/queries", "application/json")
    assert by_accept.status_code == 200
    assert by_accept.headers["Content-Type"] == "application/json; charset=utf-8"
    assert get(server, "/queries.json").json() == by_accept.json()
    queries = {q["name"]: q for q in by_accept.json()["queries"]}
    assert len(queries) == 13
    country = queries["partners"]["params"][0]
    assert (country["name"], country["type"], country["class"], country["multiple"]) == (
        "country",
        "iri",
        "ext:Country",
        True,
    )
    assert {
        "value": "https://w3id.org/extratex/id/country/italy",
        "label": "Italy",
        "short": "italy",
    } in country["options"]
    basis = queries["partners-in-less-developed-regions"]["params"][0]
    assert [o["value"] for o in basis["options"]] == ["document", "legal"]
    assert queries["evidence"]["params"][0]["required"] is True
    assert "options" not in queries["evidence"]["params"][0]
    assert queries["founding-timeline"]["chart"] == {
        "type": "timeline",
        "category": "name",
        "value": "founded",
        "label": "stated",
    }


def test_catalogue_as_html_has_a_form_per_query(server: Server) -> None:
    response = get(server, "/queries", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.count('<form method="get" action="/queries/') == 13
    assert '<select id="partners-country" name="country" multiple' in page
    assert '<option value="italy">Italy</option>' in page
    assert '<option value="legal">legal</option>' in page
    assert '<input id="evidence-resource" name="resource" type="text" value="" required>' in page
    assert (
        '<input id="partners-in-several-projects-minimum" name="minimum" type="number" step="1" value="2">'
        in page
    )


# --- Answers in every format ---------------------------------------------------------------


def test_answers_in_every_format_parse(server: Server) -> None:
    path = "/queries/partners"
    query = "?country=italy&country=spain"
    as_json = get(server, f"{path}.json{query}")
    assert as_json.headers["Content-Type"] == "application/json; charset=utf-8"
    rows = as_json.json()
    assert {r["name"] for r in rows} == {"Next Technology Tecnotessile", "FOMENTEX", "AECIM"}
    as_csv = csv_rows(get(server, f"{path}.csv{query}").text)
    assert as_csv[0] == list(rows[0]) and len(as_csv) == 4
    tsv = get(server, f"{path}.tsv{query}")
    assert tsv.headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert tsv.text.splitlines()[0].split("\t") == [f"?{c}" for c in rows[0]]
    for ext, fmt in (("srj", "json"), ("srx", "xml")):
        result = Result.parse(io.BytesIO(get(server, f"{path}.{ext}{query}").content), format=fmt)
        assert {str(row["name"]) for row in result} == {r["name"] for r in rows}
    html = get(server, f"{path}.html{query}").text
    assert "<td>FOMENTEX</td>" in html and '<a href="/id/country/spain">country:spain</a>' in html


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/json", "application/json"),
        ("text/html", "text/html"),
        ("*/*", "application/json"),
    ],
)
def test_answers_by_accept(server: Server, accept: str, media_type: str) -> None:
    response = get(server, "/queries/certifications", accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8"
    assert "Accept" in response.headers["Vary"]


def test_answer_pages_draw_charts_with_a_text_alternative(server: Server) -> None:
    page = get(server, "/queries/founding-timeline.html?basis=document").text
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert '<title id="chart-title">Founding timeline</title>' in page
    assert "Timeline of 3 dates by name, oldest first. Next Technology Tecnotessile: 1972 (document);" in page
    bars = get(server, "/queries/international-cooperation.html").text
    assert "Bar chart of Organisations abroad by country name, 6 bars." in bars
    assert ">Organisations abroad</text>" in bars
    assert '<option value="document" selected>document</option>' in page
    assert "/sparql#query=" in page and "&amp;format=html" in page


def test_answers_carry_etags_and_304(server: Server) -> None:
    first = get(server, "/queries/sectors.csv?sector=textile")
    etag = first.headers["ETag"]
    again = get(server, "/queries/sectors.csv?sector=textile", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and again.content == b""
    other = get(server, "/queries/sectors.csv?sector=plastics")
    assert other.headers["ETag"] != etag
    assert get(server, "/queries/sectors.json?sector=textile").headers["ETag"] != etag
    assert get(server, "/queries/sectors.csv?sector=textile").headers["X-Cache"] == "hit"
    text = get(server, "/queries/sectors.rq")
    assert get(server, "/queries/sectors.rq", **{"If-None-Match": text.headers["ETag"]}).status_code == 304


# --- The SPARQL text -----------------------------------------------------------------------


def test_sparql_text_as_file_or_bound(server: Server) -> None:
    plain = get(server, "/queries/partners.rq")
    assert plain.headers["Content-Type"] == "application/sparql-query; charset=utf-8"
    assert plain.text.startswith("#+ title: Partners by country and region\n")
    as_text = get(server, "/queries/partners.rq?country=italy", "text/plain")
    assert as_text.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "WHERE { VALUES ?country { <https://w3id.org/extratex/id/country/italy> }" in as_text.text
    page = get(server, "/queries/partners.rq?country=italy", "text/html").text
    assert f'href="/sparql#query={quote(as_text.text)}"' in page
    assert f'href="/sparql?query={quote(as_text.text)}&amp;format=html"' in page
    link = page.split('href="/sparql#query=', 1)[1].split('"', 1)[0]
    assert unquote(link) == as_text.text


# --- Parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (
            "/queries/partners-in-several-projects.json?minimum=two",
            "parameter minimum: 'two' is not an integer",
        ),
        (
            "/queries/founding-timeline.json?since=1970s",
            "parameter since: '1970s' is not a year (four digits, such as 2021)",
        ),
        (
            "/queries/partners.json?country=narnia",
            "parameter country: 'narnia' is not one of the allowed values: austria, czech-republic, france, "
            "germany, italy, slovakia, slovenia, spain, switzerland, united-kingdom",
        ),
        (
            "/queries/partners.json?country=sector:textile",
            "parameter country: 'sector:textile' is not one of the allowed values: austria, czech-republic, "
            "france, germany, italy, slovakia, slovenia, spain, switzerland, united-kingdom",
        ),
        (
            "/queries/standards-and-fairs.json?kind=conference",
            "parameter kind: 'conference' is not one of the allowed values: standards committee, trade fair",
        ),
        ("/queries/evidence.json", "missing required parameter resource (Resource)"),
        ("/queries/evidence.json?resource=", "missing required parameter resource (Resource)"),
        ("/queries/sectors.json?sector=textile&sector=plastics", "parameter sector takes one value, not 2"),
        ("/queries/sectors.json?sectr=textile", "unknown parameter sectr; sectors takes: sector"),
        (
            "/queries/evidence.json?resource=%22%7D%20%3B%20DROP%20ALL%20%23",
            "parameter resource: '\"} ; DROP ALL #' is not an IRI, a prefixed name "
            "or a slug of organisation:",
        ),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(server: Server, path: str, detail: str) -> None:
    response = get(server, path)
    assert response.status_code == 400
    assert response.json() == {"error": "Bad parameter", "status": 400, "detail": detail}


def test_iri_values_in_every_form(server: Server) -> None:
    forms = (
        "italy",
        "country:italy",
        "https://w3id.org/extratex/id/country/italy",
        "<https://w3id.org/extratex/id/country/italy>",
    )
    for form in forms:
        rows = get(server, f"/queries/partners.json?country={quote(form)}").json()
        assert [r["name"] for r in rows] == ["Next Technology Tecnotessile"], form


def test_an_injection_attempt_is_just_a_string(server: Server) -> None:
    response = get(server, f"/queries/reference-facts.json?text={quote(INJECTION)}")
    assert response.status_code == 200 and response.json() == []
    bound = get(server, f"/queries/reference-facts.rq?text={quote(INJECTION)}", "text/plain").text
    assert 'VALUES ?text { "\\"} ; DROP ALL #" }' in bound
    assert len(get(server, "/queries/reference-facts.json").json()) == 66


def test_unknown_queries_formats_and_media_types(server: Server) -> None:
    missing = get(server, "/queries/nothing.csv")
    assert missing.status_code == 404
    assert (
        missing.json()["detail"] == "no saved query named 'nothing'; the saved queries are listed at /queries"
    )
    extension = get(server, "/queries/partners.xlsx")
    assert extension.status_code == 404
    assert extension.json()["detail"] == "no format .xlsx here; offered: .json, .srj, .srx, .csv, .tsv, .html"
    refused = get(server, "/queries/partners", "image/png")
    assert refused.status_code == 406
    assert refused.json()["detail"].startswith("none of the accepted types (image/png) is offered; offered: ")


# --- OpenAPI ---------------------------------------------------------------------------------


def test_openapi_describes_every_query_and_validates(server: Server) -> None:
    response = get(server, "/openapi.json")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    assert len(paths) == 14 and "/queries" in paths
    operation = paths["/queries/partners-in-less-developed-regions"]["get"]
    assert operation["summary"] == "Partners in less developed regions"
    assert operation["parameters"][0]["schema"] == {"type": "string", "enum": ["document", "legal"]}
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/html",
    }
    country = paths["/queries/partners"]["get"]["parameters"][0]
    assert country["schema"]["type"] == "array" and country["explode"] is True
    minimum = paths["/queries/partners-in-several-projects"]["get"]["parameters"][1]
    assert minimum["schema"] == {"type": "integer", "default": 2}
    assert paths["/queries/evidence"]["get"]["parameters"][0]["required"] is True


# --- The command line gives the same rows ----------------------------------------------------


def test_cli_lists_the_queries(built: BuildResult) -> None:
    result = run_cli(built, "queries")
    assert result.returncode == 0, result.stderr
    assert "partners-in-several-projects" in result.stdout
    assert "programme (iri ext:FundingProgramme); minimum (integer, default 2)" in result.stdout


def test_cli_and_http_give_the_same_rows(server: Server, built: BuildResult) -> None:
    http_csv = csv_rows(get(server, "/queries/partners.csv?country=italy&country=spain").text)
    local = run_cli(
        built, "query", "partners", "-p", "country=italy", "-p", "country=spain", "--format", "csv"
    )
    assert local.returncode == 0, local.stderr
    assert csv_rows(local.stdout) == http_csv
    http_json = get(server, "/queries/cluster-size.json?measure=members").json()
    remote = run_cli(
        built, "query", "cluster-size", "-p", "measure=members", "--format", "json", "--endpoint", server.url
    )
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == http_json
    sparql = run_cli(
        built,
        "query",
        "cluster-size",
        "-p",
        "measure=members",
        "--format",
        "json",
        "--endpoint",
        server.sparql,
    )
    assert sparql.returncode == 0, sparql.stderr
    assert json.loads(sparql.stdout) == http_json


def test_cli_errors_name_the_parameter(server: Server, built: BuildResult) -> None:
    local = run_cli(built, "query", "evidence")
    assert (local.returncode, local.stderr) == (2, "error: missing required parameter resource (Resource)\n")
    remote = run_cli(
        built, "query", "sectors", "-p", "sector=textile", "-p", "sector=metal", "--endpoint", server.url
    )
    assert (remote.returncode, remote.stderr) == (2, "error: parameter sector takes one value, not 2\n")
    unknown = run_cli(built, "query", "nothing")
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "error: no saved query named 'nothing'; `extratex-kg queries` lists them\n",
    )
    both = run_cli(built, "query", "sectors", "--sparql", "SELECT * WHERE {}")
    assert both.returncode == 2 and "give a saved query NAME or --sparql/--file, not both" in both.stderr
