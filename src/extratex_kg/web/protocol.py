"""The SPARQL 1.1 Protocol for queries at /sparql (read-only).

Requests are read strictly: each parameter where the protocol puts it, ``query`` exactly
once, bodies in UTF-8 and in one of the two query media types. Updates are refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import Blueprint, Response, current_app, request

from extratex_kg.errors import BadParameter, Forbidden, UnsupportedMediaType
from extratex_kg.formats import Format, Kind, by_name, from_hints, negotiate
from extratex_kg.service import QueryService
from extratex_kg.sparql import QueryRequest
from extratex_kg.web.http import not_modified, not_modified_response
from extratex_kg.web.render import render_results
from extratex_kg.web.servicedesc import service_description

bp = Blueprint("protocol", __name__)
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Params:
    """The protocol parameters of one request, from wherever the protocol allows them."""

    values: dict[str, list[str]]
    query: str | None

    def one(self, name: str) -> str | None:
        found = self.values.get(name, [])
        if len(found) > 1:
            raise BadParameter(f"the {name} parameter must be given at most once, not {len(found)} times")
        return found[0] if found else None

    def all(self, name: str) -> tuple[str, ...]:
        return tuple(self.values.get(name, []))


def _decode(body: bytes, what: str) -> str:
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise BadParameter(f"the {what} must be encoded in UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadParameter(f"the {what} is not valid UTF-8 (byte {exc.start})") from None


def read_params() -> Params:
    url = parse_qs(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
    if request.method in ("GET", "HEAD"):
        return _with_query(url, url.get("query", []))
    mimetype = request.mimetype
    if mimetype == FORM:
        body = parse_qs(_decode(request.get_data(), "form body"), keep_blank_values=True)
        if "update" in body or "update" in url:
            raise Forbidden("SPARQL Update is not allowed on this endpoint: it is read-only")
        merged = {k: url.get(k, []) + body.get(k, []) for k in {*url, *body}}
        return _with_query(merged, merged.get("query", []))
    if mimetype == QUERY:
        text = _decode(request.get_data(), "query")
        return _with_query(url, [text, *url.get("query", [])])
    if mimetype == UPDATE:
        raise Forbidden("SPARQL Update is not allowed on this endpoint: it is read-only")
    shown = mimetype or "none"
    raise UnsupportedMediaType(f"a query is POSTed as {FORM} or {QUERY}, not with Content-Type {shown}")


def _with_query(values: dict[str, list[str]], queries: list[str]) -> Params:
    if len(queries) > 1:
        raise BadParameter(f"the query parameter must be given exactly once, not {len(queries)} times")
    return Params(values, queries[0] if queries else None)


def choose_format(params: Params, kind: Kind) -> tuple[Format, str]:
    """``format`` (a hint: the first value naming an offered format wins), else ``Accept``.

    Clients such as SPARQLWrapper send ``format`` several times, or with values meant for
    other servers, beside a precise Accept header: then Accept decides. A ``format`` that names
    nothing offered, with no Accept to fall back on, is 406 naming what is offered.
    """
    hints = params.all("format")
    if hints and (fmt := from_hints(hints, kind)) is not None:
        return fmt, fmt.media_type
    accept = request.headers.get("Accept", "")
    if hints and accept.strip() in ("", "*/*"):
        by_name(hints[0], kind)  # raises NotAcceptable with the offered formats
    return negotiate(accept, kind)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    params = read_params()
    if "update" in params.values:
        raise Forbidden("SPARQL Update is not allowed on this endpoint: it is read-only")
    if params.query is None:
        if request.method in ("GET", "HEAD") and not params.values:
            return service_description()
        raise BadParameter("missing query: give the query parameter (or POST it as application/sparql-query)")
    return answer(params, params.query)


def answer(params: Params, query: str) -> Response:
    service: QueryService = current_app.extensions["extratex.service"]
    kind = service.kind_of(query)
    fmt, media_type = choose_format(params, kind)
    engine_format = fmt.name if fmt.name != "html" else ("ntriples" if kind is Kind.GRAPH else "json")
    request_ = QueryRequest(
        query=query,
        format=engine_format,
        default_graphs=params.all("default-graph-uri"),
        named_graphs=params.all("named-graph-uri"),
        timeout=service.timeout(params.one("timeout")),
        base_iri=request.base_url,
    )
    etag = service.etag_for(request_, media_type)
    if not_modified(etag):
        return not_modified_response(etag)
    result = service.run(request_, engine_format)
    if fmt.name == "html":
        response = Response(render_results(query, result.response), content_type=fmt.content_type)
    else:
        content_type = fmt.content_type.replace(fmt.media_type, media_type, 1)
        response = Response(result.response.body, content_type=content_type)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Accept"
    response.headers["X-SPARQL-Rows"] = str(result.response.rows)
    response.headers["X-Cache"] = "hit" if result.cached else "miss"
    if result.response.truncated:
        response.headers["X-SPARQL-Truncated"] = f"true; only the first {result.response.rows} results"
    return response
