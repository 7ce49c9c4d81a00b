"""Errors as HTTP: one JSON shape for every endpoint, an HTML page for browsers."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, json, render_template, request
from werkzeug.exceptions import HTTPException

from extratex_kg.errors import ExtratexError

log = logging.getLogger(__name__)


def error_response(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    """``{"error": title, "status": status, "detail": detail}``, or HTML when a browser asks."""
    if _prefers_html():
        body = render_template("error.html", status=status, title=title, detail=detail)
        response = Response(body, status=status, content_type="text/html; charset=utf-8")
    else:
        document = {"error": title, "status": status, "detail": detail}
        response = Response(
            json.dumps(document), status=status, content_type="application/json; charset=utf-8"
        )
    response.headers["Vary"] = "Accept"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _prefers_html() -> bool:
    accept = request.accept_mimetypes
    return accept.best_match(
        ["application/json", "text/html"], default="application/json"
    ) == "text/html" and (accept["text/html"] > accept["application/json"])


def install(app: Flask) -> None:
    @app.errorhandler(ExtratexError)
    def known(exc: ExtratexError) -> Response:
        detail = exc.message if not exc.detail else f"{exc.message} ({exc.detail})"
        return error_response(exc.status, exc.title, detail)

    @app.errorhandler(HTTPException)
    def http(exc: HTTPException) -> Response:
        headers = {}
        detail = exc.description or exc.name
        if exc.code == 405 and (allow := getattr(exc, "valid_methods", None)):
            headers["Allow"] = ", ".join(sorted(allow))
            detail = f"{request.method} is not allowed on {request.path}; use {headers['Allow']}"
        if exc.code == 413:
            limit = current_app.config.get("MAX_CONTENT_LENGTH")
            detail = f"the request body is larger than the limit of {limit} bytes"
        return error_response(exc.code or 500, exc.name, detail, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("unexpected error while answering %s %s", request.method, request.path)
        return error_response(500, "Internal error", "the server failed to answer; the error is logged")
