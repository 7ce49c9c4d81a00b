"""Saved questions over HTTP: /queries, /queries/<name>[.<ext>], /queries/<name>.rq, /openapi.json.

Answers run through the app's QueryService, so they are cached, time-limited and carry ETags
like /sparql answers. Parameters come from the query string, are checked against the query's
header and bound as typed RDF terms (``querybind.bind``); nothing is pasted into the query text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from urllib.parse import quote

from flask import Blueprint, Response, current_app, render_template, request
from markupsafe import Markup

from extratex_kg.charts import chart_svg, words
from extratex_kg.errors import NotFound
from extratex_kg.formats import choose
from extratex_kg.openapi import catalogue_json, openapi_document
from extratex_kg.queries import SavedQuery
from extratex_kg.querybind import Catalogue, bind, for_base
from extratex_kg.queryload import load_queries
from extratex_kg.queryprefixes import shorten
from extratex_kg.queryrows import plain_rows, rows_json
from extratex_kg.service import Answer, QueryService
from extratex_kg.sparql import QueryRequest
from extratex_kg.web.http import not_modified, not_modified_response
from extratex_kg.web.render import table

bp = Blueprint("saved", __name__)


@dataclass(frozen=True)
class Out:
    """A representation: its name (and extension), media types, and what the engine writes for it."""

    name: str
    media_types: tuple[str, ...]
    engine: str = "json"


HTML = Out("html", ("text/html", "application/xhtml+xml"))
RESULTS = (
    Out("json", ("application/json",)),
    Out("srj", ("application/sparql-results+json",)),
    Out("srx", ("application/sparql-results+xml", "application/xml", "text/xml"), "xml"),
    Out("csv", ("text/csv",), "csv"),
    Out("tsv", ("text/tab-separated-values",), "tsv"),
    HTML,
)
TEXT = (Out("rq", ("application/sparql-query", "text/plain"), ""), HTML)
CATALOGUE = (Out("json", ("application/json",), ""), HTML)


def catalogue() -> Catalogue:
    """The saved queries, read and checked once per app, with their parameters' allowed values."""
    extensions = current_app.extensions
    if "extratex.saved" not in extensions:
        settings = extensions["extratex.settings"]
        extensions["extratex.saved"] = Catalogue(load_queries(settings), extensions["extratex.store"])
    found: Catalogue = extensions["extratex.saved"]
    return found


@bp.get("/queries")
@bp.get("/queries.<ext>")
def index(ext: str | None = None) -> Response:
    out = _by_extension(CATALOGUE, ext) if ext else negotiate(CATALOGUE)
    if out.name == "html":
        queries = [(saved, fields(saved, {})) for saved in catalogue().queries.values()]
        return _send(render_template("queries.html", queries=queries).encode(), out)
    return _send(_json(catalogue_json(catalogue())), out)


@bp.get("/openapi.json")
def openapi() -> Response:
    return _send(_json(openapi_document(catalogue(), request.host_url.rstrip("/"))), CATALOGUE[0])


@bp.get("/queries/<spec>")
def saved_query(spec: str) -> Response:
    name, dot, ext = spec.partition(".")
    saved = catalogue().get(name)
    given = request.args.to_dict(flat=False)
    if ext == "rq":
        return sparql_text(saved, given)
    out = _by_extension(RESULTS, ext) if dot else negotiate(RESULTS)
    return results(saved, given, out)


def sparql_text(saved: SavedQuery, given: dict[str, list[str]]) -> Response:
    """The query file as it is, or bound to the given parameters as /queries/<name> runs it."""
    out = negotiate(TEXT)
    text = (
        bind(saved, given, catalogue().options, catalogue().base)
        if given
        else for_base(saved.text, catalogue().base)
    )
    if out.name == "html":
        links = _sparql_links(text)
        page = render_template(
            "query.html", saved=saved, text=text, links=links, query_string=_query_string()
        )
        return _send(page.encode(), out)
    return _send(text.encode("utf-8"), out)


