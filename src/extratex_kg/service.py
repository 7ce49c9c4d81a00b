"""The query service: the engine, its limits and the answer cache, behind one call.

Shared by the web layer and the CLI. Checks that need no engine (form, updates, SERVICE,
limits) run first; repeated queries are answered from the cache, keyed with the dataset
version so an answer never outlives the data it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from extratex_kg.cache import AnswerCache
from extratex_kg.config import Settings
from extratex_kg.errors import BadParameter
from extratex_kg.formats import Kind
from extratex_kg.sparql import QueryRequest, QueryResponse, check_services, query_kind

Runner = Callable[[QueryRequest], QueryResponse]


@dataclass(frozen=True)
class Answer:
    """A query's answer with what HTTP needs to describe it."""

    response: QueryResponse
    cached: bool


class QueryService:
    """Runs queries within the settings' limits, caching answers per dataset version."""

    def __init__(self, settings: Settings, runner: Runner, version: str) -> None:
        self.settings = settings
        self.runner = runner
        self.version = version
        self.cache = AnswerCache(settings.cache_bytes)

    def kind_of(self, query: str) -> Kind:
        """The result kind, after refusing updates and unlisted SERVICE endpoints."""
        kind = query_kind(query)
        check_services(query, self.settings.allowed_services)
        return kind

    def timeout(self, asked: str | None) -> float:
        """The time limit for a query: the settings' limit, or less if the client asks."""
        if asked is None or asked == "":
            return self.settings.timeout
        try:
            value = float(asked)
        except ValueError:
            raise BadParameter(f"timeout must be a number of seconds, not {asked!r}") from None
        if not value > 0:
            raise BadParameter(f"timeout must be more than 0 seconds, not {asked!r}")
        return min(value, self.settings.timeout)

    def _key(self, request: QueryRequest, shown_as: str) -> tuple[object, ...]:
        return (
            self.version,
            request.query,
            request.default_graphs,
            request.named_graphs,
            request.base_iri,
            request.format,
            shown_as,
        )

    def etag_for(self, request: QueryRequest, shown_as: str) -> str:
        """The ETag of an answer: (dataset version, query, dataset, format), known before running."""
        digest = hashlib.sha256(repr(self._key(request, shown_as)).encode()).hexdigest()[:32]
        return f'"{digest}"'

    def run(self, request: QueryRequest, engine_format: str) -> Answer:
        """Answer from the cache, or run within the limits and cache the answer."""
        request = replace(request, format=engine_format, max_rows=self.settings.max_rows)
        key = self._key(request, "")
        if (cached := self.cache.get(key)) is not None:
            return Answer(cached, True)
        response = self.runner(request)
        self.cache.put(key, response)
        return Answer(response, False)
