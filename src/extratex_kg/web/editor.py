"""The browser's SPARQL editor: YASGUI's build files, the terms it completes, its page settings.

YASGUI (``@zazuko/yasgui`` from npm) is installed by ``./dev setup`` with ``npm ci`` into
``node_modules/`` at the root of the checkout and served from there: only the files of
``node_modules/@zazuko/yasgui/build/`` named in ``YASGUI_FILES``, never from a CDN. When it is
not installed, the query page falls back to a plain form and says so.

``/sparql/terms.json`` lists the classes and properties the autocompletion offers: every class
and property the ontology declares (with its English label), then every other class and
predicate the data uses, each with a prefixed name from ``namespaces.PREFIXES``.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, json, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from extratex_kg.config import Settings
from extratex_kg.namespaces import PREFIXES
from extratex_kg.runtime import DatasetInfo
from extratex_kg.serialize import namespaces_for
from extratex_kg.web.http import not_modified

bp = Blueprint("editor", __name__)

YASGUI_BUILD = Path("node_modules", "@zazuko", "yasgui", "build")
YASGUI_FILES = {
    "yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui.min.css": "text/css; charset=utf-8",
    "yasgui.min.js.map": "application/json; charset=utf-8",
}
SOURCE_ROOT = Path(__file__).resolve().parents[3]  # the checkout, for an editable install
VENDOR_MAX_AGE = 3600
TERMS_KEY = "extratex.editor.terms"

# Prefixes written at the top of a new query; the editor adds the others as they are typed.
DEFAULT_PREFIXES = ("rdfs", "org", "schema", "ext", "partnership")
DEFAULT_QUERY_BODY = """\
# The partners of the EXTRATEX partnership and the countries they are based in.
SELECT DISTINCT ?partner ?name ?countryName WHERE {
  partnership:extratex org:hasMember ?partner .
  ?partner rdfs:label ?name .
  OPTIONAL {
    ?partner ext:locatedIn/schema:containedInPlace* ?country .
    ?country a ext:Country ; rdfs:label ?countryName .
  }
}
ORDER BY ?name
"""

CLASS_TYPES = (
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2000/01/rdf-schema#Class",
)
PROPERTY_TYPES = (
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
)
DECLARED = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?term ?type (SAMPLE(?l) AS ?label) WHERE {
  VALUES ?type { %s }
  ?term a ?type .
  FILTER (isIRI(?term))
  OPTIONAL { ?term rdfs:label ?l . FILTER (LANG(?l) = "en" || LANG(?l) = "") }
}
GROUP BY ?term ?type
"""
USED_CLASSES = "SELECT DISTINCT ?term WHERE { ?s a ?term . FILTER (isIRI(?term)) }"
USED_PROPERTIES = "SELECT DISTINCT ?term WHERE { ?s ?term ?o }"
_lock = threading.Lock()


@dataclass(frozen=True)
class Term:
    """One class or property the editor completes."""

    iri: str
    prefixed: str | None
    label: str | None
    declared: bool  # declared by the ontology, not only used in the data

    def as_json(self) -> dict[str, object]:
        return {"iri": self.iri, "prefixed": self.prefixed, "label": self.label, "declared": self.declared}


def editor_prefixes(base: str) -> dict[str, str]:
    """The project's prefixes, their namespaces under the configured base."""
    return {p: ns for p, ns in namespaces_for(base).items() if p in PREFIXES}


def prefixed_name(iri: str, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """``ext:Cluster`` for ``https://w3id.org/extratex/def/Cluster``: the longest namespace wins."""
    best: tuple[str, str] | None = None
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace)
    if best is None:
        return None
    local = iri[len(best[1]) :]
    if not local or any(c in local for c in "/#?:()<> ,;"):
        return None
    return f"{best[0]}:{local}"


