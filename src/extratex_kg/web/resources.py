"""Linked data: /id/... descriptions, /def/..., dumps, VoID, home and class pages.

``/id/<kind>/<slug>`` answers 200 with the description of ``<base>id/<kind>/<slug>`` in the
format the Accept header asks for (or the URL's extension names), with ``Content-Location``
naming the document served, ``Vary: Accept`` and ``Link`` to the other formats (see
docs/decisions/0005-dereferencing.md). The other pages live in the blueprints registered here.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from extratex_kg.describe import Description
from extratex_kg.formats import Format
from extratex_kg.listings import check_span, source_lines
from extratex_kg.pages import resource_view
from extratex_kg.web import dumps, ontology_pages, pages
from extratex_kg.web.pages import (
    alternates,
    etag_for,
    graph_response,
    negotiated_headers,
    not_found,
    pick_format,
    respond,
    site,
    split_extension,
    unchanged,
    wants_html,
)

bp = Blueprint("resources", __name__)
bp.register_blueprint(pages.bp)
bp.register_blueprint(ontology_pages.bp)
bp.register_blueprint(dumps.bp)


@bp.route("/id/<path:rest>")
def resource(rest: str) -> Response:
    s = site()
    stem, extension = split_extension(rest.split("#", 1)[0])
    iri = f"{s.base}id/{stem}"
    if not s.describer.exists(iri):
        return not_found(iri, stem, html=extension == "html" or wants_html())
    fmt, media_type = pick_format(extension)
    query = request.query_string.decode("utf-8", "replace") if fmt.name == "html" else ""
    headers = negotiated_headers(f"/id/{stem}", fmt, etag_for(iri, fmt.name, media_type, query))
    if (early := unchanged(headers)) is not None:
        return early
    description = s.describer.describe(iri)
    if description is None:  # gone between the two queries: not with a read-only store
        return not_found(iri, stem, html=fmt.name == "html")
    if fmt.name == "html":
        return respond(resource_page(description, stem, fmt), fmt, media_type, headers)
    return graph_response(description.graph, fmt, media_type, headers)


def resource_page(description: Description, stem: str, fmt: Format) -> str:
    s = site()
    view = resource_view(s, description)
    others = alternates(f"/id/{stem}", fmt)
    if str(description.iri) == s.source_iri and s.source_text is not None:
        text = s.source_text.text
        span = check_span(text, request.args.get("start"), request.args.get("end"))
        lines = source_lines(text, *(span or (None, None)))
        return render_template("source.html", view=view, alternates=others, lines=lines, span=span)
    return render_template("resource.html", view=view, alternates=others)
