"""IRIs written with the project's prefixes: expanded from what a user types, shortened to show."""

from __future__ import annotations

import re

from extratex_kg.namespaces import PREFIXES

_SLUG = re.compile(r"[\w][\w.-]*")
_LOCAL = re.compile(r"[\w.-]+")


def expand(text: str, prefix: str | None) -> str | None:
    """An IRI from ``<…>``, an IRI with a scheme, a ``prefix:local`` name or a bare slug of ``prefix``."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    head, colon, local = text.partition(":")
    if colon and head in PREFIXES:
        return PREFIXES[head] + local
    if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", head) and local:
        return text
    if not colon and prefix is not None and _SLUG.fullmatch(text):
        return PREFIXES[prefix] + text
    return None


def shorten(iri: str, prefix: str | None = None) -> str:
    """The shortest way to type an IRI: a slug of ``prefix``, a prefixed name, or the IRI."""
    slug = iri[len(PREFIXES[prefix]) :] if prefix is not None and iri.startswith(PREFIXES[prefix]) else ""
    if _SLUG.fullmatch(slug):
        return slug
    found = prefixed(iri)  # a shorter namespace leaves a longer rest, with the same characters in it
    return f"{found[0]}:{found[1]}" if found and _LOCAL.fullmatch(found[1]) else iri


def prefixed(iri: str) -> tuple[str, str] | None:
    """The prefix with the longest namespace that ``iri`` extends, and the rest of ``iri``."""
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return name, iri[len(namespace) :]
    return None
