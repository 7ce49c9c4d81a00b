"""Running saved queries from the command line: on the local build, an endpoint or a server."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import urlopen

import pyoxigraph as ox

from extratex_kg.config import Settings
from extratex_kg.errors import BadParameter, ExtratexError, NotAcceptable, NotFound, QueryTimeout
from extratex_kg.formats import Kind
from extratex_kg.queries import SavedQuery
from extratex_kg.querybind import Options, bind
from extratex_kg.queryload import find_query
from extratex_kg.queryprefixes import shorten
from extratex_kg.queryrows import rows_json

CLI_FORMATS = {"table": "json", "csv": "csv", "tsv": "tsv", "json": "json", "srj": "json", "srx": "xml"}


def parse_assignments(items: Sequence[str]) -> dict[str, list[str]]:
    """``NAME=VALUE`` command-line parameters; several values of a name kept in order."""
    out: dict[str, list[str]] = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise BadParameter(f"a parameter is given as NAME=VALUE, not {item!r}")
        out.setdefault(name.strip(), []).append(value)
    return out


def run_saved(
    settings: Settings, name: str, given: Mapping[str, Sequence[str]], endpoint: str | None, fmt: str
) -> str:
    """Run a saved query on the local build, a SPARQL endpoint (URL ending in /sparql) or a server."""
    from extratex_kg.client import format_table

    wanted = fmt.lower()
    if wanted not in CLI_FORMATS:
        raise BadParameter(
            f"format {fmt!r} is not offered for saved queries; offered: {', '.join(CLI_FORMATS)}"
        )
    if endpoint and not endpoint.rstrip("/").endswith("/sparql"):
        body = fetch(endpoint, name, given, "srj" if wanted == "table" else wanted, settings.timeout)
    else:
        body = _run_bound(settings, find_query(settings, name), given, endpoint, CLI_FORMATS[wanted])
        body = rows_json(body) if wanted == "json" else body
    return format_table(body, Kind.SOLUTIONS) if wanted == "table" else body.decode("utf-8")


def _run_bound(
    settings: Settings, saved: SavedQuery, given: Mapping[str, Sequence[str]], endpoint: str | None, fmt: str
) -> bytes:
    from extratex_kg.client import run_query
    from extratex_kg.engine import load_store
    from extratex_kg.runtime import DUMP, ensure_built
    from extratex_kg.sparql import QueryRequest, execute

    if endpoint:  # a plain SPARQL endpoint: values are checked for their form, not against its data
        return run_query(
            settings, bind(saved, given, Options(None), settings.base_iri), endpoint, fmt
        ).encode("utf-8")
    store = load_store(ox.Store(), ensure_built(settings) / DUMP)
    request = QueryRequest(
        bind(saved, given, Options(store, settings.base_iri), settings.base_iri),
        fmt,
        max_rows=settings.max_rows,
    )
    return bytes(execute(store, request).body)


def fetch(
    endpoint: str, name: str, given: Mapping[str, Sequence[str]], extension: str, timeout: float
) -> bytes:
    """``GET <endpoint>/queries/<name>.<extension>?<parameters>`` from an extratex-kg server."""
    if not endpoint.startswith(("http://", "https://")):
        raise BadParameter(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    pairs = urlencode([(key, value) for key, values in given.items() for value in values])
    url = f"{endpoint.rstrip('/')}/queries/{quote(name)}.{extension}" + (f"?{pairs}" if pairs else "")
    try:
        with urlopen(url, timeout=timeout + 5) as response:
            return bytes(response.read())
    except HTTPError as exc:
        raise _remote_error(exc) from None
    except URLError as exc:
        raise ExtratexError(f"cannot reach {endpoint}: {exc.reason}") from None


def _remote_error(exc: HTTPError) -> ExtratexError:
    try:
        detail = str(json.loads(exc.read()).get("detail", exc.reason))
    except (ValueError, AttributeError):
        detail = str(exc.reason)
    kinds: dict[int, type[ExtratexError]] = {400: BadParameter, 404: NotFound, 406: NotAcceptable}
    return kinds.get(exc.code, QueryTimeout if exc.code == 503 else ExtratexError)(detail)


def describe_params(saved: SavedQuery) -> str:
    """The parameters in one line: ``country (iri ext:Country, several); basis (document|legal)``."""
    parts = []
    for p in saved.params:
        kind = "|".join(p.values) if p.type == "enum" else p.type
        notes = [kind + (f" {shorten(p.class_iri)}" if p.class_iri else "")]
        notes += ["required"] * p.required + ["several"] * p.multiple
        notes += [f"default {', '.join(p.default)}"] if p.default else []
        parts.append(f"{p.name} ({', '.join(notes)})")
    return "; ".join(parts) or "-"


def list_text(queries: Sequence[SavedQuery]) -> str:
    """The catalogue as aligned columns: name, title and parameters."""
    from extratex_kg.client import align

    return align(["name", "title", "parameters"], [[q.name, q.title, describe_params(q)] for q in queries])