def _rows(store: Any, query: str) -> list[dict[str, str]]:
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def collect_terms(store: Any, prefixes: dict[str, str] = PREFIXES) -> dict[str, list[Term]]:
    """Classes and properties: declared ones first (sorted by prefixed name), then used ones."""
    found: dict[str, dict[str, Term]] = {"classes": {}, "properties": {}}
    for kind, types in (("classes", CLASS_TYPES), ("properties", PROPERTY_TYPES)):
        values = " ".join(f"<{t}>" for t in types)
        for row in _rows(store, DECLARED % values):
            iri = row["term"]
            found[kind][iri] = Term(iri, prefixed_name(iri, prefixes), row.get("label"), True)
    for kind, query in (("classes", USED_CLASSES), ("properties", USED_PROPERTIES)):
        for row in _rows(store, query):
            iri = row["term"]
            if iri not in found[kind]:
                found[kind][iri] = Term(iri, prefixed_name(iri, prefixes), None, False)
    return {
        kind: sorted(terms.values(), key=lambda t: (not t.declared, t.prefixed is None, t.prefixed or t.iri))
        for kind, terms in found.items()
    }


def _terms_document(app: Flask) -> tuple[bytes, str]:
    """The terms document and its ETag, computed once per app (the data does not change)."""
    with _lock:
        cached: tuple[bytes, str] | None = app.extensions.get(TERMS_KEY)
        if cached is None:
            prefixes = editor_prefixes(app.extensions["extratex.settings"].base_iri)
            terms = collect_terms(app.extensions["extratex.store"], prefixes)
            document = {
                "prefixes": prefixes,
                "classes": [t.as_json() for t in terms["classes"]],
                "properties": [t.as_json() for t in terms["properties"]],
            }
            body = json.dumps(document).encode("utf-8")
            cached = body, '"terms-' + hashlib.sha256(body).hexdigest()[:16] + '"'
            app.extensions[TERMS_KEY] = cached
        return cached


@bp.route("/sparql/terms.json")
def terms() -> Response:
    body, etag = _terms_document(current_app)
    if not_modified(etag):
        response = Response(status=304)
    else:
        response = Response(body, content_type="application/json; charset=utf-8")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache"
    return response


def yasgui_dir(settings: Settings) -> Path | None:
    """The installed ``node_modules/@zazuko/yasgui/build`` folder, if npm installed it."""
    for root in (settings.project_dir, SOURCE_ROOT):
        folder = root / YASGUI_BUILD
        if (folder / "yasgui.min.js").is_file() and (folder / "yasgui.min.css").is_file():
            return folder
    return None


@bp.route("/vendor/yasgui/<name>")
def yasgui_file(name: str) -> Response:
    """One of YASGUI's build files, straight from node_modules (and nothing else from there)."""
    media_type = YASGUI_FILES.get(name)
    folder = yasgui_dir(current_app.extensions["extratex.settings"])
    if media_type is None or folder is None or not (folder / name).is_file():
        abort(
            404,
            description=f"/vendor/yasgui/{name} is not here: the query editor serves only "
            f"{', '.join(YASGUI_FILES)} once installed (./dev setup runs npm ci)",
        )
    path = folder / name
    stat = path.stat()
    etag = f'"yasgui-{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    if not_modified(etag):
        response = Response(status=304)
    else:
        response = Response(path.read_bytes(), content_type=media_type)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={VENDOR_MAX_AGE}"
    return response


def has_route(path: str) -> bool:
    """Whether this app answers GET ``path`` (another blueprint may or may not provide it)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True


def editor_config() -> dict[str, Any]:
    """What the query page needs: whether YASGUI is installed, and the settings of the editor."""
    settings: Settings = current_app.extensions["extratex.settings"]
    info: DatasetInfo = current_app.extensions["extratex.dataset"]
    root = request.url_root
    prefixes = editor_prefixes(settings.base_iri)
    prologue = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in DEFAULT_PREFIXES)
    return {
        "installed": yasgui_dir(settings) is not None,
        "settings": {
            "endpoint": root + "sparql",
            "termsUrl": root + "sparql/terms.json",
            "examplesUrl": root + "queries.json" if has_route("/queries.json") else None,
            "savedQueriesUrl": root + "queries" if has_route("/queries") else None,
            "prefixes": prefixes,
            "baseIri": settings.base_iri,
            "localRoot": root,
            "defaultQuery": prologue + "\n" + DEFAULT_QUERY_BODY,
            "version": info.version,
        },
    }


@bp.app_context_processor
def editor_context() -> dict[str, Any]:
    return {"editor_config": editor_config}
