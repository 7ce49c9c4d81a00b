"""Dumps at /dumps/ (an index, and each file of the build folder) and VoID at /.well-known/void."""

from __future__ import annotations

from flask import Blueprint, Response, json, render_template, request, send_file

from extratex_kg.dumpfiles import DumpFile, dump_file, dump_files
from extratex_kg.errors import NotFound
from extratex_kg.formats import Format
from extratex_kg.web.pages import (
    etag_for,
    negotiated_headers,
    pick_format,
    site,
    unchanged,
    void_or_home,
    wants_html,
)

bp = Blueprint("dumps", __name__)


def _record(file: DumpFile) -> dict[str, object]:
    return {
        "name": file.name,
        "url": f"{request.url_root}dumps/{file.name}",
        "title": file.title,
        "mediaType": file.media_type,
        "size": file.size,
        "sha256": file.sha256,
        "lastModified": file.modified.isoformat(),
    }


@bp.route("/dumps/")
def index() -> Response:
    files = dump_files(site().dist)
    if wants_html():
        body = render_template("dumps.html", files=files, version=site().version)
        response = Response(body, content_type="text/html; charset=utf-8")
    else:
        document = {"version": site().version, "files": [_record(f) for f in files]}
        response = Response(json.dumps(document), content_type="application/json; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/dumps/<name>")
def download(name: str) -> Response:
    """One file, as a download: its type, size, ETag (its SHA-256) and date; 304 when unchanged."""
    file = dump_file(site().dist, name)
    if file is None:
        raise NotFound(f"no file {name!r} among the dumps; the files are listed at /dumps/")
    response = send_file(
        file.path,
        mimetype=file.media_type,
        as_attachment=True,
        download_name=file.name,
        etag=file.sha256,
        last_modified=file.modified,
        conditional=True,
        max_age=None,
    )
    content_type = Format(file.name, file.media_type, "", frozenset()).content_type
    if response.status_code != 304:
        response.headers["Content-Type"] = content_type
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/.well-known/void")
def void() -> Response:
    fmt, media_type = pick_format(None)
    headers = negotiated_headers(None, fmt, etag_for("void", fmt.name, media_type))
    if (early := unchanged(headers)) is not None:
        return early
    return void_or_home(fmt, media_type, headers, void_page=True)
