"""Saved queries: ``queries/*.rq`` with a ``#+`` metadata header (grlc style)."""

from __future__ import annotations

from extratex_kg.config import Settings


def check_queries(settings: Settings) -> None:
    """Raise BadData naming file and line for a malformed saved query (filled in by its issue)."""
    return None
