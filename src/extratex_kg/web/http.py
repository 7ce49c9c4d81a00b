"""HTTP details applied to every response: CORS, gzip, conditional requests."""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = (
    "text/",
    "application/sparql-results",
    "application/ld+json",
    "application/json",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
    "application/xml",
)
MIN_GZIP = 512
EXPOSED = "ETag, Content-Location, Link, X-SPARQL-Rows, X-SPARQL-Truncated, X-Cache"


GZIP_SUFFIX = "-gz"


def gzip_etag(etag: str) -> str:
    """The ETag of the gzip-encoded variant of a representation."""
    return etag[:-1] + GZIP_SUFFIX + '"' if etag.endswith('"') else etag


def not_modified(etag: str) -> bool:
    """Whether the request's If-None-Match covers ``etag`` (in plain or gzip form)."""
    header = request.headers.get("If-None-Match")
    if not header or request.method not in ("GET", "HEAD"):  # a POST is not answered 304
        return False
    if header.strip() == "*":
        return True
    plain = etag.strip('"')
    for candidate in header.split(","):
        tag = candidate.strip().removeprefix("W/").strip('"')
        if tag in (plain, plain + GZIP_SUFFIX):
            return True
    return False


def not_modified_response(etag: str) -> Response:
    """The 304 for a client holding the current copy (echoing the gzip variant's tag if it holds that)."""
    gzipped = gzip_etag(etag)
    held = gzipped if gzipped in request.headers.get("If-None-Match", "") else etag
    headers = {"ETag": held, "Vary": "Accept, Accept-Encoding", "Cache-Control": "no-cache"}
    return Response(status=304, headers=headers)


def add_vary(response: Response, field: str) -> None:
    present = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    if field not in present:
        response.headers["Vary"] = ", ".join([*present, field])


def _cors(response: Response, origin: str) -> None:
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if origin != "*":
        add_vary(response, "Origin")
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
        asked = request.headers.get("Access-Control-Request-Headers")
        response.headers["Access-Control-Allow-Headers"] = asked or "Accept, Content-Type, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"


def _gzip(response: Response) -> None:
    if response.direct_passthrough or response.status_code < 200 or response.status_code in (204, 304):
        return
    if "Content-Encoding" in response.headers or not response.content_type.startswith(COMPRESSIBLE):
        return
    add_vary(response, "Accept-Encoding")
    if "gzip" not in request.headers.get("Accept-Encoding", "").lower():
        return
    body = response.get_data()
    if len(body) < MIN_GZIP:
        return
    response.set_data(gzip.compress(body, compresslevel=5, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    if etag := response.headers.get("ETag"):
        response.headers["ETag"] = gzip_etag(etag)


def install(app: Flask, cors_origin: str) -> None:
    @app.after_request
    def finish(response: Response) -> Response:
        _cors(response, cors_origin)
        _gzip(response)
        return response