def results(saved: SavedQuery, given: dict[str, list[str]], out: Out) -> Response:
    service: QueryService = current_app.extensions["extratex.service"]
    text = bind(saved, given, catalogue().options, catalogue().base)
    query = QueryRequest(query=text, format=out.engine, timeout=service.timeout(None))
    shown = request.query_string.decode("utf-8", "replace")  # the page echoes the form values too
    etag = service.etag_for(query, f"saved:{out.name}:{out.media_types[0]}:{shown}")
    if not_modified(etag):
        return not_modified_response(etag)
    answer = service.run(query, out.engine)
    body = answer.response.body
    if out.name == "json":
        body = rows_json(body)
    elif out.name == "html":
        body = _results_page(saved, given, text, answer).encode()
    response = _response(body, out)
    response.headers["ETag"] = etag
    response.headers["X-SPARQL-Rows"] = str(answer.response.rows)
    response.headers["X-Cache"] = "hit" if answer.cached else "miss"
    if answer.response.truncated:
        response.headers["X-SPARQL-Truncated"] = f"true; only the first {answer.response.rows} results"
    return response


def _results_page(saved: SavedQuery, given: dict[str, list[str]], text: str, answer: Answer) -> str:
    columns, rows, _ = table(answer.response)
    for row in rows:
        for cell in row:
            if cell is not None and cell["type"] == "uri":
                cell["short"] = shorten(cell["value"])
    svg = chart_svg(saved.chart, saved.title, plain_rows(answer.response.body)) if saved.chart else None
    return render_template(
        "query_results.html",
        saved=saved,
        fields=fields(saved, given),
        headings=[words(c) for c in columns],
        rows=rows,
        count=answer.response.rows,
        truncated=answer.response.truncated,
        chart=Markup(svg) if svg else None,  # built by charts.py, every text escaped
        query_string=_query_string(),
        links=_sparql_links(text),
    )


def fields(saved: SavedQuery, given: dict[str, list[str]]) -> list[dict[str, object]]:
    """The form's fields: each parameter with its allowed values (selected as given) or its value."""
    out = []
    for param in saved.params:
        chosen = [v for v in given.get(param.name, []) if v.strip()] or list(param.default)
        options = catalogue().options(param)
        choices = [
            {"value": o.short, "label": o.label, "selected": o.short in chosen or o.value in chosen}
            for o in options or ()
        ]
        out.append({"param": param, "id": f"{saved.name}-{param.name}", "choices": choices, "value": chosen})
    return out


def negotiate(offers: tuple[Out, ...]) -> Out:
    """The offer the Accept header prefers, served as the media type that matched."""
    out, media_type = choose(request.headers.get("Accept"), [(o, o.media_types) for o in offers])
    return replace(out, media_types=(media_type, *(m for m in out.media_types if m != media_type)))


def _by_extension(offers: tuple[Out, ...], ext: str) -> Out:
    for out in offers:
        if out.name == ext:
            return out
    offered = ", ".join(f".{out.name}" for out in offers)
    raise NotFound(f"no format .{ext} here; offered: {offered}")


def _sparql_links(text: str) -> dict[str, str]:
    """Where to open a query: the query page (a later issue reads the fragment) and the endpoint."""
    return {"fragment": f"/sparql#query={quote(text)}", "run": f"/sparql?query={quote(text)}&format=html"}


def _query_string() -> str:
    return request.query_string.decode("utf-8", "replace")


def _json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _response(body: bytes, out: Out) -> Response:
    response = Response(body, content_type=f"{out.media_types[0]}; charset=utf-8")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Accept"
    return response


def _send(body: bytes, out: Out) -> Response:
    """A response whose ETag is its body's digest; 304 when the client has it already."""
    etag = f'"{hashlib.sha256(body + out.media_types[0].encode()).hexdigest()[:32]}"'
    if not_modified(etag):
        return not_modified_response(etag)
    response = _response(body, out)
    response.headers["ETag"] = etag
    return response
