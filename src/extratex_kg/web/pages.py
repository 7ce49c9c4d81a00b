"""Pages for people (home, class lists, label search) and the helpers every linked-data route uses:
format choice by Accept or extension, RDF responses with their headers, conditional requests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, json, render_template, request
from rdflib import Graph

from extratex_kg.errors import NotFound
from extratex_kg.formats import FORMATS, Format, Kind, by_name, negotiate
from extratex_kg.listings import class_members, partners, search, search_words, void_summary
from extratex_kg.serialize import private_copy, serialize
from extratex_kg.site import Site
from extratex_kg.web.http import gzip_etag, not_modified

bp = Blueprint("pages", __name__)
GRAPH_FORMATS = [f for f in FORMATS if Kind.GRAPH in f.kinds]
EXTENSIONS = {f.extension for f in GRAPH_FORMATS}


TITLES = {
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF/XML",
    "html": "HTML",
}


@dataclass(frozen=True)
class Alternate:
    name: str
    url: str
    media_type: str

    @property
    def title(self) -> str:
        return TITLES.get(self.name, self.name)


def site() -> Site:
    """The app's Site, made on first use."""
    found = current_app.extensions.get("extratex.site")
    if found is None:
        found = Site(
            current_app.extensions["extratex.settings"],
            current_app.extensions["extratex.store"],
            current_app.extensions["extratex.dist"],
            current_app.extensions["extratex.dataset"].version,
        )
        current_app.extensions["extratex.site"] = found
    return found


def split_extension(path: str) -> tuple[str, str | None]:
    """``organisation/clutex.ttl`` → (``organisation/clutex``, ``ttl``); no known extension → None."""
    head, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in EXTENSIONS:
        return head, extension
    return path, None


def wants_html() -> bool:
    """Whether the client prefers HTML to JSON (a browser)."""
    accept = request.accept_mimetypes
    return accept["text/html"] > accept["application/json"]


def pick_format(extension: str | None) -> tuple[Format, str]:
    """The format named by a URL extension, else the best one for the Accept header."""
    if extension:
        fmt = by_name(extension, Kind.GRAPH)
        return fmt, fmt.media_type
    return negotiate(request.headers.get("Accept"), Kind.GRAPH)


def etag_for(*parts: str) -> str:
    digest = hashlib.sha256("\0".join([site().version, *parts]).encode()).hexdigest()[:24]
    return f'"{digest}"'


def alternates(stem: str, served: Format | None = None) -> list[Alternate]:
    """The document of every format of ``stem`` (a path without extension), bar the one served."""
    return [Alternate(f.name, f"{stem}.{f.extension}", f.media_type) for f in GRAPH_FORMATS if f != served]


def negotiated_headers(stem: str | None, fmt: Format, etag: str) -> dict[str, str]:
    headers = {"Vary": "Accept", "ETag": etag, "Cache-Control": "no-cache"}
    if stem is not None:
        headers["Content-Location"] = f"{request.script_root}{stem}.{fmt.extension}"
        links = [
            f'<{request.script_root}{a.url}>; rel="alternate"; type="{a.media_type}"'
            for a in alternates(stem, fmt)
        ]
        headers["Link"] = ", ".join(links)
    return headers


def unchanged(headers: dict[str, str]) -> Response | None:
    """A 304 when the client's copy (If-None-Match) is current."""
    if not not_modified(headers["ETag"]):
        return None
    gzipped = gzip_etag(headers["ETag"])
    if gzipped in request.headers.get("If-None-Match", ""):  # the copy the client holds is the gzip one
        headers = {**headers, "ETag": gzipped}
    return Response(status=304, headers=headers)


def respond(
    body: str | bytes, fmt: Format, media_type: str, headers: dict[str, str], status: int = 200
) -> Response:
    content_type = fmt.content_type.replace(fmt.media_type, media_type, 1)
    return Response(body, status=status, content_type=content_type, headers=headers)


def graph_response(
    graph: Graph, fmt: Format, media_type: str, headers: dict[str, str], *, shared: bool = False
) -> Response:
    """``graph`` in ``fmt``; a graph ``shared`` between requests is copied first."""
    prefixes = site().prefixes
    body = serialize(private_copy(graph, prefixes) if shared else graph, fmt.name, prefixes)
    return respond(body, fmt, media_type, headers)


def search_words_for(stem: str) -> str:
    """The words of a path's last segment: ``organisation/no-such-thing`` → ``no such thing``."""
    return " ".join(stem.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").split())


def not_found(iri: str, stem: str, *, html: bool, what: str = "resource") -> Response:
    """404: a page with a search link for people, the JSON error for programs."""
    words = search_words_for(stem)
    search = "/search?" + urlencode({"q": words})
    if not html:
        raise NotFound(f"no {what} <{iri}> in the graph; search for it at {search}")
    body = render_template("notfound.html", iri=iri, search=search, words=words, what=what)
    response = Response(body, status=404, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


# --- home ----------------------------------------------------------------------------------


@bp.route("/")
def home() -> Response:
    """The home page; the dataset's VoID description for RDF clients (its IRI is the base)."""
    fmt, media_type = pick_format(None)
    headers = negotiated_headers(None, fmt, etag_for("home", fmt.name, media_type))
    if fmt.name != "html":
        headers["Content-Location"] = f"{request.script_root}/.well-known/void"
    if (early := unchanged(headers)) is not None:
        return early
    return void_or_home(fmt, media_type, headers, void_page=False)


def void_or_home(fmt: Format, media_type: str, headers: dict[str, str], *, void_page: bool) -> Response:
    void = site().void()
    if fmt.name != "html":
        if void is None:
            raise NotFound("this build has no VoID description (void.ttl); rebuild with extratex-kg build")
        return graph_response(void, fmt, media_type, headers, shared=True)
    info = current_app.extensions["extratex.dataset"]
    summary = void_summary(site(), void) if void is not None else None
    body = render_template(
        "home.html", partners=partners(site()), info=info, summary=summary, void_page=void_page
    )
    return respond(body, fmt, media_type, headers)


# --- search and classes -------------------------------------------------------------------


@bp.route("/search")
def label_search() -> Response:
    query = request.args.get("q", "")
    words = search_words(query)
    results = search(site(), words)
    if not wants_html():
        document = {"q": query, "results": [{"iri": r.iri, "label": r.label, "url": r.url} for r in results]}
        return Response(
            json.dumps(document), content_type="application/json; charset=utf-8", headers={"Vary": "Accept"}
        )
    body = render_template("search.html", query=query, results=results, words=words)
    response = Response(body, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/class/<name>")
def class_page(name: str) -> Response:
    s = site()
    iri = s.expand(name)
    if iri is None:
        known = ", ".join(sorted(s.prefixes))
        raise NotFound(f"no class {name!r}: name a class as prefix:Name with a known prefix ({known})")
    members, total = class_members(s, iri)
    if not members and iri not in s.term_labels:
        raise NotFound(f"no class {name} in the graph: it has no members and the ontology does not define it")
    term_url = s.local_url(iri)
    label = s.term_labels.get(iri, name)
    body = render_template(
        "class.html", name=name, iri=iri, label=label, term_url=term_url, members=members, total=total
    )
    return Response(body, content_type="text/html; charset=utf-8")
