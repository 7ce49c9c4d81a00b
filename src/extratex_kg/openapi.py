"""Machine-readable descriptions of the saved queries: the JSON catalogue and OpenAPI 3.1.

Both are generated from the ``#+`` headers of ``queries/*.rq`` and the allowed values of their
parameters, so they never drift from the queries themselves.
"""

from __future__ import annotations

from extratex_kg import __version__
from extratex_kg.queries import Param, SavedQuery
from extratex_kg.querybind import Catalogue
from extratex_kg.queryprefixes import shorten

Json = dict[str, object]
EXTENSIONS = ("html", "csv", "tsv", "json", "srj", "srx")
MEDIA_TYPES = {
    "json": "application/json",
    "srj": "application/sparql-results+json",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
IRI_FORMS = "a full IRI, a prefixed name such as country:italy"


def catalogue_json(catalogue: Catalogue) -> Json:
    """The catalogue: every saved query with its parameters, their allowed values and its formats."""
    queries = [describe(saved, catalogue) for saved in catalogue.queries.values()]
    return {"queries": queries, "openapi": "/openapi.json"}


def describe(saved: SavedQuery, catalogue: Catalogue) -> Json:
    url = f"/queries/{saved.name}"
    chart = saved.chart
    return {
        "name": saved.name,
        "title": saved.title,
        "description": saved.description,
        "tags": list(saved.tags),
        "url": url,
        "sparql": f"{url}.rq",
        "formats": {ext: f"{url}.{ext}" for ext in EXTENSIONS},
        "params": [_param(p, catalogue) for p in saved.params],
        "columns": list(saved.columns),
        "chart": None if chart is None else {k: v for k, v in chart.__dict__.items() if v and k != "line"},
    }


def _param(param: Param, catalogue: Catalogue) -> Json:
    options = catalogue.options(param)
    described: Json = {
        "name": param.name,
        "type": param.type,
        "label": param.label,
        "description": param.description,
        "required": param.required,
        "multiple": param.multiple,
        "default": [shorten(v, param.prefix) if param.type == "iri" else v for v in param.default],
    }
    if param.class_iri:
        described["class"] = shorten(param.class_iri)
    if param.prefix:
        described["prefix"] = param.prefix
    if options is not None:
        described["options"] = [{"value": o.value, "label": o.label, "short": o.short} for o in options]
    return described


def openapi_document(catalogue: Catalogue, server: str) -> Json:
    """An OpenAPI 3.1 description of the saved-query API: one path per saved query."""
    paths: Json = {"/queries": {"get": _catalogue_operation()}}
    for saved in catalogue.queries.values():
        paths[f"/queries/{saved.name}"] = {"get": _operation(saved, catalogue)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "EXTRATEX knowledge graph: saved questions",
            "version": __version__,
            "description": (
                "Saved SPARQL questions about the EXTRATEX cluster partnership, answered with parameters "
                "bound as typed RDF terms (never pasted into the query). Every answer is also available "
                "by extension: /queries/{name}.html, .csv, .tsv, .json (plain rows), .srj and .srx "
                "(SPARQL results), and the SPARQL text at /queries/{name}.rq."
            ),
            "license": {"name": "CC BY 4.0 (data), MIT (code)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": {"Error": _ERROR}, "responses": _RESPONSES},
    }


def _catalogue_operation() -> Json:
    return {
        "operationId": "listQueries",
        "summary": "The catalogue of saved questions",
        "responses": {
            "200": {
                "description": "Every saved question with its parameters and their allowed values",
                "content": {"application/json": {"schema": {"type": "object"}}, "text/html": {}},
            },
            "304": {"$ref": "#/components/responses/NotModified"},
            "406": {"$ref": "#/components/responses/Error"},
        },
    }


def _operation(saved: SavedQuery, catalogue: Catalogue) -> Json:
    row = {"type": "object", "properties": {column: {} for column in saved.columns}}
    content: Json = {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()}
    content["application/json"] = {"schema": {"type": "array", "items": row}}
    content["application/sparql-results+json"] = {"schema": {"type": "object"}}
    return {
        "operationId": _camel(saved.name),
        "summary": saved.title,
        "description": saved.description,
        "tags": list(saved.tags),
        "parameters": [_parameter(p, catalogue) for p in saved.params],
        "responses": {
            "200": {
                "description": "The answer, by Accept header (or by extension)",
                "headers": {"ETag": {"schema": {"type": "string"}}},
                "content": content,
            },
            "304": {"$ref": "#/components/responses/NotModified"},
            "400": {"$ref": "#/components/responses/Error"},
            "406": {"$ref": "#/components/responses/Error"},
            "503": {"$ref": "#/components/responses/Error"},
        },
    }


def _parameter(param: Param, catalogue: Catalogue) -> Json:
    schema: Json = {"type": "integer"} if param.type == "integer" else {"type": "string"}
    if param.type == "year":
        schema["pattern"] = "^-?[0-9]{4}$"
    if param.type == "enum":
        schema["enum"] = list(param.values)
    options = catalogue.options(param)
    if param.type == "iri" and options:
        schema["examples"] = [o.short for o in options[:5]]
    described = param.description or param.label
    if param.type == "iri":
        slug = f", or the slug of a {param.prefix}: name" if param.prefix else ""
        described += f" Give {IRI_FORMS}{slug}."
    defaults: list[object] = [int(v) if param.type == "integer" else v for v in param.default]
    defaults = [shorten(str(v), param.prefix) if param.type == "iri" else v for v in defaults]
    if param.multiple:
        schema = {"type": "array", "items": schema}
    if defaults:
        schema["default"] = defaults if param.multiple else defaults[0]
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": described,
        "schema": schema,
        "style": "form",
        "explode": True,
    }


def _camel(name: str) -> str:
    first, *rest = name.split("-")
    return first + "".join(part.capitalize() for part in rest)


_ERROR: Json = {
    "type": "object",
    "required": ["error", "status", "detail"],
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}},
}
_RESPONSES: Json = {
    "Error": {
        "description": "An error: a bad parameter (400), no acceptable format (406), time limit (503)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "NotModified": {"description": "Not modified: the answer has the ETag given in If-None-Match"},
}
